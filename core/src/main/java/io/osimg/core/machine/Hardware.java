package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.osimg.core.json.Normalize;
import java.util.List;

/** The hardware part of a machine document that an installer reads: its NICs with their neighbors. */
public record Hardware(@JsonProperty("nics") List<MachineNic> nics) {

    public Hardware {
        nics = Normalize.list(nics);
    }
}
