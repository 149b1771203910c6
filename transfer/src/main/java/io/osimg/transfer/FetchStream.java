package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.Digests;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bytes of one object, each exactly once and in order, however many requests, resumptions and mirrors it
 * takes. Digests are computed over the delivered bytes and are available after the end of the stream.
 * Not thread-safe: one consumer reads it.
 */
public final class FetchStream extends InputStream {

    private final Fetcher fetcher;
    private final TransferOptions options;
    private final List<URI> mirrors;
    private final List<URI> live;
    private final Digests digests;
    private final ProgressMeter meter;
    private final Map<URI, Validator> validators = new HashMap<>();
    private final List<IOException> failures = new ArrayList<>();
    private final long startOffset;

    private URI url;
    private int mirrorIndex;
    private long position;
    private long contentLength;
    private long resumedFrom;
    private long toDiscard;
    private long redownloaded;
    private int attempts;
    private int failuresInRow;
    private Duration nextPause;
    private boolean progressedThisAttempt;
    private BodyQueue body;
    private ByteBuffer current;
    private boolean eof;
    private boolean closed;
    private Map<DigestAlgorithm, String> result;

    FetchStream(Fetcher fetcher, List<URI> mirrors, Digests digests, ResumePoint from, ProgressListener listener) {
        this.fetcher = fetcher;
        this.options = fetcher.options();
        this.mirrors = mirrors;
        this.live = new ArrayList<>(mirrors);
        this.digests = digests;
        this.startOffset = from.offset();
        this.position = from.offset();
        this.contentLength = from.totalBytes();
        if (from.url() != null && !from.validator().isEmpty()) {
            validators.put(from.url(), from.validator());
        }
        this.url = live.getFirst();
        this.meter = new ProgressMeter(fetcher.clock(), listener, from.offset());
    }

    /** Hex digests of the whole object by algorithm, once the stream has reached its end. */
    public Map<DigestAlgorithm, String> digests() {
        if (result == null) {
            throw new IllegalStateException("digests of " + url + " are known only after the end of the stream");
        }
        return result;
    }

    /** Bytes delivered by this stream so far. */
    public long bytesRead() {
        return position - startOffset;
    }

    /** The object offset of the next byte to be delivered (bytes already held by the caller included). */
    public long offset() {
        return position;
    }

    /** The size of the object, -1 while unknown. */
    public long contentLength() {
        return contentLength;
    }

    /** Requests made so far. */
    public int attempts() {
        return attempts;
    }

    /** Bytes received more than once because connections dropped (discarded when a server ignored Range). */
    public long bytesRedownloaded() {
        return redownloaded;
    }

    public URI currentUrl() {
        return url;
    }

    Validator validator() {
        return validators.getOrDefault(url, Validator.NONE);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("reading " + url + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            if (current != null && current.hasRemaining()) {
                if (toDiscard > 0) {
                    int skip = (int) Math.min(toDiscard, current.remaining());
                    current.position(current.position() + skip);
                    toDiscard -= skip;
                    redownloaded += skip;
                    continue;
                }
                int n = Math.min(len, current.remaining());
                current.get(b, off, n);
                digests.update(b, off, n);
                position += n;
                progressedThisAttempt = true;
                meter.update(url, position, contentLength, attempts, resumedFrom);
                return n;
            }
            fill();
        }
        return -1;
    }

