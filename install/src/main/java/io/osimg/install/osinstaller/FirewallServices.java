package io.osimg.install.osinstaller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a firewall's services as os-installer writes them: systemd units for droptailer (in the tenant VRF),
 * firewall-controller (in the default route's VRF), the node and nftables exporters, suricata's rules update, and
 * tailscale when the allocation has a VPN; chrony's configuration (its {@code chrony@VRF} instance runs in the default
 * route's VRF) and suricata's defaults (listening on the default route's SVI).
 */
final class FirewallServices {

    static final String UNIT_DIR = "etc/systemd/system/";
    static final String CHRONY_CONF = "etc/chrony/chrony.conf";
    static final String SURICATA_DEFAULTS = "etc/default/suricata";
    static final String SURICATA_CONF = "etc/suricata/suricata.yaml";
    static final String DEFAULT_TIME_SERVER = "time.cloudflare.com";

    /** What the units need: VRF names, the machine's ID, the VPN (null for none) and the NTP servers. */
    record Facts(String comment, String tenantVrf, String defaultRouteVrf, String machineId, String vpnAddress,
                 String vpnAuthKey, List<String> ntpServers) {
    }

    /** The files to write and the units to enable. */
    record Rendered(Map<String, String> files, List<String> enable) {
    }

    private FirewallServices() {
    }

    static Rendered of(Facts f) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> enable = new ArrayList<>();
        files.put(UNIT_DIR + "droptailer.service", droptailer(f.comment(), f.tenantVrf()));
        enable.add("droptailer.service");
        files.put(CHRONY_CONF, chrony(f.ntpServers()));
        enable.add("chrony@" + f.defaultRouteVrf() + ".service");
        files.put(UNIT_DIR + "firewall-controller.service", firewallController(f.comment(), f.defaultRouteVrf()));
        enable.add("firewall-controller.service");
        files.put(UNIT_DIR + "nftables-exporter.service", nftablesExporter(f.comment()));
        enable.add("nftables-exporter.service");
        files.put(UNIT_DIR + "node-exporter.service", nodeExporter(f.comment()));
        enable.add("node-exporter.service");
        String svi = f.defaultRouteVrf().replace("vrf", "vlan");
        files.put(UNIT_DIR + "suricata_update.service", suricataUpdate(f.defaultRouteVrf()));
        files.put(SURICATA_DEFAULTS, suricataDefaults(svi));
        if (f.vpnAuthKey() != null && !f.vpnAuthKey().isEmpty()) {
            files.put(UNIT_DIR + "tailscale.service", tailscale(f.defaultRouteVrf(), f.machineId(), f.vpnAuthKey(),
                    f.vpnAddress()));
            enable.add("tailscale.service");
            files.put(UNIT_DIR + "tailscaled.service", tailscaled(f.defaultRouteVrf(), "41641"));
            enable.add("tailscaled.service");
        }
        return new Rendered(files, enable);
    }

    static String droptailer(String comment, String tenantVrf) {
        return """
                # %s
                [Unit]
                Description=Droptailer
                After=network.target

                [Service]
                LimitMEMLOCK=infinity
                Environment=DROPTAILER_SERVER_ADDRESS=droptailer:50051
                Environment=DROPTAILER_PREFIXES_OF_DROPS="nftables-metal-dropped: ,nftables-firewall-dropped: "
                Environment=DROPTAILER_CLIENT_CERTIFICATE=/etc/droptailer-client/droptailer-client.crt
                Environment=DROPTAILER_CLIENT_KEY=/etc/droptailer-client/droptailer-client.key
                ExecStart=/bin/ip vrf exec %s /usr/local/bin/droptailer-client
                Restart=always
                RestartSec=10

                [Install]
                WantedBy=firewall-controller.service
                """.formatted(comment, tenantVrf);
    }

    static String firewallController(String comment, String defaultRouteVrf) {
        return """
                # %s
                [Unit]
                Description=Firewall controller - configures the firewall based on k8s resources
                After=network.target

                [Service]
                LimitMEMLOCK=infinity
                Environment=KUBECONFIG=/etc/firewall-controller/.kubeconfig
                ExecStart=/bin/ip vrf exec %s /usr/local/bin/firewall-controller
                Restart=always
                RestartSec=10

                [Install]
                WantedBy=multi-user.target
                """.formatted(comment, defaultRouteVrf);
    }

    /** Without a newline at its end, as os-installer writes it. */
    static String nftablesExporter(String comment) {
        return exporter(comment, "Nftables exporter - provides prometheus metrics for nftables",
                "/usr/bin/nftables-exporter --config=/etc/nftables_exporter.yaml");
    }

    /** Without a newline at its end, as os-installer writes it. */
    static String nodeExporter(String comment) {
        return exporter(comment, "Node exporter - provides prometheus metrics about the node",
                "/usr/local/bin/node_exporter --collector.tcpstat");
    }

    private static String exporter(String comment, String description, String command) {
        return ("# " + comment + "\n[Unit]\nDescription=" + description + "\nAfter=network.target\n\n[Service]\n"
                + "ExecStart=" + command + "\nRestart=always\nRestartSec=30\n\n[Install]\nWantedBy=multi-user.target");
    }

    /** Without a newline at its end, as os-installer writes it. */
    static String suricataUpdate(String defaultRouteVrf) {
        return "[Unit]\nDescription=Suricata Intrusion Detection Service Rules Update\n\n[Service]\n"
                + "LimitMEMLOCK=infinity\nUser=root\nGroup=root\nType=oneshot\nExecStart=/bin/ip vrf exec "
                + defaultRouteVrf + " /usr/bin/suricata-update\n\n[Install]\nWantedBy=multi-user.target";
    }

    static String suricataDefaults(String iface) {
        return """
                # Default config for Suricata in /etc/default

                # set to yes to start the server in the init.d script
                RUN=yes

                # set to user that will run suricata in the init.d script (used for dropping privileges only)
                RUN_AS_USER=

                # Configuration file to load
                SURCONF=/etc/suricata/suricata.yaml

                # Listen mode: pcap, nfqueue, custom_nfqueue or af-packet
                # depending on this value, only one of the two following options
                # will be used (af-packet uses neither).
                # Please note that IPS mode is only available when using nfqueue
                LISTENMODE=af-packet

                # Interface to listen on (for pcap mode)
                IFACE=%s

                # Queue number to listen on (for nfqueue mode)
                NFQUEUE="-q 0"

                # Queue numbers to listen on (for custom_nfqueue mode)
                # Multiple queues can be specified
                CUSTOM_NFQUEUE="-q 0 -q 1 -q 2 -q 3"

                # Pid file
                PIDFILE=/var/run/suricata.pid
                """.formatted(iface);
    }

    /**
     * The image's suricata.yaml with its first af-packet interface set to {@code iface} (os-installer writes its whole
     * configuration, which differs from the package's only there); null when the file has no af-packet interface.
     */
    static String suricataAfPacket(String yaml, String iface) {
        String[] lines = yaml.split("\n", -1);
        boolean inAfPacket = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("af-packet:")) {
                inAfPacket = true;
            } else if (inAfPacket && !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) {
                return null;
            } else if (inAfPacket && line.startsWith("  - interface:")) {
                lines[i] = "  - interface: " + iface;
                return String.join("\n", lines);
            }
        }
        return null;
    }

    static String chrony(List<String> ntpServers) {
        List<String> servers = ntpServers.isEmpty() ? List.of(DEFAULT_TIME_SERVER) : ntpServers;
        StringBuilder pools = new StringBuilder();
        for (String s : servers) {
            pools.append("\npool ").append(s).append(" iburst");
        }
        return """
                # Welcome to the chrony configuration file. See chrony.conf(5) for more
                # information about usable directives.

                # In case no custom NTP server is provided
                # Cloudflare offers a free public time service that allows us to use their
                # anycast network of 180+ locations to synchronize time from their closest server.
                # See https://blog.cloudflare.com/secure-time/\
                """ + pools + """


                # This directive specify the location of the file containing ID/key pairs for
                # NTP authentication.
                keyfile /etc/chrony/chrony.keys

                # This directive specify the file into which chronyd will store the rate
                # information.
                driftfile /var/lib/chrony/chrony.drift

                # Uncomment the following line to turn logging on.
                #log tracking measurements statistics

                # Log files location.
                logdir /var/log/chrony

                # Stop bad estimates upsetting machine clock.
                maxupdateskew 100.0

                # This directive enables kernel synchronisation (every 11 minutes) of the
                # real-time clock. Note that it can\u2019t be used along with the 'rtcfile' directive.
                rtcsync

                # Step the system clock instead of slewing it if the adjustment is larger than
                # one second, but only in the first three clock updates.
                makestep 1 3
                """;
    }

    static String tailscale(String defaultRouteVrf, String machineId, String authKey, String address) {
        return """
                [Unit]
                Description=Tailscale client
                After=tailscaled.service

                [Service]
                LimitMEMLOCK=infinity
                User=root
                Group=root
                ExecStart=/bin/ip vrf exec %s /usr/local/bin/tailscale up --hostname %s --auth-key %s --login-server %s
                Restart=on-failure

                [Install]
                WantedBy=multi-user.target
                """.formatted(defaultRouteVrf, machineId, authKey, address);
    }

    static String tailscaled(String defaultRouteVrf, String port) {
        return """
                [Unit]
                Description=Tailscale node agent
                Documentation=https://tailscale.com/kb/
                After=network.target

                [Service]
                LimitMEMLOCK=infinity
                User=root
                Group=root
                Type=notify
                Environment="TS_NO_LOGS_NO_SUPPORT=true"
                ExecStartPre=ip vrf exec %1$s /usr/local/bin/tailscaled --cleanup
                ExecStart=/bin/ip vrf exec %1$s /usr/local/bin/tailscaled --port %2$s
                ExecStopPost=ip vrf exec %1$s /usr/local/bin/tailscaled --cleanup
                Restart=on-failure

                RuntimeDirectory=tailscale
                RuntimeDirectoryMode=0755
                StateDirectory=tailscale
                StateDirectoryMode=0700
                CacheDirectory=tailscale
                CacheDirectoryMode=0750

                [Install]
                WantedBy=multi-user.target
                """.formatted(defaultRouteVrf, port);
    }
}
