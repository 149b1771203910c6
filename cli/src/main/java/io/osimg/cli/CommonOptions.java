package io.osimg.cli;

import picocli.CommandLine.Option;

/**
 * The options every command has: {@code -h/--help}, and {@code --debug} for stack traces on errors (read by
 * {@link Main}'s error handler). Not picocli's standard help mixin: its {@code --version} would clash with
 * {@code osimg build --version}, the image version.
 */
final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;
}
