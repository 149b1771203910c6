package io.osimg.archive.extract;

import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.archive.tar.TarWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives from an attacker: each must be refused with an {@link UnsafeEntryException} naming the entry
 * and the reason, or (where replacing is the faithful answer) extracted without ever writing through a
 * symbolic link. Afterwards the sentinel, a file in a sibling directory of the target, has the same bytes
 * and mtime, and nothing was created outside the target.
 */
class HostileArchiveTest {

    private static final byte[] SENTINEL = "the sentinel, never to be changed\n".getBytes(StandardCharsets.UTF_8);
    private static final FileTime SENTINEL_MTIME = FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 42));

    private Path work;
    private Path outside;
    private Path sentinel;
    private Path target;

    /** One archive: its name (ending in -fail when it must be refused), its entries, and what the refusal says. */
    record Hostile(String name, byte[] tar, String entry, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void makeTargetAndSentinel() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-hostile");
        outside = Files.createDirectory(work.resolve("outside"));
        sentinel = Files.write(outside.resolve("sentinel"), SENTINEL);
        Files.setLastModifiedTime(sentinel, SENTINEL_MTIME);
        Files.setLastModifiedTime(outside, SENTINEL_MTIME);
        target = Files.createDirectory(work.resolve("target"));
    }

    @AfterEach
    void removeAll() throws Exception {
        Command.run("rm", "-rf", work.toString()).check();
    }

    static Stream<Hostile> hostileFail() throws IOException {
        String abs = "/var/tmp/osimg-hostile-absolute-" + ProcessHandle.current().pid();
        List<Hostile> all = new ArrayList<>();
        all.add(new Hostile("dotdot-file-fail", tar(file("../outside/sentinel", "owned")),
                "../outside/sentinel", "'..' component escapes the root"));
        all.add(new Hostile("inner-dotdot-fail", tar(dir("a"), file("a/../../outside/sentinel", "owned")),
                "a/../../outside/sentinel", "'..' component escapes the root"));
        all.add(new Hostile("dotdot-name-fail", tar(file("..", "owned")), "..", "'..' component escapes the root"));
        all.add(new Hostile("absolute-fail", tar(file(abs + "/x", "owned")), abs + "/x", "absolute name"));
        all.add(new Hostile("symlink-dotdot-parent-fail",
                tar(symlink("evil", ".."), file("evil/outside/sentinel", "owned")),
                "evil/outside/sentinel", "path component evil is a symbolic link"));
        all.add(new Hostile("symlink-sibling-parent-fail",
                tar(symlink("evil", "../outside"), file("evil/sentinel", "owned")),
                "evil/sentinel", "path component evil is a symbolic link"));
        all.add(new Hostile("symlink-absolute-parent-fail",
                tar(symlink("evil", "/var/tmp"), file("evil/osimg-hostile-planted", "owned")),
                "evil/osimg-hostile-planted", "path component evil is a symbolic link"));
        all.add(new Hostile("symlink-deeper-parent-fail",
                tar(dir("a"), symlink("a/evil", "../../outside"), dir("a/evil/sub")),
                "a/evil/sub/", "path component a/evil is a symbolic link"));
        List<Item> chain = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            chain.add(symlink("l" + i, i == 39 ? "../outside" : "l" + (i + 1)));
        }
        chain.add(file("l0/sentinel", "owned"));
        all.add(new Hostile("symlink-chain-fail", tar(chain.toArray(Item[]::new)),
                "l0/sentinel", "path component l0 is a symbolic link"));
        all.add(new Hostile("hardlink-dotdot-fail", tar(hardlink("h", "../outside/sentinel")),
                "h", "hard link target ../outside/sentinel: '..' component escapes the root"));
        all.add(new Hostile("hardlink-absolute-fail", tar(hardlink("h", "/var/tmp/x")),
                "h", "hard link target /var/tmp/x: absolute name"));
        all.add(new Hostile("hardlink-through-symlink-fail",
                tar(symlink("evil", "../outside"), hardlink("h", "evil/sentinel")),
                "h", "hard link target evil/sentinel: path component evil is a symbolic link"));
        all.add(new Hostile("hardlink-directory-fail", tar(dir("d"), hardlink("h", "d")),
                "h", "hard link target d: is a directory"));
        all.add(new Hostile("hardlink-root-fail", tar(hardlink("h", "./")), "h", "a hard link to the root directory"));
        all.add(new Hostile("absurd-size-fail", hugeFileTar("huge", 1L << 62), "huge", "size of 4611686018427387904 bytes is absurd"));
        all.add(new Hostile("device-dotdot-fail",
                tar(new Item(TarEntry.builder("../outside/dev-null", EntryType.CHAR_DEVICE).mode(0666).device(1, 3).build(), null)),
                "../outside/dev-null", "'..' component escapes the root"));
        all.add(new Hostile("fifo-through-symlink-fail",
                tar(symlink("evil", "../outside"), new Item(TarEntry.builder("evil/fifo", EntryType.FIFO).build(), null)),
                "evil/fifo", "path component evil is a symbolic link"));
        all.add(new Hostile("symlink-replaces-root-fail", tar(symlink(".", "../outside")),
                ".", "a symbolic link cannot replace the root directory"));
        all.add(new Hostile("nesting-fail", tar(file("d/".repeat(300) + "f", "deep")),
                "d/".repeat(300) + "f", "nested 301 directories deep"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFail")
    void isRefusedAndLeavesTheOutsideAlone(Hostile h) throws Exception {
        List<String> warnings = new ArrayList<>();
        assertThatThrownBy(() -> extract(h.tar(), warnings))
                .isInstanceOf(UnsafeEntryException.class)
                .hasMessageStartingWith("extracting " + h.entry() + ": ")
                .hasMessageContaining(h.reason())
                .satisfies(e -> assertThat(((UnsafeEntryException) e).entryName()).isEqualTo(h.entry()));
        assertOutsideUntouched();
        assertThat(Path.of("/var/tmp/osimg-hostile-planted")).doesNotExist();
        assertThat(Path.of("/var/tmp/osimg-hostile-absolute-" + ProcessHandle.current().pid())).doesNotExist();
    }

    @Test
    void corpusHoldsAtLeastTwelveArchives() throws IOException {
        assertThat(hostileFail().map(Hostile::name)).hasSizeGreaterThanOrEqualTo(12).allMatch(n -> n.endsWith("-fail"));
    }

    @Test
    void symlinkReplacedByDirectoryIsARealDirectory() throws Exception {
        extract(tar(symlink("evil", "../outside"), dir("evil"), file("evil/sentinel", "inside")), new ArrayList<>());
        assertThat(target.resolve("evil")).isDirectory().isNotEqualTo(outside);
        assertThat(Files.isSymbolicLink(target.resolve("evil"))).isFalse();
        assertThat(target.resolve("evil/sentinel")).hasContent("inside");
        assertOutsideUntouched();
    }

    @Test
    void fileReplacesASymlinkOfItsNameInsteadOfWritingThroughIt() throws Exception {
        extract(tar(symlink("evil", "../outside/sentinel"), file("evil", "replaced")), new ArrayList<>());
        assertThat(Files.isSymbolicLink(target.resolve("evil"))).isFalse();
        assertThat(target.resolve("evil")).isRegularFile().hasContent("replaced");
        assertOutsideUntouched();
    }

    @Test
    void everyOtherKindReplacesASymlinkOfItsNameToo() throws Exception {
        extract(tar(symlink("f", "../outside/sentinel"),
                new Item(TarEntry.builder("f", EntryType.FIFO).mode(0600).build(), null),
                symlink("s", "../outside/sentinel"), symlink("s", "elsewhere"),
                symlink("l", "../outside/sentinel"), file("orig", "o"), hardlink("l", "orig")), new ArrayList<>());
        try (var root = Posix.openDirectory(target)) {
            assertThat(Posix.stat(root, "f".getBytes(StandardCharsets.US_ASCII)).type()).isEqualTo(FileType.FIFO);
        }
        assertThat(Files.readSymbolicLink(target.resolve("s"))).isEqualTo(Path.of("elsewhere"));
        assertThat(target.resolve("l")).hasContent("o");
        assertThat(Files.getAttribute(target.resolve("l"), "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(2);
        assertOutsideUntouched();
    }

    @Test
    void hardLinkToAPlantedSymlinkLinksTheSymlinkItself() throws Exception {
        extract(tar(symlink("s", "../outside/sentinel"), hardlink("h", "s")), new ArrayList<>());
        assertThat(Files.isSymbolicLink(target.resolve("h"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("h"))).isEqualTo(Path.of("../outside/sentinel"));
        assertOutsideUntouched();
    }

    @Test
    void embeddedNulIsRefusedBeforeAnEntryExists() throws Exception {
        // TarEntry cannot hold a NUL, so the reader refuses the PAX path that carries one
        byte[] name = "a\0/../../outside/sentinel".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = paxPathTar(name, "owned");
        assertThatThrownBy(() -> extract(tar, new ArrayList<>()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("NUL");
        assertOutsideUntouched();
        assertThatThrownBy(() -> EntryPath.parse(name, "x", ""))
                .isInstanceOf(UnsafeEntryException.class).hasMessage("extracting x: NUL byte in the name");
    }

    @Test
    void aFailureReadingTheContentIsTheSourcesNotBlamedOnExtraction() throws Exception {
        IOException stall = new IOException("GET http://127.0.0.1:1/img.tar.lz4: no byte for 30 s (--idle-timeout)");
        InputStream stalling = new InputStream() {
            @Override
            public int read() throws IOException {
                throw stall;
            }
        };
        try (RootfsExtractor x = new RootfsExtractor(target, RootfsExtractor.Options.defaults())) {
            TarEntry e = TarEntry.builder("usr/share/fuzz.go", EntryType.FILE).size(10).build();
            assertThatThrownBy(() -> x.extract(e, stalling)).isSameAs(stall);
        }
    }

    @Test
    void contentEndingEarlyNamesTheEntry() throws Exception {
        try (RootfsExtractor x = new RootfsExtractor(target, RootfsExtractor.Options.defaults())) {
            TarEntry e = TarEntry.builder("usr/short", EntryType.FILE).size(10).build();
            assertThatThrownBy(() -> x.extract(e, new ByteArrayInputStream(new byte[4])))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("extracting usr/short: writing 10 bytes: ")
                    .hasMessageContaining("ended after 4 of 10 bytes");
        }
    }

    @Test
    void wipeEmptiesTheTargetWithoutFollowingLinks() throws Exception {
        Path src = work.resolve("src");
        RootfsFixture.create(src);
        Files.createSymbolicLink(src.resolve("to-outside"), outside);
        Files.createSymbolicLink(src.resolve("to-sentinel"), Path.of("../outside/sentinel"));
        Files.createDirectories(src.resolve("ro/deeper/still"));
        Path tar = work.resolve("special.tar");
        RootfsFixture.archive(src, tar);
        RootfsExtractor.Result r;
        try (TarReader reader = new TarReader(Files.newInputStream(tar))) {
            r = RootfsExtractor.extractAll(reader, target, RootfsExtractor.Options.defaults());
        }
        assertThat(r.entries()).isGreaterThan(30);
        assertThat(Files.getPosixFilePermissions(target.resolve("ro")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        assertThat(Files.isSymbolicLink(target.resolve("to-outside"))).isTrue();

        RootfsExtractor.wipe(target);

        assertThat(target).isDirectory().isEmptyDirectory();
        assertOutsideUntouched();
    }

    // ---------------------------------------------------------------- helpers

    private void extract(byte[] tar, List<String> warnings) throws IOException {
        try (TarReader reader = new TarReader(new ByteArrayInputStream(tar))) {
            RootfsExtractor.extractAll(reader, target,
                    new RootfsExtractor.Options(RootfsExtractor.Options.DEFAULT_MAX_ENTRY_SIZE, true, warnings::add));
        }
    }

    private void assertOutsideUntouched() throws IOException {
        assertThat(Files.readAllBytes(sentinel)).isEqualTo(SENTINEL);
        assertThat(Files.getLastModifiedTime(sentinel)).isEqualTo(SENTINEL_MTIME);
        assertThat(Files.getLastModifiedTime(outside)).isEqualTo(SENTINEL_MTIME);
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("sentinel");
        }
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("src") && !n.endsWith(".tar")))
                    .containsExactlyInAnyOrder("outside", "target");
        }
    }

    record Item(TarEntry entry, byte[] content) {
    }

    static Item file(String name, String content) {
        byte[] c = content.getBytes(StandardCharsets.UTF_8);
        return new Item(TarEntry.builder(name, EntryType.FILE).size(c.length).build(), c);
    }

    static Item dir(String name) {
        return new Item(TarEntry.builder(name, EntryType.DIRECTORY).build(), null);
    }

    static Item symlink(String name, String target) {
        return new Item(TarEntry.builder(name, EntryType.SYMLINK).linkTarget(target).build(), null);
    }

    static Item hardlink(String name, String target) {
        return new Item(TarEntry.builder(name, EntryType.HARDLINK).linkTarget(target).build(), null);
    }

    static byte[] tar(Item... items) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(out)) {
            for (Item i : items) {
                w.write(i.entry(), i.content() == null ? null : new ByteArrayInputStream(i.content()));
            }
        }
        return out.toByteArray();
    }

    /** A ustar header claiming {@code size} content bytes (base-256, as GNU tar writes huge sizes) and no content. */
    static byte[] hugeFileTar(String name, long size) {
        byte[] h = header(name.getBytes(StandardCharsets.US_ASCII), '0');
        Arrays.fill(h, 124, 136, (byte) 0);
        h[124] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            h[135 - i] = (byte) (size >>> (8 * i));
        }
        checksum(h);
        return concat(h, new byte[1024]);
    }

    /** A PAX header whose path record holds {@code path} raw, then a file with {@code content}. */
    static byte[] paxPathTar(byte[] path, String content) {
        byte[] rec0 = concat(" path=".getBytes(StandardCharsets.US_ASCII), concat(path, new byte[] {'\n'}));
        int len = rec0.length + 2;
        len = rec0.length + String.valueOf(len).length();
        byte[] rec = concat(String.valueOf(len).getBytes(StandardCharsets.US_ASCII), rec0);
        byte[] x = header("PaxHeaders/x".getBytes(StandardCharsets.US_ASCII), 'x');
        octal(x, 124, 12, rec.length);
        checksum(x);
        byte[] c = content.getBytes(StandardCharsets.US_ASCII);
        byte[] f = header("placeholder".getBytes(StandardCharsets.US_ASCII), '0');
        octal(f, 124, 12, c.length);
        checksum(f);
        return concat(concat(concat(x, pad(rec)), concat(f, pad(c))), new byte[1024]);
    }

    private static byte[] header(byte[] name, char type) {
        byte[] h = new byte[512];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, 0);
        octal(h, 136, 12, 1_700_000_000L);
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    private static void checksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String s = String.format("%06o", sum);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
    }

    private static byte[] pad(byte[] b) {
        return Arrays.copyOf(b, (b.length + 511) / 512 * 512);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
