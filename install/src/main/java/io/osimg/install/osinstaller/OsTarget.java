package io.osimg.install.osinstaller;

import io.osimg.archive.posix.FileType;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the tasks work on: the extracted image, seen from outside (no symbolic link in it is followed), the two
 * documents of the 2026 contract, the installer's firmware, the image's own programs and a log.
 *
 * @param root       the target root
 * @param allocation machine-allocation.yaml
 * @param details    machine-details.yaml
 * @param os         the operating system of the image
 * @param firmware   how the installer's machine booted
 * @param chroot     runs the image's programs inside it
 * @param log        progress lines
 */
public record OsTarget(Path root, V2Allocation allocation, MachineDetails details, OperatingSystem os,
                       Firmware firmware, ChrootCommands chroot, Consumer<String> log) {

    /**
     * The installer's firmware as os-installer tells it.
     *
     * @param efi     booted by EFI ({@code /sys/firmware/efi} exists)
     * @param virtual no DMI ({@code /sys/class/dmi} missing): a container or a virtual environment without firmware
     */
    public record Firmware(boolean efi, boolean virtual) {

        /** An EFI machine. */
        public static final Firmware EFI = new Firmware(true, false);
    }

    public OsTarget {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(chroot, "chroot");
        Objects.requireNonNull(log, "log");
    }

    /** A target on an EFI machine without chroot commands and without a log. */
    public OsTarget(Path root, V2Allocation allocation, MachineDetails details, OperatingSystem os) {
        this(root, allocation, details, os, Firmware.EFI, ChrootCommands.NONE, line -> { });
    }

    /** This target with these chroot commands. */
    public OsTarget withChroot(ChrootCommands commands) {
        return new OsTarget(root, allocation, details, os, firmware, commands, log);
    }

    /** This target with this firmware. */
    public OsTarget withFirmware(Firmware f) {
        return new OsTarget(root, allocation, details, os, f, chroot, log);
    }

    /** Writes {@code text} as {@code relative} (e.g. {@code etc/hostname}) with {@code mode}, replacing a file there. */
    public void write(String relative, String text, int mode) throws IOException {
        TargetFiles.writeNew(root, relative, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** The text of {@code relative}. */
    public String read(String relative) throws IOException {
        return new String(TargetFiles.read(root, relative), StandardCharsets.UTF_8);
    }

    /** Whether {@code relative} is a regular file (not following a symbolic link at its end). */
    public boolean isFile(String relative) throws IOException {
        return TargetFiles.type(root, relative).filter(t -> t == FileType.REGULAR).isPresent();
    }

    /**
     * The directories a program without a path is looked for in, in the order of the PATH the chrooted shell gets.
     */
    static final List<String> PROGRAM_DIRS = List.of("usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin",
            "sbin", "bin");

    /** Whether the image has the program {@code name} in one of {@link #PROGRAM_DIRS} (as a file or a link). */
    public boolean hasProgram(String name) {
        return hasProgram(root, name, PROGRAM_DIRS);
    }

    /**
     * Whether the image at {@code root} has {@code name} in one of {@code dirs}, as a file or a link, whatever it
     * points to. A directory that is itself a link on the way (usr-merged images link {@code /bin} to
     * {@code usr/bin}) is not followed; the {@code usr/} directory is found by its own entry.
     */
    static boolean hasProgram(Path root, String name, List<String> dirs) {
        for (String dir : dirs) {
            try {
                if (TargetFiles.type(root, dir + "/" + name).isPresent()) {
                    return true;
                }
            } catch (IOException e) {
                // a directory on the way is a link (/bin -> usr/bin) or missing: look at the next one
            }
        }
        return false;
    }
}
