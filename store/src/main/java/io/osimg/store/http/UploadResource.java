package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobStore;
import io.osimg.store.ChecksumMismatchException;
import io.osimg.store.StagedBlob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code PUT /<key>}: authenticated by {@code Authorization: Bearer <token>}, streamed into staging while hashing,
 * published only when the announced digests match. See store/README.md for the protocol.
 */
final class UploadResource {

    static final String SHA512_HEADER = "X-Checksum-Sha512";
    static final String MD5_HEADER = "X-Checksum-Md5";

    private final BlobStore store;
    private final UploadToken token;
    private final UploadSessions sessions;

    UploadResource(BlobStore store, UploadToken token, UploadSessions sessions) {
        this.store = store;
        this.token = token;
        this.sessions = sessions;
    }

    /** Checks the request and opens the staged object; throws {@link RequestRejectedException} to refuse. */
    Upload begin(Exchange ex, HttpRequest request, String key) throws IOException {
        return begin(ex, request, key, null);
    }

    /**
     * Like {@link #begin(Exchange, HttpRequest, String)}, but stages into an upload session's transaction when
     * {@code sessionId} is given (the file becomes visible on the session's commit).
     */
    Upload begin(Exchange ex, HttpRequest request, String key, String sessionId) throws IOException {
        authorize(request.headers());
        BlobKey.validate(key);
        String sha512 = hex(request.headers().get(SHA512_HEADER), 128, SHA512_HEADER);
        String md5 = hex(request.headers().get(MD5_HEADER), 32, MD5_HEADER);
        String contentMd5 = request.headers().get("Content-MD5");
        if (contentMd5 != null) {
            String fromBase64 = contentMd5(contentMd5);
            if (md5 != null && !md5.equals(fromBase64)) {
                throw new IllegalArgumentException("Content-MD5 and " + MD5_HEADER + " announce different digests");
            }
            md5 = fromBase64;
        }
        if (key.endsWith(".tar.lz4") && sha512 == null && md5 == null) {
            throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.PRECONDITION_REQUIRED,
                    "checksum_required", "upload of image " + key + " needs an " + SHA512_HEADER + " or "
                    + MD5_HEADER + " header"));
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ex.ctx().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        if (sessionId == null) {
            return new Upload(store.stage(key), md5, sha512, null);
        }
        UploadSessions.Session session = sessions.forUpload(sessionId, key);
        Upload upload = new Upload(session.stage(BlobKey.name(key)), md5, sha512, () -> sessions.discard(sessionId));
        upload.session = session;
        return upload;
    }

    /** Authorises a request that is not a PUT (upload sessions); throws {@link RequestRejectedException} to refuse. */
    void authorize(HttpRequest request) {
        authorize(request.headers());
    }

    UploadSessions sessions() {
        return sessions;
    }

    private void authorize(HttpHeaders headers) {
        if (token == null) {
            throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.FORBIDDEN, "uploads_disabled",
                    "this server accepts no uploads (no upload token configured)"));
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "uploads need an Authorization: Bearer token"));
        }
        if (!token.matches(authorization.substring(7).trim())) {
            throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "the upload token is not valid"));
        }
    }

    private static String hex(String value, int length, String header) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.length() != length || !v.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException(header + " must be " + length + " hex digits: " + value);
        }
        return v;
    }

    private static String contentMd5(String value) {
        try {
            byte[] digest = Base64.getDecoder().decode(value.trim());
            if (digest.length != 16) {
                throw new IllegalArgumentException("Content-MD5 is not 16 bytes: " + value);
            }
            return HexFormat.of().formatHex(digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Content-MD5 is not base64 of an MD5 digest: " + value, e);
        }
    }

    /** One upload in progress: staged bytes and running digests. */
    static final class Upload {

        private final StagedBlob staged;
        private final String expectedMd5;
        private final String expectedSha512;
        private final MessageDigest md5;
        private final MessageDigest sha512;
        private final Runnable abortSession;
        /** The session a staged file belongs to (null for a plain PUT): it learns the file's digests. */
        private UploadSessions.Session session;
        /** The first bytes of a checksum file, which the session's commit compares with the image. */
        private final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();

        /** @param abortSession null for a plain PUT; else what discards the session on a digest mismatch */
        private Upload(StagedBlob staged, String expectedMd5, String expectedSha512, Runnable abortSession) {
            this.staged = staged;
            this.abortSession = abortSession;
            this.expectedMd5 = expectedMd5;
            this.expectedSha512 = expectedSha512;
            this.md5 = digest("MD5");
            this.sha512 = digest("SHA-512");
        }

        void write(ByteBuf content) throws IOException {
            for (ByteBuffer buffer : content.nioBuffers()) {
                md5.update(buffer.duplicate());
                sha512.update(buffer.duplicate());
                if (head.size() < UploadSessions.CHECKSUM_FILE_LIMIT) {
                    ByteBuffer copy = buffer.duplicate();
                    byte[] bytes = new byte[Math.min(copy.remaining(), UploadSessions.CHECKSUM_FILE_LIMIT - head.size())];
                    copy.get(bytes);
                    head.writeBytes(bytes);
                }
                staged.write(buffer);
            }
        }

        /** Verifies the digests and publishes; on a mismatch the staged file is deleted. */
        Receipt finish() throws IOException {
            String actualMd5 = HexFormat.of().formatHex(md5.digest());
            String actualSha512 = HexFormat.of().formatHex(sha512.digest());
            if (abortSession != null) {
                try {
                    verify(actualMd5, actualSha512);
                } catch (ChecksumMismatchException e) {
                    abortSession.run();
                    throw e;
                }
                session.received(BlobKey.name(staged.key()), actualMd5, actualSha512, head.toByteArray());
                return new Receipt(staged.key(), staged.size(), null, actualMd5, actualSha512);
            }
            try {
                verify(actualMd5, actualSha512);
                BlobInfo info = staged.publish();
                return new Receipt(info.key(), info.size(), info.etag(), actualMd5, actualSha512);
            } finally {
                staged.close();
            }
        }

        private void verify(String actualMd5, String actualSha512) throws ChecksumMismatchException {
            if (expectedSha512 != null && !expectedSha512.equals(actualSha512)) {
                throw new ChecksumMismatchException("upload " + staged.key(), "sha512", expectedSha512, actualSha512);
            }
            if (expectedMd5 != null && !expectedMd5.equals(actualMd5)) {
                throw new ChecksumMismatchException("upload " + staged.key(), "md5", expectedMd5, actualMd5);
            }
        }

        void abort() throws IOException {
            if (abortSession != null) {
                abortSession.run(); // a session with a broken file cannot be committed
            } else {
                staged.close();
            }
        }

        private static MessageDigest digest(String algorithm) {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " is missing from this JDK", e);
            }
        }
    }

    /** What was published (or staged in a session: then {@code etag} is null). */
    record Receipt(String key, long size, String etag, String md5, String sha512) {

        String json() {
            return "{\"key\":" + Json.quote(key) + ",\"size\":" + size + ",\"etag\":"
                    + (etag == null ? "null" : Json.quote(etag)) + ",\"md5\":\"" + md5 + "\",\"sha512\":\""
                    + sha512 + "\",\"staged\":" + (etag == null) + "}";
        }
    }
}
