package io.osimg.install.contract;

import io.osimg.core.install.LegacyDisk;
import java.util.Objects;

/**
 * What the contract files say about the file systems the image was installed on.
 *
 * @param rootUuid   the root file system's UUID (install.yaml {@code root_uuid}), {@code ""} when not known
 * @param legacyDisk {@code /etc/metal/disk.json}: the root, efi and varlib file systems by UUID
 */
public record TargetDisks(String rootUuid, LegacyDisk legacyDisk) {

    public TargetDisks {
        rootUuid = rootUuid == null ? "" : rootUuid;
        Objects.requireNonNull(legacyDisk, "legacyDisk");
    }

    /** A target osimg did not partition ({@code --root}): only the root UUID, when given; disk.json lists nothing. */
    public static TargetDisks rootOnly(String rootUuid) {
        return new TargetDisks(rootUuid, LegacyDisk.empty());
    }
}
