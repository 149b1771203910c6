package io.osimg.store.s3;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Static credentials for signing S3 requests.
 *
 * @param accessKeyId     {@code AWS_ACCESS_KEY_ID}
 * @param secretAccessKey {@code AWS_SECRET_ACCESS_KEY}
 * @param sessionToken    {@code AWS_SESSION_TOKEN}, for temporary credentials
 */
public record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    public S3Credentials {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("S3 access key id is empty");
        }
        if (secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("S3 secret access key is empty");
        }
        Objects.requireNonNull(sessionToken, "sessionToken");
    }

    public static S3Credentials of(String accessKeyId, String secretAccessKey) {
        return new S3Credentials(accessKeyId, secretAccessKey, Optional.empty());
    }

    /**
     * From {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}.
     *
     * @throws IllegalArgumentException naming the missing variable
     */
    public static S3Credentials fromEnvironment(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    + (id == null || id.isBlank() ? " (AWS_ACCESS_KEY_ID is missing)" : " (AWS_SECRET_ACCESS_KEY is missing)"));
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return new S3Credentials(id, secret, Optional.ofNullable(token).filter(t -> !t.isEmpty()));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "S3Credentials[" + accessKeyId + (sessionToken.isPresent() ? ", with session token" : "") + "]";
    }
}
