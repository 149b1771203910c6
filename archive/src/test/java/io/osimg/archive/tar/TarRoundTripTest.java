package io.osimg.archive.tar;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarRoundTripTest {

    private static final byte[] ODD = {'d', 'i', 'r', '/', 0x01, (byte) 0xff, (byte) 0xfe, '\n', ' ', 'z'};

    static List<TarEntry> entries() {
        String longDir = "x".repeat(150) + "/" + "y".repeat(90);
        return List.of(
                TarEntry.builder("dir", EntryType.DIRECTORY).mode(01777).mtime(Instant.ofEpochSecond(1_700_000_000L, 5)).build(),
                TarEntry.builder("dir/file", EntryType.FILE).size(11).mode(04755).owner(70_000, 80_000)
                        .uname("user").gname("group").mtime(Instant.ofEpochSecond(1_700_000_000L, 123_456_789))
                        .xattr("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0})
                        .xattr("trusted.x", new byte[] {0, '\n', '=', (byte) 0xff})
                        .xattr("user.empty", new byte[0]).build(),
                TarEntry.builder(ODD, EntryType.FILE).size(0).owner(3_000_000, 4_294_967_294L).build(),
                TarEntry.builder(longDir + "/file", EntryType.FILE).size(1).build(),
                TarEntry.builder("l/" + "z".repeat(300), EntryType.FILE).size(2).uname("u".repeat(40)).build(),
                TarEntry.builder("hard", EntryType.HARDLINK).linkTarget("l/" + "z".repeat(300)).build(),
                TarEntry.builder("sym", EntryType.SYMLINK).linkTarget("/" + "t".repeat(200)).mtime(Instant.ofEpochSecond(-1, 500_000_000)).build(),
                TarEntry.builder("null", EntryType.CHAR_DEVICE).device(1, 3).mode(0666).build(),
                TarEntry.builder("loop", EntryType.BLOCK_DEVICE).device(4095, 1_048_575).mode(0660).build(),
                TarEntry.builder("fifo", EntryType.FIFO).mode(0600).mtime(Instant.ofEpochSecond(1L << 40)).build());
    }

    static byte[] content(TarEntry e) {
        byte[] c = new byte[(int) e.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) (i * 7 + e.pathLength());
        }
        return c;
    }

    static byte[] write(List<TarEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(out)) {
            for (TarEntry e : entries) {
                w.write(e, e.type() == EntryType.FILE ? new ByteArrayInputStream(content(e)) : null);
            }
            w.finish();
            assertThat(w.bytesWritten()).isEqualTo(out.size());
        }
        return out.toByteArray();
    }

    @Test
    void readerReturnsEveryFieldTheWriterWrote() throws IOException {
        byte[] tar = write(entries());
        assertThat(tar.length % TarWriter.RECORD_SIZE).isZero();
        List<TarEntry> read = new ArrayList<>();
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
            for (TarEntry e; (e = r.next()) != null; ) {
                read.add(e);
                assertThat(r.content().readAllBytes()).as(e.name()).isEqualTo(content(e));
            }
            assertThat(r.next()).isNull();
        }
        assertThat(read).containsExactlyElementsOf(entries());
        assertThat(read.get(0).name()).isEqualTo("dir/");
        assertThat(read.get(2).path()).isEqualTo(ODD);
    }

    @Test
    void contentIsSkippedWhenNotRead() throws IOException {
        byte[] tar = write(entries());
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
            List<String> names = new ArrayList<>();
            for (TarEntry e; (e = r.next()) != null; ) {
                names.add(e.name());
            }
            assertThat(names).hasSize(entries().size()).contains("hard", "fifo");
        }
    }

    @Test
    void shortDataFailsNamingTheEntry() {
        TarEntry e = TarEntry.builder("etc/passwd", EntryType.FILE).size(10).build();
        assertThatThrownBy(() -> new TarWriter(new ByteArrayOutputStream()).write(e, new ByteArrayInputStream(new byte[3])))
                .isInstanceOf(IOException.class).hasMessageContaining("etc/passwd").hasMessageContaining("3 of 10");
    }

    @Test
    void truncatedArchiveIsAFormatError() throws IOException {
        byte[] tar = write(entries());
        // cut inside the content of dir/file (after its PAX header, header and 5 bytes)
        int cut = indexOf(tar, "dir/file".getBytes(StandardCharsets.US_ASCII), 1024) + 512 + 5;
        assertThatThrownBy(() -> readAll(Arrays.copyOf(tar, cut)))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("dir/file").hasMessageContaining("truncated")
                .hasMessageContaining("offset " + cut);
        // cut inside the PAX header of "dir/" (which has one for its nanosecond mtime)
        assertThatThrownBy(() -> readAll(Arrays.copyOf(tar, 700)))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("PaxHeaders/dir")
                .hasMessageContaining("truncated at byte offset 700");
        // cut inside a header
        int second = indexOf(tar, "dir/file".getBytes(StandardCharsets.US_ASCII), 1024);
        assertThatThrownBy(() -> readAll(Arrays.copyOf(tar, second + 100)))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("offset " + second)
                .hasMessageContaining("truncated after 100 of 512 header bytes");
        // cut at a header boundary: no end-of-archive marker
        // ("dir/": PAX header, its data, ustar header = 1536 bytes)
        assertThatThrownBy(() -> readAll(Arrays.copyOf(tar, 1536)))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("offset 1536").hasMessageContaining("no end-of-archive");
    }

    @Test
    void corruptedChecksumIsAFormatErrorNamingEntryAndOffset() throws IOException {
        byte[] tar = write(List.of(TarEntry.builder("a", EntryType.DIRECTORY).build(),
                TarEntry.builder("a/b", EntryType.FILE).size(3).build()));
        tar[512 + 100] ^= 1; // mode of a/b
        assertThatThrownBy(() -> readAll(tar))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("a/b").hasMessageContaining("byte offset 512")
                .hasMessageContaining("checksum");
    }

    @Test
    void badNumberAndNegativeSizeAreFormatErrors() throws IOException {
        byte[] tar = write(List.of(TarEntry.builder("f", EntryType.FILE).size(3).build()));
        byte[] badOctal = tar.clone();
        badOctal[124] = '9';
        fixChecksum(badOctal, 0);
        assertThatThrownBy(() -> readAll(badOctal)).isInstanceOf(TarFormatException.class)
                .hasMessageContaining("bad size field").hasMessageContaining("offset 0").hasMessageContaining(" f ");
        byte[] negative = tar.clone();
        Arrays.fill(negative, 124, 136, (byte) 0xff);
        fixChecksum(negative, 0);
        assertThatThrownBy(() -> readAll(negative)).isInstanceOf(TarFormatException.class)
                .hasMessageContaining("negative size");
    }

    @Test
    void gnuBase256NumbersAndLongNamesAreRead() throws IOException {
        // a GNU 'L' long name entry followed by a header with a base-256 uid
        byte[] name = ("g/" + "n".repeat(150)).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] l = gnuHeader("././@LongLink", 'L', name.length + 1);
        out.writeBytes(l);
        byte[] data = Arrays.copyOf(name, 512);
        out.writeBytes(data);
        byte[] h = gnuHeader(new String(name, 0, 100, StandardCharsets.US_ASCII), '0', 0);
        h[TarHeader.UID] = (byte) 0x80;
        Arrays.fill(h, TarHeader.UID + 1, TarHeader.UID + 8, (byte) 0);
        h[TarHeader.UID + 5] = 0x2d; // 3_000_000 = 0x2dc6c0
        h[TarHeader.UID + 6] = (byte) 0xc6;
        h[TarHeader.UID + 7] = (byte) 0xc0;
        TarHeader.putChecksum(h);
        out.writeBytes(h);
        out.writeBytes(new byte[1024]);
        try (TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()))) {
            TarEntry e = r.next();
            assertThat(e.path()).isEqualTo(name);
            assertThat(e.uid()).isEqualTo(3_000_000);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void globalHeadersApplyAndLibarchiveXattrsAreDecoded() throws IOException {
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        PaxRecords.append(pax, "uid", "123456789");
        ByteArrayOutputStream x = new ByteArrayOutputStream();
        PaxRecords.append(x, "LIBARCHIVE.xattr.user.a%3Db", "aGVsbG8");
        PaxRecords.append(x, "atime", "1.5");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ustarHeader("g", 'g', pax.size()));
        out.writeBytes(Arrays.copyOf(pax.toByteArray(), 512));
        out.writeBytes(ustarHeader("x", 'x', x.size()));
        out.writeBytes(Arrays.copyOf(x.toByteArray(), 512));
        out.writeBytes(ustarHeader("one", '0', 0));
        out.writeBytes(ustarHeader("two", '0', 0));
        out.writeBytes(new byte[1024]);
        try (TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()))) {
            TarEntry one = r.next();
            assertThat(one.uid()).isEqualTo(123456789);
            assertThat(one.xattrs()).containsOnlyKeys("user.a=b");
            assertThat(one.xattrs().get("user.a=b")).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            TarEntry two = r.next();
            assertThat(two.uid()).isEqualTo(123456789);
            assertThat(two.xattrs()).isEmpty();
        }
    }

    @Test
    void paxTimesKeepNanosecondsAndSign() throws IOException {
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("-0.5");
        assertThat(TarWriter.paxTime(Instant.ofEpochSecond(1, 10))).isEqualTo("1.00000001");
        assertThat(TarReader.paxTime("-0.5".getBytes(StandardCharsets.US_ASCII), "t", 0))
                .isEqualTo(Instant.ofEpochSecond(-1, 500_000_000));
        assertThat(TarReader.paxTime("1700000000.123456789".getBytes(StandardCharsets.US_ASCII), "t", 0))
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    }

    private static byte[] gnuHeader(String name, char flag, long size) {
        byte[] h = header(name, flag, size);
        TarHeader.putBytes(h, TarHeader.MAGIC, 8, TarHeader.GNU_MAGIC);
        TarHeader.putChecksum(h);
        return h;
    }

    private static byte[] ustarHeader(String name, char flag, long size) {
        byte[] h = header(name, flag, size);
        TarHeader.putBytes(h, TarHeader.MAGIC, 8, TarHeader.USTAR_MAGIC);
        TarHeader.putChecksum(h);
        return h;
    }

    private static byte[] header(String name, char flag, long size) {
        byte[] h = new byte[512];
        TarHeader.putBytes(h, 0, 100, name.getBytes(StandardCharsets.US_ASCII));
        TarHeader.putOctal(h, TarHeader.MODE, 8, 0644);
        TarHeader.putOctal(h, TarHeader.UID, 8, 0);
        TarHeader.putOctal(h, TarHeader.GID, 8, 0);
        TarHeader.putOctal(h, TarHeader.SIZE, 12, size);
        TarHeader.putOctal(h, TarHeader.MTIME, 12, 0);
        h[TarHeader.TYPEFLAG] = (byte) flag;
        return h;
    }

    private static void fixChecksum(byte[] tar, int at) {
        byte[] h = Arrays.copyOfRange(tar, at, at + 512);
        TarHeader.putChecksum(h);
        System.arraycopy(h, 0, tar, at, 512);
    }

    private static void readAll(byte[] tar) throws IOException {
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
            while (r.next() != null) {
                r.content().readAllBytes();
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
