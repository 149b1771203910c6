package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** Firewall rules of an API v2 allocation ({@code metalstack.api.v2.FirewallRules}). */
public record V2FirewallRules(
        @JsonProperty("egress") List<Egress> egress,
        @JsonProperty("ingress") List<Ingress> ingress) {

    public V2FirewallRules {
        egress = Normalize.list(egress);
        ingress = Normalize.list(ingress);
    }

    /** {@code FirewallEgressRule}. */
    @JsonPropertyOrder({"protocol", "ports", "to", "comment"})
    public record Egress(
            @JsonProperty("protocol") IpProtocol protocol,
            @JsonProperty("ports") List<Integer> ports,
            @JsonProperty("to") List<String> to,
            @JsonProperty("comment") String comment) {
        public Egress {
            ports = Normalize.list(ports);
            to = Normalize.list(to);
        }
    }

    /** {@code FirewallIngressRule}. */
    @JsonPropertyOrder({"protocol", "ports", "to", "from", "comment"})
    public record Ingress(
            @JsonProperty("protocol") IpProtocol protocol,
            @JsonProperty("ports") List<Integer> ports,
            @JsonProperty("to") List<String> to,
            @JsonProperty("from") List<String> from,
            @JsonProperty("comment") String comment) {
        public Ingress {
            ports = Normalize.list(ports);
            to = Normalize.list(to);
            from = Normalize.list(from);
        }
    }
}
