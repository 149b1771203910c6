package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.checksum.Digests;
import io.osimg.store.BlobKey;
import io.osimg.store.StagedBlob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PUT /<key>?upload=<id>}: authenticated by {@code Authorization: Bearer <token>}, streamed into the upload
 * session's transaction while hashing, kept only when the announced digests match; the session's commit publishes.
 * There is no other way to write: a PUT outside a session is refused (releases are immutable, see
 * {@link UploadSessions}). See store/README.md for the protocol.
 */
final class UploadResource {

    static final String SHA512_HEADER = "X-Checksum-Sha512";
    static final String MD5_HEADER = "X-Checksum-Md5";

    private final UploadToken token;
    private final UploadSessions sessions;

    UploadResource(UploadToken token, UploadSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    /**
     * Checks the request and stages {@code key} into upload session {@code sessionId} (visible on the session's
     * commit); throws {@link RequestRejectedException} to refuse.
     */
    Upload begin(Exchange ex, HttpRequest request, String key, String sessionId) throws IOException {
        Objects.requireNonNull(sessionId, "sessionId");
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
        UploadSessions.Session session = sessions.forUpload(sessionId, key);
        return new Upload(session.stage(BlobKey.name(key)), md5, sha512, session, () -> sessions.discard(sessionId));
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
                    "uploads need an Authorization: Bearer token"), "WWW-Authenticate", "Bearer realm=\"osimg\"");
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

    /** One upload in progress: bytes staged in a session, running digests. */
    static final class Upload {

        private final StagedBlob staged;
        private final String expectedMd5;
        private final String expectedSha512;
        private final Digests digests = Digests.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
        /** The session the file belongs to: it learns the file's digests. */
        private final UploadSessions.Session session;
        /** Discards the session: a session with a broken or mismatching file cannot be committed. */
        private final Runnable abortSession;
        /** The first bytes of a checksum file, which the session's commit compares with the image. */
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();

        private Upload(StagedBlob staged, String expectedMd5, String expectedSha512, UploadSessions.Session session,
                       Runnable abortSession) {
            this.staged = staged;
            this.session = session;
            this.abortSession = abortSession;
            this.expectedMd5 = expectedMd5;
            this.expectedSha512 = expectedSha512;
        }

        void write(ByteBuf content) throws IOException {
            for (ByteBuffer buffer : content.nioBuffers()) {
                digests.update(buffer);
                if (head.size() < UploadSessions.CHECKSUM_FILE_LIMIT) {
                    ByteBuffer copy = buffer.duplicate();
                    byte[] bytes = new byte[Math.min(copy.remaining(), UploadSessions.CHECKSUM_FILE_LIMIT - head.size())];
                    copy.get(bytes);
                    head.writeBytes(bytes);
                }
                staged.write(buffer);
            }
        }

        /** Verifies the digests and tells the session; on a mismatch the whole session is discarded. */
        Receipt finish() throws IOException {
            Map<DigestAlgorithm, String> actual = digests.finish();
            String actualMd5 = actual.get(DigestAlgorithm.MD5);
            String actualSha512 = actual.get(DigestAlgorithm.SHA512);
            try {
                DigestCheck.require("upload " + staged.key(), expected(), actual);
            } catch (DigestMismatchException e) {
                abortSession.run();
                throw e;
            }
            session.received(BlobKey.name(staged.key()), actualMd5, actualSha512, head.toByteArray());
            return new Receipt(staged.key(), staged.size(), actualMd5, actualSha512);
        }

        private Map<DigestAlgorithm, String> expected() {
            Map<DigestAlgorithm, String> expected = new EnumMap<>(DigestAlgorithm.class);
            if (expectedMd5 != null) {
                expected.put(DigestAlgorithm.MD5, expectedMd5);
            }
            if (expectedSha512 != null) {
                expected.put(DigestAlgorithm.SHA512, expectedSha512);
            }
            return expected;
        }

        void abort() {
            abortSession.run();
        }
    }

    /** What was staged in a session (published by its commit). */
    record Receipt(String key, long size, String md5, String sha512) {

        String json() {
            return "{\"key\":" + Json.quote(key) + ",\"size\":" + size + ",\"etag\":null,\"md5\":\"" + md5
                    + "\",\"sha512\":\"" + sha512 + "\",\"staged\":true}";
        }
    }
}
