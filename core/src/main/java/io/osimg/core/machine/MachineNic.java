package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** A network interface and the switch ports it sees (metal-go {@code V1MachineNic}). */
@JsonPropertyOrder({"identifier", "mac", "name", "neighbors"})
public record MachineNic(
        @JsonProperty("identifier") String identifier,
        @JsonProperty("mac") String mac,
        @JsonProperty("name") String name,
        @JsonProperty("neighbors") List<MachineNic> neighbors) {

    public MachineNic {
        neighbors = Normalize.list(neighbors);
    }

    /**
     * metal-hammer's filter for install.yaml: the NIC has at least one neighbor and every neighbor has a MAC.
     */
    public boolean hasNeighborsWithMacs() {
        return !neighbors.isEmpty()
                && neighbors.stream().allMatch(n -> n != null && n.mac() != null && !n.mac().isEmpty());
    }
}
