package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** A network of an API v2 allocation ({@code metalstack.api.v2.MachineNetwork}), fields in protobuf order. */
@JsonPropertyOrder({"network", "prefixes", "destinationPrefixes", "ips", "networkType", "natType", "vrf", "asn",
        "project"})
public record V2Network(
        @JsonProperty("network") String network,
        @JsonProperty("prefixes") List<String> prefixes,
        @JsonProperty("destinationPrefixes") @JsonAlias("destination_prefixes") List<String> destinationPrefixes,
        @JsonProperty("ips") List<String> ips,
        @JsonProperty("networkType") @JsonAlias("network_type") NetworkType networkType,
        @JsonProperty("natType") @JsonAlias("nat_type") NatType natType,
        @JsonProperty("vrf") Long vrf,
        @JsonProperty("asn") Long asn,
        @JsonProperty("project") String project) {

    public V2Network {
        prefixes = Normalize.list(prefixes);
        destinationPrefixes = Normalize.list(destinationPrefixes);
        ips = Normalize.list(ips);
    }
}
