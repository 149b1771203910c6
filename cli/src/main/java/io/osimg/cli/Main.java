package io.osimg.cli;

import io.osimg.catalog.NoMatchingImageException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code osimg} command.
 *
 * <p>Exit codes: 0 success; 1 the work failed (I/O error, a check that did not pass); 2 bad input: the command line
 * was wrong, or an {@link IllegalArgumentException} said a value or document given on it is invalid; 3 no image
 * matches the requested ID ({@link NoMatchingImageException}: {@code resolve}, {@code install}).
 */
@Command(name = "osimg", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Build, check, serve, mirror, resolve and install bare-metal OS images (metal-stack image contract).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the work failed (I/O error, a check that did not pass)",
            "2:bad input (a wrong command line, or an invalid option value or document)",
            "3:no image matches the requested ID (resolve, install)"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** No image of the catalog matches the requested ID ({@link NoMatchingImageException}). */
    public static final int NO_MATCH = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * The subcommands in the order {@code osimg --help} lists them. Building a command's model costs picocli
     * reflection over all its options, so a command line that names one subcommand gets only that one.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("build", BuildCommand::new);
        m.put("sign", SignCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("lint", LintCommand::new);
        m.put("decompress", DecompressCommand::new);
        m.put("install", InstallCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("list", ListCommand::new);
        m.put("resolve", ResolveCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("mirror", MirrorCommand::new);
        m.put("prune", PruneCommand::new);
        m.put("ramdisk", RamdiskCommand::new);
        m.put("boot", BootCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        boolean one = SUBCOMMANDS.containsKey(first) && !first.equals("help");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!one || name.equals(first)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::handleCommandLine);
        CommandLine lint = cl.getSubcommands().get("lint");
        if (lint != null) {
            lint.getCommandSpec().usageMessage().footer(LintCommand.rules());
        }
        CommandLine boot = cl.getSubcommands().get("boot");
        if (boot != null) {
            String[] head = boot.getCommandSpec().usageMessage().description();
            String[] lines = BootCommand.parameterLines();
            String[] all = java.util.Arrays.copyOf(head, head.length + lines.length);
            System.arraycopy(lines, 0, all, head.length, lines.length);
            boot.getCommandSpec().usageMessage().description(all);
        }
        return cl;
    }

    /** Prints one line naming the problem instead of a stack trace (unless --debug), and says where help is. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = parsed.expandedArgs().contains("--debug") || System.getenv("OSIMG_DEBUG") != null;
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + ErrorLines.describe(e));
        if (debug) {
            e.printStackTrace(err);
        } else if (e instanceof IllegalArgumentException && !(e instanceof NoMatchingImageException)) {
            err.println("Run '" + name + " --help' for usage.");
        }
        err.flush();
        return exitCode(e);
    }

    /**
     * A wrong command line: one line naming the problem (and picocli's suggestion for a typo), then where help is,
     * instead of the whole usage text.
     */
    private static int handleCommandLine(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    /**
     * The exit code for a command that failed with {@code e}: no matching image is {@link #NO_MATCH}, other bad
     * input a usage error, anything else failed work.
     */
    static int exitCode(Exception e) {
        if (e instanceof NoMatchingImageException) {
            return NO_MATCH;
        }
        return e instanceof IllegalArgumentException ? USAGE : FAILED;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"osimg " + version(), "Java " + Runtime.version()};
        }
    }
}
