package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
