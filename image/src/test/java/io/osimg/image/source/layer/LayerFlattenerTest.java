package io.osimg.image.source.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerFlattenerTest {

    @TempDir Path dir;

    /** A layer under construction: entries with content, written as plain, gzip or zstd tar. */
    private static final class LayerTar {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarWriter tar = new TarWriter(bytes);

        LayerTar dir(String path, int mode) throws IOException {
            tar.write(TarEntry.builder(path, EntryType.DIRECTORY).mode(mode).build(), null);
            return this;
        }

        LayerTar file(String path, String content) throws IOException {
            return entry(TarEntry.builder(path, EntryType.FILE), content);
        }

        LayerTar entry(TarEntry.Builder b, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            tar.write(b.size(data.length).build(), new ByteArrayInputStream(data));
            return this;
        }

        LayerTar link(String path, String target) throws IOException {
            tar.write(TarEntry.builder(path, EntryType.HARDLINK).linkTarget(target).build(), null);
            return this;
        }

        LayerTar symlink(String path, String target) throws IOException {
            tar.write(TarEntry.builder(path, EntryType.SYMLINK).linkTarget(target).build(), null);
            return this;
        }

        byte[] finish() throws IOException {
            tar.finish();
            return bytes.toByteArray();
        }
    }

    private Layer save(int n, byte[] tar, String compression) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (compression) {
            case "gzip" -> new GZIPOutputStream(out);
            case "zstd" -> new ZstdOutputStream(out);
            default -> out;
        }) {
            c.write(tar);
        }
        byte[] blob = out.toByteArray();
        Path file = dir.resolve("layer" + n);
        Files.write(file, blob);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        return new Layer(file, digest, "layer " + n);
    }

    private record Out(List<TarEntry> order, Map<String, TarEntry> entries, Map<String, String> contents) { }

    private static Out flatten(List<Layer> layers, Set<String> capture, Map<String, byte[]> captured) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(bytes);
        LayerFlattener.Result r = LayerFlattener.flatten(layers, writer, capture::contains);
        writer.finish();
        captured.putAll(r.captured());
        List<TarEntry> order = new ArrayList<>();
        Map<String, TarEntry> entries = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            order.add(e);
            entries.put(e.name(), e);
            if (e.type() == EntryType.FILE) {
                contents.put(e.name(), new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(r.entries(), order.size());
        return new Out(order, entries, contents);
    }

    @Test
    void appliesWhiteoutsOpaqueDirectoriesReplacementsAndHardLinksAcrossLayers() throws Exception {
        Layer base = save(0, new LayerTar()
                .dir("./", 0755)
                .dir("./etc/", 0755).file("./etc/a", "A").file("./etc/b", "B")
                .dir("./d/", 0755).file("./d/x", "X").dir("./d/sub/", 0755).file("./d/sub/y", "Y")
                .dir("./d2/", 0755).file("./d2/k", "K")
                .file("./f", "F")
                .file("./orig", "O")
                .dir("./var/", 0755).dir("./var/lib/", 0755).dir("./var/lib/dpkg/", 0755)
                .file("./var/lib/dpkg/status", "Package: base\n")
                .finish(), "plain");
        Layer middle = save(1, new LayerTar()
                .file("etc/.wh.a", "")
                .dir("d/", 0750).file("d/.wh..wh..opq", "").file("d/z", "Z")
                .dir("f/", 0755).file("f/inner", "I")
                .link("link1", "orig")
                .dir("usr/", 0755).dir("usr/bin/", 0755)
                .entry(TarEntry.builder("usr/bin/su", EntryType.FILE).mode(04755).owner(0, 0)
                        .xattr("security.capability", new byte[] {1, 2, 3}), "SU")
                .entry(TarEntry.builder("usr/bin/mine", EntryType.FILE).mode(0640).owner(1000, 1001)
                        .uname("me").gname("us"), "mine")
                .finish(), "gzip");
        Layer top = save(2, new LayerTar()
                .dir("etc/", 0700)
                .file("orig", "O2")
                .file("f", "F2")
                .file(".wh.d2", "")
                .link("link2", "link1")
                .symlink("usr/bin/sh", "su")
                .finish(), "zstd");

        Map<String, byte[]> captured = new LinkedHashMap<>();
        Out out = flatten(List.of(base, middle, top), Set.of("var/lib/dpkg/status"), captured);

        assertEquals(Set.of("etc/", "etc/b", "d/", "d/z", "f", "orig", "link1", "link2", "usr/", "usr/bin/",
                "usr/bin/su", "usr/bin/mine", "usr/bin/sh", "var/", "var/lib/", "var/lib/dpkg/",
                "var/lib/dpkg/status"), out.entries().keySet());
        assertEquals(0700, out.entries().get("etc/").mode(), "the top layer's metadata of etc/");
        assertEquals(0750, out.entries().get("d/").mode());
        assertEquals("Z", out.contents().get("d/z"));
        assertEquals("F2", out.contents().get("f"), "file -> directory -> file");
        assertEquals("O2", out.contents().get("orig"));
        // the hard link was made to the old orig: it keeps the old content, and link2 is the same file
        assertEquals("O", out.contents().get("link1"));
        assertEquals(EntryType.HARDLINK, out.entries().get("link2").type());
        assertEquals("link1", out.entries().get("link2").linkName());
        TarEntry su = out.entries().get("usr/bin/su");
        assertEquals(04755, su.mode());
        assertArrayEquals(new byte[] {1, 2, 3}, su.xattrs().get("security.capability"));
        TarEntry mine = out.entries().get("usr/bin/mine");
        assertEquals(1000, mine.uid());
        assertEquals(1001, mine.gid());
        assertEquals("me", mine.uname());
        assertEquals("su", out.entries().get("usr/bin/sh").linkName());
        assertEquals("Package: base\n", new String(captured.get("var/lib/dpkg/status"), StandardCharsets.UTF_8));

        // every entry comes after the directory holding it
        Set<String> seen = new HashSet<>();
        for (TarEntry e : out.order()) {
            String name = e.name().endsWith("/") ? e.name().substring(0, e.name().length() - 1) : e.name();
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                assertTrue(seen.contains(name.substring(0, slash)), e.name() + " before its directory");
            }
            seen.add(name);
        }
    }

    @Test
    void aLinkWhoseOriginalIsDeletedCarriesTheContentAndLaterLinksPointToIt() throws Exception {
        Layer base = save(0, new LayerTar().file("a", "content").link("b", "a").link("c", "a").finish(), "plain");
        Layer top = save(1, new LayerTar().file(".wh.a", "").finish(), "gzip");
        Out out = flatten(List.of(base, top), Set.of(), new LinkedHashMap<>());
        assertEquals(List.of("b", "c"), out.order().stream().map(TarEntry::name).toList());
        assertEquals("content", out.contents().get("b"));
        assertEquals("b", out.entries().get("c").linkName());
    }

    @Test
    void aHardLinkToNothingIsNamed() throws Exception {
        Layer base = save(0, new LayerTar().file("a", "x").finish(), "plain");
        Layer top = save(1, new LayerTar().file(".wh.a", "").link("b", "a").finish(), "plain");
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> flatten(List.of(base, top), Set.of(), new LinkedHashMap<>()));
        assertEquals("layer 1: hard link b points to a, which is no file at that point (neither in this layer "
                + "before it nor in a lower one)", e.getMessage());
    }

    @Test
    void aNameEscapingTheRootIsRefused() throws Exception {
        Layer bad = save(0, new LayerTar().file("usr/../../etc/passwd", "x").finish(), "gzip");
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> flatten(List.of(bad), Set.of(), new LinkedHashMap<>()));
        assertEquals("layer 0: entry usr/../../etc/passwd: a '..' component escapes the root", e.getMessage());
    }

    @Test
    void aDamagedBlobFailsNamingTheLayerAndBothDigests() throws Exception {
        Layer good = save(0, new LayerTar().file("a", "x".repeat(5000)).finish(), "gzip");
        byte[] blob = Files.readAllBytes(good.blob());
        blob[blob.length / 2] ^= 0x55;
        Files.write(good.blob(), blob);
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> flatten(List.of(good), Set.of(), new LinkedHashMap<>()));
        assertTrue(e.getMessage().startsWith("sha256 of layer 0: expected " + good.sha256() + " but got "),
                e.getMessage());
    }

    @Test
    void aBlobThatIsNoTarIsNamed() throws Exception {
        Path file = dir.resolve("junk");
        Files.writeString(file, "this is not a tar archive, just some text that is long enough ".repeat(20));
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> flatten(List.of(new Layer(file, null, "layer 0 (junk)")), Set.of(), new LinkedHashMap<>()));
        assertTrue(e.getMessage().startsWith("layer 0 (junk): not a complete tar archive: "), e.getMessage());
    }
}
