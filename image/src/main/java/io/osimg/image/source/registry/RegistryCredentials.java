package io.osimg.image.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User name and password for a registry from the files {@code podman login}/{@code skopeo login} and {@code docker
 * login} write: {@code {"auths": {"HOST[:PORT]": {"auth": base64(user:password)}}}}. Searched in order: the file
 * given ({@code --authfile}), else {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code ~/.config/containers/auth.json}, {@code ~/.docker/config.json}; the first file with an entry for the host
 * wins. Credential helpers ({@code credsStore}) are not run.
 */
public final class RegistryCredentials {

    /** A user and a password, and the file they came from (for messages). */
    public record Login(String user, String password, Path file) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final List<Path> files;

    private RegistryCredentials(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files to search: {@code explicit} alone when given, else the usual places under {@code env}. */
    public static RegistryCredentials from(Path explicit, Map<String, String> env, Path home) {
        if (explicit != null) {
            return new RegistryCredentials(List.of(explicit));
        }
        List<Path> files = new ArrayList<>();
        if (env.get("REGISTRY_AUTH_FILE") != null) {
            files.add(Path.of(env.get("REGISTRY_AUTH_FILE")));
        }
        if (env.get("XDG_RUNTIME_DIR") != null) {
            files.add(Path.of(env.get("XDG_RUNTIME_DIR"), "containers", "auth.json"));
        }
        if (home != null) {
            files.add(home.resolve(".config/containers/auth.json"));
            files.add(home.resolve(".docker/config.json"));
        }
        return new RegistryCredentials(files);
    }

    /** No credentials at all: anonymous pulls only. */
    public static RegistryCredentials none() {
        return new RegistryCredentials(List.of());
    }

    /** The files searched, for messages. */
    public List<Path> files() {
        return files;
    }

    /** The login for {@code registry} ({@code host[:port]}), if a file has one. */
    public Optional<Login> lookup(String registry) throws IOException {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode auths;
            try {
                auths = Mappers.json().readTree(Files.readAllBytes(file)).path("auths");
            } catch (IOException e) {
                throw new IOException("registry credentials " + file + ": not JSON: " + e.getMessage(), e);
            }
            for (String key : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v2/")) {
                JsonNode entry = auths.get(key);
                if (entry != null && entry.hasNonNull("auth")) {
                    String decoded;
                    try {
                        decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new IOException("registry credentials " + file + ": the auth of " + key + " is not base64");
                    }
                    int colon = decoded.indexOf(':');
                    if (colon < 0) {
                        throw new IOException("registry credentials " + file + ": the auth of " + key
                                + " is not base64 of user:password");
                    }
                    return Optional.of(new Login(decoded.substring(0, colon), decoded.substring(colon + 1), file));
                }
            }
        }
        return Optional.empty();
    }
}
