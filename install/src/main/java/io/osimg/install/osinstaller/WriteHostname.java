package io.osimg.install.osinstaller;

import java.io.IOException;

/** "write hostname": {@code /etc/hostname} is the allocation's hostname (no newline, as os-installer writes it). */
public final class WriteHostname implements OsTask {

    @Override
    public String name() {
        return "write hostname";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        target.write("etc/hostname", target.allocation().hostname(), 0644);
    }
}
