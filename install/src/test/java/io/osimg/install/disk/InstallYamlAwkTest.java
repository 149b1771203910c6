package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.install.InstallConfig;
import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install.yaml reader of the reference image's install.sh variant
 * ({@code images/debian/variant-install.sh/usr/local/lib/metal/yaml.awk}) on
 * what metal-hammer writes (the contract examples) and on what osimg writes ({@link InstallConfig#toYaml()}),
 * run with mawk (the awk of Debian minbase) when present.
 */
class InstallYamlAwkTest {

    static final Path AWK_PROGRAM = Path.of("../images/debian/variant-install.sh/usr/local/lib/metal/yaml.awk");

    @TempDir
    Path dir;

    static String awk() {
        return Files.isExecutable(Path.of("/usr/bin/mawk")) ? "/usr/bin/mawk" : "awk";
    }

    String read(Path file, String key, String field) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(awk(), "-v", "key=" + key));
        if (field != null) {
            cmd.addAll(List.of("-v", "field=" + field));
        }
        cmd.addAll(List.of("-f", AWK_PROGRAM.toString(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("awk exit, output: %s", out).isZero();
        return out.replaceAll("\n+$", "");
    }

    @Test
    void readsTheMetalHammerExamples() throws Exception {
        for (String name : List.of("install-machine.yaml", "install-firewall.yaml")) {
            Path f = dir.resolve(name);
            Files.writeString(f, DiskLayoutTest.resource(name));
            assertThat(read(f, "hostname", null)).isEqualTo(name.contains("firewall") ? "firewall" : "machine");
            assertThat(read(f, "password", null)).isEqualTo("test");
            assertThat(read(f, "console", null)).isEqualTo("ttyS1,115200n8");
            assertThat(read(f, "root_uuid", null)).isEqualTo("543eb7f8-98d4-d986-e669-824dbebe69e5");
            assertThat(read(f, "sshpublickey", null)).isEqualTo(
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhLhxQwOgAaJmqZ9njCdfNw2+LTm24CwUTay6ZYlJBQ metal-images");
            assertThat(read(f, "dns_servers", "ip")).isEqualTo("8.8.4.4");
            assertThat(read(f, "ntp_servers", "address")).isEqualTo("1.pool.ntp.org");
            assertThat(read(f, "timestamp", null)).isEqualTo("2019-07-01T09:41:43Z");
            assertThat(read(f, "role", null)).isEqualTo(name.contains("firewall") ? "firewall" : "machine");
        }
    }

    @Test
    void readsWhatOsimgWrites() throws Exception {
        MachineDocument m = MachineDocument.parse(DiskLayoutTest.resource("machine.json")
                .replace("\"ssh_pub_keys\": [", "\"ssh_pub_keys\": [\"ssh-rsa AAAAB3Nz second@host\", "));
        String password = "p\"a:ss #1 'x'";
        InstallConfig config = InstallConfig.fromMachine(m, "BOOT_IMAGE=/vmlinuz console=ttyS1,115200n8 quiet",
                "3e0c5cbe-8d4f-4b0e-9d44-6b3b0a4d6a11", Instant.parse("2026-11-27T05:00:00Z"), password);
        Path f = dir.resolve("install.yaml");
        Files.writeString(f, config.toYaml());
        assertThat(read(f, "hostname", null)).isEqualTo("worker-1");
        assertThat(read(f, "password", null)).isEqualTo(password);
        assertThat(read(f, "console", null)).isEqualTo("ttyS1,115200n8");
        assertThat(read(f, "root_uuid", null)).isEqualTo("3e0c5cbe-8d4f-4b0e-9d44-6b3b0a4d6a11");
        assertThat(read(f, "sshpublickey", null)).isEqualTo(config.sshPublicKey()).contains("\n");
        assertThat(read(f, "dns_servers", "ip")).isEqualTo("8.8.8.8\n1.1.1.1");
        assertThat(read(f, "ntp_servers", "address")).isEqualTo("0.pool.ntp.org");
        assertThat(read(f, "machineuuid", null)).isEqualTo("00000000-0000-0000-0000-0cc47ae54a16");
        assertThat(read(f, "firewall_rules", null)).isEmpty();
        assertThat(read(f, "no_such_key", null)).isEmpty();
    }
}
