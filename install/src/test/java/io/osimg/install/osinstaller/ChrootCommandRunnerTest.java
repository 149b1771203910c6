package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChrootCommandRunnerTest {

    @Test
    void wordsAreSingleQuotedAndTheInputIsAQuotedHereDocument() {
        String script = ChrootCommandRunner.script(List.of("chpasswd", "it's"), "metal:$(reboot)\n", "/opt/my dir");
        String end = script.substring(script.indexOf("<<'") + 3, script.indexOf("'\n", script.indexOf("<<'")));
        assertThat(end).startsWith("OSIMG_INPUT_");
        assertThat(script).isEqualTo("#!/bin/sh\necho 'osimg: running the command'\ncd '/opt/my dir' || exit 125\nexec 'chpasswd' 'it'\\''s' <<'" + end
                + "'\nmetal:$(reboot)\n" + end + "\n");
        assertThat(ChrootCommandRunner.script(List.of("update-grub"), null, null))
                .isEqualTo("#!/bin/sh\necho 'osimg: running the command'\ncd '/' || exit 125\nexec 'update-grub' </dev/null\n");
    }

    @Test
    void aCommandTheImageCannotRunFailsNamingWhatIsMissingAndRunsNothing(@TempDir Path root) throws IOException {
        List<String> ran = new ArrayList<>();
        ChrootCommandRunner chroot = new ChrootCommandRunner(root, (r, script, mounts, out) -> {
            ran.add(script);
            return 0;
        }, List.of(), line -> { });

        assertThatThrownBy(() -> chroot.run("useradd", "metal"))
                .isInstanceOf(IOException.class)
                .hasMessage("'useradd metal' cannot run: the image has no /bin/sh, which runs its programs (" + root + ")");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/sh"), "");
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin")); // merged /usr: /bin/sh is /usr/bin/sh
        assertThatThrownBy(() -> chroot.run("useradd", "metal"))
                .hasMessage("'useradd metal' cannot run: the image has no useradd in /usr/local/sbin, /usr/local/bin, "
                        + "/usr/sbin, /usr/bin, /sbin, /bin (" + root + ")");
        assertThat(ran).isEmpty();
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.writeString(root.resolve("usr/sbin/useradd"), "");
        chroot.run("useradd", "metal");
        assertThat(ran).containsExactly("/" + ChrootCommandRunner.SCRIPT);
        assertThat(root.resolve(ChrootCommandRunner.SCRIPT)).doesNotExist();
    }
}
