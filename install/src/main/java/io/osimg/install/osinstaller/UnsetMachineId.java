package io.osimg.install.osinstaller;

import io.osimg.archive.posix.FileType;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * "unset machine id": {@code /etc/machine-id} and {@code /var/lib/dbus/machine-id} emptied where they are files,
 * so the first boot makes a new ID. A symbolic link (dbus' usually points to /etc/machine-id) is left as it is.
 */
public final class UnsetMachineId implements OsTask {

    private static final List<String> FILES = List.of("etc/machine-id", "var/lib/dbus/machine-id");

    @Override
    public String name() {
        return "unset machine id";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        for (String file : FILES) {
            Optional<FileType> type = TargetFiles.type(target.root(), file);
            if (type.isPresent() && type.get() == FileType.REGULAR) {
                target.write(file, "", 0444);
            }
        }
    }
}
