package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.osimg.core.json.Normalize;
import java.util.List;

/**
 * An API v2 machine ({@code metalstack.api.v2.Machine}) reduced to what an installer reads: its UUID, its
 * allocation and its NICs ({@code hardware.nics}).
 */
public record V2Machine(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("allocation") V2Allocation allocation,
        @JsonProperty("hardware") Hardware hardware) {

    /** {@code MachineHardware}, its NICs only. */
    public record Hardware(@JsonProperty("nics") List<V2Nic> nics) {
        public Hardware {
            nics = Normalize.list(nics);
        }
    }

    public V2Machine {
        hardware = hardware == null ? new Hardware(null) : hardware;
    }

    /** The NICs of the machine. */
    public List<V2Nic> nics() {
        return hardware.nics();
    }
}
