package io.osimg.image.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DpkgStatusTest {

    @Test
    void printsLikeDpkgListOnThisMachine() throws Exception {
        Path status = Path.of("/var/lib/dpkg/status");
        assumeTrue(Files.isReadable(status) && Files.isExecutable(Path.of("/usr/bin/dpkg")), "needs dpkg");
        DpkgStatus db = DpkgStatus.parse(Files.newBufferedReader(status));
        Process p = new ProcessBuilder("dpkg", "-l").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(db.toDpkgList()).isEqualTo(expected);
    }

    @Test
    void readsStatesFlagsAndMultiArch() throws Exception {
        String text = """
                Package: libc6
                Status: install ok installed
                Multi-Arch: same
                Architecture: amd64
                Version: 2.36-9
                Description: GNU C Library: Shared libraries
                 Contains the standard libraries.

                Package: gone
                Status: purge ok not-installed
                Architecture: amd64

                Package: half
                Status: install reinstreq half-installed
                Architecture: all
                Version: 1:1.0-1
                Description: half done

                Package: cfg
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 3
                Description: only config left
                """;
        DpkgStatus db = DpkgStatus.parse(new StringReader(text));
        String list = db.toDpkgList();
        assertThat(list).doesNotContain("gone");
        assertThat(list).contains("ii  libc6:amd64    2.36-9       amd64        GNU C Library: Shared libraries\n");
        assertThat(list).contains("iHR half           1:1.0-1      all          half done\n");
        assertThat(list).contains("rc  cfg            3            amd64        only config left\n");
        assertThat(list.lines().skip(5).map(l -> l.substring(4, 8)).toList()).containsExactly("cfg ", "half", "libc");
    }
}
