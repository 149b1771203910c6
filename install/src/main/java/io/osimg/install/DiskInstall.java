package io.osimg.install;

import io.osimg.core.machine.MachineDocument;
import io.osimg.install.contract.ScriptRunner;
import io.osimg.install.contract.SpecialMount;
import io.osimg.install.contract.TargetDisks;
import io.osimg.install.disk.DeviceMap;
import io.osimg.install.disk.DiskLayout;
import io.osimg.install.disk.DiskPreparer;
import io.osimg.install.disk.PreparedDisks;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Outcome;
import io.osimg.install.events.Phase;
import io.osimg.install.osinstaller.ChrootCommandRunner;
import io.osimg.transfer.Fetcher;
import io.osimg.trust.TrustPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An installation onto disks in metal-hammer's order: choose the layout and put it on the given devices, partition
 * and format them and mount the root at a private prefix ({@link DiskPreparer}), install there ({@link Installer}:
 * extract, verify, contract steps with the new root's UUID), write {@code /etc/fstab}, copy kernel and initrd out
 * ({@link BootPlan#copyTo}), unmount everything, and only then kexec the copies.
 *
 * <p>Events: {@code partition} starts before the disks are checked and ends once they are mounted; a failure
 * anywhere until the disks are unmounted ends it again with the error. A failure after the disks were prepared
 * wipes them once they are released ({@link DiskPreparer#wipe}): no bootable system is left. The outcome names the devices the layout
 * was put on before anything is checked, and the copied kernel and initrd once they are out.
 */
public final class DiskInstall {

    /**
     * @param source          the image
     * @param machine         the machine document; null to extract and verify only
     * @param layoutFile      the file system layout (metal-api's shape, JSON or YAML); null for the machine
     *                        document's {@code filesystemlayout}, else {@link DiskLayout#defaultLayout}
     * @param devices         the {@code --disk} values: {@code DEV} replaces the layout's disks in order,
     *                        {@code OLD=NEW} one by name ({@link DeviceMap})
     * @param bootDir         where kernel and initrd are copied before the disks are unmounted; null for a new
     *                        directory under the temporary directory
     * @param skipUnmountable format the file systems the running kernel cannot mount but leave them unmounted,
     *                        instead of refusing the layout
     * @param keepImageDir    where to keep a copy of the compressed image, null for none
     * @param kexec           boot the copied kernel at the end
     * @param reinstall       keep the disks whose {@code wipeonreinstall} is false (their file systems are only
     *                        mounted), rebuild the others ({@link DiskPreparer#reinstall(DiskLayout)})
     * @param trust           the keys the image's sha512 file must be signed by, checked before any disk is
     *                        touched; null for no policy
     */
    public record Request(ImageSource source, MachineDocument machine, Path layoutFile, List<String> devices,
                          Path bootDir, boolean skipUnmountable, Path keepImageDir, boolean kexec, boolean reinstall,
                          TrustPolicy trust) {
        public Request {
            Objects.requireNonNull(source, "source");
            devices = List.copyOf(devices);
        }

        /** A request without a trust policy. */
        public Request(ImageSource source, MachineDocument machine, Path layoutFile, List<String> devices,
                       Path bootDir, boolean skipUnmountable, Path keepImageDir, boolean kexec, boolean reinstall) {
            this(source, machine, layoutFile, devices, bootDir, skipUnmountable, keepImageDir, kexec, reinstall, null);
        }

        /** A first install: every disk of the layout is rebuilt. */
        public Request(ImageSource source, MachineDocument machine, Path layoutFile, List<String> devices,
                       Path bootDir, boolean skipUnmountable, Path keepImageDir, boolean kexec) {
            this(source, machine, layoutFile, devices, bootDir, skipUnmountable, keepImageDir, kexec, false);
        }
    }

    /**
     * Runs one of the installed image's own programs chrooted into its root (proc, sys, dev and a tmpfs mounted for
     * it), each line it prints to {@code log}; fails when it exits non-zero.
     */
    @FunctionalInterface
    public interface RootCommand {
        void run(Path root, List<String> argv, Consumer<String> log) throws IOException;

        /** For real: {@link ChrootCommandRunner} with the contract's chroot {@link ScriptRunner}. */
        RootCommand CHROOT = (root, argv, log) -> new ChrootCommandRunner(root, ScriptRunner.chroot(),
                List.of(SpecialMount.PROC, SpecialMount.SYS, SpecialMount.TMP, SpecialMount.DEV), log).run(argv, null, null);
    }

    private final Fetcher fetcher;
    private final DiskPreparer preparer;
    private final RootCommand rootCommand;
    private final Function<PreparedDisks, ContractRunner> contract;
    private final KexecStep kexec;
    private final EventSink events;
    private final LongSupplier nanoTime;

    /**
     * @param preparer the preparer for layouts whose file systems the kernel can all mount
     * @param contract the contract steps for the prepared disks (their root UUID, disk.json)
     * @param kexec    boots the copied kernel after the disks are unmounted
     */
    public DiskInstall(Fetcher fetcher, DiskPreparer preparer, Function<PreparedDisks, ContractRunner> contract,
                       KexecStep kexec, EventSink events, LongSupplier nanoTime) {
        this(fetcher, preparer, contract, kexec, events, nanoTime, RootCommand.CHROOT);
    }

    /**
     * @param rootCommand runs the image's initramfs tool in the new root when the layout has RAID arrays or volume
     *                    groups ({@link #initramfsCommand})
     */
    public DiskInstall(Fetcher fetcher, DiskPreparer preparer, Function<PreparedDisks, ContractRunner> contract,
                       KexecStep kexec, EventSink events, LongSupplier nanoTime, RootCommand rootCommand) {
        this.rootCommand = Objects.requireNonNull(rootCommand, "rootCommand");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.kexec = Objects.requireNonNull(kexec, "kexec");
        this.events = events == null ? EventSink.NONE : events;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * The installation on this machine's disks, contract steps and kexec included.
     *
     * @param cmdlineFile  the installer's kernel command line ({@code /proc/cmdline}), for the console in install.yaml
     * @param osInstaller  the OS installer for images without a script ({@code --os-installer}), null for none
     * @param beforeReboot run once the kernel is loaded, before the reboot ({@link KexecStep#system(Runnable)})
     */
    public static DiskInstall system(Fetcher fetcher, Path cmdlineFile, Path osInstaller, Runnable beforeReboot,
                                     EventSink events) {
        return new DiskInstall(fetcher, DiskPreparer.system(), disks -> ContractRunner.system(cmdlineFile,
                new TargetDisks(disks.rootUuid(), disks.legacyDisk(), disks.raidEnabled()), osInstaller),
                KexecStep.system(beforeReboot), events, System::nanoTime);
    }

    /**
     * Installs, recording in {@code outcome} how far it got, also when it fails: the devices first, then what the
     * {@link Installer} records, then the copied kernel and initrd.
     *
     * @return the installer's result with the boot plan of the copies (null without a machine document)
     */
    public Installer.Result install(Request request, Outcome.Builder outcome) throws IOException {
        DiskLayout mapped = DeviceMap.parse(request.devices()).apply(layout(request.layoutFile(), request.machine()));
        outcome.target(Outcome.Target.disks(mapped.disks().stream().map(DiskLayout.Disk::device).toList()));
        DiskPreparer disksPreparer = request.skipUnmountable() ? preparer.skippingUnsupportedMounts() : preparer;
        // with a policy, the signature (and the checksums it covers) before the first write to a disk
        ExpectedDigests expected = request.trust() == null ? null
                : Installer.expect(fetcher, request.source(), request.trust(), events);
        long started = nanoTime.getAsLong();
        events.phaseStarted(Phase.PARTITION);
        Installer.Result result;
        BootPlan copied = null;
        boolean prepared = false;
        try (PreparedDisks disks = request.reinstall() ? disksPreparer.reinstall(mapped) : disksPreparer.prepare(mapped)) {
            prepared = true;
            events.phaseFinished(Phase.PARTITION, since(started), null);
            for (String skipped : disks.notMounted()) {
                events.warning("not mounted (the running kernel cannot mount it): " + skipped);
            }
            ContractRunner steps = contract.apply(disks);
            // the arrays must be known to the image's initramfs tools, which the contract's scripts run
            ContractRunner withMdadmConf = (image, machine, ev) -> {
                disks.writeMdadmConf();
                return steps.configure(image, machine, ev);
            };
            Installer installer = new Installer(fetcher, RootfsWriter.rootfs(events::warning),
                    withMdadmConf, KexecStep.system(), events, nanoTime);
            Installer.Request onRoot = new Installer.Request(request.source(), disks.root(), request.machine(),
                    request.keepImageDir(), false, false, request.trust());
            result = expected == null ? installer.install(onRoot, outcome) : installer.install(onRoot, outcome, expected);
            disks.writeFstab();
            if (disks.usesMdOrLvm() && result.boot() != null) {
                rebuildInitramfs(disks.root());
            }
            if (result.boot() != null) {
                copied = result.boot().copyTo(request.bootDir() != null ? request.bootDir()
                        : Files.createTempDirectory("osimg-boot-"));
                outcome.boot(copied.toOutcome());
            }
        } catch (IOException | RuntimeException e) {
            events.phaseFinished(Phase.PARTITION, since(started), e.getMessage());
            if (prepared) {
                wipe(disksPreparer, mapped, request.reinstall(), e);
            }
            throw e;
        }
        result = new Installer.Result(result.image(), result.extracted(), copied);
        if (request.kexec() && copied != null) {
            kexec.boot(result.image(), copied);
        }
        return result;
    }

    /**
     * The disks were partitioned and formatted, then the installation failed (a digest mismatch, a failed script,
     * ...): their signatures are wiped ({@link DiskPreparer#wipe}), so the machine has no bootable system and stays
     * in the installer, and a later boot from disk cannot start a half-written or unverified image. A failure of the
     * wipe is added to the installation's.
     */
    private void wipe(DiskPreparer disksPreparer, DiskLayout layout, boolean reinstall, Exception failure) {
        try {
            List<String> ran = disksPreparer.wipe(layout, reinstall);
            events.warning("the installation failed: the disks were wiped (" + String.join("; ", ran)
                    + "): nothing bootable is left on them");
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            events.warning("the installation failed, and wiping the disks failed too: " + e.getMessage());
        }
    }

    /**
     * The image's initramfs is rebuilt in the new root once mdadm.conf and fstab are written, so that it assembles
     * the arrays and activates the volume groups at boot: the image's own {@code update-initramfs} (Debian, Ubuntu)
     * or {@code dracut} (Red Hat family). An image with neither gets a warning: it must bring its own way.
     */
    private void rebuildInitramfs(Path root) throws IOException {
        Optional<List<String>> command = initramfsCommand(root);
        if (command.isEmpty()) {
            events.warning("the layout has RAID arrays or volume groups but the image has neither update-initramfs nor "
                    + "dracut: its initramfs was not rebuilt with mdadm.conf");
            return;
        }
        long started = nanoTime.getAsLong();
        events.log(Phase.CONFIGURE, "rebuilding the initramfs for the arrays and volume groups: " + String.join(" ", command.get()));
        rootCommand.run(root, command.get(), line -> events.log(Phase.CONFIGURE, line));
        events.log(Phase.CONFIGURE, "initramfs rebuilt in " + since(started).toMillis() / 100 / 10.0 + " s");
    }

    /** {@code update-initramfs -u -k all} when the root has it, else {@code dracut --regenerate-all --force}. */
    static Optional<List<String>> initramfsCommand(Path root) {
        for (String dir : List.of("usr/sbin", "sbin", "usr/bin")) {
            if (Files.isExecutable(root.resolve(dir).resolve("update-initramfs"))) {
                return Optional.of(List.of("update-initramfs", "-u", "-k", "all"));
            }
        }
        for (String dir : List.of("usr/bin", "usr/sbin", "sbin", "bin")) {
            if (Files.isExecutable(root.resolve(dir).resolve("dracut"))) {
                return Optional.of(List.of("dracut", "--regenerate-all", "--force"));
            }
        }
        return Optional.empty();
    }

    /**
     * The layout to put on the disks: the file when one is given, else the machine document's
     * {@code filesystemlayout}, else an EFI system partition and an ext4 root on {@code /dev/sda}.
     *
     * @param file    the layout file, null for none
     * @param machine the machine document, null for none
     */
    static DiskLayout layout(Path file, MachineDocument machine) throws IOException {
        return file != null ? DiskLayout.read(file)
                : Optional.ofNullable(machine).flatMap(DiskLayout::fromMachine).orElseGet(() -> DiskLayout.defaultLayout("/dev/sda"));
    }

    private Duration since(long started) {
        return Duration.ofNanos(nanoTime.getAsLong() - started);
    }
}
