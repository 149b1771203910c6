package io.osimg.archive.tree;

import io.osimg.archive.posix.FileType;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.archive.tar.TarWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against GNU tar: a tree holding every kind of root file system entry is archived by
 * {@link TreeArchiver} and extracted by GNU tar, and GNU tar's own archives of it are read by
 * {@link TarReader}. Runs as root under /var/tmp (a file system with trusted.* and security.* xattrs).
 */
class TarGnuCompatibilityIT {

    private static Path work;
    private static Path src;

    @BeforeAll
    static void buildTree() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-tar-it");
        src = work.resolve("src");
        RootfsFixture.create(src);
    }

    @AfterAll
    static void removeTree() throws Exception {
        if (work != null) {
            run(null, "rm", "-rf", work.toString());
        }
    }

    @Test
    void gnuTarExtractsEveryEntryFaithfully() throws Exception {
        List<String> warnings = new ArrayList<>();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TreeArchiver.Result result;
        try (TarWriter w = new TarWriter(tar)) {
            result = new TreeArchiver(new TreeArchiver.Options(false, Optional.empty(), warnings::add)).archive(src, w);
        }
        assertThat(warnings).singleElement().asString().contains("sock").contains("socket");
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(tar.size() % TarWriter.RECORD_SIZE).isZero();

        Path dest = work.resolve("dest");
        Files.createDirectory(dest);
        Proc x = run(tar.toByteArray(), "tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", "-",
                "-C", dest.toString());
        assertThat(x.stderr).isEmpty();
        assertThat(x.exit).isZero();

        TreeSnapshot expected = TreeSnapshot.of(src);
        expected.nodes.remove("sock");
        TreeSnapshot actual = TreeSnapshot.of(dest);
        assertThat(actual.nodes.keySet()).containsExactlyElementsOf(expected.nodes.keySet());
        for (String path : expected.nodes.keySet()) {
            assertThat(actual.nodes.get(path)).as(path).isEqualTo(expected.nodes.get(path));
        }
        assertThat(actual.linkGroups()).isEqualTo(expected.linkGroups())
                .contains(List.of("hl1", "hl3", "sub/hl2"));
        // the fixture really holds what the test claims to check
        TreeSnapshot.Node ping = actual.nodes.get("ping");
        assertThat(ping.xattrs()).containsEntry("security.capability", HexFormat.of().formatHex(RootfsFixture.CAPABILITY));
        assertThat(actual.nodes.get("file.txt").xattrs()).containsKeys("user.x", "trusted.x");
        assertThat(actual.nodes.get("xdir").xattrs()).containsKeys("user.dir", "trusted.dir");
        assertThat(actual.nodes.get("owned3M").uid()).isEqualTo(3_000_000);
        assertThat(actual.nodes.get("owned70000").gid()).isEqualTo(80_000);
        assertThat(actual.nodes.get("setuid").mode()).isEqualTo("4755");
        assertThat(actual.nodes.get("tmp").mode()).isEqualTo("1777");
        assertThat(actual.nodes.get("ro").mode()).isEqualTo("555");
        assertThat(actual.nodes.get("dev/loop200").rdev()).isEqualTo("7:200");
        assertThat(actual.nodes.get("fifo").type()).isEqualTo(FileType.FIFO);
        assertThat(actual.nodes.get(TreeSnapshot.show(RootfsFixture.ODD_NAME)).sha256()).isNotNull();
        assertThat(actual.nodes.get("holey").size()).isEqualTo(10L * 1024 * 1024 + 123);
        assertThat(actual.nodes.get("file.txt").mtime().getNano()).isNotZero();
        assertThat(actual.nodes.keySet()).anyMatch(p -> p.length() > 255);
    }

    @Test
    void gnuTarListsTheArchiveWithoutWarnings() throws Exception {
        byte[] tar = archive(new TreeArchiver.Options(false, Optional.empty(), m -> { }));
        Proc t = run(tar, "tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-tvf", "-");
        assertThat(t.stderr).isEmpty();
        assertThat(t.exit).isZero();
        assertThat(t.stdout).containsPattern("(?m)^-rwsr-xr-x +0/0 .* setuid$")
                .containsPattern("(?m)^drwxrwxrwt +0/0 .* tmp/$")
                .containsPattern("(?m)^-rwxr-xr-x\\* +0/0 .* ping$")
                .containsPattern("(?m)^-rw-r----- +3000000/3000000 .* owned3M$")
                .containsPattern("(?m)^crw-rw-rw- +0/0 +1,3 .* dev/null$")
                .containsPattern("(?m)^brw-rw---- +0/0 +7,200 .* dev/loop200$")
                .containsPattern("(?m)^hrw-r--r-- .* sub/hl2 link to hl1$")
                .contains("longlink -> /" + "t".repeat(60) + "/" + "u".repeat(80) + "\n");
    }

    @Test
    void readerReturnsWhatGnuTarWritesInPosixFormat() throws Exception {
        byte[] ours = archive(new TreeArchiver.Options(false, Optional.empty(), m -> { }));
        Proc gnu = run(null, "tar", "--xattrs", "--xattrs-include=*", "--format=posix", "--numeric-owner",
                "--sort=name", "-C", src.toString(), "-cf", "-", ".");
        assertThat(gnu.exit).isZero();
        List<String> oursRead = read(ours, false);
        List<String> gnuRead = read(gnu.stdoutBytes, false);
        assertThat(oursRead).hasSizeGreaterThan(30);
        assertThat(gnuRead).containsExactlyElementsOf(oursRead);
    }

    @Test
    void readerReturnsWhatGnuTarWritesInGnuFormat() throws Exception {
        byte[] ours = archive(new TreeArchiver.Options(false, Optional.empty(), m -> { }));
        Proc gnu = run(null, "tar", "--format=gnu", "--numeric-owner", "--sort=name", "-C", src.toString(),
                "-cf", "-", ".");
        assertThat(gnu.exit).isZero();
        // the GNU format has neither extended attributes nor sub-second times
        assertThat(read(gnu.stdoutBytes, true)).containsExactlyElementsOf(read(ours, true));
    }

    @Test
    void reproducibleArchivesAreIdenticalAndClamped() throws Exception {
        Instant epoch = Instant.ofEpochSecond(1_700_000_050L);
        var options = new TreeArchiver.Options(true, Optional.of(epoch), m -> { });
        byte[] first = archive(options);
        byte[] second = archive(options);
        assertThat(second).isEqualTo(first);
        List<TarEntry> entries = new ArrayList<>();
        try (TarReader r = new TarReader(new ByteArrayInputStream(first))) {
            for (TarEntry e; (e = r.next()) != null; ) {
                entries.add(e);
            }
        }
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.mtime()).isBeforeOrEqualTo(epoch);
            assertThat(e.mtime().getNano()).isZero();
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.mtime()).isEqualTo(epoch));
        assertThat(entries).anySatisfy(e -> assertThat(e.mtime()).isBefore(epoch));
        // depth first, each directory's names in byte order
        List<byte[]> paths = entries.stream().map(TarEntry::path).toList();
        for (int i = 1; i < paths.size(); i++) {
            assertThat(depthFirstCompare(paths.get(i - 1), paths.get(i))).as(entries.get(i).name()).isNegative();
        }
    }

    /** Order of pre-order traversal with sorted directories: compare component by component. */
    private static int depthFirstCompare(byte[] a, byte[] b) {
        String[] ca = new String(a, StandardCharsets.ISO_8859_1).split("/");
        String[] cb = new String(b, StandardCharsets.ISO_8859_1).split("/");
        for (int i = 0; i < Math.min(ca.length, cb.length); i++) {
            int c = Arrays.compareUnsigned(ca[i].getBytes(StandardCharsets.ISO_8859_1), cb[i].getBytes(StandardCharsets.ISO_8859_1));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ca.length, cb.length);
    }

    private static byte[] archive(TreeArchiver.Options options) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            new TreeArchiver(options).archive(src, w);
        }
        return tar.toByteArray();
    }

    /** Each entry as a line: the entry (normalised to "./"-less paths) and its content digest. */
    private static List<String> read(byte[] tar, boolean gnuFormat) throws Exception {
        List<String> out = new ArrayList<>();
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
            for (TarEntry e; (e = r.next()) != null; ) {
                byte[] path = e.path();
                if (Arrays.equals(path, "./".getBytes(StandardCharsets.US_ASCII))) {
                    continue;
                }
                TarEntry.Builder b = e.toBuilder();
                TarEntry n = TarEntry.builder(strip(path), e.type()).mode(e.mode()).owner(e.uid(), e.gid())
                        .uname(e.uname()).gname(e.gname()).size(e.size())
                        .mtime(gnuFormat ? Instant.ofEpochSecond(e.mtime().getEpochSecond()) : e.mtime())
                        .linkTarget(e.type() == EntryType.HARDLINK ? strip(e.linkTarget()) : e.linkTarget())
                        .device(e.devMajor(), e.devMinor())
                        .xattrs(gnuFormat ? Map.of() : e.xattrs()).build();
                out.add(n + " sha256=" + sha256(r.content()));
            }
        }
        return out;
    }

    private static byte[] strip(byte[] p) {
        return p.length > 2 && p[0] == '.' && p[1] == '/' ? Arrays.copyOfRange(p, 2, p.length) : p;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    record Proc(int exit, String stdout, byte[] stdoutBytes, String stderr) {
    }

    static Proc run(byte[] stdin, String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the process ended early; its exit code tells
            }
        });
        feeder.start();
        var errBytes = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(errBytes);
            } catch (IOException ignored) {
                // stream closed
            }
        });
        errReader.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " hangs");
        }
        feeder.join();
        errReader.join();
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), out, errBytes.toString(StandardCharsets.UTF_8));
    }
}
