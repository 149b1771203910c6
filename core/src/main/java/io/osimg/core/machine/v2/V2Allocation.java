package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Normalize;
import io.osimg.core.machine.DnsServer;
import io.osimg.core.machine.ImageRef;
import io.osimg.core.machine.NtpServer;
import java.util.List;

/**
 * An API v2 allocation ({@code metalstack.api.v2.MachineAllocation}) as metal-apiserver returns it (protobuf JSON
 * or YAML: lowerCamelCase names, snake_case accepted), fields in protobuf order. {@code meta} and
 * {@code placementLabels} are not read; the filesystem layout is kept as given.
 */
@JsonPropertyOrder({"uuid", "name", "description", "createdBy", "project", "image", "filesystemLayout", "networks",
        "hostname", "sshPublicKeys", "userdata", "allocationType", "firewallRules", "dnsServers", "ntpServers", "vpn"})
public record V2Allocation(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("createdBy") @JsonAlias("created_by") String createdBy,
        @JsonProperty("project") String project,
        @JsonProperty("image") ImageRef image,
        @JsonProperty("filesystemLayout") @JsonAlias("filesystem_layout") JsonNode filesystemLayout,
        @JsonProperty("networks") List<V2Network> networks,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("sshPublicKeys") @JsonAlias("ssh_public_keys") List<String> sshPublicKeys,
        @JsonProperty("userdata") String userdata,
        @JsonProperty("allocationType") @JsonAlias("allocation_type") AllocationType allocationType,
        @JsonProperty("firewallRules") @JsonAlias("firewall_rules") V2FirewallRules firewallRules,
        @JsonProperty("dnsServers") @JsonAlias("dns_servers") List<DnsServer> dnsServers,
        @JsonProperty("ntpServers") @JsonAlias("ntp_servers") List<NtpServer> ntpServers,
        @JsonProperty("vpn") V2Vpn vpn) {

    public V2Allocation {
        networks = Normalize.list(networks);
        sshPublicKeys = Normalize.list(sshPublicKeys);
        dnsServers = Normalize.list(dnsServers);
        ntpServers = Normalize.list(ntpServers);
    }

    /** True when the filesystem layout has RAID arrays (machine-details.yaml {@code raidenabled}). */
    public boolean raidEnabled() {
        JsonNode raid = filesystemLayout == null ? null : filesystemLayout.get("raid");
        return raid != null && raid.isArray() && !raid.isEmpty();
    }
}
