package io.osimg.install.contract;

import io.osimg.core.install.LegacyDisk;
import java.util.Objects;

/**
 * What the contract files say about the file systems the image was installed on.
 *
 * @param rootUuid   the root file system's UUID (install.yaml {@code root_uuid}), {@code ""} when not known
 * @param legacyDisk {@code /etc/metal/disk.json}: the root, efi and varlib file systems by UUID
 * @param raid       whether the disks osimg partitioned have RAID arrays (install.yaml and machine-details.yaml
 *                   {@code raidenabled}); null when osimg did not partition them: then the machine document's layout
 */
public record TargetDisks(String rootUuid, LegacyDisk legacyDisk, Boolean raid) {

    public TargetDisks {
        rootUuid = rootUuid == null ? "" : rootUuid;
        Objects.requireNonNull(legacyDisk, "legacyDisk");
    }

    /** Disks osimg did not partition: {@code raidenabled} comes from the machine document. */
    public TargetDisks(String rootUuid, LegacyDisk legacyDisk) {
        this(rootUuid, legacyDisk, null);
    }

    /** {@code raidenabled}: from the disks osimg partitioned, else {@code fromDocument}. */
    public boolean raidEnabled(boolean fromDocument) {
        return raid != null ? raid : fromDocument;
    }

    /** A target osimg did not partition ({@code --root}): only the root UUID, when given; disk.json lists nothing. */
    public static TargetDisks rootOnly(String rootUuid) {
        return new TargetDisks(rootUuid, LegacyDisk.empty());
    }
}
