package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteHostnameTest {

    @TempDir
    Path root;

    @Test
    void theHostnameReplacesTheImagesWithoutFollowingALink() throws Exception {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-outside"), "keep");
        OsTarget t = Targets.target(root, Targets.machine());
        Files.createSymbolicLink(root.resolve("etc/hostname"), outside);

        new WriteHostname().run(t);

        assertThat(root.resolve("etc/hostname")).isRegularFile().hasContent("node-1");
        assertThat(outside).hasContent("keep");
        Files.delete(outside);
    }
}
