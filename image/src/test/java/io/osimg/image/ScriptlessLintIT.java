package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.store.Channel;
import io.osimg.image.lint.Finding;
import io.osimg.image.lint.Linter;
import io.osimg.image.lint.Verdict;
import io.osimg.store.publish.DirectoryPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An image without install script (the 2026 contract) passes install-script: osimg's OS installer configures it. */
class ScriptlessLintIT {

    Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-scriptless-lint-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
    }

    @Test
    void aScriptlessImagePassesSayingOsimgsTasksApply() throws Exception {
        Path src = work.resolve("rootfs");
        TreeSnapshot.sh(Path.of(".."), "cp -a examples/minimal-rootfs '" + src + "' && rm -f '" + src + "/install.sh'");
        BuildRequest r = new BuildRequest(src, "debian", "12", Channel.RELEASE, "20261206", null, null,
                Lz4Options.defaults(), null, null);
        BuildResult result = new ImageBuilder(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC),
                "test").build(r, new DirectoryPublisher(work.resolve("store")), BuildListener.NONE);

        Finding f = new Linter().lint(result.directory()).findings().stream()
                .filter(x -> x.rule().equals("install-script")).findFirst().orElseThrow();

        assertThat(f.verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.message()).isEqualTo("neither /install.sh nor /install-go: a scriptless image (2026 contract), "
                + "configured at install by osimg's own OS installer tasks (or by --os-installer)");
    }
}
