package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/**
 * A network of an allocation (metal-go {@code V1MachineNetwork}), also written into install.yaml. Scalars are
 * nullable like Go's pointers (written as {@code null}), missing lists become empty.
 */
@JsonPropertyOrder({"asn", "destinationprefixes", "ips", "nat", "networkid", "networktype", "prefixes", "private",
        "projectid", "underlay", "vrf"})
public record MachineNetwork(
        @JsonProperty("asn") Long asn,
        @JsonProperty("destinationprefixes") List<String> destinationPrefixes,
        @JsonProperty("ips") List<String> ips,
        @JsonProperty("nat") Boolean nat,
        @JsonProperty("networkid") String networkId,
        @JsonProperty("networktype") String networkType,
        @JsonProperty("prefixes") List<String> prefixes,
        @JsonProperty("private") Boolean privateNetwork,
        @JsonProperty("projectid") String projectId,
        @JsonProperty("underlay") Boolean underlay,
        @JsonProperty("vrf") Long vrf) {

    public MachineNetwork {
        destinationPrefixes = Normalize.list(destinationPrefixes);
        ips = Normalize.list(ips);
        prefixes = Normalize.list(prefixes);
    }
}
