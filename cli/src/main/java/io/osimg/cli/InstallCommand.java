package io.osimg.cli;

import io.osimg.core.text.TextFile;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.BootPlan;
import io.osimg.install.DiskInstall;
import io.osimg.install.ImageResolver;
import io.osimg.install.ImageSource;
import io.osimg.install.Installer;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.HttpEventSink;
import io.osimg.install.events.JsonLinesSink;
import io.osimg.install.events.MultiSink;
import io.osimg.install.events.Outcome;
import io.osimg.install.events.Phase;
import io.osimg.install.events.TerminalEvents;
import io.osimg.transfer.ByteSizes;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import io.osimg.trust.TrustPolicy;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install", sortOptions = false,
        description = {
            "Install an image onto a root directory or onto disks it partitions first, in one pass, and boot it.",
            "",
            "The checksum files are fetched first (img.tar.lz4.md5, and .sha512 when the store has it); then the image is "
                    + "streamed from HTTP (resumed across dropped connections, failing over to --mirror) or a file, hashed, "
                    + "LZ4-decoded and unpacked onto the target with no copy on disk. Only when every byte matched its "
                    + "checksums are install.yaml written, the image's install.sh run and boot-info.yaml read; a mismatch or a "
                    + "bad archive wipes the target. The target must be empty (lost+found and mount points are allowed); "
                    + "a target left by an install that was killed or failed after extraction is refused unless --force "
                    + "is given, which wipes it first.",
            "",
            "With --disk the disks are partitioned (GPT) and formatted per --layout or the machine's filesystemlayout, "
                    + "the root is mounted at a private prefix, the image installed there, /etc/fstab written by UUID, "
                    + "kernel and initrd copied out (--boot-dir) and everything unmounted before kexec. Disks that are "
                    + "mounted or too small are refused before anything is written.",
            "",
            "Without --machine only extraction and verification happen (no contract steps, nothing booted). With "
                    + "--machine, the contract steps run and the kernel from boot-info.yaml is printed (--no-kexec, the "
                    + "default) or booted with kexec (--kexec).",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg install --image http://example.org/metal-os/stable/debian/12/ --root /rootfs",
            "  osimg install --image https://example.org/metal-os/stable/debian/12/ --ca-cert /etc/osimg/ca.pem --root /rootfs",
            "  osimg install --image debian-12 --catalog ./images --machine machine.json --root /rootfs",
            "  osimg install --image debian-12 --catalog http://example.org:8080 --machine machine.json --disk /dev/sda --kexec",
            "  osimg install --image ubuntu-24.04 --catalog http://example.org:8080 --mirror http://example.org:8080 \\",
            "      --machine machine.yaml --root /rootfs --events json --kexec"})
final class InstallCommand implements Callable<Integer> {

    @Option(names = "--image", required = true, paramLabel = "URL|PATH|ID",
            description = "an http(s) URL of img.tar.lz4 or its directory, a local file or directory, or an image ID (with --catalog)")
    String image;

