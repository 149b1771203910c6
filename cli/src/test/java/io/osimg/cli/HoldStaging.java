package io.osimg.cli;

import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreLayout;
import io.osimg.store.publish.DirectoryPublisher;
import io.osimg.store.publish.StagedImage;
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
        try (StagedImage staging = new DirectoryPublisher(store).open(StoreLayout.parseKey(args[1] + "/" + ImageFiles.IMAGE).orElseThrow());
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Files.writeString(staging.dir().resolve("img.tar.lz4.md5"), "staged by " + ProcessHandle.current().pid() + "\n");
            System.out.println(staging.dir());
            System.out.flush();
            in.readLine();
            try {
                staging.publish();
            } catch (Exception e) {
                System.err.println("publishing: " + e);
                System.exit(1);
            }
        }
    }
}
