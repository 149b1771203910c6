package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A DNS server of an allocation. */
public record DnsServer(@JsonProperty("ip") String ip) {
}
