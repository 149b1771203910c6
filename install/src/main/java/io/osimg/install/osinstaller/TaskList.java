package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tasks of the OS installer in metal-stack's os-installer's order and with its names (contract section 8;
 * {@code booatloader} sic), run in that order as os-installer.yaml allows. A task osimg does not implement yet fails
 * the install when it would run, naming it: skipping it would leave an image that does not boot.
 */
public final class TaskList {

    /** Every task, in order. */
    public static final List<String> NAMES = List.of(
            "persist configuration data from metal-hammer",
            "check if running in efi mode",
            "remove .dockerenv if running in virtual environment",
            "write hostname",
            "write /etc/hosts",
            "write /etc/resolv.conf",
            "write ntp configuration",
            "create metal user",
            "configure network",
            "authorized ssh keys",
            "fix wrong filesystem permissions",
            "process userdata",
            "build kernel cmdline",
            "write /etc/metal/boot-info.yaml",
            "write booatloader config",
            "unset machine id",
            "deploy systemd services",
            "write /etc/metal/build-meta.yaml",
            "execute custom executable");

    private final Map<String, OsTask> tasks = new LinkedHashMap<>();

    /** The list with these implementations; each must carry one of {@link #NAMES}, once. */
    public TaskList(List<OsTask> implemented) {
        for (OsTask t : implemented) {
            requireKnown(t.name(), "task");
            if (tasks.put(t.name(), t) != null) {
                throw new IllegalArgumentException("task '" + t.name() + "' given twice");
            }
        }
    }

    static void requireKnown(String name, String where) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(where + ": '" + name + "' is no task of the OS installer");
        }
    }

    /**
     * Runs the tasks that {@code config} lets run, in order, telling {@code log} each one's name before it runs.
     *
     * @return the names of the tasks that ran
     * @throws OsTaskException for the first task that fails or is not implemented
     */
    public List<String> run(OsTarget target, OsInstallerConfig config, Consumer<String> log) throws OsTaskException {
        List<String> ran = new ArrayList<>();
        for (String name : NAMES) {
            if (!config.runs(name)) {
                log.accept("skipping task '" + name + "' (os-installer.yaml)");
                continue;
            }
            OsTask task = tasks.get(name);
            if (task == null) {
                throw new OsTaskException(name, "osimg's OS installer does not implement it yet");
            }
            log.accept("running task '" + name + "'");
            try {
                task.run(target);
            } catch (IOException | RuntimeException e) {
                throw new OsTaskException(name, e);
            }
            ran.add(name);
        }
        return ran;
    }
}
