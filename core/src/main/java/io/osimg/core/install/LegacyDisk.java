package io.osimg.core.install;

import io.osimg.core.json.Mappers;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /etc/metal/disk.json} (contract section 4, step 4): metal-hammer's legacy {@code Disk}, which install.sh
 * scripts of older images read the UUIDs of the root, efi and varlib file systems from. Written as Go's
 * {@code json.MarshalIndent(disk, "", "  ")} writes it (Go field names, two-space indent, no final newline).
 *
 * @param partitions one entry per file system of the layout labelled {@code root}, {@code efi} or {@code varlib},
 *                   in mount order
 */
public record LegacyDisk(List<Partition> partitions) {

    /** The labels metal-hammer puts into disk.json; other file systems are left out. */
    public static final Set<String> LABELS = Set.of("root", "efi", "varlib");

    /** The device name metal-hammer writes. */
    public static final String DEVICE = "legacy";

    /**
     * One file system.
     *
     * @param label      the file system label of the layout ({@code root}, {@code efi}, {@code varlib})
     * @param filesystem the format, e.g. {@code ext4}, {@code vfat}
     * @param uuid       the file system UUID
     */
    public record Partition(String label, String filesystem, String uuid) {
        public Partition {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(filesystem, "filesystem");
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    public LegacyDisk {
        partitions = List.copyOf(partitions);
    }

    /** disk.json without partitions: what metal-hammer writes for a layout with none of the three labels. */
    public static LegacyDisk empty() {
        return new LegacyDisk(List.of());
    }

    /** The UUID of the file system labelled {@code label}, {@code ""} when there is none. */
    public String uuidOf(String label) {
        return partitions.stream().filter(p -> p.label().equals(label)).map(Partition::uuid).findFirst().orElse("");
    }

    /** The JSON text, byte for byte as metal-hammer writes it. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n  \"Device\": ").append(quote(DEVICE)).append(",\n  \"Partitions\": ");
        if (partitions.isEmpty()) {
            return b.append("[]\n}").toString();
        }
        b.append("[\n");
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            b.append("    {\n")
                    .append("      \"Label\": ").append(quote(p.label())).append(",\n")
                    .append("      \"Filesystem\": ").append(quote(p.filesystem())).append(",\n")
                    .append("      \"Properties\": {\n")
                    .append("        \"UUID\": ").append(quote(p.uuid())).append('\n')
                    .append("      }\n")
                    .append("    }").append(i + 1 < partitions.size() ? ",\n" : "\n");
        }
        return b.append("  ]\n}").toString();
    }

    /**
     * A JSON string as Go's encoding/json writes it: Jackson's literal with the HTML characters Go escapes
     * ({@code <}, {@code >}, {@code &}) escaped the same way (Jackson never escapes them, so they are literal here).
     */
    static String quote(String s) {
        return Mappers.toJson(s).strip().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
