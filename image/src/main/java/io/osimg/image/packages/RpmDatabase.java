package io.osimg.image.packages;

import io.osimg.core.packages.Packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An image's rpm database, read with the build machine's {@code rpm} (Debian's package {@code rpm} reads the sqlite
 * databases of RHEL 9 / AlmaLinux 9 and later and, read-only, the Berkeley DB ones of RHEL 8):
 * {@code rpm --dbpath DIR -qa --queryformat ...}. packages.txt is what {@code rpm -qa} prints
 * ({@code %{nvr}%{archsuffix}}, name-version-release.arch), sorted.
 */
public final class RpmDatabase {

    /** Where a root filesystem keeps its rpm database: RHEL 8/9, then Fedora 36+ and RHEL 10. */
    public static final List<String> PATHS = List.of("var/lib/rpm", "usr/lib/sysimage/rpm");

    /** The files one of which makes a directory an rpm database: sqlite, Berkeley DB, ndb. */
    public static final Set<String> MAIN_FILES = Set.of("rpmdb.sqlite", "Packages", "Packages.db");

    private static final long TIMEOUT_SECONDS = 300;
    private static final int MAX_OUTPUT = 64 << 20;
    private static final String FIELDS = "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t"
            + "%{NVR}%{ARCHSUFFIX}\\t%{LICENSE}\\t%{SUMMARY}\\n";

    private final String rpm;

    /** @param rpm the rpm command ({@code rpm} on the PATH in production) */
    public RpmDatabase(String rpm) {
        this.rpm = rpm;
    }

    /** Reads with {@code rpm} from the PATH. */
    public static RpmDatabase onPath() {
        return new RpmDatabase("rpm");
    }

    /** Whether {@code dir} holds an rpm database. */
    public static boolean isDatabase(Path dir) {
        return MAIN_FILES.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The packages of the database in {@code dbDir} (a writable copy: rpm may create lock and journal files in it).
     *
     * @param what the database as the user knows it ({@code var/lib/rpm of the image}), for messages
     * @throws IOException naming the command and rpm's own error when it cannot read the database
     */
    public PackageInventory query(Path dbDir, String what) throws IOException {
        List<String> command = List.of(rpm, "--dbpath", dbDir.toAbsolutePath().toString(), "-qa",
                "--queryformat", FIELDS);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("reading the rpm database " + what + ": cannot run '" + rpm + "' (" + e.getMessage()
                    + "); the image is packaged with rpm and this machine needs the rpm tool to list its packages "
                    + "(apt-get install rpm)", e);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        byte[] out;
        try {
            out = p.getInputStream().readNBytes(MAX_OUTPUT + 1);
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("reading the rpm database " + what + ": " + String.join(" ", command)
                        + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("reading the rpm database " + what + ": interrupted", e);
        }
        String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException("reading the rpm database " + what + ": " + String.join(" ", command.subList(0, 4))
                    + " exited with " + p.exitValue() + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        if (out.length > MAX_OUTPUT) {
            throw new IOException("reading the rpm database " + what + ": rpm printed more than " + MAX_OUTPUT + " bytes");
        }
        return parse(new String(out, StandardCharsets.UTF_8), what);
    }

    /** Parses the lines of {@link #FIELDS}. */
    static PackageInventory parse(String text, String what) throws IOException {
        List<InstalledPackage> packages = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 8);
            if (f.length != 8 || f[0].isEmpty()) {
                throw new IOException("reading the rpm database " + what + ": unexpected line from rpm: " + line);
            }
            String epoch = none(f[1]);
            String vr = f[2] + "-" + f[3];
            packages.add(new InstalledPackage(f[0], epoch.isEmpty() ? vr : epoch + ":" + vr, none(f[4]), none(f[7]),
                    none(f[6]), epoch, f[5]));
            listed.add(f[5]);
        }
        StringBuilder txt = new StringBuilder();
        listed.stream().sorted().forEach(l -> txt.append(l).append('\n'));
        return new PackageInventory(Packaging.RPM, packages, txt.toString());
    }

    private static String none(String v) {
        return v.equals("(none)") ? "" : v;
    }

    private static byte[] drain(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (b.size() < 65536) {
                    b.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
