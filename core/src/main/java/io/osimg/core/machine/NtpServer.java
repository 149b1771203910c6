package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An NTP server of an allocation (IP address or host name). */
public record NtpServer(@JsonProperty("address") String address) {
}
