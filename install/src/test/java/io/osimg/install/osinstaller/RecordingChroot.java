package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chroot commands for the task tests on a temporary root: records each command line (input and working directory
 * with it) and answers with the output {@code answers} gives for its first word, failing the commands in
 * {@code failing}. The real runner is tested by {@code ChrootCommandRunnerIT} and {@code OsInstallerTasksIT}.
 */
final class RecordingChroot implements ChrootCommands {

    record Call(List<String> argv, String stdin, String workDir) {
    }

    final List<Call> calls = new ArrayList<>();
    private final Function<String, String> answers;
    private final List<String> failing;

    RecordingChroot() {
        this(Map.of(), List.of());
    }

    RecordingChroot(Map<String, String> answers, List<String> failing) {
        this.answers = w -> answers.getOrDefault(w, "");
        this.failing = failing;
    }

    @Override
    public String run(List<String> argv, String stdin, String workDir) throws IOException {
        calls.add(new Call(List.copyOf(argv), stdin, workDir));
        if (failing.contains(argv.getFirst())) {
            throw new IOException("'" + String.join(" ", argv) + "' exited with code 1");
        }
        return answers.apply(argv.getFirst());
    }

    List<List<String>> argvs() {
        return calls.stream().map(Call::argv).toList();
    }
}
