package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedSshKeysTest {

    @TempDir
    Path root;

    @Test
    void theKeysGoToTheMetalUsersHomeOwnedByItWithSshModes() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "metal:x:1000:1001:metal:/home/metal:/bin/bash\n");
        Files.createDirectories(root.resolve("home/metal"));

        new AuthorizedSshKeys().run(t);

        Path keys = root.resolve("home/metal/.ssh/authorized_keys");
        assertThat(keys).hasContent("ssh-ed25519 AAAA one\nssh-ed25519 BBBB two");
        assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keys.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(keys, "unix:gid")).isEqualTo(1001);
        assertThat(Files.getAttribute(keys.getParent(), "unix:uid")).isEqualTo(1000);
    }

    @Test
    void withoutTheMetalUserItFailsNamingIt() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        assertThatThrownBy(() -> new AuthorizedSshKeys().run(t)).hasMessage("/etc/passwd: no user metal");
    }
}
