package io.osimg.core.machine.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import java.util.ArrayList;
import java.util.List;

/**
 * Which age a machine document is, told by its shape: a metal-api v1 machine has {@code id} (and an allocation
 * with {@code role}), an API v2 machine has {@code uuid} (and an allocation with {@code allocationType}), also
 * wrapped as metal-apiserver's get response ({@code machine: {...}}).
 */
public enum MachineShape {
    /** metal-api v1 ({@code V1MachineResponse}). */
    V1,
    /** metal-stack API v2 ({@code metalstack.api.v2.Machine}). */
    V2;

    /**
     * The age of {@code tree}.
     *
     * @throws IllegalArgumentException when it is neither, naming what it lacks
     */
    public static MachineShape of(JsonNode tree) {
        if (!tree.isObject()) {
            throw new IllegalArgumentException("machine document: not a mapping but " + tree.getNodeType());
        }
        JsonNode m = unwrap(tree);
        if (m.has("id")) {
            return V1;
        }
        if (m.has("uuid")) {
            return V2;
        }
        JsonNode allocation = m.path("allocation");
        if (allocation.has("role")) {
            return V1;
        }
        if (hasAny(allocation, "allocationType", "allocation_type")) {
            return V2;
        }
        if (hasAny(m, "allocationType", "allocation_type", "sshPublicKeys", "ssh_public_keys")) {
            throw new IllegalArgumentException("machine document: an API v2 MachineAllocation alone; the machine's "
                    + "uuid and hardware.nics are missing (give the API v2 Machine: uuid, allocation, hardware)");
        }
        List<String> keys = new ArrayList<>();
        m.fieldNames().forEachRemaining(keys::add);
        throw new IllegalArgumentException("machine document: neither a metal-api v1 machine (id, allocation.role) "
                + "nor an API v2 machine (uuid, allocation.allocationType): it has " + (keys.isEmpty() ? "no keys"
                : "only " + String.join(", ", keys)));
    }

    /**
     * Reads an API v2 machine and checks what an installer needs: {@code uuid}, {@code allocation},
     * {@code allocation.hostname}, {@code allocation.allocationType}.
     */
    public static V2Machine readV2(JsonNode tree) throws JsonProcessingException {
        V2Machine m = Mappers.json().treeToValue(unwrap(tree), V2Machine.class);
        require(m.uuid(), "uuid");
        if (m.allocation() == null) {
            throw missing("allocation");
        }
        require(m.allocation().hostname(), "allocation.hostname");
        if (m.allocation().allocationType() == null) {
            throw missing("allocation.allocationType");
        }
        return m;
    }

    private static JsonNode unwrap(JsonNode tree) {
        JsonNode inner = tree.get("machine");
        return inner != null && inner.isObject() && !tree.has("id") && !tree.has("uuid") ? inner : tree;
    }

    private static boolean hasAny(JsonNode node, String... names) {
        for (String n : names) {
            if (node.has(n)) {
                return true;
            }
        }
        return false;
    }

    private static void require(String value, String path) {
        if (value == null || value.isBlank()) {
            throw missing(path);
        }
    }

    private static IllegalArgumentException missing(String path) {
        return new IllegalArgumentException("machine document (API v2): " + path + " is missing");
    }
}
