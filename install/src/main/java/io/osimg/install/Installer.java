package io.osimg.install;

import io.osimg.archive.extract.RootfsExtractor;
import io.osimg.archive.lz4.Lz4FrameInputStream;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.checksum.DigestingInputStream;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.contract.ImagePath;
import io.osimg.install.contract.TargetDisks;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Outcome;
import io.osimg.install.events.Phase;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import io.osimg.trust.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Installs an image onto a target directory in one pass: the checksum files first, then the image streamed from
 * HTTP (or a file) through the digests, the LZ4 decoder (decoding in its own thread) and the tar reader onto the
 * target, with bounded buffers and no copy on disk. After the tar's end the rest of the stream is read so the
 * digests cover every byte; only an image whose md5 (and sha512, when the store has it) matched becomes a
 * {@link VerifiedImage}, and only a verified image reaches the contract steps and kexec.
 *
 * <p>On any failure before that point (transfer, LZ4 or tar format, a rejected entry, a digest mismatch) the
 * target is wiped and the error thrown. A format error on an image whose digest does not match is reported as
 * the {@link DigestMismatchException} (the real cause), with the format error attached as suppressed.
 *
 * <p>From before the first entry until the contract steps succeeded the target holds the {@link InstallMarker}:
 * what an installation killed at any point, or failed after verification, left behind is recognised by the next
 * one: refused, or wiped first when the request says {@code force}.
 *
 * <p>Events: {@code download}, {@code verify} and {@code extract} start together (they overlap in the one pass);
 * {@code download} and {@code extract} end at the end of the stream, {@code verify} when the digests are
 * compared. Then {@code configure} (the contract steps) and {@code kexec}.
 */
public final class Installer {

