package io.osimg.install.contract;

import io.osimg.archive.posix.FileType;
import io.osimg.core.install.BootInfo;
import io.osimg.core.install.InstallConfig;
import io.osimg.core.install.MachineAllocationYaml;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import io.osimg.install.osinstaller.ChrootCommandRunner;
import io.osimg.install.osinstaller.ChrootCommands;
import io.osimg.install.osinstaller.OsInstaller;
import io.osimg.install.osinstaller.OsTarget;
import io.osimg.install.osinstaller.WriteBootInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps 4 to 7 of the contract on an extracted, verified image: write the contract files, run the image's install
 * script chrooted with the kernel file systems mounted for it, read boot-info.yaml.
 *
 * <p>Special mounts, in metal-hammer's order ({@code mountSpecialFilesystems}): {@code proc}, {@code sysfs},
 * {@code efivarfs} when the installer booted by EFI, a {@code tmpfs} on {@code /tmp} (what the script leaves there
 * does not stay in the installed system) and a (non-recursive) bind of the installer's {@code /dev}. The {@link ScriptRunner} makes them where
 * only the script sees them (its own mount namespace), so they end with the script, also when the installer is
 * killed; the installer's mount table never holds them.
 */
public final class ContractSteps {

    static final String INSTALL_YAML = "etc/metal/install.yaml";
    static final String USERDATA = "etc/metal/userdata";
    static final String BOOT_INFO = "etc/metal/boot-info.yaml";
    static final String LVMLOCAL = "etc/lvm/lvmlocal.conf";
    static final String DISK_JSON = "etc/metal/disk.json";
    /** The scripts in metal-hammer's precedence: {@code /install-go} when the image has it, else {@code /install.sh}. */
    private static final List<String> SCRIPTS = List.of("install-go", "install.sh");
    private static final String PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    static final String MACHINE_DETAILS = "etc/metal/machine-details.yaml";
    static final String MACHINE_ALLOCATION = "etc/metal/machine-allocation.yaml";
    /** Where an {@code --os-installer} binary is put inside the target while it runs. */
    static final String OS_INSTALLER = "os-installer";

    private final HostEnvironment env;
    private final ScriptRunner runner;
    private final String consolePassword;
    private final Path osInstaller;

    public ContractSteps(HostEnvironment env, ScriptRunner runner) {
        this(env, runner, randomPassword(), null);
    }

    private ContractSteps(HostEnvironment env, ScriptRunner runner, String consolePassword, Path osInstaller) {
        this.env = Objects.requireNonNull(env, "env");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.consolePassword = consolePassword;
        this.osInstaller = osInstaller;
    }

    /**
     * These steps with an OS installer for images without a script (the 2026 contract): metal-stack's
     * {@code os-installer} or any program that reads {@code /etc/metal/machine-details.yaml} and
     * {@code /etc/metal/machine-allocation.yaml} and writes {@code boot-info.yaml}. It is copied into the target,
     * run chrooted like a script and removed.
     *
     * @param program the program on this system, null for none
     */
    public ContractSteps withOsInstaller(Path program) {
        return new ContractSteps(env, runner, consolePassword, program);
    }

