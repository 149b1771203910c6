package io.osimg.store.s3;

import io.osimg.core.checksum.DigestAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for request headers ({@code Authorization: AWS4-HMAC-SHA256 ...}), the steps of the
 * published algorithm kept apart so each can be tested: {@link #canonicalRequest}, {@link #stringToSign},
 * {@link #signingKey}, {@link #signature}.
 *
 * <p>Paths are signed as given (S3 does not normalise or re-encode them: the caller passes the path already
 * percent-encoded once, see {@link #encode}). Query parameters are encoded and sorted here.
 */
public final class SigV4 {

    /** The algorithm name in the string to sign and the Authorization header. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of the empty payload, hex. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** The payload hash value for bodies that are not hashed (allowed by S3). */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final S3Credentials credentials;
    private final String region;
    private final String service;

    public SigV4(S3Credentials credentials, String region, String service) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = requireText(region, "region");
        this.service = requireText(service, "service");
    }

    /**
     * The request parts that are signed.
     *
     * @param method      HTTP method, upper case
     * @param path        the absolute path, already percent-encoded ({@code /bucket/a%20b})
     * @param query       query parameters, not encoded (empty values allowed)
     * @param headers     headers to sign, including {@code host} and {@code x-amz-date}; names in any case
     * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
     */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
                          String payloadHash) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
            Objects.requireNonNull(payloadHash, "payloadHash");
        }
    }

    /**
     * Signs a request made at {@code time}: returns the headers to add ({@code x-amz-date},
     * {@code x-amz-content-sha256}, {@code x-amz-security-token} with a session token, {@code Authorization}).
     * {@code headers} must hold {@code host}; the added ones are signed too.
     */
    public Map<String, String> sign(String method, String path, Map<String, String> query, Map<String, String> headers,
                                    String payloadHash, Instant time) {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(headers);
        if (!all.containsKey("host")) {
            throw new IllegalArgumentException("signing " + method + " " + path + ": no host header");
        }
        Map<String, String> added = new TreeMap<>();
        added.put("x-amz-date", AMZ_DATE.format(time));
        added.put("x-amz-content-sha256", payloadHash);
        credentials.sessionToken().ifPresent(token -> added.put("x-amz-security-token", token));
        all.putAll(added);
        Request request = new Request(method, path, query, all, payloadHash);
        String scope = scope(time);
        String toSign = stringToSign(time, scope, canonicalRequest(request));
        String sig = signature(signingKey(credentials.secretAccessKey(), dateStamp(time), region, service), toSign);
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders(request.headers()) + ", Signature=" + sig);
        return added;
    }

    /** {@code <yyyyMMdd>/<region>/<service>/aws4_request}. */
    public String scope(Instant time) {
        return dateStamp(time) + "/" + region + "/" + service + "/aws4_request";
    }

    /** The canonical request: method, path, sorted encoded query, sorted headers, signed header names, payload hash. */
    public static String canonicalRequest(Request r) {
        return r.method() + "\n" + r.path() + "\n" + canonicalQuery(r.query()) + "\n" + canonicalHeaders(r.headers())
                + "\n" + signedHeaders(r.headers()) + "\n" + r.payloadHash();
    }

    /** {@code AWS4-HMAC-SHA256 \n <amz-date> \n <scope> \n hex(sha256(canonical request))}. */
    public static String stringToSign(Instant time, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + AMZ_DATE.format(time) + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC chain {@code "AWS4"+secret -> date -> region -> service -> "aws4_request"}. */
    public static byte[] signingKey(String secret, String dateStamp, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), dateStamp);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** Hex HMAC-SHA256 of the string to sign under the signing key. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> sorted.put(encode(k, true), encode(v == null ? "" : v, true)));
        List<String> parts = new ArrayList<>(sorted.size());
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("&", parts);
    }

    private static String canonicalHeaders(Map<String, String> headers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.strip().replaceAll(" +", " ")));
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(k).append(':').append(v).append('\n'));
        return b.toString();
    }

    static String signedHeaders(Map<String, String> headers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.keySet().forEach(k -> sorted.put(k.toLowerCase(Locale.ROOT), k));
        return String.join(";", sorted.keySet());
    }

    /**
     * URI-encodes per SigV4: unreserved characters ({@code A-Z a-z 0-9 - _ . ~}) stay, every other byte of the
     * UTF-8 form becomes {@code %XX} (upper-case hex); {@code /} stays when {@code encodeSlash} is false (paths).
     */
    public static String encode(String s, boolean encodeSlash) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(DigestAlgorithm.SHA256.newDigest().digest(data));
    }

    private static String dateStamp(Instant time) {
        return AMZ_DATE.format(time).substring(0, 8);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }
}
