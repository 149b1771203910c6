package io.osimg.image.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ImageScanTest {

    private static ImageScan scan(TarEntry... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(out)) {
            for (TarEntry e : entries) {
                w.write(e, e.type() == EntryType.FILE ? new ByteArrayInputStream(new byte[(int) e.size()]) : null);
            }
        }
        return ImageScan.read(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void resolvesSymlinksInEveryComponentLikeMergedUsr() throws Exception {
        ImageScan s = scan(
                TarEntry.builder("bin", EntryType.SYMLINK).linkTarget("usr/bin".getBytes()).build(),
                TarEntry.builder("usr/", EntryType.DIRECTORY).build(),
                TarEntry.builder("usr/bin/", EntryType.DIRECTORY).build(),
                TarEntry.builder("usr/bin/dash", EntryType.FILE).size(3).build(),
                TarEntry.builder("usr/bin/sh", EntryType.SYMLINK).linkTarget("dash".getBytes()).build(),
                TarEntry.builder("vmlinuz", EntryType.SYMLINK).linkTarget("/boot/../boot/vmlinuz-6".getBytes()).build(),
                TarEntry.builder("boot/", EntryType.DIRECTORY).build(),
                TarEntry.builder("boot/vmlinuz-6", EntryType.FILE).size(1).build(),
                TarEntry.builder("loop", EntryType.SYMLINK).linkTarget("loop".getBytes()).build());
        assertThat(s.resolve("bin/sh")).contains("usr/bin/dash");
        assertThat(s.resolve("/bin/sh")).contains("usr/bin/dash");
        assertThat(s.resolve("vmlinuz")).contains("boot/vmlinuz-6");
        assertThat(s.resolve("bin/bash")).isEmpty();
        assertThat(s.resolve("loop")).isEmpty();
    }
}
