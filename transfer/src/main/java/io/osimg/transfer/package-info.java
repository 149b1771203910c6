/**
 * Getting image bytes over HTTP(S): {@link io.osimg.transfer.Fetcher} opens a {@link io.osimg.transfer.FetchStream}
 * that delivers an object's bytes exactly once, in order, across dropped connections (resumed with
 * {@code Range} + {@code If-Range}), servers that ignore {@code Range} (restarted, the delivered prefix discarded),
 * retries with capped, jittered exponential backoff and failover between mirrors, computing digests on the fly.
 * The installer streams it into its decoder; the mirror uses {@link io.osimg.transfer.Fetcher#download} to get a
 * file, resumable from {@code <target>.part}.
 *
 * <p>Policy: 403/404/410 and other 3xx/4xx answers (except 408, 425, 429) are final for that mirror: the next
 * mirror is tried at once, without a pause; with no mirror left the error is thrown naming URL and status.
 * Connection failures, timeouts and 5xx answers are retried after a backoff pause: on the next mirror if the
 * attempt delivered nothing, on the same one (resuming) if it did. {@link io.osimg.transfer.TransferOptions#maxAttempts()}
 * bounds all requests of one stream, resumptions included. Each request is held to the
 * {@link io.osimg.transfer.Deadlines}: connected within the connect timeout, headers within the first-byte timeout,
 * no body silence longer than the idle timeout, and at least the minimum rate over each window of waiting; a request
 * that misses one fails naming the URL, the deadline and its figures, and counts as one attempt. A dead or dripping
 * server therefore fails after at most {@code maxAttempts} such deadlines plus the backoff pauses. An object whose validator or size changes between
 * requests fails with {@link io.osimg.transfer.ObjectChangedException}, never mixing versions.
 *
 * <p>HTTPS trusts the JDK's trust store plus the CA certificates of
 * {@link io.osimg.transfer.TransferOptions#caCertificates()} ({@link io.osimg.transfer.CaCertificates#read} reads
 * PEM files), hostnames verified; a server whose certificate is refused fails at once with
 * {@link io.osimg.transfer.UntrustedCertificateException} (final for that mirror, like a 404). Redirects are
 * followed (not from https to http); a loop or a chain longer than the HTTP client's limit fails naming its hops.
 */
package io.osimg.transfer;
