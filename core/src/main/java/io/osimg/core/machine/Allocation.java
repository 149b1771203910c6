package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** The allocation part of a machine document: what the machine is to become. */
@JsonPropertyOrder({"hostname", "role", "image", "ssh_pub_keys", "user_data", "networks", "dns_servers",
        "ntp_servers", "vpn", "firewall_rules", "filesystemlayout"})
public record Allocation(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("role") String role,
        @JsonProperty("image") ImageRef image,
        @JsonProperty("ssh_pub_keys") List<String> sshPubKeys,
        @JsonProperty("user_data") String userData,
        @JsonProperty("networks") List<MachineNetwork> networks,
        @JsonProperty("dns_servers") List<DnsServer> dnsServers,
        @JsonProperty("ntp_servers") List<NtpServer> ntpServers,
        @JsonProperty("vpn") Vpn vpn,
        @JsonProperty("firewall_rules") FirewallRules firewallRules,
        @JsonProperty("filesystemlayout") FilesystemLayout filesystemLayout) {

    /** The role of an ordinary machine. */
    public static final String ROLE_MACHINE = "machine";
    /** The role of a firewall. */
    public static final String ROLE_FIREWALL = "firewall";

    public Allocation {
        sshPubKeys = Normalize.list(sshPubKeys);
        networks = Normalize.list(networks);
        dnsServers = Normalize.list(dnsServers);
        ntpServers = Normalize.list(ntpServers);
    }

    /** True when the filesystem layout has RAID arrays. */
    public boolean raidEnabled() {
        return filesystemLayout != null && filesystemLayout.hasRaid();
    }
}
