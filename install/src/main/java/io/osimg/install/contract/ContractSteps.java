package io.osimg.install.contract;

import io.osimg.archive.posix.FileType;
import io.osimg.core.install.BootInfo;
import io.osimg.core.install.InstallConfig;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Steps 4 to 8 of the contract on an extracted, verified image: write the contract files, mount the kernel file
 * systems, run the image's install script chrooted, unmount, read boot-info.yaml, copy kernel and initrd out.
 *
 * <p>Special mounts: {@code proc}, {@code sysfs}, a (non-recursive) bind of the installer's {@code /dev} like
 * metal-hammer, and {@code efivarfs} when the installer booted by EFI. They are always unmounted, in reverse
 * order, also when something fails; a mount that stays busy is detached lazily, and the mount table is checked
 * afterwards: nothing may remain at or below the special mount points.
 */
public final class ContractSteps {

    static final String INSTALL_YAML = "etc/metal/install.yaml";
    static final String USERDATA = "etc/metal/userdata";
    static final String BOOT_INFO = "etc/metal/boot-info.yaml";
    static final String LVMLOCAL = "etc/lvm/lvmlocal.conf";
    private static final List<String> SCRIPTS = List.of("install.sh", "install-go");
    private static final String PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final HostEnvironment env;
    private final Mounter mounter;
    private final ScriptRunner runner;
    private final String consolePassword;

    public ContractSteps(HostEnvironment env, Mounter mounter, ScriptRunner runner) {
        this(env, mounter, runner, randomPassword());
    }

    private ContractSteps(HostEnvironment env, Mounter mounter, ScriptRunner runner, String consolePassword) {
        this.env = Objects.requireNonNull(env, "env");
        this.mounter = Objects.requireNonNull(mounter, "mounter");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.consolePassword = consolePassword;
    }

