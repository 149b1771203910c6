package io.osimg.image.verify;

import io.osimg.core.text.TextFile;
import io.osimg.archive.lz4.Lz4FrameInputStream;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.checksum.DigestingInputStream;
import io.osimg.core.checksum.ImageChecksums;
import io.osimg.core.store.ImageFiles;
import io.osimg.trust.SignatureFiles;
import io.osimg.trust.Signatures;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.UntrustedImageException;
import io.osimg.core.image.ImageManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an image directory end to end in one pass over {@code img.tar.lz4}: every checksum file beside it, the
 * LZ4 frames (with their own checksums) to the end, and the tar to its end-of-archive marker; and, when a
 * {@code manifest.json} is present, its sizes and digests. The checksum files are read by {@link ImageChecksums} and
 * every digest is compared by {@link DigestCheck}, as the mirror and the installer's gate do; a mismatch is reported
 * with the message of the {@link DigestMismatchException} they would throw.
 */
public final class ImageVerifier {

    /** One check and its outcome. */
    public record Check(String name, boolean ok, String detail) {}

    /** All checks of one image; it verified when every check is ok. */
    public record Report(String image, List<Check> checks, long entries, long tarBytes) {
        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    public Report verify(Path dir) throws IOException {
        return verify(dir, null);
    }

    /**
     * Verifies, and with a trust policy also that a trusted key signed the sha512 file (check {@code signature});
     * without one the signatures found are reported, not checked.
     *
     * @param trust the policy ({@code --trust}), null for none
     */
    public Report verify(Path dir, TrustPolicy trust) throws IOException {
        Report report = verifyDigests(dir);
        List<Check> checks = new ArrayList<>(report.checks());
        SignatureFiles files = SignatureFiles.read(dir);
        if (trust != null) {
            try {
                checks.add(new Check("signature", true, trust.check(files).describe()));
            } catch (UntrustedImageException e) {
                checks.add(new Check("signature", false, e.getMessage()));
            }
        } else {
            String found;
            try {
                List<Signatures.Found> all = Signatures.inspect(files.asc(), files.sig());
                found = all.isEmpty() ? "unsigned"
                        : String.join(", ", all.stream().map(Signatures.Found::describe).toList()) + "; not checked (no --trust)";
            } catch (IOException e) {
                found = e.getMessage() + "; not checked (no --trust)";
            }
            checks.add(new Check("signature", true, found));
        }
        return new Report(report.image(), checks, report.entries(), report.tarBytes());
    }

    private Report verifyDigests(Path dir) throws IOException {
        Path image = dir.resolve(ImageFiles.IMAGE);
        if (!Files.isRegularFile(image)) {
            throw new NoSuchFileException(image.toString(), null, "no image archive here");
        }
        List<Check> checks = new ArrayList<>();
        ImageChecksums sums = ImageChecksums.read(dir, List.of(DigestAlgorithm.values()));
        if (!Files.exists(dir.resolve(ImageFiles.MD5), LinkOption.NOFOLLOW_LINKS)) {
            checks.add(new Check("md5 file", false, ImageFiles.MD5 + " is missing (the contract requires it)"));
        }
        for (ImageChecksums.Problem p : sums.problems()) {
            checks.add(new Check(p.algorithm().id() + " file", false, p.message()));
        }
        Optional<ImageManifest> manifest = Optional.empty();
        Path manifestFile = dir.resolve(ImageFiles.MANIFEST);
        if (Files.isRegularFile(manifestFile)) {
            try {
                manifest = Optional.of(ImageManifest.fromJson(TextFile.read(manifestFile)));
            } catch (IllegalArgumentException | IOException e) {
                checks.add(new Check("manifest", false, "manifest.json: " + e.getMessage()));
            }
        }

        long entries = 0;
        long tarBytes;
        long compressed = Files.size(image);
        boolean streamOk = true;
        Map<DigestAlgorithm, String> imageDigests;
        String tarSha256;
        try (DigestingInputStream raw = new DigestingInputStream(new BufferedInputStream(Files.newInputStream(image), 1 << 16),
                     null, DigestAlgorithm.values());
             DigestingInputStream tar = new DigestingInputStream(new Lz4FrameInputStream(raw), null, DigestAlgorithm.SHA256)) {
            try {
                TarReader reader = new TarReader(tar);
                for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                    entries++;
                }
                tar.transferTo(OutputStream.nullOutputStream());
                raw.transferTo(OutputStream.nullOutputStream());
                checks.add(new Check("lz4 and tar", true, entries + " entries, " + tar.count() + " bytes uncompressed"));
            } catch (IOException e) {
                streamOk = false;
                checks.add(new Check("lz4 and tar", false, ImageFiles.IMAGE + ": " + e.getMessage()));
                raw.transferTo(OutputStream.nullOutputStream()); // digests of the whole file still matter
            }
            tarBytes = tar.count();
            imageDigests = raw.digests();
            tarSha256 = streamOk ? tar.digests().get(DigestAlgorithm.SHA256) : null;
        }
        compare("", ImageFiles.IMAGE, sums.promised(), imageDigests, checks);
        if (manifest.isPresent()) {
            ImageManifest m = manifest.get();
            boolean sizeOk = m.compressedSize() == compressed && (!streamOk || m.uncompressedSize() == tarBytes);
            checks.add(new Check("manifest sizes", sizeOk, sizeOk ? compressed + " / " + tarBytes + " bytes"
                    : "manifest.json says " + m.compressedSize() + " / " + m.uncompressedSize()
                    + " bytes, the image has " + compressed + " / " + tarBytes));
            compare("manifest ", ImageFiles.IMAGE + " (" + ImageFiles.MANIFEST + ")",
                    m.compressedDigestsOf(List.of(DigestAlgorithm.values())), imageDigests, checks);
            String want = m.uncompressedDigests() == null ? null : m.uncompressedDigests().get("sha256");
            if (want != null && streamOk) {
                compare("manifest tar ", ImageFiles.IMAGE + " uncompressed", Map.of(DigestAlgorithm.SHA256, want),
                        Map.of(DigestAlgorithm.SHA256, tarSha256), checks);
            }
        }
        return new Report(dir.toString(), checks, entries, tarBytes);
    }

    /** One check per promised digest, named {@code <prefix><algorithm>}, through the shared comparison. */
    private static void compare(String prefix, String what, Map<DigestAlgorithm, String> promised,
                                Map<DigestAlgorithm, String> actual, List<Check> checks) {
        Map<DigestAlgorithm, DigestMismatchException> failed = new EnumMap<>(DigestAlgorithm.class);
        DigestCheck.mismatches(what, promised, actual).forEach(e -> failed.put(e.algorithm(), e));
        for (DigestAlgorithm a : promised.keySet()) {
            DigestMismatchException e = failed.get(a);
            checks.add(new Check(prefix + a.id(), e == null, e == null ? actual.get(a) : e.getMessage()));
        }
    }
}