    /**
     * @param source       the image
     * @param target       an existing directory, empty but for {@code lost+found} (and mount points), or holding
     *                     an unfinished installation (its {@link InstallMarker}) when {@code force} is given
     * @param machine      the machine document; null to extract and verify only
     * @param keepImageDir where to keep a copy of the compressed image, null for none
     * @param kexec        boot the installed kernel at the end (otherwise only the {@link BootPlan} is returned)
     * @param force        wipe an unfinished installation found in the target first (without it, it is refused)
     * @param trust        the keys the image's sha512 file must be signed by ({@code --trust}), checked before the
     *                     target is touched and the image requested; null for no policy
     */
    public record Request(ImageSource source, Path target, MachineDocument machine, Path keepImageDir, boolean kexec,
                          boolean force, TrustPolicy trust) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
        }

        /** A request without a trust policy. */
        public Request(ImageSource source, Path target, MachineDocument machine, Path keepImageDir, boolean kexec,
                       boolean force) {
            this(source, target, machine, keepImageDir, kexec, force, null);
        }

        /** A request that refuses an unfinished installation in the target. */
        public Request(ImageSource source, Path target, MachineDocument machine, Path keepImageDir, boolean kexec) {
            this(source, target, machine, keepImageDir, kexec, false);
        }
    }

    /**
     * @param image     the verified image
     * @param extracted what the extraction wrote
     * @param boot      the kernel to boot, null when no machine document was given
     */
    public record Result(VerifiedImage image, RootfsExtractor.Result extracted, BootPlan boot) {
    }

    private final Fetcher fetcher;
    private final RootfsWriter writer;
    private final ContractRunner contract;
    private final KexecStep kexec;
    private final EventSink events;
    private final LongSupplier nanoTime;
    private final Clock clock;

    public Installer(Fetcher fetcher, RootfsWriter writer, ContractRunner contract, KexecStep kexec, EventSink events,
                     LongSupplier nanoTime) {
        this(fetcher, writer, contract, kexec, events, nanoTime, Clock.systemUTC());
    }

    /** @param clock the time the {@link InstallMarker} records as the start */
    public Installer(Fetcher fetcher, RootfsWriter writer, ContractRunner contract, KexecStep kexec, EventSink events,
                     LongSupplier nanoTime, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.kexec = Objects.requireNonNull(kexec, "kexec");
        this.events = events == null ? EventSink.NONE : events;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The installer of this machine: the archive's extractor, the real contract steps, and kexec on this
     * architecture.
     *
     * @param cmdlineFile  the installer's kernel command line ({@code /proc/cmdline}), for the console in install.yaml
     * @param rootUuid     the root file system's UUID for install.yaml, {@code ""} when not known
     * @param osInstaller  the OS installer for images without a script ({@code --os-installer}), null for none
     * @param beforeReboot run once the kernel is loaded, before the reboot ({@link KexecStep#system(Runnable)})
     */
    public static Installer system(Fetcher fetcher, Path cmdlineFile, String rootUuid, Path osInstaller,
                                   Runnable beforeReboot, EventSink events) {
        return new Installer(fetcher, RootfsWriter.rootfs(events::warning), ContractRunner.system(cmdlineFile,
                TargetDisks.rootOnly(rootUuid), osInstaller),
                KexecStep.system(beforeReboot), events, System::nanoTime);
    }

    public Result install(Request request) throws IOException {
        return install(request, new Outcome.Builder());
    }

    /**
     * Installs, recording in {@code outcome} how far it got, also when it fails: the sizes and digests once the
     * image verified, kernel, initrd and command line once the contract steps ended.
     */
    public Result install(Request request, Outcome.Builder outcome) throws IOException {
        // with a policy the signature is checked before anything else: a refused image leaves the target untouched
        ExpectedDigests expected = request.trust() == null ? null : expect(request.source(), request.trust());
        prepareTarget(request);
        if (expected == null) {
            expected = expect(request.source(), null);
        }
        return installChecked(request, outcome, expected);
    }

    /**
     * The digests the image must have, read before the image: its checksum files and, with a policy, the trusted
     * signature over its sha512 file ({@link io.osimg.trust.UntrustedImageException} when the policy refuses it).
     *
     * @param trust the policy, null for none
     */
    public ExpectedDigests expect(ImageSource source, TrustPolicy trust) throws IOException {
        return expect(fetcher, source, trust, events);
    }

    /** {@link #expect(ImageSource, TrustPolicy)} for a workflow that has no installer yet (the disks'). */
    public static ExpectedDigests expect(Fetcher fetcher, ImageSource source, TrustPolicy trust, EventSink events)
            throws IOException {
        ExpectedDigests expected = new ChecksumSource(new SmallFiles(fetcher)).expected(source, trust);
        if (expected.signature() != null) {
            events.log(Phase.VERIFY, source.describe() + ": " + expected.signature().describe());
        }
        return expected;
    }

    /**
     * Installs with digests already read by {@link #expect} (the disk workflow reads them before it partitions).
     */
    public Result install(Request request, Outcome.Builder outcome, ExpectedDigests expected) throws IOException {
        if (request.trust() != null && expected.signature() == null) {
            throw new IllegalStateException("a trust policy without a checked signature");
        }
        prepareTarget(request);
        return installChecked(request, outcome, expected);
    }

    private Result installChecked(Request request, Outcome.Builder outcome, ExpectedDigests expected) throws IOException {
        PhaseClock phases = new PhaseClock(events, nanoTime);
        InstallMarker.write(request.target(), request.source().describe(), clock.instant());
        Extraction done = extractAndVerify(request, expected, phases);
        VerifiedImage image = done.image();
        Map<String, String> digests = new TreeMap<>();
        image.digests().forEach((algorithm, hex) -> digests.put(algorithm.id(), hex));
        outcome.verified(image.bytes(), done.uncompressedBytes(), digests);
        if (request.machine() == null) {
            InstallMarker.remove(request.target());
            return new Result(image, done.stats(), null);
        }
        // the contract runner reports its own phases (configure, install-script)
        BootInfo info = contract.configure(image, request.machine(), events);
        if (info == null) {
            if (request.kexec()) {
                throw new IOException(request.source().describe() + ": --kexec, but the image wrote no "
                        + "/etc/metal/boot-info.yaml (its os-installer.yaml leaves the task out): nothing to boot");
            }
            InstallMarker.remove(request.target());
            return new Result(image, done.stats(), null);
        }
        BootPlan plan = planOf(image, info);
        outcome.boot(plan.toOutcome());
        InstallMarker.remove(request.target());
        if (request.kexec()) {
            phases.start(Phase.KEXEC);
            try {
                kexec.boot(image, plan);
                phases.finish(Phase.KEXEC);
            } catch (IOException | RuntimeException e) {
                phases.failAll(e);
                throw e;
            }
        }
        return new Result(image, done.stats(), plan);
    }

    /** @param uncompressedBytes the size of the tar */
    private record Extraction(VerifiedImage image, RootfsExtractor.Result stats, long uncompressedBytes) {
    }

    /** The one pass; returns only with a verified image, else the target is wiped and the error thrown. */
    private Extraction extractAndVerify(Request request, ExpectedDigests expected, PhaseClock phases) throws IOException {
        ImageSource source = request.source();
        Path target = request.target();
        Set<DigestAlgorithm> algorithms = expected.byAlgorithm().keySet();
        RateMeter download = new RateMeter(Phase.DOWNLOAD, events, -1, nanoTime);
        RateMeter extract = new RateMeter(Phase.EXTRACT, events, -1, nanoTime);
        phases.start(Phase.DOWNLOAD);
        phases.start(Phase.VERIFY);
        phases.start(Phase.EXTRACT);
        KeptImage kept = null;
        InputStream raw = null;
        DigestingInputStream hashed = null;
        DetachableInputStream lent = null;
        Lz4FrameInputStream lz4 = null;
        RootfsWriter.Session session = null;
        try {
            kept = request.keepImageDir() == null ? null : KeptImage.create(request.keepImageDir());
            raw = open(source, download);
            hashed = new DigestingInputStream(raw, kept == null ? null : kept.out(), download::update, algorithms);
            lent = new DetachableInputStream(hashed);
            lz4 = new Lz4FrameInputStream(lent);
            CountingInputStream tarBytes = new CountingInputStream(lz4, extract::update);
            TarReader tar = new TarReader(tarBytes);
            session = writer.open(target);
            for (TarEntry entry; (entry = tar.next()) != null; ) {
                if (InstallMarker.isMarker(entry.path())) {
                    throw new IOException("extracting " + entry.name() + " from " + source.describe() + ": "
                            + InstallMarker.NAME + " is osimg's install marker, an image must not hold it");
                }
                session.extract(entry, tar.content());
            }
            RootfsExtractor.Result stats = session.finish();
            lz4.close();
            hashed.drainToEnd();
            download.finish(hashed.count());
            extract.finish(tarBytes.count());
            phases.finish(Phase.DOWNLOAD);
            phases.finish(Phase.EXTRACT);
            VerifiedImage image = VerificationGate.check(gated(source, expected), expected, hashed.digests(), target, hashed.count());
            phases.finish(Phase.VERIFY);
            if (kept != null) {
                kept.publish(image);
            }
            return new Extraction(image, stats, tarBytes.count());
        } catch (IOException | RuntimeException failure) {
            Exception reported = diagnose(failure, source, expected, target, lent, hashed);
            phases.failAll(reported);
            closeQuietly(session);
            wipe(target, reported);
            if (reported instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) reported;
        } finally {
            closeQuietly(session);
            closeQuietly(lz4);
            closeQuietly(raw);
            closeQuietly(kept);
        }
    }

    /**
     * When reading failed for another reason than the transfer, reads the rest of the image to find out whether
     * its digest matches: a corrupt image is a digest mismatch (the format error its symptom).
     */
    private static Exception diagnose(Exception failure, ImageSource source, ExpectedDigests expected, Path target,
                                      DetachableInputStream lent, DigestingInputStream hashed) {
        if (hashed == null || failure instanceof DigestMismatchException || causedByTransfer(failure)) {
            return failure;
        }
        try {
            lent.detach();
            hashed.drainToEnd();
            VerificationGate.check(gated(source, expected), expected, hashed.digests(), target, hashed.count());
        } catch (DigestMismatchException mismatch) {
            mismatch.addSuppressed(failure);
            return mismatch;
        } catch (IOException | RuntimeException drainFailed) {
            failure.addSuppressed(drainFailed);
        }
        return failure;
    }

    /** The image as the gate names it; with a signature, the key that vouched for the expected sha512 too. */
    private static String gated(ImageSource source, ExpectedDigests expected) {
        return expected.signature() == null ? source.describe()
                : source.describe() + " (its sha512 file " + expected.signature().describe() + ")";
    }

    private static boolean causedByTransfer(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TransferException) {
                return true;
            }
        }
        return false;
    }

    private InputStream open(ImageSource source, RateMeter download) throws IOException {
        if (source.isLocal()) {
            download.total(Files.size(source.file()));
            return Files.newInputStream(source.file());
        }
        FetchStream in = fetcher.open(source.urls(), Set.of(), null);
        download.total(in.contentLength());
        return in;
    }

    private void wipe(Path target, Exception failure) {
        try {
            writer.wipe(target);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Checks the target; an unfinished installation in it (its {@link InstallMarker}) is refused, or wiped with
     * {@code force}. A target that is not empty without a marker is refused also with {@code force}: osimg wipes
     * only what an installation of its own left.
     */
    private void prepareTarget(Request request) throws IOException {
        Path target = request.target();
        requireDirectory(target);
        Optional<InstallMarker.Unfinished> unfinished = InstallMarker.read(target);
        if (unfinished.isPresent()) {
            if (!request.force()) {
                throw new IOException("target " + target + " holds an unfinished osimg install of "
                        + unfinished.get().describe() + "; run with --force to wipe it and install again");
            }
            events.warning("wiping the unfinished install of " + unfinished.get().describe() + " in " + target);
            writer.wipe(target);
        }
        checkTarget(target);
    }

    private static void requireDirectory(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            if (Files.exists(target)) {
                throw new NotDirectoryException(target.toString());
            }
            throw new IllegalArgumentException("target " + target + " does not exist; create it (or mount the root file system there)");
        }
    }

    /**
     * The target must be a directory with nothing in it but lost+found and the mount points of other file systems
     * (a freshly prepared disk has {@code boot/efi} mounted in its root): on failure everything in it is wiped.
     */
    static void checkTarget(Path target) throws IOException {
        requireDirectory(target);
        Object device = Files.getAttribute(target, "unix:dev");
        List<String> other = new ArrayList<>();
        try (Stream<Path> children = Files.list(target)) {
            for (Path p : (Iterable<Path>) children.sorted()::iterator) {
                if (!p.getFileName().toString().equals("lost+found") && !onlyMountPoints(p, device)) {
                    other.add(p.getFileName().toString());
                }
            }
        }
        if (!other.isEmpty()) {
            throw new IllegalArgumentException("target " + target + " is not empty (has "
                    + String.join(", ", other.subList(0, Math.min(3, other.size())))
                    + "); an installation would wipe it on failure, so it needs an empty directory");
        }
    }

    /** Whether {@code p} is another file system's mount point, or a directory holding nothing but such. */
    private static boolean onlyMountPoints(Path p, Object device) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!device.equals(Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
            return true;
        }
        boolean any = false; // an empty directory of the target's own file system is still something in the way
        try (Stream<Path> children = Files.list(p)) {
            for (Path c : (Iterable<Path>) children::iterator) {
                if (!onlyMountPoints(c, device)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * Kernel and initrd of boot-info.yaml as host paths without symbolic links, resolved the way the image sees
     * them ({@link ImagePath}): an absolute link in the image must not lead to the installer's own /boot.
     */
    private static BootPlan planOf(VerifiedImage image, BootInfo info) throws IOException {
        Path root = image.target().toRealPath();
        return new BootPlan(ImagePath.resolveFile(root, info.kernel(), "kernel"),
                info.initrd().isBlank() ? null : ImagePath.resolveFile(root, info.initrd(), "initrd"), info.cmdline());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the outcome is decided; a failing close changes nothing
            }
        }
    }
}
