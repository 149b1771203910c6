package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/**
 * A network of an allocation (metal-go {@code V1MachineNetwork}), also written into install.yaml. Scalars are
 * nullable like Go's pointers (written as {@code null}), missing lists become empty. {@code nattypev2} and
 * {@code networktypev2} (the API v2 enums' string values, e.g. {@code none}, {@code child}; newer metal-api
 * responses and os-installer's legacy install.yaml have them) are written only when known.
 */
@JsonPropertyOrder({"asn", "destinationprefixes", "ips", "nat", "nattypev2", "networkid", "networktype",
        "networktypev2", "prefixes", "private", "projectid", "underlay", "vrf"})
public record MachineNetwork(
        @JsonProperty("asn") Long asn,
        @JsonProperty("destinationprefixes") List<String> destinationPrefixes,
        @JsonProperty("ips") List<String> ips,
        @JsonProperty("nat") Boolean nat,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("nattypev2") String natTypeV2,
        @JsonProperty("networkid") String networkId,
        @JsonProperty("networktype") String networkType,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("networktypev2") String networkTypeV2,
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
