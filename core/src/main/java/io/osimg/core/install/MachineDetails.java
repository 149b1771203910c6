package io.osimg.core.install;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import io.osimg.core.machine.MachineDocument;
import io.osimg.core.machine.v2.V2Machine;
import io.osimg.core.machine.v2.V2Nic;
import java.util.List;
import java.util.Objects;

/**
 * {@code /etc/metal/machine-details.yaml} (contract section 8): os-installer's {@code MachineDetails} as Go's
 * yaml.v3 writes it: every key, in this order; the NICs are all of the machine's (unfiltered, as metal-hammer
 * passes {@code hardware.nics}).
 */
@JsonPropertyOrder({"id", "nics", "password", "console", "raidenabled", "root_uuid"})
public record MachineDetails(
        @JsonProperty("id") String id,
        @JsonProperty("nics") List<V2Nic> nics,
        @JsonProperty("password") String password,
        @JsonProperty("console") String console,
        @JsonProperty("raidenabled") boolean raidEnabled,
        @JsonProperty("root_uuid") String rootUuid) {

    public MachineDetails {
        id = Normalize.string(id);
        nics = Normalize.list(nics);
        password = Normalize.string(password);
        console = Normalize.string(console);
        rootUuid = Normalize.string(rootUuid);
    }

    /**
     * The details metal-hammer writes for a machine: console from the installer's command line as for install.yaml
     * ({@link KernelCmdline#console}), raidenabled from the layout.
     */
    public static MachineDetails fromMachine(MachineDocument m, String kernelCmdline, String rootUuid,
                                             String password) {
        MachineDocument doc = Objects.requireNonNull(m, "machine document").validated();
        V2Machine v2 = doc.current();
        boolean raid = doc.apiV2() != null ? v2.allocation().raidEnabled() : doc.allocation().raidEnabled();
        return new MachineDetails(doc.id(), v2.nics(), password, KernelCmdline.parse(kernelCmdline).console(), raid,
                rootUuid);
    }

    /** Reads machine-details.yaml. */
    public static MachineDetails fromYaml(String yaml) {
        try {
            MachineDetails d = Mappers.yaml().readValue(yaml, MachineDetails.class);
            if (d == null) {
                throw new IllegalArgumentException("machine-details.yaml: empty");
            }
            return d;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("machine-details.yaml: cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes machine-details.yaml. */
    public String toYaml() {
        return Mappers.toYaml(this);
    }
}
