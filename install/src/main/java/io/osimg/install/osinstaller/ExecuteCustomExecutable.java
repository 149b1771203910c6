package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.List;

/**
 * "execute custom executable": os-installer.yaml's {@code custom_script.executable_path}, run chrooted in its
 * {@code workdir}; its failure fails the install.
 */
public final class ExecuteCustomExecutable implements OsTask {

    private final OsInstallerConfig.CustomScript script;

    /** @param script os-installer.yaml's {@code custom_script}, null for none */
    public ExecuteCustomExecutable(OsInstallerConfig.CustomScript script) {
        this.script = script;
    }

    @Override
    public String name() {
        return "execute custom executable";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        if (script == null || script.executablePath() == null || script.executablePath().isEmpty()) {
            target.log().accept("no custom executable to execute");
            return;
        }
        try {
            target.chroot().run(List.of(script.executablePath()), null, script.workDir());
        } catch (IOException e) {
            throw new IOException("custom executable " + script.executablePath() + ": " + e.getMessage(), e);
        }
    }
}
