package io.osimg.cli;

import io.osimg.install.boot.BootParameters;
import io.osimg.install.boot.FirstDisk;
import io.osimg.install.boot.KernelCommandLine;
import io.osimg.install.events.HttpEventSink;
import io.osimg.install.events.Outcome;
import io.osimg.transfer.CaCertificates;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The installer ramdisk's entry point: reads its configuration from the kernel command line, fetches the CA
 * certificate and the machine document, chooses the disk and runs {@code install --disk} with {@code --kexec}.
 */
@Command(name = "boot", sortOptions = false, usageHelpWidth = 120,
        description = {
            "The installer ramdisk's entry point (its /init runs it once the network is up): read the osimg.* "
                    + "parameters from the kernel command line, fetch the CA certificate and the machine document, "
                    + "then install the image onto the disk as 'osimg install --disk' does and kexec into the "
                    + "installed kernel. A failure is printed with its reason and sent as the result event; nothing "
                    + "is booted then.",
            "",
            "Kernel parameters (the last of a repeated one counts; unknown osimg.* keys are warned about):"},
        footerHeading = "%nExample kernel command line:%n",
        footer = {"  console=ttyS0,115200 osimg.image=debian-12 osimg.catalog=http://10.0.2.100:8080 "
                + "osimg.machine=http://10.0.2.100:8080/machine.json "
                + "osimg.events=http://10.0.2.100:8080/api/v1/events?machine=m1"})
final class BootCommand implements Callable<Integer> {
    /** The machine document and the CA certificates are small: a larger answer is refused. */
    static final int LIMIT = 16 << 20;

    @Option(names = "--cmdline-file", paramLabel = "FILE", defaultValue = "/proc/cmdline",
            description = "the kernel command line to read (default: ${DEFAULT-VALUE})")
    Path cmdlineFile;

    @Option(names = "--sys-block", paramLabel = "DIR", defaultValue = "/sys/block",
            description = "where block devices are listed, for the default osimg.disk (default: ${DEFAULT-VALUE})")
    Path sysBlock;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "/run/osimg",
            description = "where the machine document and CA certificate are kept (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--check",
            description = "only read and print the parameters and the chosen disk; fetch and install nothing")
    boolean check;

    @Mixin
    CommonOptions debug;

    /** The parameters table for --help, from the one list BootParameters keeps. */
    static String[] parameterLines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : BootParameters.DOCUMENTED.entrySet()) {
            lines.add(String.format("  %-26s %s", e.getKey(), e.getValue()));
        }
        return lines.toArray(String[]::new);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        BootParameters p = BootParameters.from(KernelCommandLine.parse(Files.readString(cmdlineFile, StandardCharsets.UTF_8)));
        p.warnings().forEach(w -> System.err.println("osimg boot: warning: " + w));
        long started = System.nanoTime();
        SSLContext tls = null;
        List<X509Certificate> cas = List.of();
        try {
            String disk = p.disk().isPresent() ? p.disk().get() : FirstDisk.find(sysBlock).orElseThrow(
                    () -> new IOException("no disk to install onto: " + sysBlock + " lists no fixed, writable, non-empty disk "
                            + "(name one with osimg.disk=)"));
            out.println("osimg boot: image " + p.image() + p.catalog().map(c -> " from catalog " + c).orElse("")
                    + ", machine " + p.machine() + ", disk " + disk + (p.kexec() ? ", then kexec" : ", no kexec")
                    + p.events().map(e -> ", events to " + e).orElse("")
                    + p.trust().map(t -> ", signatures checked against " + t).orElse(", image signature not checked (no osimg.trust)"));
            if (check) {
                return Main.OK;
            }
            Files.createDirectories(workDir);
            List<String> args = new ArrayList<>(List.of("install", "--image", p.image()));
            if (p.ca().isPresent()) {
                Path ca = p.ca().get().contains("://") ? fetch(URI.create(p.ca().get()), List.of(), workDir.resolve("ca.pem"))
                        : Path.of(p.ca().get());
                cas = CaCertificates.read(ca);
                tls = CaCertificates.sslContext(cas);
                args.addAll(List.of("--ca-cert", ca.toString()));
            }
            Path machine = fetch(p.machine(), cas, workDir.resolve("machine"));
            p.catalog().ifPresent(c -> args.addAll(List.of("--catalog", c.toString())));
            p.trust().ifPresent(t -> args.addAll(List.of("--trust", t)));
            args.addAll(List.of("--machine", machine.toString(), "--disk", disk, p.kexec() ? "--kexec" : "--no-kexec",
                    "--cmdline-file", cmdlineFile.toString(), "--report-memory"));
            if (reinstall(machine)) {
                args.add("--reinstall");
            }
            p.events().ifPresent(e -> args.addAll(List.of("--events-url", e.toString())));
            out.println("osimg boot: osimg " + String.join(" ", args));
            out.flush();
            String[] a = args.toArray(String[]::new);
            return Main.commandLine(a).execute(a);
        } catch (Exception e) {
            // install's own failures send their result; these came before it started
            if (p.events().isPresent()) {
                try (HttpEventSink sink = new HttpEventSink(p.events().get(), tls)) {
                    sink.result(new Outcome.Builder().failed("osimg boot: " + ErrorLines.describe(e), Main.exitCode(e),
                            Duration.ofNanos(System.nanoTime() - started)));
                }
            }
            throw e;
        }
    }

    /**
     * True when the machine document's allocation says {@code reinstall: true} (metal-api sets it for a reinstall):
     * then only the disks whose layout says {@code wipeonreinstall: true} are rebuilt, as metal-hammer does.
     */
    static boolean reinstall(Path machineDocument) throws IOException {
        com.fasterxml.jackson.databind.JsonNode doc;
        try {
            doc = io.osimg.core.json.Mappers.json().readTree(machineDocument.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("machine document " + machineDocument + " cannot be read: " + e.getOriginalMessage(), e);
        }
        return doc != null && doc.path("allocation").path("reinstall").asBoolean(false);
    }

    /**
     * GETs a small document ({@code url}, at most {@link #LIMIT} bytes) into {@code file} (replaced whole, or not at
     * all) through the transfer's {@link Fetcher}: its deadlines, retries and the extra trusted CAs.
     */
    static Path fetch(URI url, List<X509Certificate> cas, Path file) throws IOException {
        byte[] body;
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults().withCaCertificates(cas));
             FetchStream in = fetcher.open(List.of(url), Set.of(), null)) {
            body = in.readNBytes(LIMIT + 1);
        } catch (TransferException e) {
            throw new IOException("fetching " + url + ": "
                    + (e.status() > 0 ? "HTTP " + e.status() : ErrorLines.describe(e)), e);
        }
        if (body.length > LIMIT) {
            throw new IOException("fetching " + url + ": larger than " + (LIMIT >> 20) + " MiB");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, body);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
