package io.osimg.core.install;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import io.osimg.core.machine.Allocation;
import io.osimg.core.machine.DnsServer;
import io.osimg.core.machine.FirewallRules;
import io.osimg.core.machine.MachineDocument;
import io.osimg.core.machine.MachineNetwork;
import io.osimg.core.machine.MachineNic;
import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.Vpn;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * {@code /etc/metal/install.yaml} (contract section 5): the keys of metal-hammer's {@code InstallerConfig}, in
 * its order, written like Go's {@code yaml.Marshal}: every key always (no omitempty), a missing string as
 * {@code ""}, a missing list as {@code []}, a missing VPN or firewall rule set as {@code null}.
 *
 * <p>{@code devmode} is from the 2020 contract (metal-hammer v0.5.3): read when present and written back only
 * when it was read (or set), so a current file does not gain it.
 *
 * @param timestamp RFC 3339 time the file was written, as text (kept as read)
 */
@JsonPropertyOrder({"hostname", "networks", "machineuuid", "sshpublickey", "password", "console", "timestamp",
        "nics", "vpn", "role", "raidenabled", "root_uuid", "firewall_rules", "dns_servers", "ntp_servers", "devmode"})
public record InstallConfig(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("networks") List<MachineNetwork> networks,
        @JsonProperty("machineuuid") String machineUuid,
        @JsonProperty("sshpublickey") String sshPublicKey,
        @JsonProperty("password") String password,
        @JsonProperty("console") String console,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("nics") List<MachineNic> nics,
        @JsonProperty("vpn") Vpn vpn,
        @JsonProperty("role") String role,
        @JsonProperty("raidenabled") boolean raidEnabled,
        @JsonProperty("root_uuid") String rootUuid,
        @JsonProperty("firewall_rules") FirewallRules firewallRules,
        @JsonProperty("dns_servers") List<DnsServer> dnsServers,
        @JsonProperty("ntp_servers") List<NtpServer> ntpServers,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("devmode") Boolean devMode) {

    /** This configuration with {@code raidenabled} as the disks actually built say. */
    public InstallConfig withRaidEnabled(boolean raid) {
        return new InstallConfig(hostname, networks, machineUuid, sshPublicKey, password, console, timestamp, nics, vpn,
                role, raid, rootUuid, firewallRules, dnsServers, ntpServers, devMode);
    }

    /** Go's {@code time.RFC3339} layout for a UTC time: {@code 2019-07-01T09:41:43Z}. */
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

    public InstallConfig {
        hostname = Normalize.string(hostname);
        networks = Normalize.list(networks);
        machineUuid = Normalize.string(machineUuid);
        sshPublicKey = Normalize.string(sshPublicKey);
        password = Normalize.string(password);
        console = Normalize.string(console);
        timestamp = Normalize.string(timestamp);
        nics = Normalize.list(nics);
        role = Normalize.string(role);
        rootUuid = Normalize.string(rootUuid);
        dnsServers = Normalize.list(dnsServers);
        ntpServers = Normalize.list(ntpServers);
    }

    /**
     * Reads install.yaml, current or 2020 form.
     *
     * @throws IllegalArgumentException when it is not a YAML mapping of install.yaml keys or has no hostname
     */
    public static InstallConfig fromYaml(String yaml) {
        InstallConfig config;
        try {
            config = yaml == null || yaml.isBlank() ? null : Mappers.yaml().readValue(yaml, InstallConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("install.yaml: cannot be read: " + e.getOriginalMessage(), e);
        }
        if (config == null) {
            throw new IllegalArgumentException("install.yaml: empty");
        }
        if (config.hostname().isBlank()) {
            throw new IllegalArgumentException("install.yaml: hostname is missing");
        }
        return config;
    }

    /** Writes install.yaml. */
    public String toYaml() {
        return Mappers.toYaml(this);
    }

    /**
     * The install.yaml metal-hammer writes for a machine.
     *
     * @param m             the validated machine document ({@link MachineDocument#parse})
     * @param kernelCmdline the installer's kernel command line (content of {@code /proc/cmdline}), nullable;
     *                      the value of its last {@code console=} becomes {@code console} (also
     *                      when empty), else {@code ttyS0} ({@link KernelCmdline#console})
     * @param rootUuid      the file system UUID of the root file system
     * @param now           the time the file is written
     * @param password      the console password of the {@code metal} user
     */
    public static InstallConfig fromMachine(MachineDocument m, String kernelCmdline, String rootUuid, Instant now,
                                            String password) {
        MachineDocument doc = Objects.requireNonNull(m, "machine document").validated();
        Allocation a = doc.allocation();
        List<MachineNic> nics = doc.hardware().nics().stream().filter(MachineNic::hasNeighborsWithMacs).toList();
        return new InstallConfig(
                a.hostname(),
                a.networks(),
                doc.id(),
                String.join("\n", a.sshPubKeys()),
                password,
                KernelCmdline.parse(kernelCmdline).console(),
                RFC3339.format(Objects.requireNonNull(now, "now")),
                nics,
                a.vpn(),
                a.role(),
                a.raidEnabled(),
                rootUuid,
                a.firewallRules(),
                a.dnsServers(),
                a.ntpServers(),
                null);
    }
}
