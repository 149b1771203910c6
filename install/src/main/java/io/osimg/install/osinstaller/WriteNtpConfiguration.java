package io.osimg.install.osinstaller;

import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.v2.AllocationType;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * "write ntp configuration": on Debian and Ubuntu systemd-timesyncd's {@code /etc/systemd/timesyncd.conf} names the
 * allocation's NTP servers; nothing without servers, nothing for a firewall (its chrony is configured at boot).
 * AlmaLinux's chrony configuration is not written by osimg yet: the task fails there when it has servers.
 */
public final class WriteNtpConfiguration implements OsTask {

    @Override
    public String name() {
        return "write ntp configuration";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        var a = target.allocation();
        if (a.ntpServers().isEmpty()) {
            return;
        }
        if (target.os() == OperatingSystem.ALMALINUX) {
            throw new IOException("AlmaLinux's /etc/chrony.conf is not written by osimg's OS installer yet");
        }
        if (a.allocationType() == AllocationType.FIREWALL) {
            return;
        }
        String servers = a.ntpServers().stream().map(NtpServer::address).collect(Collectors.joining(" "));
        target.write("etc/systemd/timesyncd.conf", "[Time]\nNTP=" + servers + "\n", 0644);
    }
}
