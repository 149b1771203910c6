package io.osimg.install.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Mounts and unmounts kernel file systems in the target; {@link #system()} does it for real. */
public interface Mounter {

    /**
     * Mounts {@code mount} at {@code root/mount.target()}, which must be a directory reached from {@code root}
     * without symbolic links.
     */
    void mount(Path root, SpecialMount mount) throws IOException;

    /** Unmounts {@code mountPoint}; with {@code detach} lazily ({@code MNT_DETACH}), the last resort. */
    void unmount(Path mountPoint, boolean detach) throws IOException;

    /** The mount points at or below {@code dir} that are mounted now (from {@code /proc/self/mountinfo}). */
    List<Path> mountsUnder(Path dir) throws IOException;

    /** Real mounts through {@code mount(2)}/{@code umount2(2)}, checked in {@code /proc/self/mountinfo}. */
    static Mounter system() {
        return new SystemMounter(Path.of("/proc/self/mountinfo"));
    }
}
