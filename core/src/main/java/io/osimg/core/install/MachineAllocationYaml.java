package io.osimg.core.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.osimg.core.json.Mappers;
import io.osimg.core.machine.v2.V2Allocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /etc/metal/machine-allocation.yaml} (contract section 8): the API v2 {@code MachineAllocation} as
 * protobuf YAML (buf's protoyaml, which os-installer reads it with): lowerCamelCase names in field order, enums
 * by their full names, 64-bit integers ({@code vrf}) as strings, and fields with their zero value ({@code ""},
 * {@code 0}, {@code false}, empty lists and messages) left out.
 */
public final class MachineAllocationYaml {

    /** The uint64 fields of the message tree, which protobuf JSON/YAML writes as strings. */
    private static final Set<String> UINT64 = Set.of("vrf");

    private MachineAllocationYaml() {
    }

    /** The YAML text of {@code allocation}. */
    public static String write(V2Allocation allocation) {
        JsonNode tree = Mappers.json().valueToTree(allocation);
        return Mappers.toYaml(prune(tree));
    }

    /**
     * Reads machine-allocation.yaml back (protobuf YAML; snake_case names are accepted too).
     *
     * @throws IllegalArgumentException when it cannot be read
     */
    public static V2Allocation read(String yaml) {
        try {
            return Mappers.yaml().readValue(yaml, V2Allocation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("machine-allocation.yaml: cannot be read: " + e.getOriginalMessage(),
                    e);
        }
    }

    /** The tree without zero values, null for a node that is a zero value itself. */
    private static JsonNode prune(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = Mappers.json().createObjectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> f : fields) {
                JsonNode v = prune(f.getValue());
                if (v != null) {
                    out.set(f.getKey(), UINT64.contains(f.getKey()) && v.isNumber() ? TextNode.valueOf(v.asText()) : v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = Mappers.json().createArrayNode();
            for (JsonNode e : node) {
                JsonNode v = e.isContainerNode() ? prune(e) : e;
                out.add(v == null ? Mappers.json().createObjectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        boolean zero = node.isTextual() ? node.asText().isEmpty()
                : node.isNumber() ? node.asDouble() == 0 : node.isBoolean() && !node.asBoolean();
        return zero ? null : node;
    }
}