    @Override
    public int available() {
        return eof || closed || current == null || toDiscard > 0 ? 0 : current.remaining();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (body != null) {
                body.cancel();
                body = null;
            }
            current = null;
        }
    }

    /** Makes requests until one delivers the object from the current position, or gives up. */
    void connect() throws IOException {
        while (true) {
            URI target = live.get(mirrorIndex);
            if (nextPause != null) {
                fetcher.pause(nextPause, target);
                nextPause = null;
            }
            attempts++;
            try {
                accept(fetcher.send(target, position, ifRangeFor(target)));
                return;
            } catch (ObjectChangedException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                recordFailure(e, false);
            }
        }
    }

    private Optional<String> ifRangeFor(URI target) {
        Validator v = validators.get(target);
        return position > 0 && v != null ? v.ifRange() : Optional.empty();
    }

    private void accept(Fetcher.Response r) throws IOException {
        URI target = r.url();
        int status = r.status();
        Validator seen = Validator.from(r.headers());
        boolean atEnd = false;
        try {
            if (status == 200) {
                long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (position > 0) {
                    requireSameObject(target, status, seen, length);
                }
                if (contentLength < 0) {
                    contentLength = length;
                }
                toDiscard = position;
            } else if (status == 206) {
                ContentRange range = contentRange(target, status, r.headers().firstValue("Content-Range").orElse(null));
                if (range.first() != position) {
                    throw new TransferException(target, status, "GET " + target + " from byte " + position
                            + ": the server sent a range starting at byte " + range.first());
                }
                requireSameObject(target, status, seen, range.total());
                if (contentLength < 0) {
                    contentLength = range.total();
                }
                toDiscard = 0;
            } else if (status == 416 && position > 0 && unsatisfiableAtEnd(r)) {
                atEnd = true;
            } else {
                throw new TransferException(target, status, "GET " + target
                        + (position > 0 ? " from byte " + position : "") + ": HTTP " + status);
            }
        } catch (IOException | RuntimeException e) {
            r.body().cancel();
            throw e;
        }
        if (!seen.isEmpty()) {
            validators.put(target, seen);
        }
        url = target;
        resumedFrom = position;
        progressedThisAttempt = false;
        current = null;
        body = r.body();
        if (atEnd) {
            body.cancel();
            body = null;
        }
    }

    private boolean unsatisfiableAtEnd(Fetcher.Response r) {
        String header = r.headers().firstValue("Content-Range").orElse("");
        return header.trim().equals("bytes */" + position) && (contentLength < 0 || contentLength == position);
    }

    private static ContentRange contentRange(URI target, int status, String header) throws TransferException {
        try {
            return ContentRange.parse(header);
        } catch (IllegalArgumentException e) {
            throw new TransferException(target, status, "GET " + target + ": " + e.getMessage(), e);
        }
    }

    /** Fails if the answer shows a different object from the one whose bytes were delivered so far. */
    private void requireSameObject(URI target, int status, Validator seen, long total) throws ObjectChangedException {
        Validator before = validators.get(target);
        String why = null;
        if (before != null && !before.compatibleWith(seen)) {
            why = before.describe() + " before, " + seen.describe() + " now";
        } else if (contentLength >= 0 && total >= 0 && total != contentLength) {
            why = "size " + contentLength + " before, " + total + " now";
        }
        if (why != null) {
            throw new ObjectChangedException(target, status, "downloading " + target + ": the object changed during"
                    + " download (" + why + ") after " + position + " bytes had been read; refusing to mix versions");
        }
    }

    /** Takes the next buffer of the body; on a failure, resumes from the current position. */
    private void fill() throws IOException {
        try {
            current = body == null ? null : body.next();
            if (current == null) {
                if (toDiscard > 0 || (contentLength >= 0 && position < contentLength)) {
                    throw new TransferException(url, -1, "reading the body of " + url
                            + ": connection closed with " + position + " of " + contentLength + " bytes delivered"
                            + (toDiscard > 0 ? " (" + toDiscard + " bytes short of the resume point)" : ""));
                }
                finish();
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (body != null) {
                body.cancel();
                body = null;
            }
            current = null;
            recordFailure(e, progressedThisAttempt);
            connect();
        }
    }

    private void finish() {
        eof = true;
        body = null;
        result = digests.finish();
        meter.finish(url, position, contentLength, attempts, resumedFrom);
    }

    /** Decides what the next attempt is after a failure, or throws when there is none. */
    private void recordFailure(IOException e, boolean progressed) throws IOException {
        failures.add(e);
        if (e instanceof TransferException t && t.permanent()) {
            live.remove(mirrorIndex);
            if (live.isEmpty()) {
                throw withHistory(e, e);
            }
            mirrorIndex %= live.size();
            nextPause = null;
        } else {
            failuresInRow = progressed ? 1 : failuresInRow + 1;
            if (!progressed) {
                mirrorIndex = (mirrorIndex + 1) % live.size();
            }
            nextPause = fetcher.backoff().delay(failuresInRow);
        }
        if (attempts >= options.maxAttempts()) {
            int status = e instanceof TransferException t ? t.status() : -1;
            throw withHistory(new TransferException(url, status, "downloading " + String.join(", ",
                    mirrors.stream().map(URI::toString).toList()) + ": giving up after " + attempts
                    + " attempts at byte " + position + "; last error: " + e.getMessage(), e), e);
        }
    }

    private IOException withHistory(IOException thrown, IOException last) {
        for (IOException earlier : failures) {
            if (earlier != last) {
                thrown.addSuppressed(earlier);
            }
        }
        return thrown;
    }
}
