package io.osimg.cli;

import picocli.CommandLine.Option;

/** {@code --debug}: stack traces on errors (read by {@link Main}'s error handler). */
final class DebugOption {
    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;
}
