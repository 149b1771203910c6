package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import io.osimg.core.machine.v2.MachineShape;
import io.osimg.core.machine.v2.V2Machine;
import io.osimg.core.machine.v2.LegacyConversion;
import java.util.Set;

/**
 * A machine as metal-api returns it (JSON keys of metal-go's {@code V1MachineResponse}), reduced to what an
 * installer reads (contract section 7). Unknown fields are ignored.
 *
 * <p>{@link #parse} also takes an API v2 machine ({@code metalstack.api.v2.Machine}, JSON or YAML as
 * metal-apiserver returns it), recognised by its shape ({@link MachineShape}) and converted to this form as
 * metal-hammer converts it for the legacy install.yaml; the v2 document is kept for the 2026 contract files.
 *
 * <p>{@link #parse} validates once: {@code id}, {@code allocation}, {@code allocation.hostname} and
 * {@code allocation.role} ({@code machine} or {@code firewall}) must be present. {@code hardware} may be absent
 * (a hand-written allocation), meaning no NICs.
 *
 * @param id         the machine UUID
 * @param allocation the allocation
 * @param hardware   the hardware, never null after {@link #parse}
 * @param apiV2      the API v2 machine this document was converted from, null for a metal-api v1 document
 */
public record MachineDocument(
        @JsonProperty("id") String id,
        @JsonProperty("allocation") Allocation allocation,
        @JsonProperty("hardware") Hardware hardware,
        @JsonIgnore V2Machine apiV2) {

    private static final Set<String> ROLES = Set.of(Allocation.ROLE_MACHINE, Allocation.ROLE_FIREWALL);

    /** A metal-api v1 document. */
    public MachineDocument(String id, Allocation allocation, Hardware hardware) {
        this(id, allocation, hardware, null);
    }

    /** The JSON form of a metal-api v1 machine. */
    private record V1(@JsonProperty("id") String id, @JsonProperty("allocation") Allocation allocation,
                      @JsonProperty("hardware") Hardware hardware) {
    }

    /**
     * Parses and validates a machine document given as JSON or YAML: a metal-api v1 machine or an API v2 machine.
     *
     * @throws IllegalArgumentException when the text is not JSON/YAML of a machine of either age or a required
     *                                  field is missing, naming the field path ({@code allocation.hostname})
     */
    public static MachineDocument parse(String jsonOrYaml) {
        if (jsonOrYaml == null || jsonOrYaml.isBlank()) {
            throw new IllegalArgumentException("machine document: empty");
        }
        try {
            JsonNode tree = Mappers.forContent(jsonOrYaml).readTree(jsonOrYaml);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                throw new IllegalArgumentException("machine document: empty");
            }
            return switch (MachineShape.of(tree)) {
                case V1 -> {
                    V1 raw = Mappers.json().treeToValue(tree, V1.class);
                    yield new MachineDocument(raw.id(), raw.allocation(), raw.hardware()).validated();
                }
                case V2 -> LegacyConversion.toLegacy(MachineShape.readV2(tree)).validated();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("machine document: cannot be read: " + e.getOriginalMessage(), e);
        }
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
        return new MachineDocument(id, allocation, hw, apiV2);
    }

    /** The API v2 form of this machine: the v2 document it was read from, else converted from this one. */
    public V2Machine current() {
        return apiV2 != null ? apiV2 : LegacyConversion.fromLegacy(validated());
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
