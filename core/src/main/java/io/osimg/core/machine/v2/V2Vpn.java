package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** The VPN of an API v2 allocation ({@code metalstack.api.v2.MachineVPN}). */
@JsonPropertyOrder({"controlPlaneAddress", "authKey", "connected", "ips"})
public record V2Vpn(
        @JsonProperty("controlPlaneAddress") @JsonAlias("control_plane_address") String controlPlaneAddress,
        @JsonProperty("authKey") @JsonAlias("auth_key") String authKey,
        @JsonProperty("connected") boolean connected,
        @JsonProperty("ips") List<String> ips) {

    public V2Vpn {
        ips = Normalize.list(ips);
    }
}
