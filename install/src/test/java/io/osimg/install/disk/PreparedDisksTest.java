package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.install.LegacyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDisksTest {

    @TempDir
    Path root;

    @Test
    void writesMdadmConfOnlyWithArrays() throws IOException {
        String conf = "HOMEHOST <ignore>\nARRAY /dev/md/root metadata=1.2 UUID=0a1b2c3d:11111111:22222222:33333333\n";
        try (PreparedDisks raid = new PreparedDisks(new Commands(), root, false, "u", LegacyDisk.empty(), List.of(), List.of(),
                List.of(), List.of(), conf)) {
            assertThat(raid.raidEnabled()).isTrue();
            Path file = raid.writeMdadmConf().orElseThrow();
            assertThat(file).isEqualTo(root.resolve("etc/mdadm/mdadm.conf"));
            assertThat(Files.readString(file)).isEqualTo(conf);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
            assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString())).containsExactly("mdadm.conf");
        }
        Path other = Files.createDirectory(root.resolve("other"));
        try (PreparedDisks plain = new PreparedDisks(new Commands(), other, false, "u", LegacyDisk.empty(), List.of(), List.of(),
                List.of(), List.of(), "")) {
            assertThat(plain.raidEnabled()).isFalse();
            assertThat(plain.writeMdadmConf()).isEmpty();
            assertThat(other.resolve("etc")).doesNotExist();
        }
    }
}
