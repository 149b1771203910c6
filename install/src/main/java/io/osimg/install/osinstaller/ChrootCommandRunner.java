package io.osimg.install.osinstaller;

import io.osimg.install.contract.ScriptRunner;
import io.osimg.install.contract.SpecialMount;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@link ChrootCommands} for real: each command becomes a small shell script {@code /.osimg-command} in the
 * target (0700, removed afterwards) that the install script's {@link ScriptRunner} runs chrooted, with the same
 * special mounts in a mount namespace of its own, as uid 0. Words are single-quoted; the input is a quoted
 * here-document, so nothing in it is expanded. The image's {@code /bin/sh} runs the script.
 */
public final class ChrootCommandRunner implements ChrootCommands {

    static final String SCRIPT = ".osimg-command";
    /** The first line the script prints: what comes before it is the runner's (its mounts), not the command's. */
    static final String START = "osimg: running the command";
    private static final int KEPT_LINES = 20;

    private final Path root;
    private final ScriptRunner runner;
    private final List<SpecialMount> mounts;
    private final Consumer<String> log;

    /**
     * @param root   the target root
     * @param mounts the special mounts each command gets (their mount points exist in the target)
     * @param log    each line a command prints
     */
    public ChrootCommandRunner(Path root, ScriptRunner runner, List<SpecialMount> mounts, Consumer<String> log) {
        this.root = Objects.requireNonNull(root, "root");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.mounts = List.copyOf(mounts);
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String run(List<String> argv, String stdin, String workDir) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        String shown = String.join(" ", argv);
        if (!OsTarget.hasProgram(root, "sh", List.of("bin", "usr/bin"))) {
            throw new IOException("'" + shown + "' cannot run: the image has no /bin/sh, which runs its programs ("
                    + root + ")");
        }
        String program = argv.getFirst();
        if (!program.contains("/") && !OsTarget.hasProgram(root, program, OsTarget.PROGRAM_DIRS)) {
            throw new IOException("'" + shown + "' cannot run: the image has no " + program + " in /"
                    + String.join(", /", OsTarget.PROGRAM_DIRS) + " (" + root + ")");
        }
        TargetFiles.writeNew(root, SCRIPT, script(argv, stdin, workDir).getBytes(StandardCharsets.UTF_8), 0700);
        List<String> output = new ArrayList<>();
        boolean[] started = {false};
        int exit;
        try {
            exit = runner.run(root, "/" + SCRIPT, mounts, line -> {
                if (!started[0]) {
                    started[0] = line.equals(START);
                    return;
                }
                output.add(line);
                log.accept(line);
            });
        } finally {
            TargetFiles.remove(root, SCRIPT);
        }
        if (exit != 0) {
            List<String> tail = output.subList(Math.max(0, output.size() - KEPT_LINES), output.size());
            throw new IOException("'" + shown + "' exited with code " + exit + " in " + root
                    + (tail.isEmpty() ? "" : ": " + String.join(" | ", tail)));
        }
        return String.join("\n", output) + (output.isEmpty() ? "" : "\n");
    }

    /** The script that runs {@code argv}: {@code cd DIR && exec 'a' 'b' <<'EOF' ... EOF}. */
    static String script(List<String> argv, String stdin, String workDir) {
        StringBuilder b = new StringBuilder("#!/bin/sh\necho '" + START + "'\ncd ")
                .append(quote(workDir == null ? "/" : workDir))
                .append(" || exit 125\nexec");
        for (String word : argv) {
            b.append(' ').append(quote(word));
        }
        if (stdin == null) {
            b.append(" </dev/null\n");
        } else {
            String end = "OSIMG_INPUT_" + UUID.randomUUID().toString().replace("-", "");
            b.append(" <<'").append(end).append("'\n").append(stdin);
            if (!stdin.isEmpty() && !stdin.endsWith("\n")) {
                b.append('\n');
            }
            b.append(end).append('\n');
        }
        return b.toString();
    }

    /** {@code word} in single quotes, a quote in it as {@code '\''}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
