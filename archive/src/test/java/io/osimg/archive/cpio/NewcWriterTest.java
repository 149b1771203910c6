package io.osimg.archive.cpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NewcWriterTest {

    static byte[] archive(long mtime, List<CpioEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NewcWriter(mtime).write(entries, out);
        return out.toByteArray();
    }

    @Test
    void writesTheNewcHeaderFieldByField() throws IOException {
        byte[] a = archive(0x6565f000L, List.of(CpioEntry.file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII))));
        String head = new String(a, 0, 110, StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("070701" + "00000001" + "000081ed" + "00000000" + "00000000" + "00000001" + "6565f000"
                + "0000000a" + "00000000" + "00000000" + "00000000" + "00000000" + "00000005" + "00000000");
        // name "init\0" at 110..114, padded to 116; 10 bytes of content padded to 128; then the trailer
        assertThat(new String(a, 110, 5, StandardCharsets.US_ASCII)).isEqualTo("init\0");
        assertThat(new String(a, 116, 10, StandardCharsets.US_ASCII)).isEqualTo("#!/bin/sh\n");
        assertThat(new String(a, 128, 6, StandardCharsets.US_ASCII)).isEqualTo("070701");
        assertThat(new String(a, 128 + 110, 11, StandardCharsets.US_ASCII)).isEqualTo("TRAILER!!!\0");
        assertThat(a.length).isEqualTo(512);
        assertThat(a).containsSubsequence(new byte[] {0, 0, 0}).endsWith(new byte[4]);
    }

    @Test
    void sameEntriesInAnyOrderGiveTheSameBytes() throws IOException {
        List<CpioEntry> entries = new ArrayList<>(List.of(
                CpioEntry.file("usr/bin/a", 0755, new byte[] {1, 2, 3}),
                CpioEntry.file("usr/bin/b", 0644, new byte[] {4}),
                CpioEntry.hardLink("usr/bin/c", "usr/bin/a"),
                CpioEntry.symlink("bin", "usr/bin"),
                CpioEntry.directory("etc", 0700),
                CpioEntry.charDevice("dev/console", 0600, 5, 1)));
        byte[] first = archive(1_700_000_000L, entries);
        Collections.shuffle(entries, new Random(7));
        assertThat(archive(1_700_000_000L, entries)).isEqualTo(first);
        assertThat(archive(1_700_000_001L, entries)).isNotEqualTo(first);
    }

    @Test
    void refusesWhatCannotBeWritten() {
        assertThatThrownBy(() -> archive(0, List.of(CpioEntry.directory("a", 0755), CpioEntry.file("a", 0644, new byte[0]))))
                .hasMessage("cpio entry a: given twice");
        assertThatThrownBy(() -> archive(0, List.of(CpioEntry.file("a", 0644, new byte[0]), CpioEntry.file("a/b", 0644, new byte[0]))))
                .hasMessage("cpio entry a/b: its parent a is not a directory");
        assertThatThrownBy(() -> archive(0, List.of(CpioEntry.hardLink("b", "a"))))
                .hasMessage("cpio entry b: hard link to a, which is not a regular file entry");
        assertThatThrownBy(() -> CpioEntry.file("a/../../etc", 0644, new byte[0]))
                .hasMessage("cpio entry name a/../../etc: empty, . or .. part");
        assertThatThrownBy(() -> CpioEntry.directory("d", 010755)).hasMessageContaining("mode 10755 has bits beyond 07777");
        assertThatThrownBy(() -> new NewcWriter(-1)).hasMessageContaining("cpio mtime -1");
    }

    @Test
    void aSourceThatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> archive(0, List.of(CpioEntry.file("x", 0644, java.nio.file.Path.of("/nonexistent/x")))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cpio entry x: reading /nonexistent/x");
    }
}