    /** These steps with the console password of the {@code metal} user given instead of a random one. */
    public ContractSteps withConsolePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("console password: empty");
        }
        return new ContractSteps(env, runner, password, osInstaller);
    }

    /** The console password install.yaml carries (random, 16 characters, unless given). */
    public String consolePassword() {
        return consolePassword;
    }

    /**
     * Contract steps 4 to 7 on the image extracted at {@code target}: writes disk.json, install.yaml, userdata and
     * lvmlocal.conf; runs {@code /install-go} (or else {@code /install.sh}) chrooted with proc, sys, (efivars,) tmp
     * and dev mounted for it; removes the script; reads and checks boot-info.yaml. An image without either gets
     * machine-details.yaml and machine-allocation.yaml and the {@link #withOsInstaller OS installer} run the same
     * way instead, or, without one, osimg's own {@link OsInstaller} tasks (the image's tools they need run chrooted
     * with the same mounts); a task that fails stops the install naming the task ({@code OsTaskException}).
     *
     * @param disks the file systems of the target, for install.yaml ({@code root_uuid}) and disk.json
     * @return boot-info.yaml as the script wrote it; its kernel (and initrd) exist inside the target. Null only for a
     *         target osimg did not partition ({@code --root}) when the image's os-installer.yaml leaves out the task
     *         that writes it and nothing else wrote it: an image not meant to boot, installed into a directory
     * @throws InstallScriptException when the script exits with a code other than 0
     * @throws IOException            when a step fails, naming the step and the file
     */
    public BootInfo configure(Path target, MachineDocument machine, TargetDisks disks, EventSink events)
            throws IOException {
        Path root = target.toRealPath();
        MachineDocument doc = Objects.requireNonNull(machine, "machine").validated();
        String program = inPhase(Phase.CONFIGURE, events, () -> {
            writeContractFiles(root, doc, Objects.requireNonNull(disks, "disks"), events);
            return chooseProgram(root, doc, disks, events);
        });
        if (program == null) {
            return inPhase(Phase.INSTALL_SCRIPT, events, () -> runOwnTasks(root, doc, disks, events));
        }
        return inPhase(Phase.INSTALL_SCRIPT, events, () -> run(root, program, events));
    }

    // ---------------------------------------------------------------- step 5: contract files

    private void writeContractFiles(Path root, MachineDocument doc, TargetDisks disks, EventSink events)
            throws IOException {
        String cmdline = env.readCmdline();
        InstallConfig config = InstallConfig.fromMachine(doc, cmdline, disks.rootUuid(), env.clock().instant(),
                consolePassword);
        config = config.withRaidEnabled(disks.raidEnabled(config.raidEnabled()));
        TargetFiles.writeNew(root, INSTALL_YAML, config.toYaml().getBytes(StandardCharsets.UTF_8), 0600);
        events.log(Phase.CONFIGURE, "wrote /" + INSTALL_YAML + " (console " + config.console() + ", "
                + config.nics().size() + " nics)");
        TargetFiles.writeNew(root, DISK_JSON, disks.legacyDisk().toJson().getBytes(StandardCharsets.UTF_8), 0600);
        events.log(Phase.CONFIGURE, "wrote /" + DISK_JSON + " (" + disks.legacyDisk().partitions().size()
                + " file systems)");
        String userData = doc.allocation().userData();
        if (userData != null && !userData.isEmpty()) {
            TargetFiles.writeNew(root, USERDATA, UserData.decode(userData), 0600);
            events.log(Phase.CONFIGURE, "wrote /" + USERDATA);
        }
        copyLvmlocal(root, events);
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

    /**
     * Which program configures the image: its own {@code /install-go} or {@code /install.sh} (the old contract),
     * else the {@code --os-installer}, copied in after the 2026 contract files were written; null when neither:
     * osimg's own OS installer then configures the image from the 2026 contract files.
     */
    private String chooseProgram(Path root, MachineDocument doc, TargetDisks disks, EventSink events)
            throws IOException {
        Optional<String> script = findScript(root);
        if (script.isPresent()) {
            return script.get();
        }
        MachineDetails details = machineDetails(doc, disks);
        TargetFiles.writeNew(root, MACHINE_DETAILS, details.toYaml().getBytes(StandardCharsets.UTF_8), 0600);
        TargetFiles.writeNew(root, MACHINE_ALLOCATION,
                MachineAllocationYaml.write(doc.current().allocation()).getBytes(StandardCharsets.UTF_8), 0600);
        events.log(Phase.CONFIGURE, "wrote /" + MACHINE_DETAILS + " and /" + MACHINE_ALLOCATION);
        if (osInstaller == null) {
            events.log(Phase.CONFIGURE, "the image has neither /install.sh nor /install-go and no --os-installer "
                    + "was given: osimg's own OS installer configures it");
            return null;
        }
        byte[] program;
        try {
            program = Files.readAllBytes(osInstaller);
        } catch (IOException e) {
            throw new IOException("--os-installer " + osInstaller + ": cannot be read: " + e.getMessage(), e);
        }
        TargetFiles.writeNew(root, OS_INSTALLER, program, 0755);
        events.log(Phase.CONFIGURE, "copied the OS installer " + osInstaller + " to /" + OS_INSTALLER);
        return "/" + OS_INSTALLER;
    }

    private MachineDetails machineDetails(MachineDocument doc, TargetDisks disks) throws IOException {
        MachineDetails d = MachineDetails.fromMachine(doc, env.readCmdline(), disks.rootUuid(), consolePassword);
        return new MachineDetails(d.id(), d.nics(), d.password(), d.console(), disks.raidEnabled(d.raidEnabled()),
                d.rootUuid());
    }

    /**
     * osimg's own OS installer ({@link OsInstaller}) on the target; the image's tools it runs chrooted get the
     * special mounts a script gets, each command in its own mount namespace.
     */
    private BootInfo runOwnTasks(Path root, MachineDocument doc, TargetDisks disks, EventSink events)
            throws IOException {
        List<SpecialMount> mounts = specialMounts();
        prepareMountPoints(root, mounts);
        Consumer<String> log = line -> events.log(Phase.INSTALL_SCRIPT, line);
        ChrootCommands chroot = new ChrootCommandRunner(root, runner, mounts, log);
        OsTarget.Firmware firmware = new OsTarget.Firmware(Files.isDirectory(env.efiDir()),
                !Files.exists(env.dmiDir()));
        String version = ContractSteps.class.getPackage().getImplementationVersion();
        List<String> ran = OsInstaller.run(root, doc.current().allocation(), machineDetails(doc, disks), firmware,
                chroot, log, version == null ? "dev" : version);
        if (!ran.contains(WriteBootInfo.NAME) && disks.legacyDisk().partitions().isEmpty()
                && TargetFiles.type(root, BOOT_INFO).isEmpty()) {
            // an image that is not meant to boot (the project's demo: no kernel) installed into a directory
            events.log(Phase.INSTALL_SCRIPT, "no /" + BOOT_INFO + ": the image's os-installer.yaml leaves out the "
                    + "task '" + WriteBootInfo.NAME + "', so this installation has nothing to boot");
            return null;
        }
        return readBootInfo(root, "osimg's OS installer");
    }

    private BootInfo run(Path root, String script, EventSink events) throws IOException {
        List<SpecialMount> mounts = specialMounts();
        prepareMountPoints(root, mounts);
        events.log(Phase.INSTALL_SCRIPT, "running " + script + " chrooted in " + root
                + " (its mounts in a mount namespace of its own)");
        int exit = runner.run(root, script, mounts, line -> events.log(Phase.INSTALL_SCRIPT, line));
        if (exit != 0) {
            throw new InstallScriptException(root + script, exit);
        }
        TargetFiles.remove(root, script.substring(1));
        return readBootInfo(root, script.equals("/" + OS_INSTALLER) ? "the OS installer" : "the image's install.sh");
    }

    private static Optional<String> findScript(Path root) throws IOException {
        for (String name : SCRIPTS) {
            Optional<FileType> type = TargetFiles.type(root, name);
            if (type.isPresent()) {
                if (type.get() != FileType.REGULAR) {
                    throw new IOException(root.resolve(name) + ": the install script is a " + type.get()
                            + ", not a regular file");
                }
                return Optional.of("/" + name);
            }
        }
        return Optional.empty();
    }

    private List<SpecialMount> specialMounts() {
        List<SpecialMount> mounts = new ArrayList<>(List.of(SpecialMount.PROC, SpecialMount.SYS));
        if (Files.isDirectory(env.efiDir())) {
            mounts.add(SpecialMount.EFIVARS);
        }
        mounts.add(SpecialMount.TMP);
        mounts.add(SpecialMount.DEV);
        return mounts;
    }

    /**
     * Makes the mount points that lie in the image ({@code proc}, {@code sys}, {@code tmp}, {@code dev}) directories, without
     * following symbolic links: a link the image has there ({@code dev -> /}) fails here, before anything is
     * mounted. Nothing runs in the target between this check and the mounts.
     */
    private static void prepareMountPoints(Path root, List<SpecialMount> mounts) throws IOException {
        for (SpecialMount m : mounts) {
            if (m.target().contains("/")) {
                continue;
            }
            try {
                TargetFiles.openDirectory(root, m.target(), true).close();
            } catch (IOException e) {
                throw new IOException("mounting " + m.source() + " on " + root.resolve(m.target()) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static BootInfo readBootInfo(Path root, String writer) throws IOException {
        Path file = root.resolve(BOOT_INFO);
        byte[] yaml;
        try {
            yaml = TargetFiles.read(root, BOOT_INFO);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": " + writer + " did not write it", e);
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
