package io.osimg.store.prune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageId;
import io.osimg.core.json.Mappers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The images that machines use (e.g. what metal-api reports as allocated), which prune never deletes.
 *
 * <p>Accepted forms: one image ID per line (blank lines and {@code #} comments ignored), or a JSON list of IDs or
 * of objects with an {@code id} (metal-api's image or allocation image entries). IDs match semantically: same OS
 * and equal version ({@code ubuntu-24.04.20260101} is {@code ubuntu-24.4.20260101}).
 */
public record InUseList(List<ImageId> ids) {

    public InUseList {
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
    }

    public static InUseList none() {
        return new InUseList(List.of());
    }

    /**
     * Parses the content of an in-use file.
     *
     * @param source names the file, for messages
     * @throws IllegalArgumentException naming the source and the bad entry
     */
    public static InUseList parse(String content, String source) {
        String text = content == null ? "" : content.strip();
        List<ImageId> ids = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode root;
            try {
                root = Mappers.json().readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("reading in-use images from " + source + ": not JSON: "
                        + e.getOriginalMessage(), e);
            }
            int i = 0;
            for (JsonNode n : root) {
                JsonNode id = n.isObject() ? n.get("id") : n;
                if (id == null || !id.isTextual()) {
                    throw new IllegalArgumentException("reading in-use images from " + source + ": entry " + i
                            + " is neither an image ID nor an object with a string \"id\"");
                }
                ids.add(parseId(id.asText(), source));
                i++;
            }
        } else {
            for (String line : text.lines().toList()) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    ids.add(parseId(l, source));
                }
            }
        }
        return new InUseList(ids);
    }

    private static ImageId parseId(String id, String source) {
        try {
            return ImageId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reading in-use images from " + source + ": " + e.getMessage(), e);
        }
    }

    /** True when a machine uses the image {@code id}. */
    public boolean contains(ImageId id) {
        return ids.stream().anyMatch(u -> u.os().equals(id.os()) && u.version().equals(id.version()));
    }
}
