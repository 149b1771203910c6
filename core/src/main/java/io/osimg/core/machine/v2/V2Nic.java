package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/**
 * A NIC of an API v2 machine ({@code metalstack.api.v2.MachineNic}). machine-details.yaml writes it with Go
 * yaml.v3's keys for the generated struct (lowercased field names, every field, {@code ""} and {@code 0} included).
 */
@JsonPropertyOrder({"mac", "name", "identifier", "vendor", "model", "speed", "neighbors", "hostname"})
public record V2Nic(
        @JsonProperty("mac") String mac,
        @JsonProperty("name") String name,
        @JsonProperty("identifier") String identifier,
        @JsonProperty("vendor") String vendor,
        @JsonProperty("model") String model,
        @JsonProperty("speed") long speed,
        @JsonProperty("neighbors") List<V2Nic> neighbors,
        @JsonProperty("hostname") String hostname) {

    public V2Nic {
        mac = Normalize.string(mac);
        name = Normalize.string(name);
        identifier = Normalize.string(identifier);
        vendor = Normalize.string(vendor);
        model = Normalize.string(model);
        neighbors = Normalize.list(neighbors);
        hostname = Normalize.string(hostname);
    }

    /** A NIC known only by identifier, MAC, name and neighbors (what metal-api v1 tells). */
    public static V2Nic of(String identifier, String mac, String name, List<V2Nic> neighbors) {
        return new V2Nic(mac, name, identifier, "", "", 0, neighbors, "");
    }
}
