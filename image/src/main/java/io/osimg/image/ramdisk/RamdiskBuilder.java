package io.osimg.image.ramdisk;

import com.github.luben.zstd.ZstdOutputStream;
import io.osimg.archive.cpio.CpioEntry;
import io.osimg.archive.cpio.NewcWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the installer ramdisk for x86-64 from the build machine: its kernel ({@code /boot/vmlinuz-VERSION}), the
 * kernel modules the installer needs ({@link KernelModules#INSTALLER}), busybox (static) as {@code /bin/sh} and its
 * applets, the disk tools {@code install --disk} calls with their libraries, a jlink runtime and osimg's jars, and
 * an {@code /init} that brings the network up and runs {@code osimg boot}. The initramfs is a newc cpio
 * ({@link NewcWriter}) compressed with zstd level 19; the same inputs give the same bytes.
 */
public final class RamdiskBuilder {

    /** The programs {@code install --disk} and its chrooted install.sh runner call; kexec only when installed. */
    static final List<String> TOOLS = List.of("/usr/sbin/sgdisk", "/usr/sbin/mkfs.ext4", "/usr/sbin/mkfs.vfat",
            "/usr/sbin/mkswap", "/usr/sbin/blkid", "/usr/bin/partx", "/usr/sbin/wipefs", "/usr/sbin/blockdev",
            "/usr/bin/mount", "/usr/bin/umount", "/usr/bin/unshare", "/usr/bin/setpriv", "/usr/sbin/chroot", "/usr/bin/lz4",
            "/usr/sbin/mkfs.ext3", "/usr/sbin/mdadm", "/usr/sbin/dmsetup", "/usr/sbin/lvm");
    /**
     * The lvm2 commands, each a link to {@code lvm} as in the lvm2 package: those {@code DiskPlan} runs and those an
     * operator needs at the installer's shell.
     */
    static final List<String> LVM_COMMANDS = List.of("pvcreate", "pvremove", "pvs", "pvscan", "vgcreate", "vgchange",
            "vgremove", "vgs", "vgscan", "vgmknodes", "lvcreate", "lvchange", "lvremove", "lvs", "lvscan", "lvdisplay",
            "vgdisplay", "pvdisplay");
    /**
     * LVM without udev: the ramdisk runs no udev, so libdevmapper and LVM make the device nodes and the
     * {@code /dev/VG/LV} links themselves and wait for no udev event; no metadata backups in the ramdisk.
     */
    static final String LVM_CONF = """
            # osimg installer ramdisk: no udev runs here
            devices {
                obtain_device_list_from_udev = 0
                external_device_info_source = "none"
                use_devicesfile = 0
            }
            activation {
                udev_sync = 0
                udev_rules = 0
                monitoring = 0
            }
            backup {
                backup = 0
                archive = 0
            }
            """;
    static final List<String> OPTIONAL_TOOLS = List.of("/usr/sbin/kexec");
    /** Files the tools read when present. */
    static final List<String> CONFIG = List.of("/etc/mke2fs.conf");

    /**
     * What to build from.
     *
     * @param out             the directory vmlinuz and initramfs.zst are written to (created)
     * @param hostRoot        the build machine's root ({@code /})
     * @param kernelVersion   the kernel (its {@code /boot/vmlinuz-} suffix); null: the newest with modules
     * @param javaHome        the JDK whose jlink and jdeps cut the runtime
     * @param jars            osimg's jars and their dependencies
     * @param sourceDateEpoch the time every member gets (SOURCE_DATE_EPOCH)
     * @param busybox         the static busybox
     * @param zstdLevel       the zstd compression level ({@link #ZSTD_LEVEL}; tests take a faster one)
     */
    public record Request(Path out, Path hostRoot, String kernelVersion, Path javaHome, List<Path> jars,
                          long sourceDateEpoch, Path busybox, int zstdLevel) {
    }

    public static final int ZSTD_LEVEL = 19;

    /** What was built, with the sizes and digests to print. */
    public record Result(Path kernel, Path initramfs, String kernelVersion, long kernelBytes, long compressedBytes,
                         long unpackedBytes, int members, List<String> javaModules, int kernelModules,
                         List<String> missingTools, String kernelSha256, String initramfsSha256) {
    }

    private final Consumer<String> log;

    public RamdiskBuilder(Consumer<String> log) {
        this.log = log;
    }

    public Result build(Request r) throws IOException {
        String version = r.kernelVersion() != null ? r.kernelVersion() : newestKernel(r.hostRoot());
        Path kernel = r.hostRoot().resolve("boot/vmlinuz-" + version);
        Path modulesDir = r.hostRoot().resolve("lib/modules/" + version).toRealPath();
        if (!Files.isRegularFile(kernel)) {
            throw new IOException("ramdisk: no kernel " + kernel + " (install linux-image-amd64)");
        }
        if (!Files.isExecutable(r.busybox())) {
            throw new IOException("ramdisk: no busybox at " + r.busybox() + " (install busybox-static)");
        }
        for (Path jar : r.jars()) {
            if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                throw new IllegalArgumentException("ramdisk: " + jar + " is not a jar file: osimg's jars are needed "
                        + "(run from the packaged distribution, ./osimg)");
            }
        }
        Files.createDirectories(r.out());
        RamdiskTree tree = new RamdiskTree(r.hostRoot());

        log.accept("kernel " + version + ": modules");
        KernelModules modules = KernelModules.resolve(modulesDir, KernelModules.INSTALLER);
        String modulesName = r.hostRoot().relativize(modulesDir).toString();
        for (String f : modules.files()) {
            Path src = modulesDir.resolve(f);
            tree.add(CpioEntry.file(modulesName + "/" + f, 0644, src));
        }
        tree.addText(modulesName + "/modules.dep", 0644, modules.modulesDep());
        for (String extra : List.of("modules.builtin", "modules.order")) {
            if (Files.isRegularFile(modulesDir.resolve(extra))) {
                tree.add(CpioEntry.file(modulesName + "/" + extra, 0644, modulesDir.resolve(extra)));
            }
        }
        tree.addText("etc/osimg/modules", 0644, String.join("\n", KernelModules.INSTALLER) + "\n");

        log.accept("busybox and tools");
        tree.add(CpioEntry.file("usr/bin/busybox", 0755, r.busybox()));
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            tree.addProgram(tool);
        }
        // the kernel's request_module and LVM run /sbin/modprobe (= /usr/sbin/modprobe here): busybox's
        tree.add(CpioEntry.symlink("usr/sbin/modprobe", "/usr/bin/busybox"));
        for (String command : LVM_COMMANDS) {
            tree.add(CpioEntry.symlink("usr/sbin/" + command, "lvm"));
        }
        tree.addText("etc/lvm/lvm.conf", 0644, LVM_CONF);
        tree.addText("etc/mdadm/mdadm.conf", 0644, "# osimg installer ramdisk: arrays are named on the command line\n"
                + "HOMEHOST <ignore>\n");
        for (String tool : OPTIONAL_TOOLS) {
            if (Files.exists(r.hostRoot().resolve(tool.substring(1)))) {
                tree.addProgram(tool);
            } else {
                missing.add(tool);
                log.accept("warning: " + tool + " is not installed (kexec-tools): the ramdisk has only osimg's own kexec");
            }
        }
        for (String c : CONFIG) {
            if (Files.exists(r.hostRoot().resolve(c.substring(1)))) {
                tree.addHostFile(c);
            }
        }
        for (String applet : applets(r.busybox())) {
            String bin = "usr/bin/" + applet;
            if (!tree.has(bin) && !tree.has("usr/sbin/" + applet)) {
                tree.add(CpioEntry.symlink(bin, "busybox"));
            }
        }
        tree.addText("init", 0755, resource("init"));
        tree.addText("usr/share/udhcpc/default.script", 0755, resource("default.script"));
        tree.addText("usr/bin/osimg", 0755, resource("osimg"));
        tree.addText("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n");
        tree.addText("etc/group", 0644, "root:x:0:\n");
        tree.addText("etc/hostname", 0644, "osimg-installer\n");

        log.accept("java: jdeps and jlink");
        List<String> javaModules = JavaRuntime.modules(r.javaHome(), r.jars());
        Path work = Files.createTempDirectory(r.out(), ".ramdisk-");
        try {
            Path runtime = work.resolve("java");
            JavaRuntime.link(r.javaHome(), javaModules, runtime);
            tree.addTree(runtime, "usr/lib/osimg/java");
            tree.addLibrariesOf(runtime.resolve("bin/java"), runtime);
            try (Stream<Path> s = Files.walk(runtime.resolve("lib"))) {
                for (Path so : s.filter(p -> p.toString().endsWith(".so")).sorted().toList()) {
                    tree.addLibrariesOf(so, runtime);
                }
            }
            for (Path jar : r.jars()) {
                tree.add(CpioEntry.file("usr/lib/osimg/lib/" + jar.getFileName(), 0644, jar));
            }

            log.accept("initramfs: cpio, zstd -" + r.zstdLevel());
            Path initramfs = r.out().resolve("initramfs.zst");
            Path tmp = work.resolve("initramfs.zst");
            NewcWriter.Summary summary;
            try (OutputStream file = Files.newOutputStream(tmp);
                 ZstdOutputStream zstd = new ZstdOutputStream(file, r.zstdLevel())) {
                zstd.setWorkers(2);
                zstd.setChecksum(true);
                summary = new NewcWriter(r.sourceDateEpoch()).write(tree.entries(), zstd);
            }
            Files.move(tmp, initramfs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path vmlinuz = r.out().resolve("vmlinuz");
            Path ktmp = work.resolve("vmlinuz");
            Files.copy(kernel, ktmp);
            Files.move(ktmp, vmlinuz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(vmlinuz, initramfs, version, Files.size(vmlinuz), Files.size(initramfs), summary.archiveBytes(),
                    summary.members(), javaModules, modules.files().size(), missing, sha256(vmlinuz), sha256(initramfs));
        } finally {
            deleteTree(work);
        }
    }

    /** The newest kernel in /boot that has a modules directory. */
    public static String newestKernel(Path hostRoot) throws IOException {
        try (Stream<Path> s = Files.list(hostRoot.resolve("boot"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vmlinuz-"))
                    .map(n -> n.substring("vmlinuz-".length()))
                    .filter(v -> Files.isDirectory(hostRoot.resolve("lib/modules/" + v)))
                    .max(Comparator.comparing(RamdiskBuilder::versionKey))
                    .orElseThrow(() -> new IOException("ramdisk: no /boot/vmlinuz-VERSION with /lib/modules/VERSION "
                            + "(install linux-image-amd64)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("ramdisk: no " + hostRoot.resolve("boot") + " (install linux-image-amd64)", e);
        }
    }

    private static String versionKey(String v) {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("[.-]")) {
            sb.append(part.matches("\\d+") ? String.format("%08d", Integer.parseInt(part)) : part).append('.');
        }
        return sb.toString();
    }

    private static List<String> applets(Path busybox) throws IOException {
        return Commands.run(busybox.toString(), "--list").lines().map(String::strip)
                .filter(a -> !a.isEmpty() && !a.equals("busybox") && a.matches("[A-Za-z0-9_.\\[-]+")).sorted().toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RamdiskBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("ramdisk resource " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
