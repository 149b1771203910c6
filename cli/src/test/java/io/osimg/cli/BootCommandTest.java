package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootCommandTest {
    @TempDir
    Path dir;

    private Path cmdline(String line) throws IOException {
        return Files.writeString(dir.resolve("cmdline"), line + "\n");
    }

    private Path sysBlock() throws IOException {
        Path vda = Files.createDirectories(dir.resolve("block/vda"));
        Files.writeString(vda.resolve("removable"), "0\n");
        Files.writeString(vda.resolve("ro"), "0\n");
        Files.writeString(vda.resolve("size"), "8388608\n");
        return dir.resolve("block");
    }

    @Test
    void helpDocumentsEveryParameter() {
        CliRun r = CliRun.of("boot", "--help");
        assertThat(r.exitCode()).isZero();
        for (String p : List.of("osimg.image=URL|ID", "osimg.catalog=URL", "osimg.machine=URL", "osimg.events=URL",
                "osimg.ca=URL|PATH", "osimg.trust=URL|PATH", "osimg.disk=DEV", "osimg.kexec=0|1", "console=TTY[,OPTIONS]")) {
            assertThat(r.out()).contains("  " + p + " ");
        }
        assertThat(r.out()).contains("default: the first non-removable disk");
    }

    @Test
    void checkPrintsWhatWouldBeDoneWithTheDefaultDisk() throws IOException {
        CliRun r = CliRun.of("boot", "--check", "--sys-block", sysBlock().toString(), "--cmdline-file",
                cmdline("console=ttyS0 osimg.image=debian-12 osimg.catalog=http://127.0.0.1:9/ "
                        + "osimg.machine=http://127.0.0.1:9/m.json osimg.kexec=0 osimg.colour=red").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("osimg boot: image debian-12 from catalog http://127.0.0.1:9/, machine "
                + "http://127.0.0.1:9/m.json, disk /dev/vda, no kexec, image signature not checked (no osimg.trust)");
        assertThat(r.err()).contains("osimg boot: warning: unknown kernel parameter osimg.colour ignored");
    }

    @Test
    void aBadParameterIsNamedAndIsBadInput() throws IOException {
        CliRun r = CliRun.of("boot", "--check", "--cmdline-file",
                cmdline("osimg.image=http://127.0.0.1:9/i osimg.machine=http://127.0.0.1:9/m osimg.kexec=maybe").toString());
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("osimg boot: osimg.kexec=maybe: expected 0 or 1");
    }

    @Test
    void aMachineDocumentThatCannotBeFetchedFailsAndSendsTheResultEvent() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            if (x.getRequestMethod().equals("POST")) {
                events.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                x.sendResponseHeaders(204, -1);
            } else {
                x.sendResponseHeaders(404, -1);
            }
            x.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CliRun r = CliRun.of("boot", "--sys-block", sysBlock().toString(), "--work-dir", dir.resolve("work").toString(),
                    "--cmdline-file", cmdline("osimg.image=" + base + "/img/ osimg.machine=" + base + "/m.json osimg.events="
                            + base + "/api/v1/events?machine=m1").toString());
            assertThat(r.exitCode()).isEqualTo(Main.FAILED);
            assertThat(r.err()).contains("fetching " + base + "/m.json: HTTP 404");
            assertThat(events).hasSize(1);
            assertThat(events.getFirst()).contains("\"event\":\"result\"", "\"ok\":false", "HTTP 404");
            assertThat(dir.resolve("work/machine")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }
}
