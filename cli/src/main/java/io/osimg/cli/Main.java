package io.osimg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code osimg} command. */
@Command(name = "osimg", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Build, check, serve, mirror, resolve and install bare-metal OS images (metal-stack image contract).",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"osimg " + (v == null ? "dev" : v)};
        }
    }
}
