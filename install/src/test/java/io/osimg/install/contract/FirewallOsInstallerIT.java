package io.osimg.install.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A firewall allocation (API v2 document) installed end to end by {@code ContractSteps} on a scriptless busybox
 * root: osimg's own OS installer runs all 19 tasks with the image's tools chrooted for real. busybox has no FRR,
 * shadow or systemd, so {@code vtysh} (its {@code -h} and {@code --dryrun}), {@code useradd}, {@code chpasswd} and
 * {@code systemctl} are small scripts in the root. When the host has nftables, its real {@code nft} (with the
 * libraries {@code ldd} names and netbase's {@code /etc/services} and {@code /etc/protocols}) is copied into the
 * root, so the ruleset is checked by {@code nft --check} chrooted as in an image that has it, and once more by the
 * host's nft on the installed file.
 */
class FirewallOsInstallerIT {

    private static final String KERNEL = "6.1.0-99-amd64";

    private Path work;
    private Path cmdline;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-firewall-it");
        cmdline = Files.writeString(work.resolve("cmdline"), "console=ttyS1,115200n8\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestImage.cleanUp(work);
    }

    private ContractSteps steps() {
        HostEnvironment env = new HostEnvironment(cmdline, work.resolve("no-efi"),
                Clock.fixed(Instant.parse("2026-12-06T18:00:00Z"), ZoneOffset.UTC), work.resolve("no-lvmlocal"),
                work.resolve("no-dmi"));
        return new ContractSteps(env, ScriptRunner.chroot()).withConsolePassword("s3cret pw");
    }

    /** A firewall: tenant (IPv4 or IPv6), internet with the default route, mpls, underlay. */
    private static MachineDocument firewall(String tenantPrefix, String tenantIp) {
        return MachineDocument.parse("""
                uuid: 00000000-0000-0000-0000-0cc47ae54a17
                hardware:
                  nics:
                    - {mac: "00:03:00:11:11:01", name: lan0, identifier: "00:03:00:11:11:01", neighbors: [{mac: "44:38:39:00:00:1a", name: swp1}]}
                    - {mac: "00:03:00:11:12:01", name: lan1, identifier: "00:03:00:11:12:01", neighbors: [{mac: "44:38:39:00:00:04", name: swp1}]}
                allocation:
                  uuid: 7c2e4a2c-1f0e-4d38-9c57-2a0d3b1f9e11
                  name: fw-1
                  project: b5f26a3b-9a4d-48db-a6b3-d1dd4ac4abec
                  image: {id: firewall-ubuntu-3.0.20261126}
                  hostname: fw-1
                  sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhLhxQwOgAaJmqZ9njCdfNw2+LTm24CwUTay6ZYlJBQ admin@example.org"]
                  allocationType: MACHINE_ALLOCATION_TYPE_FIREWALL
                  ntpServers: [{address: 1.2.3.4}]
                  networks:
                    - {network: tenant, prefixes: ["%s"], ips: ["%s"], networkType: NETWORK_TYPE_CHILD, natType: NAT_TYPE_NONE, vrf: "3981", asn: 4200003073, project: b5f26a3b-9a4d-48db-a6b3-d1dd4ac4abec}
                    - {network: internet, prefixes: ["185.1.2.0/24"], destinationPrefixes: ["0.0.0.0/0"], ips: ["185.1.2.3"], networkType: NETWORK_TYPE_EXTERNAL, natType: NAT_TYPE_IPV4_MASQUERADE, vrf: "104009", asn: 4200003073}
                    - {network: underlay, prefixes: ["10.1.0.0/22"], ips: ["10.1.0.1"], networkType: NETWORK_TYPE_UNDERLAY, natType: NAT_TYPE_NONE, asn: 4200003073}
                    - {network: mpls, prefixes: ["100.127.129.0/22"], ips: ["100.127.129.1"], networkType: NETWORK_TYPE_EXTERNAL, natType: NAT_TYPE_IPV4_MASQUERADE, vrf: "104010", asn: 4200003073}
                """.formatted(tenantPrefix, tenantIp));
    }

    private Path busyboxRoot() throws Exception {
        Path root = TestImage.create(work, "#!/bin/sh\n");
        Files.delete(root.resolve("install.sh"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nsudo:x:27:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.createDirectories(root.resolve("var/tmp"));
        Files.createDirectories(root.resolve("var/log"));
        Files.createDirectories(root.resolve("home"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createDirectories(root.resolve("usr/bin"));
        TestImage.writeScript(root, "usr/sbin/useradd", """
                #!/bin/sh
                # stand-in for shadow's useradd (busybox-static has none)
                echo "metal:x:1000:27::/home/metal:/bin/bash" >> /etc/passwd
                echo "metal:!:19000:0:99999:7:::" >> /etc/shadow
                mkdir -p /home/metal && chown 1000:27 /home/metal
                """);
        TestImage.writeScript(root, "usr/sbin/chpasswd", """
                #!/bin/sh
                # stand-in for chpasswd (busybox-static has none): USER:PASSWORD lines, hashed by busybox mkpasswd
                while IFS=: read -r user pw; do
                    hash=$(mkpasswd -m sha512 "$pw") || exit 1
                    sed -i "s|^$user:[^:]*:|$user:$hash:|" /etc/shadow
                done
                """);
        TestImage.writeScript(root, "usr/bin/vtysh", """
                #!/bin/sh
                # stand-in for FRR's vtysh: -h names the version; --dryrun wants a config with a version line
                case "$1" in
                    -h) printf 'Usage : vtysh [OPTION...]\\n\\nIntegrated shell for FRR (version 10.4.1).\\n'; exit 0 ;;
                    --dryrun) grep -q '^frr version ' "$3" && echo "dryrun $3" >> /var/log/vtysh-calls; exit $? ;;
                esac
                exit 2
                """);
        TestImage.writeScript(root, "usr/bin/systemctl", """
                #!/bin/sh
                # stand-in for systemd's systemctl: records what is enabled
                echo "$*" >> /var/log/systemctl-calls
                """);
        Path boot = Files.createDirectories(root.resolve("boot"));
        Files.writeString(boot.resolve("System.map-" + KERNEL), "map\n");
        Files.writeString(boot.resolve("vmlinuz-" + KERNEL), "kernel\n");
        Files.writeString(boot.resolve("initrd.img-" + KERNEL), "initrd\n");
        return root;
    }

    private static Path hostNft() {
        return List.of(Path.of("/usr/sbin/nft"), Path.of("/sbin/nft")).stream().filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    /**
     * The host's nft with its shared libraries, /etc/services and /etc/protocols (netbase's: nft resolves ssh, bgp,
     * domain, ipv6-icmp) in the root.
     */
    private static boolean copyNft(Path root) throws Exception {
        Path nft = hostNft();
        if (nft == null) {
            return false;
        }
        Process ldd = new ProcessBuilder("ldd", nft.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ldd.waitFor()).as(out).isZero();
        List<Path> files = new ArrayList<>(List.of(nft.toRealPath(), Path.of("/etc/services"),
                Path.of("/etc/protocols")));
        for (String line : out.lines().toList()) {
            for (String word : line.strip().split("\\s+")) {
                if (word.startsWith("/")) {
                    files.add(Path.of(word));
                }
            }
        }
        for (Path f : files) {
            Path to = root.resolve(f.toString().substring(1));
            Files.createDirectories(to.getParent());
            Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path sbin = root.resolve("usr/sbin/nft");
        if (!Files.exists(sbin)) {
            Files.copy(nft.toRealPath(), sbin, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return true;
    }

    private static void nftCheck(Path rules) throws Exception {
        Path nft = hostNft();
        if (nft == null) {
            System.out.println("no nft on this host: the ruleset is not checked (apt-get install nftables)");
            return;
        }
        Process p = new ProcessBuilder(nft.toString(), "--check", "--file", rules.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("nft --check --file %s: %s", rules, out).isZero();
    }

    private Path install(MachineDocument doc) throws Exception {
        Path root = busyboxRoot();
        boolean nft = copyNft(root);
        List<String> log = new ArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(Phase phase, String line) {
                log.add(line);
            }
        };
        BootInfo info = steps().configure(root, doc, TargetDisks.rootOnly("root-uuid"), events);
        if (nft) {
            assertThat(log).contains("/etc/nftables/rules checked by nft --check");
        } else {
            System.out.println("no nft on this host: the ruleset is not checked (apt-get install nftables)");
        }
        assertThat(log).contains("FRR 10.4.1 in the image");
        assertThat(info.cmdline()).startsWith("console=ttyS1,115200n8 root=UUID=root-uuid ");
        assertThat(root.resolve("etc/hostname")).hasContent("fw-1");
        assertThat(root.resolve("etc/metal/machine-allocation.yaml")).content()
                .contains("allocationType: MACHINE_ALLOCATION_TYPE_FIREWALL\n");
        assertThat(root.resolve("etc/systemd/network/30-vrf-3981.netdev")).exists();
        assertThat(root.resolve("etc/frr/frr.conf")).content().contains("hostname fw-1\n",
                "router bgp 4200003073 vrf vrf3981\n bgp router-id 10.1.0.1\n no bgp enforce-first-as\n");
        assertThat(root.resolve("var/log/vtysh-calls")).hasContent("dryrun /etc/frr/.frr.conf-osimg-check");
        assertThat(root.resolve("etc/frr/.frr.conf-osimg-check")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/firewall-controller.service")).content()
                .contains("ExecStart=/bin/ip vrf exec vrf104009 /usr/local/bin/firewall-controller\n");
        assertThat(root.resolve("etc/systemd/system/droptailer.service")).content()
                .contains("ExecStart=/bin/ip vrf exec vrf3981 /usr/local/bin/droptailer-client\n");
        assertThat(root.resolve("etc/chrony/chrony.conf")).content().contains("\npool 1.2.3.4 iburst\n");
        assertThat(root.resolve("etc/default/suricata")).content().contains("\nIFACE=vlan104009\n");
        assertThat(Files.readAllLines(root.resolve("var/log/systemctl-calls"))).containsExactly(
                "enable droptailer.service", "enable chrony@vrf104009.service", "enable firewall-controller.service",
                "enable nftables-exporter.service", "enable node-exporter.service");
        assertThat(root.resolve("etc/systemd/timesyncd.conf")).doesNotExist();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
        nftCheck(root.resolve("etc/nftables/rules"));
        return root;
    }

    @Test
    void aSingleStackFirewallIsConfiguredEndToEnd() throws Exception {
        Path root = install(firewall("10.0.16.0/22", "10.0.16.2"));

        String rules = Files.readString(root.resolve("etc/nftables/rules"));
        assertThat(rules).startsWith("# generated by os-installer\ntable inet metal {\n").contains(
                "\n        iifname \"vrf3981\" tcp dport 9100 counter accept comment \"node metrics\"\n",
                "\n        oifname \"vlan104009\" ip saddr 10.0.16.0/22 counter masquerade random comment "
                        + "\"snat (networkid: internet)\"\n        oifname \"vlan104010\" ip saddr 10.0.16.0/22 "
                        + "counter masquerade random comment \"snat (networkid: mpls)\"\n    }\n}\n");
    }

    @Test
    void aDualStackFirewallMasqueradesItsV6Tenant() throws Exception {
        Path root = install(firewall("2002::/64", "2002::1"));

        assertThat(Files.readString(root.resolve("etc/nftables/rules"))).contains(
                "\n        oifname \"vlan104009\" ip6 saddr 2002::/64 counter masquerade random comment "
                        + "\"snat (networkid: internet)\"\n");
    }

    @Test
    void aDebootstrapRootEnablesTheFirewallUnitsWithItsRealSystemctl() throws Exception {
        Path tarball = Path.of(System.getenv().getOrDefault("OSIMG_CACHE", "/var/tmp/osimg-cache"))
                .resolve("debian-bookworm-kernel.tar");
        Assumptions.assumeTrue(Files.isRegularFile(tarball), "no Debian root with systemd cached ("
                + "scripts/debian-rootfs)");
        Path root = Files.createDirectory(work.resolve("debian"));
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "-xpf", tarball.toString(), "-C", root.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(out).isZero();
        Files.deleteIfExists(root.resolve("install.sh"));
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("usr/bin/systemctl")), "no systemctl in " + tarball);
        TestImage.writeScript(root, "usr/bin/vtysh", """
                #!/bin/sh
                # stand-in for FRR's vtysh (not in this root): -h names the version, --dryrun accepts
                case "$1" in
                    -h) printf 'Integrated shell for FRR (version 9.1.3).\\n' ;;
                esac
                """);
        List<String> log = new ArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(Phase phase, String line) {
                log.add(line);
            }
        };

        steps().configure(root, firewall("10.0.16.0/22", "10.0.16.2"), TargetDisks.rootOnly("root-uuid"), events);

        Path system = root.resolve("etc/systemd/system");
        assertThat(Files.readSymbolicLink(system.resolve("multi-user.target.wants/firewall-controller.service")))
                .isEqualTo(Path.of("/etc/systemd/system/firewall-controller.service"));
        assertThat(Files.readSymbolicLink(system.resolve("firewall-controller.service.wants/droptailer.service")))
                .isEqualTo(Path.of("/etc/systemd/system/droptailer.service"));
        assertThat(system.resolve("multi-user.target.wants/node-exporter.service")).isSymbolicLink();
        assertThat(system.resolve("multi-user.target.wants/nftables-exporter.service")).isSymbolicLink();
        assertThat(system.resolve("multi-user.target.wants/suricata_update.service")).doesNotExist();
        assertThat(log).anyMatch(l -> l.startsWith("unable to enable systemd unit chrony@vrf104009.service: "));
        assertThat(root.resolve("etc/frr/frr.conf")).content().doesNotContain("enforce-first-as");
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }
}
