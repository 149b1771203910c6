package io.osimg.archive.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs an external command (GNU tar) for a test, collecting its output. */
record Command(int exit, String stdout, String stderr) {

    static Command run(String... command) throws Exception {
        return runIn(null, command);
    }

    static Command runIn(java.nio.file.Path directory, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // stream closed
            }
        });
        errReader.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " hangs");
        }
        errReader.join();
        return new Command(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Command check() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + ": " + stderr);
        }
        return this;
    }
}
