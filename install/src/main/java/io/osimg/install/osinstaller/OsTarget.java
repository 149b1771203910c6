package io.osimg.install.osinstaller;

import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the tasks work on: the extracted image, seen from outside (no symbolic link in it is followed), and the two
 * documents of the 2026 contract.
 *
 * @param root       the target root
 * @param allocation machine-allocation.yaml
 * @param details    machine-details.yaml
 * @param os         the operating system of the image
 */
public record OsTarget(Path root, V2Allocation allocation, MachineDetails details, OperatingSystem os) {

    public OsTarget {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(os, "os");
    }

    /** Writes {@code text} as {@code relative} (e.g. {@code etc/hostname}) with {@code mode}, replacing a file there. */
    public void write(String relative, String text, int mode) throws IOException {
        TargetFiles.writeNew(root, relative, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** The text of {@code relative}. */
    public String read(String relative) throws IOException {
        return new String(TargetFiles.read(root, relative), StandardCharsets.UTF_8);
    }
}
