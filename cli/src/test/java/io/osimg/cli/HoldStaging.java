package io.osimg.cli;

import io.osimg.image.StagingArea;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build's staging held open in a child process, as {@code osimg build} holds it while it compresses: stages
 * {@code img.tar.lz4.md5} in {@code STORE}, prints the staging directory, then publishes it as {@code TARGET} (a
 * stable image) when a line arrives on stdin. Exits 0 after publishing, 1 when that failed.
 */
final class HoldStaging {
    private HoldStaging() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        try (StagingArea staging = StagingArea.open(store, "build");
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Files.writeString(staging.dir().resolve("img.tar.lz4.md5"), "staged by " + ProcessHandle.current().pid() + "\n");
            System.out.println(staging.dir());
            System.out.flush();
            in.readLine();
            try {
                staging.publish(store.resolve(args[1]), true);
            } catch (Exception e) {
                System.err.println("publishing: " + e);
                System.exit(1);
            }
        }
    }
}
