package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The image an allocation asks for: its ID and where metal-api says it can be downloaded. */
public record ImageRef(@JsonProperty("id") String id, @JsonProperty("url") String url) {
}
