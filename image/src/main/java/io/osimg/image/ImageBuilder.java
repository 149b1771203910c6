package io.osimg.image;

import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.archive.tar.TarWriter;
import io.osimg.archive.tree.TreeArchiver;
import io.osimg.image.io.WritebackOutputStream;
import io.osimg.image.packages.DpkgStatus;
import io.osimg.image.packages.PackageCapture;
import io.osimg.image.packages.PackageInventory;
import io.osimg.image.packages.RpmDatabase;
import io.osimg.image.sbom.CycloneDx;
import io.osimg.core.image.OsRelease;
import io.osimg.image.source.Compression;
import io.osimg.image.source.ImageSource;
import io.osimg.image.source.layer.LayerFlattener;
import io.osimg.image.source.oci.LayeredImage;
import io.osimg.archive.staging.Staging;
import io.osimg.core.image.ImageOrigin;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestingInputStream;
import io.osimg.core.checksum.DigestingOutputStream;
import io.osimg.core.checksum.FileDigests;
import io.osimg.core.store.ImageFiles;
import io.osimg.trust.ImageSigner;
import io.osimg.core.image.ImageLifetime;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import io.osimg.store.publish.ImagePublisher;
import io.osimg.store.publish.PublishedImage;
import io.osimg.store.publish.StagedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a root filesystem (a directory or a tar, compressed or not) into the artifacts of the contract and
 * publishes them atomically into a store through its {@link ImagePublisher}: {@code img.tar.lz4}, {@code .md5}, {@code .sha512},
 * {@code packages.txt}, {@code manifest.json} and {@code sbom.cdx.json} (CycloneDX, from the image's dpkg or rpm database).
 *
 * <p>Data path: source -> tar writer (or the source tar itself) -> sha256 of the tar -> parallel LZ4 HC encoder
 * -> staged file; then md5/sha256/sha512 of the compressed file, the side files, and one rename.
 */
public final class ImageBuilder {
    /** How much of the image is written between two background flushes to the disk. */
    private static final long WRITEBACK_EVERY = 32L << 20;

    /** strerror(ENOSPC), the message the JDK and the posix door give for a full file system. */
    private static final String ENOSPC = "No space left on device";

    private static final int TAR_BLOCK = 512;

    private final Clock clock;
    private final String osimgVersion;
    private final RpmDatabase rpm;

    public ImageBuilder(Clock clock, String osimgVersion) {
        this(clock, osimgVersion, RpmDatabase.onPath());
    }

    /** @param rpm reads an rpm-packaged image's database (the build machine's {@code rpm}) */
    public ImageBuilder(Clock clock, String osimgVersion, RpmDatabase rpm) {
        this.clock = clock;
        this.osimgVersion = osimgVersion;
        this.rpm = rpm;
    }

    /**
     * Builds the image {@code request} describes and publishes it through {@code publisher}: a release that the store
     * holds already is refused before any work ({@link io.osimg.store.publish.ReleaseExistsException}).
     */
    public BuildResult build(BuildRequest request, ImagePublisher publisher, BuildListener listener) throws IOException {
        if (request.source() instanceof ImageSource.RootFilesystem(Path source)) {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS) && !Files.exists(source)) {
                throw new NoSuchFileException(source.toString(), null, "source does not exist");
            }
            if (!Files.isDirectory(source) && !Files.isRegularFile(source)) {
                // a device or a FIFO has no end a build could wait for (/dev/zero even looks like an empty tar)
                throw new FileSystemException(source.toString(), null, "source is neither a directory nor a regular file "
                        + "(a device, FIFO or socket); give a root filesystem directory or a tar file");
            }
        }
        StoreKey key = StoreLayout.key("", request.channel(), request.channelName(), request.os(), request.version(),
                ImageFiles.IMAGE);
        String id = StoreLayout.imageIdOf(key).toString();
        try (StagedImage staged = publisher.open(key)) {
            return buildInto(staged, id, request, listener);
        } catch (IOException e) {
            if (noSpaceLeft(e)) {
                FileSystemException full = new FileSystemException(publisher.store(), null,
                        "the store is full (no space left on device) while writing image " + id + "; nothing was published");
                full.initCause(e);
                throw full;
            }
            throw e;
        }
    }

    /** Whether writing failed because the file system ran out of space (ENOSPC), whatever wrapped the error. */
    private static boolean noSpaceLeft(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(ENOSPC)) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (noSpaceLeft(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private BuildResult buildInto(StagedImage staging, String id, BuildRequest request, BuildListener listener)
            throws IOException {
        Path image = staging.dir().resolve(ImageFiles.IMAGE);
        Written written = switch (request.source()) {
            case ImageSource.RootFilesystem(Path source) when Files.isDirectory(source) ->
                    writeDirectory(request, source, image, listener);
            case ImageSource.RootFilesystem(Path source) -> {
                try (InputStream in = Files.newInputStream(source)) {
                    yield writeTar(request, source.toString(), in, Files.size(source), image, listener);
                }
            }
            case ImageSource.StandardInput(InputStream in) ->
                    writeTar(request, "standard input", in, -1, image, listener);
            case ImageSource.Container container -> writeContainer(request, container, image, listener);
        };
        try (PackageCapture capture = written.packages()) {
            return finish(staging, id, request, listener, image, written, capture);
        }
    }

    private BuildResult finish(StagedImage staging, String id, BuildRequest request, BuildListener listener, Path image,
            Written written, PackageCapture capture) throws IOException {

        Map<DigestAlgorithm, String> digests = written.imageDigests().isPresent() ? written.imageDigests().get()
                : FileDigests.of(image, DigestAlgorithm.MD5, DigestAlgorithm.SHA256, DigestAlgorithm.SHA512);
        // on disk before the rename publishes it: after a crash a published image is whole or absent
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        List<String> files = new ArrayList<>(List.of(ImageFiles.IMAGE));
        writeText(staging.dir().resolve(ImageFiles.MD5), ChecksumFile.format(DigestAlgorithm.MD5, digests.get(DigestAlgorithm.MD5), ImageFiles.IMAGE));
        files.add(ImageFiles.MD5);
        writeText(staging.dir().resolve(ImageFiles.SHA512), ChecksumFile.format(DigestAlgorithm.SHA512, digests.get(DigestAlgorithm.SHA512), ImageFiles.IMAGE));
        files.add(ImageFiles.SHA512);
        Optional<PackageInventory> inventory = capture.inventory(rpm);
        if (inventory.isPresent()) {
            writeText(staging.dir().resolve(ImageFiles.PACKAGES), inventory.get().packagesTxt());
            files.add(ImageFiles.PACKAGES);
        } else {
            listener.warning("no package database (" + DpkgStatus.PATH + ", " + String.join(", ", RpmDatabase.PATHS)
                    + ") in the source: packages.txt not written, and the SBOM lists no packages");
        }

        Instant created = request.reproducible() ? request.sourceDateEpoch() : clock.instant();
        ImageManifest manifest = new ImageManifest(id, request.os(), request.version(),
                Files.size(image), written.tarBytes(),
                Map.of("md5", digests.get(DigestAlgorithm.MD5), "sha256", digests.get(DigestAlgorithm.SHA256),
                        "sha512", digests.get(DigestAlgorithm.SHA512)),
                Map.of("sha256", written.tarSha256()),
                request.source().describe(request.reproducible()), written.origin(),
                created, osimgVersion, request.features(), request.classification(),
                created.plus(ImageLifetime.DEFAULT));
        writeText(staging.dir().resolve(ImageFiles.MANIFEST), manifest.toJson());
        files.add(ImageFiles.MANIFEST);
        CycloneDx.Image described = new CycloneDx.Image(id, request.os(), request.version(), created,
                written.tarSha256(), manifest.compressedDigests(), osimgVersion);
        writeText(staging.dir().resolve(ImageFiles.SBOM), CycloneDx.write(described, inventory,
                capture.osRelease().map(OsRelease::parse).orElse(OsRelease.UNKNOWN)));
        files.add(ImageFiles.SBOM);
        if (!request.signingKeys().isEmpty()) {
            // the exact bytes written: a signature covers the file as it is published
            Map<String, byte[]> signatures = ImageSigner.sign(request.signingKeys().get(),
                    Files.readAllBytes(staging.dir().resolve(ImageFiles.SHA512)),
                    Files.readAllBytes(staging.dir().resolve(ImageFiles.MANIFEST)), clock.instant());
            for (Map.Entry<String, byte[]> f : signatures.entrySet()) {
                writeBytes(staging.dir().resolve(f.getKey()), f.getValue());
                files.add(f.getKey());
            }
        }

        PublishedImage published = staging.publish();
        return new BuildResult(id, published, List.copyOf(files), manifest, written.entries());
    }

    /**
     * @param imageDigests digests of img.tar.lz4 when they were computed while writing it (content size known up
     *     front), else empty: the file is hashed after it is complete
     */
    private record Written(long tarBytes, String tarSha256, long entries, PackageCapture packages,
            Optional<Map<DigestAlgorithm, String>> imageDigests, ImageOrigin origin) {

        Written(long tarBytes, String tarSha256, long entries, PackageCapture packages,
                Optional<Map<DigestAlgorithm, String>> imageDigests) {
            this(tarBytes, tarSha256, entries, packages, imageDigests, null);
        }
    }

    private static Written writeDirectory(BuildRequest request, Path root, Path image, BuildListener listener)
            throws IOException {
        TreeArchiver archiver = new TreeArchiver(new TreeArchiver.Options(request.reproducible(),
                Optional.ofNullable(request.sourceDateEpoch()), listener::warning));
        TreeArchiver.Result result;
        DigestingOutputStream tar;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
             Lz4FrameOutputStream lz4 = Lz4FrameOutputStream.toChannel(ch, imageWriter(ch), request.lz4())) {
            tar = new DigestingOutputStream(lz4, n -> listener.progress(n, -1, -1), DigestAlgorithm.SHA256);
            BufferedOutputStream buffered = new BufferedOutputStream(tar, 1 << 16);
            TarWriter writer = new TarWriter(buffered);
            result = archiver.archive(root, writer);
            writer.finish();
            buffered.flush();
        }
        return new Written(tar.count(), tar.digests().get(DigestAlgorithm.SHA256), result.entries(),
                PackageCapture.ofDirectory(root), Optional.empty());
    }

    /**
     * Passes a tar source through unchanged (so a reproducible input stays reproducible), reading its entries on
     * the way to check that it is a complete tar and to pick up the package database and os-release.
     */
    private static Written writeTar(BuildRequest request, String source, InputStream input, long total, Path image,
            BuildListener listener) throws IOException {
        DigestingOutputStream tar;
        DigestingOutputStream hashedImage = null;
        PackageCapture packages = new PackageCapture();
        long entries = 0;
        try (DigestingInputStream raw = new DigestingInputStream(input, null);
             FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            Compression.Opened opened;
            try {
                opened = Compression.open(raw);
            } catch (IOException e) {
                throw new IOException("source " + source + ": " + e.getMessage(), e);
            }
            InputStream tarStream = refuseEmptyTar(source, opened.stream());
            Lz4FrameOutputStream lz4;
            if (opened.compression() == Compression.NONE && total >= 0) {
                // a plain tar passes through unchanged: its size is the content size, known before the first byte,
                // so the header needs no patching and the image can be hashed while it is written
                hashedImage = new DigestingOutputStream(
                        new BufferedOutputStream(imageWriter(ch), 1 << 20),
                        null, DigestAlgorithm.MD5, DigestAlgorithm.SHA256, DigestAlgorithm.SHA512);
                lz4 = Lz4FrameOutputStream.withContentSize(hashedImage, request.lz4(), total);
            } else {
                lz4 = Lz4FrameOutputStream.toChannel(ch, imageWriter(ch), request.lz4());
            }
            try (lz4) {
                tar = new DigestingOutputStream(lz4, n -> listener.progress(n, raw.count(), total), DigestAlgorithm.SHA256);
                BufferedOutputStream out = new BufferedOutputStream(tar, 1 << 16);
                InputStream tee = new DigestingInputStream(tarStream, out);
                try {
                    TarReader reader = new TarReader(tee);
                    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                        entries++;
                        String name = e.name();
                        while (name.startsWith("./") || name.startsWith("/")) {
                            name = name.substring(name.charAt(0) == '/' ? 1 : 2);
                        }
                        if (e.type() == EntryType.FILE && PackageCapture.wanted(name)) {
                            try {
                                packages.offer(name, e.size(), reader.content());
                            } catch (IOException x) {
                                // not the source's fault: keep it out of "not a complete tar archive" below
                                throw new UncheckedIOException(new IOException("source " + source + ": keeping "
                                        + name + " for the package list: " + x.getMessage(), x));
                            }
                        }
                    }
                    if (entries > 0) {
                        // only then: a file of zeros (a sparse 10 GB file, say) reads as an empty tar
                        tee.transferTo(OutputStream.nullOutputStream());
                    }
                } catch (IOException e) {
                    throw new IOException("source " + source + " (" + opened.compression().name().toLowerCase()
                            + "): not a complete tar archive: " + e.getMessage(), e);
                }
                if (entries == 0) {
                    throw new IOException("source " + source + ": the tar archive holds no entries");
                }
                out.flush();
            }
        } catch (UncheckedIOException e) {
            packages.close();
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            packages.close();
            throw e;
        }
        return new Written(tar.count(), tar.digests().get(DigestAlgorithm.SHA256), entries, packages,
                hashedImage == null ? Optional.empty() : Optional.of(hashedImage.digests()));
    }

    /**
     * Flattens a container image's layers ({@link LayerFlattener}) into the image: the layers are brought onto the
     * disk as blobs in a temporary directory (removed afterwards), the root filesystem never is.
     */
    private static Written writeContainer(BuildRequest request, ImageSource.Container source, Path image,
            BuildListener listener) throws IOException {
        Path work = Files.createTempDirectory("osimg-source-");
        // the first pass reads each layer as soon as it is on disk, on other threads, while later layers download
        try (LayerFlattener.Headers headers = new LayerFlattener.Headers(Runtime.getRuntime().availableProcessors())) {
            LayeredImage layered = source.image().open(work, source.arch(), listener::warning, headers);
            DigestingOutputStream tar;
            LayerFlattener.Result result;
            try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
                 Lz4FrameOutputStream lz4 = Lz4FrameOutputStream.toChannel(ch, imageWriter(ch), request.lz4())) {
                tar = new DigestingOutputStream(lz4, n -> listener.progress(n, -1, -1), DigestAlgorithm.SHA256);
                BufferedOutputStream buffered = new BufferedOutputStream(tar, 1 << 16);
                TarWriter writer = new TarWriter(buffered);
                result = LayerFlattener.flatten(layered.layers(), writer, PackageCapture::wanted, headers);
                writer.finish();
                buffered.flush();
            }
            PackageCapture packages = new PackageCapture();
            try {
                for (Map.Entry<String, byte[]> f : new TreeMap<>(result.captured()).entrySet()) {
                    packages.offer(f.getKey(), f.getValue().length, new ByteArrayInputStream(f.getValue()));
                }
            } catch (IOException | RuntimeException e) {
                packages.close();
                throw e;
            }
            return new Written(tar.count(), tar.digests().get(DigestAlgorithm.SHA256), result.entries(), packages,
                    Optional.empty(), layered.origin());
        } finally {
            Staging.deleteTree(work);
        }
    }

    /**
     * Fails at once when the tar starts with a zero block, its end: an empty archive (or a file of zeros, a sparse
     * 10 GB file say) would otherwise be read to its end before it turned out to hold nothing.
     */
    private static InputStream refuseEmptyTar(String source, InputStream tar) throws IOException {
        BufferedInputStream in = new BufferedInputStream(tar, 1 << 16);
        in.mark(TAR_BLOCK);
        byte[] first;
        try {
            first = in.readNBytes(TAR_BLOCK);
        } catch (IOException e) {
            throw new IOException("source " + source + ": not a complete tar archive: " + e.getMessage(), e);
        }
        in.reset();
        if (first.length == TAR_BLOCK && Arrays.equals(first, new byte[TAR_BLOCK])) {
            throw new IOException("source " + source + ": the tar archive holds no entries (it starts with its end, "
                    + "a block of zeros)");
        }
        return in;
    }

    /** Writes into the staged image, with the dirty pages flushed in the background as it grows. */
    private static OutputStream imageWriter(FileChannel ch) {
        return new WritebackOutputStream(ch, WRITEBACK_EVERY);
    }

    private static void writeText(Path file, String text) throws IOException {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(bytes);
            out.flush();
            ch.force(true);
        }
    }
}
