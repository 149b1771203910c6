package io.osimg.install.osinstaller;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Mappers;
import java.io.IOException;

/**
 * "write /etc/metal/build-meta.yaml": which installer configured the system (osimg's version) and the image's
 * ignition version when it has ignition ({@code ignition -version} chrooted; a failure leaves it empty).
 */
public final class WriteBuildMeta implements OsTask {

    static final String FILE = "etc/metal/build-meta.yaml";

    /** build-meta.yaml's keys, os-installer's {@code BuildMeta}. */
    @JsonPropertyOrder({"buildVersion", "buildDate", "buildSHA", "buildRevision", "ignitionVersion"})
    record BuildMeta(@JsonProperty("buildVersion") String version, @JsonProperty("buildDate") String date,
                     @JsonProperty("buildSHA") String sha, @JsonProperty("buildRevision") String revision,
                     @JsonProperty("ignitionVersion") String ignitionVersion) {
    }

    private final String version;

    /** @param version osimg's version */
    public WriteBuildMeta(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "write /etc/metal/build-meta.yaml";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        String ignition = "";
        if (target.hasProgram("ignition")) {
            try {
                ignition = target.chroot().run("ignition", "-version").strip();
            } catch (IOException e) {
                target.log().accept("detecting the ignition version failed, continuing anyway: " + e.getMessage());
            }
        }
        BuildMeta meta = new BuildMeta("osimg " + version, "", "", "", ignition);
        target.write(FILE, "---\n" + Mappers.toYaml(meta), 0644);
    }
}
