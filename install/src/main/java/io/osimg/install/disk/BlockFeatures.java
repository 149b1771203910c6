package io.osimg.install.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the running kernel can make md RAID arrays ({@code /proc/mdstat} exists) and LVM volumes (the device
 * mapper's {@code /dev/mapper/control} exists). The paths are parameters so tests can point them elsewhere.
 */
public record BlockFeatures(Path mdstat, Path mapperControl) {

    /** The running system's. */
    public static BlockFeatures system() {
        return new BlockFeatures(Path.of("/proc/mdstat"), Path.of("/dev/mapper/control"));
    }

    /** What the layout needs that the kernel lacks, one sentence each, naming the kernel feature. */
    public List<String> missing(DiskLayout layout) {
        List<String> missing = new ArrayList<>();
        if (layout.raidEnabled() && !Files.exists(mdstat)) {
            missing.add("the layout has RAID arrays " + layout.raids().stream().map(DiskLayout.Raid::name).toList()
                    + " but the running kernel has no md RAID (" + mdstat + " is absent; CONFIG_BLK_DEV_MD, module md_mod)");
        }
        if (layout.usesLvm() && !Files.exists(mapperControl)) {
            missing.add("the layout has volume groups " + layout.volumeGroups().stream().map(DiskLayout.VolumeGroup::name).toList()
                    + " but the running kernel has no device mapper (" + mapperControl + " is absent; CONFIG_BLK_DEV_DM, module dm_mod)");
        }
        return missing;
    }
}
