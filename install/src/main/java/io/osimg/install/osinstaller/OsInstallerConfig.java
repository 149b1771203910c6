package io.osimg.install.osinstaller;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import java.util.List;

/**
 * An image's {@code /etc/metal/os-installer.yaml} (os-installer's {@code Config}): force the OS, run only some
 * tasks or all but some, a custom executable run last, the bootloader ID.
 */
public record OsInstallerConfig(
        @JsonProperty("os_name") String osName,
        @JsonProperty("only") List<String> only,
        @JsonProperty("except") List<String> except,
        @JsonProperty("custom_script") CustomScript customScript,
        @JsonProperty("overwrites") Overwrites overwrites) {

    /** {@code custom_script}. */
    public record CustomScript(@JsonProperty("executable_path") String executablePath,
                               @JsonProperty("workdir") String workDir) {
    }

    /** {@code overwrites}. */
    public record Overwrites(@JsonProperty("bootloader_id") String bootloaderId) {
    }

    public OsInstallerConfig {
        only = Normalize.list(only);
        except = Normalize.list(except);
    }

    /** No os-installer.yaml: detect the OS, run every task. */
    public static OsInstallerConfig none() {
        return new OsInstallerConfig(null, null, null, null, null);
    }

    /**
     * Reads os-installer.yaml; task names it gives must be known.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static OsInstallerConfig fromYaml(String yaml) {
        OsInstallerConfig c;
        try {
            c = yaml.isBlank() ? none() : Mappers.yaml().readValue(yaml, OsInstallerConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("/etc/metal/os-installer.yaml: cannot be read: " + e.getOriginalMessage(),
                    e);
        }
        for (String name : c.only()) {
            TaskList.requireKnown(name, "only");
        }
        for (String name : c.except()) {
            TaskList.requireKnown(name, "except");
        }
        return c;
    }

    /** Whether the task of this name runs: in {@code only} (when given) and not in {@code except}. */
    public boolean runs(String task) {
        return (only.isEmpty() || only.contains(task)) && !except.contains(task);
    }
}
