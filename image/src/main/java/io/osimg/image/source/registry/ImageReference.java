package io.osimg.image.source.registry;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * {@code docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]}: an image in a registry. The registry is always named (a host
 * with a port or a dot, or {@code localhost}); osimg knows no default registry.
 *
 * @param registry   {@code host[:port]}
 * @param repository e.g. {@code metal/debian}
 * @param tag        the tag, {@code latest} when neither a tag nor a digest is given; null with a digest
 * @param digest     {@code sha256:<hex>} or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String PREFIX = "docker://";

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+|__[a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+|__[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** @throws IllegalArgumentException naming what is wrong with {@code spec} */
    public static ImageReference parse(String spec) {
        if (!spec.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + spec + "' is not docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]");
        }
        String rest = spec.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String registry = slash < 0 ? "" : rest.substring(0, slash);
        if (slash < 0 || !(registry.contains(".") || registry.contains(":") || registry.equals("localhost"))) {
            throw new IllegalArgumentException("SOURCE '" + spec + "': name the registry, docker://REGISTRY/REPOSITORY[:TAG|@DIGEST] "
                    + "(REGISTRY is host:port, a host name with a dot, or localhost)");
        }
        String name = rest.substring(slash + 1);
        String digest = null;
        String tag = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("SOURCE '" + spec + "': digest '" + digest + "' is not sha256:<64 hex digits>");
            }
        } else {
            int colon = name.lastIndexOf(':');
            if (colon >= 0 && name.indexOf('/', colon) < 0) {
                tag = name.substring(colon + 1);
                name = name.substring(0, colon);
                if (!TAG.matcher(tag).matches()) {
                    throw new IllegalArgumentException("SOURCE '" + spec + "': '" + tag + "' is not a tag");
                }
            } else {
                tag = "latest";
            }
        }
        if (!REPOSITORY.matcher(name).matches()) {
            throw new IllegalArgumentException("SOURCE '" + spec + "': '" + name + "' is not a repository name "
                    + "(lower-case letters, digits, separators . _ - and /)");
        }
        return new ImageReference(registry, name, tag, digest);
    }

    /** The tag or the digest, as the manifest's URL takes it. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /** {@code https://REGISTRY/v2/REPOSITORY/<kind>/<ref>}, or {@code http://} for a plain-HTTP registry. */
    URI uri(String kind, String ref, boolean plainHttp) {
        return URI.create((plainHttp ? "http://" : "https://") + registry + "/v2/" + repository + "/" + kind + "/" + ref);
    }

    @Override
    public String toString() {
        return PREFIX + registry + "/" + repository + (digest != null ? "@" + digest : ":" + tag);
    }
}
