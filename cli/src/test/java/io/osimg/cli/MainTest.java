package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownOptionIsUsageError() {
        CliRun r = CliRun.of("--no-such-option");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'").contains("Run 'osimg --help' for usage.")
                .doesNotContain("Usage:");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("build", "verify", "lint", "decompress", "install", "serve", "list",
                "resolve", "diff", "mirror", "prune", "Exit codes:");
    }

    @Test
    void aNamedCommandGetsOnlyItsOwnModelButHelpAndTyposSeeAll() {
        assertThat(Main.commandLine("install", "--root", "x").getSubcommands()).containsOnlyKeys("install");
        assertThat(Main.commandLine("help", "install").getSubcommands()).hasSize(15);
        assertThat(Main.commandLine("--help").getSubcommands()).hasSize(15);
        CliRun typo = CliRun.of("biuld");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched argument", "biuld", "build");
    }

    @Test
    void lintHelpListsEveryRule() {
        CliRun r = CliRun.of("lint", "--help");
        assertThat(r.out()).contains("install-script", "kernel", "checksum-md5", "version-naming");
    }

    @Test
    void releaseAndChannelExcludeEachOther() {
        CliRun r = CliRun.of("build", "x", "--os", "debian", "--version", "12", "--store", "s",
                "--release", "20261126", "--channel", "stable");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void serveLimitsAreDocumentedAndCheckedBeforeAnythingStarts() {
        assertThat(CliRun.of("serve", "--help").out()).contains("--header-timeout", "--idle-timeout",
                "--max-connections", "--public-url");
        for (String[] bad : new String[][] {{"--header-timeout", "0", "--header-timeout 0.0 s"},
                {"--idle-timeout", "500ms", "--idle-timeout 0.5 s"}, {"--idle-timeout", "-1", "Invalid value for option '--idle-timeout': duration '-1'"},
                {"--max-connections", "0", "--max-connections 0"}}) {
            CliRun r = CliRun.of("serve", "--store", "/nonexistent/osimg-store", bad[0], bad[1]);
            assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains(bad[2]).hasLineCount(2);
        }
    }
}
