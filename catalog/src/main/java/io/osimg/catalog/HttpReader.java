package io.osimg.catalog;

import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small documents of a catalog (API answers, listing pages, checksum files, manifests) over the transfer's fetcher. */
final class HttpReader {

    /** Larger answers are refused: a listing page or an API answer is at most a few megabytes. */
    static final int LIMIT = 16 << 20;

    private final Fetcher fetcher;
    private final boolean owned;

    /** @param owned whether {@link #close()} closes the fetcher */
    HttpReader(Fetcher fetcher, boolean owned) {
        this.fetcher = fetcher;
        this.owned = owned;
    }

    /** The document, or empty when the server says it has none (404, 410; 403 as S3 answers for a missing key). */
    Optional<byte[]> getIfPresent(URI uri) throws IOException {
        try {
            return Optional.of(get(uri));
        } catch (TransferException e) {
            if (e.status() == 404 || e.status() == 410 || e.status() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The document, through the fetcher's deadlines, retries and trust. */
    byte[] get(URI uri) throws IOException {
        byte[] body;
        try (FetchStream in = fetcher.open(List.of(uri), Set.of(), null)) {
            body = in.readNBytes(LIMIT + 1);
        }
        if (body.length > LIMIT) {
            throw new IOException("GET " + uri + ": the answer is larger than " + (LIMIT >> 20) + " MiB");
        }
        return body;
    }

    void close() {
        if (owned) {
            fetcher.close();
        }
    }
}
