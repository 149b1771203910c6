package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.NetworkType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered frr.conf parses: FRR's own {@code vtysh --dryrun} (package frr, on this machine) accepts the
 * machine's and the firewall's configuration and refuses a broken one.
 */
class FrrDryrunIT {

    private static final Path VTYSH = Path.of("/usr/bin/vtysh");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsVtysh() {
        Assumptions.assumeTrue(Files.isExecutable(VTYSH), "no " + VTYSH + " (apt-get install frr)");
    }

    private int dryrun(String config) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("frr.conf"), config);
        Process p = new ProcessBuilder(VTYSH.toString(), "--dryrun", "--inputfile", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        System.out.println(out);
        return exit;
    }

    @Test
    void machineAndFirewallConfigurationsParse() throws Exception {
        assertThat(dryrun(FrrConfig.of(new Networks(Targets.machine()), 8))).isZero();
        var firewall = NetworkConfigTest.allocation(AllocationType.FIREWALL, "fw-1", "p",
                NetworkConfigTest.net("tenant", NetworkType.CHILD, "p", List.of("10.0.16.0/22"), List.of(),
                        List.of("10.0.16.1"), 3981),
                NetworkConfigTest.net("internet", NetworkType.EXTERNAL, null, List.of("185.1.2.0/24", "2a02:c00:20::/45"),
                        List.of("0.0.0.0/0", "::/0"), List.of("185.1.2.3", "2a02:c00:20::1"), 104009),
                NetworkConfigTest.net("underlay", NetworkType.UNDERLAY, null, List.of("10.0.12.0/22"), List.of(),
                        List.of("10.1.0.1"), 0));
        String config = FrrConfig.of(new Networks(firewall), 8);
        assertThat(config).contains("vrf vrf3981\n", "router bgp 4200003073 vrf vrf104009\n");
        assertThat(dryrun(config)).isZero();
    }

    @Test
    void aBrokenConfigurationIsRefused() throws Exception {
        String broken = FrrConfig.of(new Networks(Targets.machine()), 8).replace("router bgp 4200003073",
                "router bgp four");
        assertThat(dryrun(broken)).isNotZero();
    }
}
