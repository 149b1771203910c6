package io.osimg.archive.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why the tar classes are ours (issue 10): the same archive, written by GNU tar from a real tree, read by
 * {@link TarReader} and by Apache Commons Compress 1.28. Ours keeps a file name that is not UTF-8 and an xattr value
 * that is not text byte for byte; Commons Compress hands both out as Java strings, decoded with replacement
 * characters, so an extractor built on it cannot recreate either. When a later Commons Compress keeps them, these
 * assertions fail and the question is open again.
 */
class CommonsCompressComparisonTest {

    private static final byte[] LATIN1_NAME = {'.', '/', 'c', 'a', 'f', (byte) 0xe9};
    private static final byte[] BINARY_XATTR = HexFormat.of().parseHex("80ff0001");

    @TempDir
    Path dir;

    private Path archive;

    @BeforeEach
    void gnuTarArchive() throws Exception {
        Path tree = Files.createDirectory(dir.resolve("tree"));
        // The shell makes the name: Java's file API cannot name a file with bytes that are not UTF-8.
        run(tree, "sh", "-c", "printf x > \"$(printf 'caf\\351')\" && printf y > bin && setfattr -n user.bin -v 0x80ff0001 bin");
        archive = dir.resolve("a.tar");
        run(tree, "tar", "--format=posix", "--xattrs", "--xattrs-include=*", "-cf", archive.toString(), ".");
    }

    @Test
    void ourReaderKeepsARawByteNameAndABinaryXattrValue() throws IOException {
        List<byte[]> names = new ArrayList<>();
        Map<String, byte[]> binXattrs = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive); TarReader reader = new TarReader(in)) {
            for (TarEntry e; (e = reader.next()) != null; ) {
                names.add(e.path());
                if (e.name().equals("./bin")) {
                    binXattrs.putAll(e.xattrs());
                }
            }
        }
        assertThat(names).anySatisfy(n -> assertThat(n).isEqualTo(LATIN1_NAME));
        assertThat(binXattrs.get("user.bin")).isEqualTo(BINARY_XATTR);
    }

    @Test
    void commonsCompressLosesBoth() throws IOException {
        List<String> names = new ArrayList<>();
        String binXattr = null;
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream cc = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = cc.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().equals("./bin")) {
                    binXattr = e.getExtraPaxHeader("SCHILY.xattr.user.bin");
                }
            }
        }
        assertThat(names).hasSize(3).contains("./", "./bin");
        String latin = names.stream().filter(n -> n.startsWith("./caf")).findFirst().orElseThrow();
        assertThat(latin.getBytes(StandardCharsets.UTF_8)).isNotEqualTo(LATIN1_NAME);
        assertThat(latin.getBytes(StandardCharsets.ISO_8859_1)).isNotEqualTo(LATIN1_NAME);
        assertThat(latin).contains("\uFFFD");
        assertThat(binXattr).isNotNull();
        assertThat(binXattr.getBytes(StandardCharsets.UTF_8)).isNotEqualTo(BINARY_XATTR);
        assertThat(binXattr.getBytes(StandardCharsets.ISO_8859_1)).isNotEqualTo(BINARY_XATTR);
    }

    private static void run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }
}
