package io.osimg.store.mirror;

import io.osimg.core.text.TextFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.checksum.FileDigests;
import io.osimg.core.checksum.ImageChecksums;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.StoredImage;
import io.osimg.transfer.Download;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.ProgressListener;
import io.osimg.trust.SignatureFiles;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.UntrustedImageException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Downloads the files of one upstream image into a work directory and verifies {@code img.tar.lz4} against its
 * checksum files ({@code .md5}, and {@code .sha512} when upstream has one; at least one must exist) and the digests
 * in {@code manifest.json} before anything is published.
 *
 * <p>The work directory ({@code <partial>/<url-encoded image directory>}) survives a crash: a file whose download
 * was cut off is continued from its {@code .part} with a {@code Range} request; finished files are not fetched again.
 * A digest mismatch deletes the work directory (those bytes must not be resumed) and fails with
 * {@link DigestMismatchException}.
 */
final class ImageDownload {

    private static final List<DigestAlgorithm> VERIFIED = List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);

    private final Upstream upstream;
    private final Fetcher fetcher;
    private final StoredImage image;
    private final Path work;
    private final BiFunction<StoredImage, String, ProgressListener> progress;
    private final TrustPolicy trust;
    private long bytesTransferred;
    private boolean resumed;

    ImageDownload(Upstream upstream, Fetcher fetcher, StoredImage image, Path partialRoot,
                  BiFunction<StoredImage, String, ProgressListener> progress) {
        this(upstream, fetcher, image, partialRoot, progress, null);
    }

    /** @param trust the keys the image's sha512 file must be signed by, checked before the image is fetched; null for none */
    ImageDownload(Upstream upstream, Fetcher fetcher, StoredImage image, Path partialRoot,
                  BiFunction<StoredImage, String, ProgressListener> progress, TrustPolicy trust) {
        this.trust = trust;
        this.upstream = upstream;
        this.fetcher = fetcher;
        this.image = image;
        this.work = workDirectory(partialRoot, image.directory());
        this.progress = progress;
    }

    /** Where the files of the image directory {@code directory} are downloaded to. */
    static Path workDirectory(Path partialRoot, String directory) {
        return partialRoot.resolve(URLEncoder.encode(directory, StandardCharsets.UTF_8));
    }

    /** Downloads and verifies; returns the work directory, holding exactly the image's files. */
    Path run() throws IOException {
        Files.createDirectories(work);
        List<String> names = new ArrayList<>(image.files().keySet());
        names.remove(ImageFiles.IMAGE);
        names.add(ImageFiles.IMAGE); // small files first: a bad checksum file fails before the big transfer
        Map<DigestAlgorithm, String> digests = Map.of();
        for (String name : names) {
            if (name.equals(ImageFiles.IMAGE) && trust != null) {
                checkSignature();
            }
            Map<DigestAlgorithm, String> d = fetch(name, name.equals(ImageFiles.IMAGE) ? VERIFIED : List.of());
            if (name.equals(ImageFiles.IMAGE)) {
                digests = d;
            }
        }
        try {
            verify(digests);
        } catch (DigestMismatchException e) {
            WorkDirs.delete(work);
            throw e;
        }
        return work;
    }

    /**
     * The trust policy's check of the sha512 file just fetched (the bytes {@link #verify} then holds the image
     * against); a refused image's files are dropped from the work area.
     */
    private void checkSignature() throws IOException {
        String what = upstream.uri(image.keyOf(ImageFiles.IMAGE)).toString();
        try {
            trust.check(new SignatureFiles(what, workFile(ImageFiles.SHA512), workFile(ImageFiles.SHA512_ASC),
                    workFile(ImageFiles.SHA512_SIG)));
        } catch (UntrustedImageException e) {
            WorkDirs.delete(work);
            throw e;
        }
    }

    private byte[] workFile(String name) throws IOException {
        Path f = work.resolve(name);
        return image.files().containsKey(name) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    /** Bytes received from upstream by {@link #run()} (not counting resumed bytes from an earlier run). */
    long bytesTransferred() {
        return bytesTransferred;
    }

    /** True when a file was continued from a partial download of an earlier run. */
    boolean resumed() {
        return resumed;
    }

    private Map<DigestAlgorithm, String> fetch(String name, List<DigestAlgorithm> algorithms) throws IOException {
        Path target = work.resolve(name);
        long expected = image.files().get(name);
        if (Files.isRegularFile(target) && Files.size(target) == expected) {
            return FileDigests.of(target, algorithms); // finished by an earlier run that did not get to publish
        }
        Download d;
        try {
            d = fetcher.download(List.of(upstream.uri(image.keyOf(name))), target, Set.copyOf(algorithms),
                    progress.apply(image, name));
        } catch (IllegalArgumentException e) {
            throw new UpstreamException("downloading " + image.keyOf(name) + ": " + e.getMessage(), e);
        }
        bytesTransferred += d.size() - d.resumedFrom() + d.bytesRedownloaded();
        resumed |= d.resumedFrom() > 0;
        if (d.size() != expected) {
            Files.deleteIfExists(target);
            throw new UpstreamException("downloading " + upstream.uri(image.keyOf(name)) + ": got " + d.size()
                    + " bytes but the listing says " + expected + " (changed upstream while mirroring?)");
        }
        return d.digests();
    }

    private void verify(Map<DigestAlgorithm, String> actual) throws IOException {
        String what = upstream.uri(image.keyOf(ImageFiles.IMAGE)).toString();
        ImageChecksums sums = ImageChecksums.read(work, VERIFIED);
        if (!sums.problems().isEmpty()) {
            ImageChecksums.Problem p = sums.problems().getFirst();
            WorkDirs.delete(work);
            throw new UpstreamException("verifying " + what + ": " + image.keyOf(p.file()) + " is not a checksum file: "
                    + p.message());
        }
        Map<DigestAlgorithm, String> promised = sums.promised();
        if (promised.isEmpty()) {
            throw new UpstreamException("verifying " + what + ": upstream has neither " + ImageFiles.MD5 + " nor "
                    + ImageFiles.SHA512 + "; an image is not mirrored unverified");
        }
        DigestCheck.require(what, promised, actual);
        Path manifest = work.resolve(ImageFiles.MANIFEST);
        if (Files.isRegularFile(manifest)) {
            ImageManifest m;
            try {
                m = ImageManifest.fromJson(TextFile.read(manifest));
            } catch (IllegalArgumentException | MalformedInputException e) {
                return; // the manifest is informational for the mirror; a broken one does not block the image
            }
            DigestCheck.require(what + " (manifest.json)", m.compressedDigestsOf(VERIFIED), actual);
        }
    }
}
