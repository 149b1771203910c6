package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.image.lint.Finding;
import io.osimg.image.lint.LintReport;
import io.osimg.image.lint.Linter;
import io.osimg.image.lint.Verdict;
import io.osimg.image.verify.ImageVerifier;
import io.osimg.core.store.Channel;
import io.osimg.store.publish.DirectoryPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Debian bookworm root filesystem from debootstrap (with kernel and initrd; cached by
 * scripts/debian-rootfs) builds, verifies, lints, and extracts with GNU tar to the same tree.
 */
class DebianRootfsIT {
    static Path work;
    static Path rootfs;
    static BuildResult result;

    @BeforeAll
    static void buildIt() throws Exception {
        String tarball = TreeSnapshot.sh(Path.of("..").toAbsolutePath().normalize(), "scripts/debian-rootfs --variant kernel").trim();
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-debian-it");
        rootfs = Files.createDirectories(work.resolve("rootfs"));
        TreeSnapshot.sh(rootfs, "tar --xattrs --xattrs-include='*' --numeric-owner -xpf " + tarball);
        Files.copy(Path.of("src/test/resources/contract/install.sh"), rootfs.resolve("install.sh"));
        TreeSnapshot.sh(rootfs, "chmod 0755 install.sh");
        BuildRequest r = new BuildRequest(rootfs, "debian", "12", Channel.RELEASE, "20261127", null,
                null, Lz4Options.defaults(), null, "supported");
        result = new ImageBuilder(Clock.systemUTC(), "test").build(r, new DirectoryPublisher(work.resolve("store")), BuildListener.NONE);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (work != null) {
            TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
        }
    }

    @Test
    void verifies() throws Exception {
        ImageVerifier.Report report = new ImageVerifier().verify(result.directory());
        assertThat(report.checks()).allMatch(ImageVerifier.Check::ok);
        assertThat(report.entries()).isGreaterThan(5000);
        TreeSnapshot.sh(result.directory(), "lz4 -t img.tar.lz4 && md5sum --quiet -c img.tar.lz4.md5 && sha512sum --quiet -c img.tar.lz4.sha512");
    }

    @Test
    void lintsWithoutFailures() throws Exception {
        LintReport report = new Linter().lint(result.directory());
        Map<String, Verdict> verdicts = report.findings().stream().collect(Collectors.toMap(Finding::rule, Finding::verdict));
        assertThat(report.failed()).as(report.findings().toString()).isFalse();
        assertThat(verdicts).containsEntry("kernel", Verdict.PASS).containsEntry("initrd", Verdict.PASS)
                .containsEntry("install-script", Verdict.PASS).containsEntry("os-release", Verdict.PASS)
                .containsEntry("packages-txt", Verdict.PASS).containsEntry("version-naming", Verdict.PASS)
                .containsEntry("frr", Verdict.WARN);
    }

    @Test
    void packagesTxtIsWhatDpkgListsInTheRoot() throws Exception {
        String expected = TreeSnapshot.sh(rootfs, "dpkg --admindir=var/lib/dpkg -l | cat");
        assertThat(Files.readString(result.directory().resolve("packages.txt"))).isEqualTo(expected);
    }

    @Test
    void gnuTarExtractsTheSameTree() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        TreeSnapshot.sh(out, "lz4 -dc " + result.directory().resolve("img.tar.lz4")
                + " | tar --xattrs --xattrs-include='*' --numeric-owner -xpf -");
        assertThat(TreeSnapshot.diff(TreeSnapshot.of(rootfs, true), TreeSnapshot.of(out, true))).isEmpty();
    }
}
