package io.osimg.core.install;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;

/**
 * {@code /etc/metal/boot-info.yaml}, written by an image's install.sh: what to kexec. Paths are inside the
 * image. Keys are in the order of metal-hammer's {@code Bootinfo} struct.
 *
 * @param kernel       the kernel path, required
 * @param initrd       the initrd path, {@code ""} when none
 * @param cmdline      the kernel command line, {@code ""} when none
 * @param bootloaderId the EFI boot entry name, {@code ""} when none
 */
@JsonPropertyOrder({"initrd", "cmdline", "kernel", "bootloader_id"})
public record BootInfo(
        @JsonProperty("kernel") String kernel,
        @JsonProperty("initrd") String initrd,
        @JsonProperty("cmdline") String cmdline,
        @JsonProperty("bootloader_id") String bootloaderId) {

    public BootInfo {
        kernel = Normalize.string(kernel);
        initrd = Normalize.string(initrd);
        cmdline = Normalize.string(cmdline);
        bootloaderId = Normalize.string(bootloaderId);
    }

    /**
     * Reads boot-info.yaml.
     *
     * @throws IllegalArgumentException when it is not YAML or has no kernel
     */
    public static BootInfo fromYaml(String yaml) {
        BootInfo info;
        try {
            info = yaml == null || yaml.isBlank() ? null : Mappers.yaml().readValue(yaml, BootInfo.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("boot-info.yaml: cannot be read: " + e.getOriginalMessage(), e);
        }
        if (info == null) {
            throw new IllegalArgumentException("boot-info.yaml: empty");
        }
        if (info.kernel().isBlank()) {
            throw new IllegalArgumentException("boot-info.yaml: kernel is missing");
        }
        return info;
    }

    /** Writes boot-info.yaml. */
    public String toYaml() {
        return Mappers.toYaml(this);
    }
}
