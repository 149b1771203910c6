package io.osimg.install.osinstaller;

import io.osimg.core.machine.DnsServer;
import java.io.IOException;

/**
 * "write /etc/resolv.conf": a nameserver line per DNS server of the allocation, Google's two when it has none.
 * A symbolic link there (systemd-resolved's stub) is replaced by the file, never written through.
 */
public final class WriteResolvConf implements OsTask {

    @Override
    public String name() {
        return "write /etc/resolv.conf";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        StringBuilder b = new StringBuilder();
        for (DnsServer s : target.allocation().dnsServers()) {
            b.append("nameserver ").append(s.ip()).append('\n');
        }
        target.write("etc/resolv.conf", b.isEmpty() ? "nameserver 8.8.8.8\nnameserver 8.8.4.4\n" : b.toString(), 0644);
    }
}
