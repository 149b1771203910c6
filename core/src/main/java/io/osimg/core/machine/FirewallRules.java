package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** Firewall rules of a firewall allocation (metal-go {@code V1FirewallRules}). */
@JsonPropertyOrder({"egress", "ingress"})
public record FirewallRules(
        @JsonProperty("egress") List<Egress> egress,
        @JsonProperty("ingress") List<Ingress> ingress) {

    public FirewallRules {
        egress = Normalize.list(egress);
        ingress = Normalize.list(ingress);
    }

    /** An egress rule; comment and protocol are omitted when empty, as Go's {@code omitempty} does. */
    @JsonPropertyOrder({"comment", "ports", "protocol", "to"})
    public record Egress(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("comment") String comment,
            @JsonProperty("ports") List<Integer> ports,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("protocol") String protocol,
            @JsonProperty("to") List<String> to) {

        public Egress {
            ports = Normalize.list(ports);
            to = Normalize.list(to);
        }
    }

    /** An ingress rule; comment and protocol are omitted when empty, as Go's {@code omitempty} does. */
    @JsonPropertyOrder({"comment", "from", "ports", "protocol", "to"})
    public record Ingress(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("comment") String comment,
            @JsonProperty("from") List<String> from,
            @JsonProperty("ports") List<Integer> ports,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("protocol") String protocol,
            @JsonProperty("to") List<String> to) {

        public Ingress {
            from = Normalize.list(from);
            ports = Normalize.list(ports);
            to = Normalize.list(to);
        }
    }
}
