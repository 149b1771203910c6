package io.osimg.install.contract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@link Mounter} through the FFM door: {@code mount(2)} on a descriptor, {@code umount2(2)}. */
final class SystemMounter implements Mounter {

    private final Path mountinfo;

    SystemMounter(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    @Override
    public void mount(Path root, SpecialMount m) throws IOException {
        try (Fd dir = TargetFiles.openDirectory(root, m.target(), false)) {
            Mounts.mount(m.source(), dir, m.fstype(), m.flags(), null);
        }
    }

    @Override
    public void unmount(Path mountPoint, boolean detach) throws IOException {
        Mounts.unmount(mountPoint, Mounts.UMOUNT_NOFOLLOW | (detach ? Mounts.MNT_DETACH : 0));
    }

    @Override
    public List<Path> mountsUnder(Path dir) throws IOException {
        return MountTable.mountsUnder(mountinfo, dir);
    }
}
