package io.osimg.install.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstDiskTest {
    @TempDir
    Path sys;

    private void dev(String name, String removable, String ro, String size) throws IOException {
        Path d = Files.createDirectories(sys.resolve(name));
        Files.writeString(d.resolve("removable"), removable + "\n");
        Files.writeString(d.resolve("ro"), ro + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void choosesTheFirstFixedWritableNonEmptyDisk() throws IOException {
        dev("loop0", "0", "0", "100");
        dev("sda", "1", "0", "100");      // a USB stick
        dev("sdb", "0", "1", "100");      // read-only
        dev("sdc", "0", "0", "0");        // no medium
        dev("sr0", "0", "0", "100");
        dev("vda", "0", "0", "4194304");
        dev("vdb", "0", "0", "4194304");
        assertThat(FirstDisk.find(sys)).contains("/dev/vda");
    }

    @Test
    void noDiskIsEmptyAndNoSysfsIsAnError() throws IOException {
        dev("loop0", "0", "0", "100");
        assertThat(FirstDisk.find(sys)).isEmpty();
        assertThatThrownBy(() -> FirstDisk.find(sys.resolve("nope"))).hasMessageContaining("is /sys mounted?");
    }
}
