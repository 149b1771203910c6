package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.V2Allocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteResolvConfTest {

    @TempDir
    Path root;

    @Test
    void oneNameserverPerDnsServerReplacingTheStubLink() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("../run/systemd/resolve/stub-resolv.conf"));

        new WriteResolvConf().run(t);

        assertThat(root.resolve("etc/resolv.conf")).isRegularFile()
                .hasContent("nameserver 8.8.8.8\nnameserver 2001:4860:4860::8888\n");
    }

    @Test
    void withoutDnsServersGooglesTwo() throws Exception {
        var a = Targets.allocation(AllocationType.MACHINE, List.of());
        var without = new V2Allocation(a.uuid(), a.name(), null, null, a.project(), a.image(),
                null, a.networks(), a.hostname(), a.sshPublicKeys(), null, a.allocationType(), null, List.of(),
                List.of(), null);
        new WriteResolvConf().run(Targets.target(root, without));
        assertThat(Files.readString(root.resolve("etc/resolv.conf"))).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    }
}
