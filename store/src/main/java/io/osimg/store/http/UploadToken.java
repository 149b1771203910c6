package io.osimg.store.http;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.text.TextFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/** The bearer token that authorises uploads; compared in constant time (both sides hashed, then compared). */
public final class UploadToken {

    private final byte[] digest;

    private UploadToken(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("upload token is empty");
        }
        this.digest = sha256(token);
    }

    public static UploadToken of(String token) {
        return new UploadToken(token);
    }

    /** A token file larger than this is not a token file (a device, a wrong path): refused before reading. */
    static final long MAX_FILE_SIZE = 64 << 10;

    /** Reads the token from a file (surrounding whitespace and the final newline are ignored). */
    public static UploadToken fromFile(Path file) throws IOException {
        String text = TextFile.read(file, MAX_FILE_SIZE).strip(); // a regular file, bounded, UTF-8, named in errors
        if (text.isEmpty()) {
            throw new IllegalArgumentException("upload token file " + file + " is empty");
        }
        return new UploadToken(text);
    }

    /** True when {@code candidate} is the token; time does not depend on where they differ. */
    boolean matches(String candidate) {
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        return DigestAlgorithm.SHA256.newDigest().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "UploadToken[redacted]";
    }
}
