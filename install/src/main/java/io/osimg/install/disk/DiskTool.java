package io.osimg.install.disk;

import io.osimg.core.text.TextFile;
import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small command for scripts (the end-to-end test) until {@code osimg install --disk} is wired: prepares the
 * disks and leaves them mounted.
 *
 * <pre>
 * java -cp ... io.osimg.install.disk.DiskTool --disk DEV [--disk DEV ...] [--layout FILE | --machine FILE]
 *      --root DIR [--fstab FILE] [--mdadm-conf FILE] [--skip-unsupported-mounts] [--reinstall]
 * </pre>
 *
 * Without a layout the default layout (ESP + ext4 root) is used; a machine document without one also falls back to
 * it. Prints {@code root=DIR} and {@code root_uuid=UUID} lines; writes the fstab text to FILE and the mdadm.conf
 * text (empty without RAID arrays) to its FILE. {@code --reinstall} keeps the disks whose {@code wipeonreinstall} is
 * false. The caller unmounts
 * ({@code umount -R DIR}). Exit 1 on failure with the message on stderr, 2 on a wrong command line.
 */
public final class DiskTool {

    private DiskTool() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("disk: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("disk: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws IOException {
        List<String> disks = new ArrayList<>();
        Path layoutFile = null;
        Path machine = null;
        Path root = null;
        Path fstab = null;
        Path mdadmConf = null;
        boolean skip = false;
        boolean reinstall = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--skip-unsupported-mounts")) {
                skip = true;
                continue;
            }
            if (a.equals("--reinstall")) {
                reinstall = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown argument or missing value: " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--disk" -> disks.add(v);
                case "--layout" -> layoutFile = Path.of(v);
                case "--machine" -> machine = Path.of(v);
                case "--root" -> root = Path.of(v);
                case "--fstab" -> fstab = Path.of(v);
                case "--mdadm-conf" -> mdadmConf = Path.of(v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (disks.isEmpty() || root == null) {
            throw new IllegalArgumentException("--disk and --root are required");
        }
        DiskLayout layout = layoutFile != null ? DiskLayout.read(layoutFile)
                : machine != null ? DiskLayout.fromMachine(TextFile.parse(machine, MachineDocument::parse))
                        .orElseGet(() -> DiskLayout.defaultLayout("/dev/sda"))
                : DiskLayout.defaultLayout("/dev/sda");
        DiskLayout onDisks = DeviceMap.parse(disks).apply(layout);
        DiskPreparer preparer = skip ? DiskPreparer.system().skippingUnsupportedMounts() : DiskPreparer.system();
        Files.createDirectories(root);
        PreparedDisks prepared = reinstall ? preparer.reinstall(onDisks, root) : preparer.prepare(onDisks, root);
        if (fstab != null) {
            Files.writeString(fstab, prepared.fstabText());
        }
        if (mdadmConf != null) {
            Files.writeString(mdadmConf, prepared.mdadmConf());
        }
        System.out.println("root=" + prepared.root());
        System.out.println("root_uuid=" + prepared.rootUuid());
        for (String p : prepared.notMounted()) {
            System.err.println("disk: warning: " + p + " is formatted but not mounted: the running kernel cannot mount it");
        }
        return 0;
    }
}
