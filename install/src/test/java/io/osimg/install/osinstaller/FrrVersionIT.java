package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The FRR version read from a real FRR (package frr, on this machine): its {@code vtysh -h} as os-installer reads it,
 * and its dpkg status entry, which must agree.
 */
class FrrVersionIT {

    @Test
    void theHostsVtyshAndDpkgStatusNameTheSameVersion() throws Exception {
        Path vtysh = Path.of("/usr/bin/vtysh");
        Assumptions.assumeTrue(Files.isExecutable(vtysh), "no " + vtysh + " (apt-get install frr)");
        Process p = new ProcessBuilder(vtysh.toString(), "-h").redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(help).isZero();

        FrrVersion.Version fromVtysh = FrrVersion.fromVtyshHelp(help);
        FrrVersion.Version fromDpkg = FrrVersion.fromDpkgStatus(Files.readString(Path.of("/var/lib/dpkg/status")));

        System.out.println("vtysh -h: FRR " + fromVtysh.text() + ", dpkg: frr " + fromDpkg.text());
        assertThat(fromVtysh.major()).isGreaterThanOrEqualTo(7);
        assertThat(fromDpkg.major()).isEqualTo(fromVtysh.major());
        assertThat(fromDpkg.minor()).isEqualTo(fromVtysh.minor());
        assertThat(fromDpkg.text()).startsWith(fromVtysh.text());
    }
}
