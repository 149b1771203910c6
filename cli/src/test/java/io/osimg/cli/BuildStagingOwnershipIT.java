package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.store.StoreLayout;
import io.osimg.store.publish.DirectoryPublisher;
import io.osimg.store.publish.StagedImage;
import io.osimg.store.fs.FsBlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 4 (build part): the staging of a build belongs to the build's process. A server (or anything else)
 * opening the store while a build runs leaves that build's staging alone; a build killed with SIGKILL leaves staging
 * that the next build deletes (not only the next server); what osimg does not know in .staging is kept.
 */
class BuildStagingOwnershipIT {
    Path work;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-staging-it");
        store = Files.createDirectories(work.resolve("images"));
    }

    @AfterEach
    void tearDown() throws Exception {
        new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }

    @Test
    void aServerOpeningTheStoreDuringABuildLeavesItsStagingAlone() throws Exception {
        Process build = hold();
        try (BufferedReader out = reader(build)) {
            Path staged = Path.of(out.readLine());
            assertThat(staged).isDirectory();

            new FsBlobStore(store).close(); // what `osimg serve` does on start

            assertThat(staged.resolve("img.tar.lz4.md5")).exists();
            release(build);
            assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(build.exitValue()).as(new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            assertThat(store.resolve("stable/demo/1.0/img.tar.lz4.md5")).hasContent("staged by " + build.pid());
        } finally {
            build.destroyForcibly();
        }
    }

    @Test
    void aKilledBuildsStagingIsDeletedByTheNextBuildAndUnknownEntriesAreKept() throws Exception {
        Path unknown = Files.createDirectories(store.resolve(".staging/build-1234.replaced"));
        Files.writeString(unknown.resolve("img.tar.lz4.md5"), "an image an older osimg moved aside");
        Process build = hold();
        Path staged;
        try (BufferedReader out = reader(build)) {
            staged = Path.of(out.readLine());
            assertThat(staged.resolve("img.tar.lz4.md5")).exists();
        } finally {
            build.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        }
        assertThat(staged).as("the killed build left its staging").isDirectory();

        try (StagedImage next = new DirectoryPublisher(store).open(StoreLayout.parseKey("stable/demo/1.0/img.tar.lz4").orElseThrow())) {
            assertThat(staged).as("deleted when the next build opens the store").doesNotExist();
            assertThat(entries()).containsExactlyInAnyOrder("build-1234.replaced", next.dir().getFileName().toString(),
                    next.dir().getFileName() + ".lock");
        }
        assertThat(unknown.resolve("img.tar.lz4.md5")).hasContent("an image an older osimg moved aside");
        assertThat(entries()).containsExactly("build-1234.replaced");
    }

    private Process hold() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldStaging.class.getName(), store.toString(), "stable/demo/1.0")
                .start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(store.resolve(".staging"))) {
            return s.map(e -> e.getFileName().toString()).toList();
        }
    }
}
