package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import java.util.Set;

/**
 * A machine as metal-api returns it (JSON keys of metal-go's {@code V1MachineResponse}), reduced to what an
 * installer reads (contract section 7). Unknown fields are ignored.
 *
 * <p>{@link #parse} validates once: {@code id}, {@code allocation}, {@code allocation.hostname} and
 * {@code allocation.role} ({@code machine} or {@code firewall}) must be present. {@code hardware} may be absent
 * (a hand-written allocation), meaning no NICs.
 *
 * @param id         the machine UUID
 * @param allocation the allocation
 * @param hardware   the hardware, never null after {@link #parse}
 */
public record MachineDocument(
        @JsonProperty("id") String id,
        @JsonProperty("allocation") Allocation allocation,
        @JsonProperty("hardware") Hardware hardware) {

    private static final Set<String> ROLES = Set.of(Allocation.ROLE_MACHINE, Allocation.ROLE_FIREWALL);

    /**
     * Parses and validates a machine document given as JSON or YAML.
     *
     * @throws IllegalArgumentException when the text is not JSON/YAML of a machine or a required field is missing,
     *                                  naming the field path ({@code allocation.hostname})
     */
    public static MachineDocument parse(String jsonOrYaml) {
        if (jsonOrYaml == null || jsonOrYaml.isBlank()) {
            throw new IllegalArgumentException("machine document: empty");
        }
        MachineDocument raw;
        try {
            raw = Mappers.forContent(jsonOrYaml).readValue(jsonOrYaml, MachineDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("machine document: cannot be read: " + e.getOriginalMessage(), e);
        }
        if (raw == null) {
            throw new IllegalArgumentException("machine document: empty");
        }
        return raw.validated();
    }

    /** This document after the checks of {@link #parse}, with an empty hardware when it had none. */
    public MachineDocument validated() {
        require(id, "id");
        if (allocation == null) {
            throw missing("allocation");
        }
        require(allocation.hostname(), "allocation.hostname");
        require(allocation.role(), "allocation.role");
        if (!ROLES.contains(allocation.role())) {
            throw new IllegalArgumentException("machine document: allocation.role '" + allocation.role()
                    + "' is neither 'machine' nor 'firewall'");
        }
        for (int i = 0; i < allocation.networks().size(); i++) {
            if (allocation.networks().get(i) == null) {
                throw missing("allocation.networks[" + i + "]");
            }
        }
        Hardware hw = hardware == null ? new Hardware(null) : hardware;
        for (int i = 0; i < hw.nics().size(); i++) {
            if (hw.nics().get(i) == null) {
                throw missing("hardware.nics[" + i + "]");
            }
        }
        return new MachineDocument(id, allocation, hw);
    }

    private static void require(String value, String path) {
        if (Normalize.blank(value)) {
            throw missing(path);
        }
    }

    private static IllegalArgumentException missing(String path) {
        return new IllegalArgumentException("machine document: " + path + " is missing");
    }
}
