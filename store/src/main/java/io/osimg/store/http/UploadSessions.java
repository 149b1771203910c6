package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobStore;
import io.osimg.store.BlobTransaction;
import io.osimg.store.StagedBlob;
import io.osimg.store.publish.ReleaseExistsException;
import io.osimg.store.publish.ReleaseRule;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upload sessions: the files of one image are PUT into a {@link BlobTransaction} and published together by a
 * commit, so readers see the whole image or nothing.
 *
 * <ol>
 *   <li>{@code POST /api/v1/uploads?directory=<image dir>} (bearer token) opens a session: 201
 *       {@code {"id","directory"}}. The directory must be an image directory of the layout
 *       ({@code 20261120/debian/12}, {@code stable/debian/12}, {@code pull_requests/42-x/debian/12}); 409 when it is
 *       a release that exists already.</li>
 *   <li>{@code PUT /<directory>/<file>?upload=<id>} stages a file (digest headers checked while it streams in);
 *       a digest mismatch aborts the whole session. Sessions are the only way to write: a PUT without
 *       {@code ?upload=} is refused.</li>
 *   <li>{@code POST /api/v1/uploads/<id>/commit} publishes: 409 when {@code img.tar.lz4} or its {@code .md5} is
 *       missing, or when the directory is a release that exists already (releases are immutable); 422 (and the
 *       session discarded) when the uploaded {@code .md5} or {@code .sha512} file does not name the digest of the
 *       uploaded {@code img.tar.lz4}; then the catalog is rescanned.</li>
 *   <li>{@code DELETE /api/v1/uploads/<id>} discards. Sessions idle for an hour are discarded too, and all of them
 *       when the server stops (their files live in {@code .staging}).</li>
 * </ol>
 */
final class UploadSessions {

    static final String PATH = "/api/v1/uploads";
    private static final Logger LOG = Logger.getLogger(UploadSessions.class.getName());
    private static final Duration IDLE = Duration.ofHours(1);
    /** How much of an uploaded file is kept to compare checksum files with the image at commit. */
    static final int CHECKSUM_FILE_LIMIT = 4096;

    private final BlobStore store;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /**
     * Held from the release check ({@link ReleaseRule}, also checked when a session opens, for an early answer) to the
     * end of a commit, so no two commits publish one release: the first commit wins, the second gets a
     * {@link ReleaseExistsException}.
     */
    private final Object publishing = new Object();

    /** One open session. */
    static final class Session {
        final String id;
        final StoreKey image;
        final BlobTransaction tx;
        final Set<String> names = new LinkedHashSet<>();
        /** Per staged file: its md5 and sha512 as received, and its first bytes. */
        final Map<String, Received> received = new ConcurrentHashMap<>();
        volatile Instant touched;

        record Received(String md5, String sha512, byte[] head) {}

        void received(String name, String md5, String sha512, byte[] head) {
            received.put(name, new Received(md5, sha512, head));
        }

        Session(String id, StoreKey image, BlobTransaction tx, Instant now) {
            this.id = id;
            this.image = image;
            this.tx = tx;
            this.touched = now;
        }

        synchronized StagedBlob stage(String name) throws IOException {
            if (!names.add(name)) {
                throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.CONFLICT, "conflict",
                        "upload " + id + ": " + name + " was uploaded already"));
            }
            return tx.stage(name);
        }
    }

    UploadSessions(BlobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Session open(String directory) throws IOException {
        expireIdle();
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("opening an upload: the directory parameter is missing");
        }
        BlobKey.validate(directory);
        StoreKey image = StoreLayout.parseKey(directory + "/" + ImageFiles.IMAGE).orElseThrow(() ->
                new IllegalArgumentException("opening an upload: " + directory
                        + " is not an image directory (<release>|stable|pull_requests/<n-branch>)/<os>/<major.minor>"));
        ReleaseRule.requireNew(image, store);
        Session s = new Session(UUID.randomUUID().toString(), image, store.begin(directory), clock.instant());
        sessions.put(s.id, s);
        return s;
    }

    /** The session a {@code PUT ...?upload=<id>} belongs to; the key must be a file directly in its directory. */
    Session forUpload(String id, String key) {
        Session s = get(id);
        if (!BlobKey.parent(key).equals(s.image.imageDir())) {
            throw new IllegalArgumentException("upload " + id + " is for " + s.image.imageDir() + ", not for " + key);
        }
        s.touched = clock.instant();
        return s;
    }

    Session get(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            throw new RequestRejectedException(ErrorMapper.notFound("no upload session " + id
                    + " (committed, discarded, expired, or the server restarted)"));
        }
        return s;
    }

    List<BlobInfo> commit(String id) throws IOException {
        Session s = get(id);
        synchronized (s) {
            for (String required : List.of(ImageFiles.IMAGE, ImageFiles.MD5)) {
                if (!s.names.contains(required)) {
                    throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.CONFLICT, "incomplete",
                            "committing upload " + id + " of " + s.image.imageDir() + ": " + required + " was not uploaded"));
                }
            }
            checkChecksumFiles(s);
            synchronized (publishing) {
                try {
                    ReleaseRule.requireNew(s.image, store);
                    return s.tx.commit();
                } finally {
                    sessions.remove(id);
                    s.tx.close();
                }
            }
        }
    }

    /**
     * The image is published only when its checksum files match it: {@code .md5} (and {@code .sha512} when uploaded)
     * must name the digests the server computed while receiving {@code img.tar.lz4}.
     */
    private void checkChecksumFiles(Session s) throws IOException {
        Session.Received image = s.received.get(ImageFiles.IMAGE);
        for (DigestAlgorithm a : List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512)) {
            String name = ImageFiles.IMAGE + a.fileSuffix();
            Session.Received file = s.received.get(name);
            if (file == null || image == null) {
                continue;
            }
            String actual = a == DigestAlgorithm.MD5 ? image.md5() : image.sha512();
            String named;
            try {
                named = ChecksumFile.parse(a, new String(file.head(), StandardCharsets.UTF_8), ImageFiles.IMAGE).hex();
            } catch (IllegalArgumentException e) {
                discard(s.id);
                throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.UNPROCESSABLE_ENTITY,
                        "checksum_mismatch", "committing upload " + s.id + ": " + name + " is not a checksum file: " + e.getMessage()));
            }
            try {
                DigestCheck.require("committing upload " + s.id + ": " + s.image.imageDir() + "/" + ImageFiles.IMAGE
                        + " (" + name + ")", Map.of(a, named), Map.of(a, actual));
            } catch (DigestMismatchException e) {
                discard(s.id);
                throw e;
            }
        }
    }

    /** Discards a session; false when there was none. */
    boolean discard(String id) {
        Session s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        try {
            s.tx.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "discarding upload " + id, e);
        }
        return true;
    }

    private void expireIdle() {
        Instant limit = clock.instant().minus(IDLE);
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (s.touched.isBefore(limit)) {
                discard(s.id);
            }
        }
    }

    void closeAll() {
        for (String id : List.copyOf(sessions.keySet())) {
            discard(id);
        }
    }
}
