package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The VPN an allocation joins (metal-go {@code V1MachineVPN}). */
@JsonPropertyOrder({"address", "auth_key", "connected"})
public record Vpn(
        @JsonProperty("address") String address,
        @JsonProperty("auth_key") String authKey,
        @JsonProperty("connected") Boolean connected) {
}
