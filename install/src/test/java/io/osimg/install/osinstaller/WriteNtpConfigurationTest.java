package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.v2.V2Allocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteNtpConfigurationTest {

    @TempDir
    Path root;

    private static V2Allocation withNtp(V2Allocation a) {
        return new V2Allocation(a.uuid(), a.name(), a.description(), a.createdBy(), a.project(), a.image(),
                a.filesystemLayout(), a.networks(), a.hostname(), a.sshPublicKeys(), a.userdata(), a.allocationType(),
                a.firewallRules(), a.dnsServers(), List.of(new NtpServer("0.pool.ntp.org"), new NtpServer("10.1.0.1")),
                a.vpn());
    }

    @Test
    void aDebianMachineGetsTimesyncdWithTheServers() throws Exception {
        new WriteNtpConfiguration().run(Targets.target(root, withNtp(Targets.machine())));
        assertThat(root.resolve("etc/systemd/timesyncd.conf")).hasContent("[Time]\nNTP=0.pool.ntp.org 10.1.0.1\n");
    }

    @Test
    void aFirewallOrNoServersWriteNothingAndAlmaLinuxIsNotThereYet() throws Exception {
        new WriteNtpConfiguration().run(Targets.target(root, withNtp(Targets.firewall())));
        new WriteNtpConfiguration().run(Targets.target(root, Targets.machine()));
        assertThat(root.resolve("etc/systemd")).doesNotExist();

        OsTarget debian = Targets.target(root, withNtp(Targets.machine()));
        OsTarget alma = new OsTarget(root, debian.allocation(), debian.details(), OperatingSystem.ALMALINUX);
        assertThatThrownBy(() -> new WriteNtpConfiguration().run(alma)).hasMessageContaining("chrony.conf");
    }
}
