package io.osimg.core.machine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;

/** How the disks of a machine are partitioned and formatted (metal-go {@code V1FilesystemLayoutResponse}). */
@JsonPropertyOrder({"id", "disks", "filesystems", "raid", "volumegroups", "logicalvolumes"})
public record FilesystemLayout(
        @JsonProperty("id") String id,
        @JsonProperty("disks") List<Disk> disks,
        @JsonProperty("filesystems") List<Filesystem> filesystems,
        @JsonProperty("raid") List<Raid> raid,
        @JsonProperty("volumegroups") List<VolumeGroup> volumeGroups,
        @JsonProperty("logicalvolumes") List<LogicalVolume> logicalVolumes) {

    public FilesystemLayout {
        disks = Normalize.list(disks);
        filesystems = Normalize.list(filesystems);
        raid = Normalize.list(raid);
        volumeGroups = Normalize.list(volumeGroups);
        logicalVolumes = Normalize.list(logicalVolumes);
    }

    /** True when the layout has RAID arrays (install.yaml {@code raidenabled}). */
    public boolean hasRaid() {
        return !raid.isEmpty();
    }

    /** A disk and the partitions to create on it, in order. */
    public record Disk(
            @JsonProperty("device") String device,
            @JsonProperty("wipeonreinstall") Boolean wipeOnReinstall,
            @JsonProperty("partitions") List<Partition> partitions) {

        public Disk {
            partitions = Normalize.list(partitions);
        }
    }

    /**
     * A GPT partition.
     *
     * @param size    in MiB, 0 meaning the rest of the disk
     * @param gptType the GPT type code such as {@code ef00} or {@code 8300}
     */
    public record Partition(
            @JsonProperty("number") Integer number,
            @JsonProperty("label") String label,
            @JsonProperty("size") Long size,
            @JsonProperty("gpttype") String gptType) {
    }

    /** A file system to create and mount. */
    public record Filesystem(
            @JsonProperty("device") String device,
            @JsonProperty("format") String format,
            @JsonProperty("path") String path,
            @JsonProperty("label") String label,
            @JsonProperty("createoptions") List<String> createOptions,
            @JsonProperty("mountoptions") List<String> mountOptions) {

        public Filesystem {
            createOptions = Normalize.list(createOptions);
            mountOptions = Normalize.list(mountOptions);
        }
    }

    /** A software RAID array. */
    public record Raid(
            @JsonProperty("arrayname") String arrayName,
            @JsonProperty("devices") List<String> devices,
            @JsonProperty("level") String level,
            @JsonProperty("spares") Integer spares,
            @JsonProperty("createoptions") List<String> createOptions) {

        public Raid {
            devices = Normalize.list(devices);
            createOptions = Normalize.list(createOptions);
        }
    }

    /** An LVM volume group. */
    public record VolumeGroup(
            @JsonProperty("name") String name,
            @JsonProperty("devices") List<String> devices,
            @JsonProperty("tags") List<String> tags) {

        public VolumeGroup {
            devices = Normalize.list(devices);
            tags = Normalize.list(tags);
        }
    }

    /**
     * An LVM logical volume.
     *
     * @param size in MiB, 0 meaning the rest of the volume group
     */
    public record LogicalVolume(
            @JsonProperty("name") String name,
            @JsonProperty("volumegroup") String volumeGroup,
            @JsonProperty("size") Long size,
            @JsonProperty("lvmtype") String lvmType) {
    }
}
