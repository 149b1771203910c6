package io.osimg.install;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 9, item 4: an installation that did not finish leaves {@code .osimg-install} in the target; a re-run
 * refuses such a target unless forced, and then wipes it and installs the image.
 */
class InstallMarkerTest {

    private static final Instant STARTED = Instant.parse("2026-12-02T15:40:00Z");

    @TempDir
    Path dir;
    private Path img;
    private Path root;

    @BeforeEach
    void image() throws IOException {
        img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        TestImages.publish(img.getParent(), TestImages.lz4(TestImages.tar(4096)), false);
        root = Files.createDirectories(dir.resolve("root"));
    }

    /** What install.sh would leave: a kernel and a file of its own. */
    private static final ContractRunner CONFIGURES = (verified, machine, events) -> {
        Files.writeString(verified.target().resolve("configured"), "yes");
        Files.writeString(verified.target().resolve("vmlinuz"), "kernel");
        return BootInfo.fromYaml("kernel: /vmlinuz\n");
    };

    private static final ContractRunner FAILS = (verified, machine, events) -> {
        Files.writeString(verified.target().resolve("half-configured"), "yes");
        throw new IOException("/install.sh exited with code 1");
    };

    private Installer installer(Fetcher fetcher, ContractRunner contract) {
        return new Installer(fetcher, RootfsWriter.rootfs(w -> { }), contract, (image, plan) -> {
            throw new AssertionError("no kexec here");
        }, EventSink.NONE, System::nanoTime, Clock.fixed(STARTED, ZoneOffset.UTC));
    }

    private Installer.Result install(ContractRunner contract, Path target, MachineDocument machine, boolean force)
            throws IOException {
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            return installer(f, contract).install(new Installer.Request(ImageSource.ofFile(null, img), target, machine,
                    null, false, force));
        }
    }

    private static MachineDocument machine() {
        return MachineDocument.parse("{\"id\":\"m-1\",\"allocation\":{\"hostname\":\"h\",\"role\":\"machine\"}}");
    }

    @Test
    void anInstallThatFailsAfterExtractionLeavesTheMarkerAndARerunIsRefused() throws IOException {
        assertThatThrownBy(() -> install(FAILS, root, machine(), false)).hasMessage("/install.sh exited with code 1");
        assertThat(Files.readString(root.resolve(".osimg-install")))
                .isEqualTo("osimg install in progress\nimage: " + img + "\nstarted: 2026-12-02T15:40:00Z\n");

        assertThatThrownBy(() -> install(CONFIGURES, root, machine(), false))
                .isInstanceOf(IOException.class)
                .hasMessage("target " + root + " holds an unfinished osimg install of " + img
                        + " (started 2026-12-02T15:40:00Z); run with --force to wipe it and install again");
        assertThat(root.resolve("half-configured")).exists();
        assertThat(root.resolve("configured")).doesNotExist();
    }

    @Test
    void forceWipesTheUnfinishedInstallAndTheTreeEqualsAFreshInstall() throws IOException {
        assertThatThrownBy(() -> install(FAILS, root, machine(), false)).isInstanceOf(IOException.class);
        Files.createDirectories(root.resolve("var/leftover/deep"));
        Files.setPosixFilePermissions(root.resolve("var/leftover"), PosixFilePermissions.fromString("r-x------"));

        install(CONFIGURES, root, machine(), true);

        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        install(CONFIGURES, fresh, machine(), false);
        assertThat(tree(root)).isEqualTo(tree(fresh)).containsKeys("etc/motd", "usr/bin/su", "configured")
                .doesNotContainKeys(".osimg-install", "half-configured", "var/leftover");
    }

    @Test
    void theMarkerIsThereWhileTheContractStepsRunAndGoneOnceTheySucceeded() throws IOException {
        List<String> seen = new ArrayList<>();
        ContractRunner looking = (verified, machine, events) -> {
            seen.add(Files.readString(verified.target().resolve(".osimg-install")));
            return CONFIGURES.configure(verified, machine, events);
        };
        install(looking, root, machine(), false);
        assertThat(seen).containsExactly("osimg install in progress\nimage: " + img + "\nstarted: 2026-12-02T15:40:00Z\n");
        assertThat(root.resolve(".osimg-install")).doesNotExist();

        Path extractOnly = Files.createDirectories(dir.resolve("extract-only"));
        install(FAILS, extractOnly, null, false);
        assertThat(extractOnly.resolve(".osimg-install")).doesNotExist();
        assertThat(extractOnly.resolve("etc/motd")).hasContent(TestImages.MOTD);
    }

    @Test
    void aDigestMismatchStillWipesTheTargetMarkerAndAll() throws IOException {
        byte[] corrupt = Files.readAllBytes(img);
        corrupt[corrupt.length / 2] ^= 0x5a;
        Files.write(img, corrupt);

        assertThatThrownBy(() -> install(CONFIGURES, root, machine(), false)).isInstanceOf(DigestMismatchException.class);
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void anImageThatHoldsTheMarkerIsRefusedAndWiped() throws IOException {
        for (String name : List.of(".osimg-install", "./.osimg-install", ".//./.osimg-install/x")) {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            try (TarWriter w = new TarWriter(tar)) {
                w.write(TarEntry.builder("etc", EntryType.DIRECTORY).mode(0755).build(), null);
                byte[] content = "osimg install in progress\n".getBytes(StandardCharsets.UTF_8);
                w.write(TarEntry.builder(name, EntryType.FILE).mode(0644).size(content.length).build(),
                        new ByteArrayInputStream(content));
                w.finish();
            }
            TestImages.publish(img.getParent(), TestImages.lz4(tar.toByteArray()), false);

            assertThatThrownBy(() -> install(CONFIGURES, root, machine(), false))
                    .isInstanceOf(IOException.class)
                    .hasMessage("extracting " + name + " from " + img
                            + ": .osimg-install is osimg's install marker, an image must not hold it");
            assertThat(root).isEmptyDirectory();
        }
        assertThat(InstallMarker.isMarker("etc/.osimg-install".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(InstallMarker.isMarker(".osimg-installer".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aTargetWithOtherContentIsRefusedAlsoWithForce() throws IOException {
        Files.writeString(root.resolve("precious"), "keep me");

        assertThatThrownBy(() -> install(CONFIGURES, root, machine(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty (has precious)");
        assertThat(root.resolve("precious")).hasContent("keep me");
    }

    @Test
    void aMarkerThatIsASymlinkIsNotFollowed() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "image: secret\n");
        Files.createSymbolicLink(root.resolve(".osimg-install"), secret);

        assertThatThrownBy(() -> install(CONFIGURES, root, machine(), false))
                .hasMessage("target " + root + " holds an unfinished osimg install of an unknown image (started at an"
                        + " unknown time); run with --force to wipe it and install again");
        install(CONFIGURES, root, machine(), true);
        assertThat(secret).hasContent("image: secret\n");
        assertThat(root.resolve("configured")).exists();
    }

    /** Every path below {@code top}: its type, mode and content (files) or target (links). */
    private static Map<String, String> tree(Path top) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.filter(p -> !p.equals(top)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + mode
                        : "file " + mode + " " + TestImages.hex("SHA-256", Files.readAllBytes(p));
                tree.put(top.relativize(p).toString(), what);
            }
        }
        return tree;
    }
}