    @Option(names = "--catalog", paramLabel = "DIR|URL|FILE",
            description = "where to resolve an image ID: a store directory, an osimg server or S3 bucket URL, or a JSON catalog file")
    String catalog;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "a base URL holding the same keys, tried in order when the primary fails (repeatable)")
    List<URI> mirrors = new ArrayList<>();

    @Mixin
    TrustOptions trust;

    @Mixin
    TransferLimits limits;

    @Option(names = "--machine", paramLabel = "FILE",
            description = "the machine (allocation) document, JSON or YAML; without it: extract and verify only")
    Path machine;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    static final class TargetChoice {
        @Option(names = "--root", paramLabel = "DIR", description = "install into this existing, empty directory")
        Path root;

        @Option(names = "--disk", paramLabel = "DEV[=NEW]",
                description = "partition and format the disk(s) first, then install onto the new root file system; "
                        + "DEV replaces the layout's disks in order, OLD=NEW replaces one by name (repeatable)")
        List<String> disks;
    }

    @Option(names = "--force",
            description = "with --root: wipe an unfinished install that a killed or failed osimg install left in DIR "
                    + "(it holds the marker .osimg-install), then install; other content is refused anyway")
    boolean force;

    @Option(names = "--layout", paramLabel = "FILE",
            description = "the file system layout for --disk (metal-api's shape, JSON or YAML); default: the machine "
                    + "document's filesystemlayout, else an EFI system partition (vfat, 512 MiB) and an ext4 root")
    Path layout;

    @Option(names = "--boot-dir", paramLabel = "DIR",
            description = "with --disk: where the kernel and initrd are copied before the disks are unmounted "
                    + "(default: a new directory under /tmp)")
    Path bootDir;

    @Option(names = "--skip-unmountable",
            description = "with --disk: format file systems the running kernel cannot mount (e.g. vfat without the module) "
                    + "but leave them unmounted instead of failing")
    boolean skipUnmountable;

    @Option(names = "--reinstall",
            description = "with --disk: reinstall the way metal-hammer does: wipe and rebuild only the disks whose layout "
                    + "says wipeonreinstall: true; the other disks keep their file systems and data (their arrays are "
                    + "assembled, their volume groups activated, their file systems mounted as the layout says)")
    boolean reinstall;

    @Option(names = "--kexec", negatable = true, defaultValue = "false",
            description = "boot the installed kernel with kexec at the end (default: --no-kexec, print kernel, initrd and command line)")
    boolean kexec;

    @Option(names = "--keep-image", paramLabel = "DIR", description = "also keep the compressed image (and its checksums) in DIR")
    Path keepImage;

    @Option(names = "--events", paramLabel = "FORMAT", defaultValue = "text",
            description = "progress: text (on a terminal) or json (one JSON object per line on standard output, the last "
                    + "one {\"event\":\"result\",\"ok\":...} with the outcome, also on failure)")
    EventFormat events = EventFormat.text;

    enum EventFormat { text, json }

    @Option(names = "--events-url", paramLabel = "URL",
            description = "also POST every event as JSON to this http(s) URL, the result too (best effort; --ca-cert applies)")
    URI eventsUrl;

    @Option(names = "--cmdline-file", paramLabel = "FILE", defaultValue = "/proc/cmdline",
            description = "the installer's kernel command line, for the console in install.yaml (default: ${DEFAULT-VALUE})")
    Path cmdlineFile;

    @Option(names = "--root-uuid", paramLabel = "UUID", defaultValue = "",
            description = "the root file system's UUID for install.yaml (default: none)")
    String rootUuid;

    @Option(names = "--os-installer", paramLabel = "FILE",
            description = "for images without /install.sh or /install-go (the 2026 contract): an OS installer such as "
                    + "metal-stack's os-installer, copied into the image with machine-details.yaml and "
                    + "machine-allocation.yaml, run chrooted and removed; without it osimg's own OS installer tasks "
                    + "configure such an image")
    Path osInstaller;

    @Option(names = "--report-memory", hidden = true,
            description = "print the JVM's peak memory (VmHWM, VmRSS, heap) on standard error at the end, before a kexec too")
    boolean reportMemory;

    @Mixin
    TrustPolicyOptions signatures;

    @Mixin
    CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        try {
            return install();
        } finally {
            if (reportMemory) {
                System.err.println(MemoryUse.line("osimg install"));
            }
        }
    }

    private Integer install() throws Exception {
        JsonLinesSink json = events == EventFormat.json ? new JsonLinesSink(System.out, false) : null;
        Reporter report = new Reporter(json != null ? json : TerminalEvents.onStderr(), System.nanoTime());
        Outcome.Builder outcome = new Outcome.Builder().target(target.root != null
                ? Outcome.Target.root(target.root.toString()) : Outcome.Target.disks(target.disks));
        try {
            report.http(eventsUrl == null ? null : new HttpEventSink(eventsUrl, trust.sslContext()));
            if (target.disks == null && (layout != null || bootDir != null || skipUnmountable || reinstall)) {
                throw new IllegalArgumentException("--layout, --boot-dir, --skip-unmountable and --reinstall go with --disk");
            }
            if (target.disks != null && force) {
                throw new IllegalArgumentException("--force goes with --root: --disk formats the disks anyway");
            }
            if (osInstaller != null && machine == null) {
                throw new IllegalArgumentException("--os-installer needs --machine: without it nothing is configured");
            }
            if (osInstaller != null && !Files.isRegularFile(osInstaller)) {
                throw new IllegalArgumentException("--os-installer " + osInstaller + ": no such regular file");
            }
            if (kexec && machine == null) {
                throw new IllegalArgumentException("--kexec needs --machine: without it nothing is configured to boot");
            }
            MachineDocument doc = machine == null ? null
                    : TextFile.parse(machine, MachineDocument::parse);
            EventSink sink = report;
            // with --kexec the result goes out once the kernel is loaded: after the reboot nobody would send it
            Runnable beforeReboot = () -> {
                if (reportMemory) {
                    System.err.println(MemoryUse.line("osimg install (before kexec)"));
                    System.err.flush();
                }
                report.finish(outcome.succeeded(true, report.took()));
            };
            try (Fetcher fetcher = new Fetcher(limits.applyTo(trust.applyTo(TransferOptions.defaults())))) {
                TrustPolicy policy = signatures.policy(fetcher);
                ImageSource source = new ImageResolver(fetcher).resolve(image, catalog, mirrors,
                        note -> System.err.println("osimg install: " + note));
                if (policy == null) {
                    sink.warning(TrustPolicyOptions.noPolicyWarning(source.describe()));
                }
                outcome.image(source.isLocal() ? new Outcome.Image(null, source.describe(), source.id())
                        : new Outcome.Image(source.describe(), null, source.id()));
                Installer.Result r = target.disks != null
                        ? DiskInstall.system(fetcher, cmdlineFile, osInstaller, beforeReboot, sink).install(new DiskInstall.Request(
                                source, doc, layout, target.disks, bootDir, skipUnmountable, keepImage, kexec, reinstall, policy), outcome)
                        : Installer.system(fetcher, cmdlineFile, rootUuid, osInstaller, beforeReboot, sink)
                                .install(new Installer.Request(source, target.root, doc, keepImage, kexec, force, policy), outcome);
                report.result(outcome.succeeded(false, report.took()));
                if (json == null) {
                    printText(System.out, source, r);
                } else {
                    json.close();
                }
                return Main.OK;
            }
        } catch (Exception e) {
            report.result(outcome.failed(ErrorLines.describe(e), Main.exitCode(e), report.took()));
            throw e;
        } finally {
            report.close();
        }
    }

    /**
     * The sinks of one installation: passes events on until the one {@code result}, nothing after it (a reboot
     * that fails after the result went out is on standard error only).
     */
    private static final class Reporter implements EventSink {
        private final EventSink local;
        private final long started;
        private EventSink sinks;
        private HttpEventSink http;
        private volatile boolean resulted;
        private boolean closed;

        Reporter(EventSink local, long started) {
            this.local = local;
            this.sinks = local;
            this.started = started;
        }

        void http(HttpEventSink sink) {
            http = sink;
            sinks = sink == null ? local : MultiSink.of(local, sink);
        }

        Duration took() {
            return Duration.ofNanos(System.nanoTime() - started);
        }

        @Override
        public void phaseStarted(Phase phase) {
            if (!resulted) {
                sinks.phaseStarted(phase);
            }
        }

        @Override
        public void phaseFinished(Phase phase, Duration took, String error) {
            if (!resulted) {
                sinks.phaseFinished(phase, took, error);
            }
        }

        @Override
        public void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
            if (!resulted) {
                sinks.progress(phase, done, total, bytesPerSecond, eta);
            }
        }

        @Override
        public void log(Phase phase, String line) {
            if (!resulted) {
                sinks.log(phase, line);
            }
        }

        @Override
        public void warning(String message) {
            if (!resulted) {
                sinks.warning(message);
            }
        }

        /** Sends the result, unless one was sent already. */
        @Override
        public synchronized void result(Outcome outcome) {
            if (!resulted) {
                resulted = true;
                sinks.result(outcome);
            }
        }

        /** Sends the result and delivers what the HTTP sink still holds. */
        void finish(Outcome outcome) {
            result(outcome);
            close();
        }

        synchronized void close() {
            if (http != null && !closed) {
                closed = true;
                http.close();
                if (http.dropped() + http.failed() > 0) {
                    System.err.println("osimg install: warning: " + http);
                }
            }
        }
    }

    private static void printText(PrintStream out, ImageSource source, Installer.Result r) {
        Map<String, String> digests = new TreeMap<>();
        r.image().digests().forEach((a, hex) -> digests.put(a.id(), hex));
        StringBuilder s = new StringBuilder();
        s.append("installed ").append(source.id() == null ? source.describe() : source.id() + " (" + source.describe() + ")")
                .append(" onto ").append(r.image().target()).append('\n');
        s.append("verified ").append(ByteSizes.human(r.image().bytes()));
        digests.forEach((a, hex) -> s.append(' ').append(a).append(' ').append(hex));
        s.append('\n');
        s.append("extracted ").append(r.extracted().entries()).append(" entries, ")
                .append(ByteSizes.human(r.extracted().bytes())).append(" in ").append(r.extracted().files()).append(" files\n");
        BootPlan boot = r.boot();
        if (boot != null) {
            s.append(boot.describe());
        }
        out.print(s);
        out.flush();
    }
}
