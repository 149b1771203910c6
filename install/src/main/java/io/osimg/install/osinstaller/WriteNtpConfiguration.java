package io.osimg.install.osinstaller;

import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.v2.AllocationType;
import java.io.IOException;
import java.util.List;

/**
 * "write ntp configuration": the OS's NTP daemon's configuration ({@link OperatingSystem#ntpFile}: timesyncd on
 * Debian and Ubuntu, chrony on AlmaLinux) names the allocation's NTP servers; nothing without servers, nothing for
 * a firewall (its chrony is configured by the systemd services task), and AlmaLinux is no firewall.
 */
public final class WriteNtpConfiguration implements OsTask {

    @Override
    public String name() {
        return "write ntp configuration";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        var a = target.allocation();
        if (a.allocationType() == AllocationType.FIREWALL) {
            if (target.os() instanceof AlmaLinux) {
                throw new IOException("AlmaLinux as a firewall is not supported");
            }
            return;
        }
        if (a.ntpServers().isEmpty()) {
            return;
        }
        List<String> servers = a.ntpServers().stream().map(NtpServer::address).toList();
        OperatingSystem.NtpFile file = target.os().ntpFile(servers);
        target.write(file.path(), file.content(), 0644);
    }
}