    /** These steps with the console password of the {@code metal} user given instead of a random one. */
    public ContractSteps withConsolePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("console password: empty");
        }
        return new ContractSteps(env, mounter, runner, password);
    }

    /** The console password install.yaml carries (random, 16 characters, unless given). */
    public String consolePassword() {
        return consolePassword;
    }

    /**
     * Contract steps 4 to 7 on the image extracted at {@code target}: writes install.yaml, userdata and
     * lvmlocal.conf; mounts proc, sys, dev (and efivars); runs {@code /install.sh} (or {@code /install-go})
     * chrooted; unmounts; removes the script; reads and checks boot-info.yaml.
     *
     * @param rootUuid the file system UUID of the root file system, for install.yaml
     * @return boot-info.yaml as the script wrote it; its kernel (and initrd) exist inside the target
     * @throws InstallScriptException when the script exits with a code other than 0
     * @throws IOException            when a step fails, naming the step and the file
     */
    public BootInfo configure(Path target, MachineDocument machine, String rootUuid, EventSink events)
            throws IOException {
        Path root = target.toRealPath();
        MachineDocument doc = Objects.requireNonNull(machine, "machine").validated();
        inPhase(Phase.CONFIGURE, events, () -> {
            writeContractFiles(root, doc, rootUuid, events);
            return null;
        });
        return inPhase(Phase.INSTALL_SCRIPT, events, () -> runScript(root, events));
    }

    // ---------------------------------------------------------------- step 5: contract files

    private void writeContractFiles(Path root, MachineDocument doc, String rootUuid, EventSink events)
            throws IOException {
        String cmdline = readCmdline();
        InstallConfig config = InstallConfig.fromMachine(doc, cmdline, rootUuid, env.clock().instant(),
                consolePassword);
        TargetFiles.writeNew(root, INSTALL_YAML, config.toYaml().getBytes(StandardCharsets.UTF_8), 0600);
        events.log(Phase.CONFIGURE, "wrote /" + INSTALL_YAML + " (console " + config.console() + ", "
                + config.nics().size() + " nics)");
        String userData = doc.allocation().userData();
        if (userData != null && !userData.isEmpty()) {
            TargetFiles.writeNew(root, USERDATA, UserData.decode(userData), 0600);
            events.log(Phase.CONFIGURE, "wrote /" + USERDATA);
        }
        copyLvmlocal(root, events);
    }

    private String readCmdline() throws IOException {
        try {
            return Files.readString(env.procCmdline(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void copyLvmlocal(Path root, EventSink events) throws IOException {
        if (!Files.isRegularFile(env.lvmlocalSource())
                || TargetFiles.type(root, "etc/lvm").filter(t -> t == FileType.DIRECTORY).isEmpty()) {
            return;
        }
        TargetFiles.writeNew(root, LVMLOCAL, Files.readAllBytes(env.lvmlocalSource()), 0644);
        events.log(Phase.CONFIGURE, "copied " + env.lvmlocalSource() + " to /" + LVMLOCAL);
    }

    // ---------------------------------------------------------------- steps 4, 6, 7: mounts, script, boot-info

    private BootInfo runScript(Path root, EventSink events) throws IOException {
        String script = findScript(root);
        List<Path> mounted = new ArrayList<>();
        int exit;
        try {
            mountSpecial(root, mounted, events);
            events.log(Phase.INSTALL_SCRIPT, "running " + script + " chrooted in " + root);
            exit = runner.run(root, script, line -> events.log(Phase.INSTALL_SCRIPT, line));
        } catch (Throwable t) {
            try {
                unmountAll(root, mounted, events);
            } catch (IOException u) {
                t.addSuppressed(u);
            }
            throw t;
        }
        unmountAll(root, mounted, events);
        if (exit != 0) {
            throw new InstallScriptException(root + script, exit);
        }
        TargetFiles.remove(root, script.substring(1));
        return readBootInfo(root);
    }

    private static String findScript(Path root) throws IOException {
        for (String name : SCRIPTS) {
            Optional<FileType> type = TargetFiles.type(root, name);
            if (type.isPresent()) {
                if (type.get() != FileType.REGULAR) {
                    throw new IOException(root.resolve(name) + ": the install script is a " + type.get()
                            + ", not a regular file");
                }
                return "/" + name;
            }
        }
        throw new IOException(root + ": the image has neither /install.sh nor /install-go");
    }

    private List<SpecialMount> specialMounts() {
        List<SpecialMount> mounts = new ArrayList<>(List.of(SpecialMount.PROC, SpecialMount.SYS, SpecialMount.DEV));
        if (Files.isDirectory(env.efiDir())) {
            mounts.add(SpecialMount.EFIVARS);
        }
        return mounts;
    }

    private void mountSpecial(Path root, List<Path> mounted, EventSink events) throws IOException {
        for (SpecialMount m : specialMounts()) {
            if (!m.target().contains("/")) {
                TargetFiles.openDirectory(root, m.target(), true).close();
            }
            Path point = root.resolve(m.target());
            try {
                mounter.mount(root, m);
            } catch (IOException e) {
                throw new IOException("mounting " + m.source() + " on " + point + ": " + e.getMessage(), e);
            }
            mounted.add(point);
            events.log(Phase.INSTALL_SCRIPT, "mounted " + m.source() + " on " + point);
        }
    }

    /**
     * Unmounts {@code mounted} in reverse order, detaching lazily what stays busy, then checks the mount table:
     * nothing may remain at or below these points (anything left is detached, deepest first, and reported).
     */
    private void unmountAll(Path root, List<Path> mounted, EventSink events) throws IOException {
        for (Path point : mounted.reversed()) {
            try {
                mounter.unmount(point, false);
            } catch (IOException busy) {
                events.warning("unmounting " + point + " failed (" + busy.getMessage() + "), detaching it lazily");
                try {
                    mounter.unmount(point, true);
                } catch (IOException ignored) {
                    // the mount table check below reports it
                }
            }
        }
        List<Path> left = remaining(mounted);
        for (Path point : left) {
            try {
                mounter.unmount(point, true);
            } catch (IOException ignored) {
                // reported below
            }
        }
        left = remaining(mounted);
        if (!left.isEmpty()) {
            throw new IOException("unmounting the special file systems of " + root + ": still mounted: " + left);
        }
    }

    private List<Path> remaining(List<Path> mounted) throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path point : mounted) {
            for (Path p : mounter.mountsUnder(point)) {
                if (!left.contains(p)) {
                    left.add(p);
                }
            }
        }
        left.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return left;
    }

    private static BootInfo readBootInfo(Path root) throws IOException {
        Path file = root.resolve(BOOT_INFO);
        byte[] yaml;
        try {
            yaml = TargetFiles.read(root, BOOT_INFO);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": the image's install.sh did not write it", e);
        }
        BootInfo info;
        try {
            info = BootInfo.fromYaml(new String(yaml, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        ImagePath.resolveFile(root, info.kernel(), "kernel");
        if (!info.initrd().isEmpty()) {
            ImagePath.resolveFile(root, info.initrd(), "initrd");
        }
        return info;
    }

    // ---------------------------------------------------------------- step 8: kernel out

    // ---------------------------------------------------------------- helpers

    private interface Step<T> {
        T run() throws IOException;
    }

    private static <T> T inPhase(Phase phase, EventSink events, Step<T> step) throws IOException {
        long start = System.nanoTime();
        events.phaseStarted(phase);
        try {
            T result = step.run();
            events.phaseFinished(phase, Duration.ofNanos(System.nanoTime() - start), null);
            return result;
        } catch (IOException | RuntimeException e) {
            events.phaseFinished(phase, Duration.ofNanos(System.nanoTime() - start), String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return sb.toString();
    }
}
