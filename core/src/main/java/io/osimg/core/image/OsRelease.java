package io.osimg.core.image;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fields of an os-release file (os-release(5)) that name a distribution: {@code ID}, {@code VERSION_ID},
 * {@code VERSION_CODENAME}, {@code PRETTY_NAME} and {@code ID_LIKE} (the systems it derives from, space-separated).
 * Values may be quoted with {@code "} or {@code '}.
 */
public record OsRelease(String id, String versionId, String codename, String prettyName, String idLike) {

    /** No os-release. */
    public static final OsRelease UNKNOWN = new OsRelease("", "", "", "", "");

    public static OsRelease parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = l.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            v.put(l.substring(0, eq), value);
        }
        return new OsRelease(v.getOrDefault("ID", ""), v.getOrDefault("VERSION_ID", ""),
                v.getOrDefault("VERSION_CODENAME", ""), v.getOrDefault("PRETTY_NAME", ""), v.getOrDefault("ID_LIKE", ""));
    }

    /**
     * The purl {@code distro} qualifier: {@code debian-12}, {@code almalinux-9.4}; {@code debian-trixie} for a
     * release without a version number; "" when unknown.
     */
    public String distro() {
        if (id.isEmpty()) {
            return "";
        }
        String v = !versionId.isEmpty() ? versionId : codename;
        return v.isEmpty() ? id : id + "-" + v;
    }

    /**
     * Which of the {@code known} systems (lower case) this is: its {@code ID} when known, else the first of its
     * {@code ID_LIKE} that is known; empty when neither.
     */
    public Optional<String> knownAs(Collection<String> known) {
        return Stream.concat(Stream.of(id), Arrays.stream(idLike.split("\\s+")))
                .map(s -> s.toLowerCase(Locale.ROOT))
                .filter(known::contains)
                .findFirst();
    }
}
