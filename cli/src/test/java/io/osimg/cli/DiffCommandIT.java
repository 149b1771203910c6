package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.archive.lz4.BlockSize;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.Channel;
import io.osimg.image.BuildListener;
import io.osimg.image.BuildRequest;
import io.osimg.image.ImageBuilder;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.publish.DirectoryPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real images from the debootstrap minbase root (scripts/debian-rootfs): A as debootstrap made it, B with the
 * package hostname removed (its files and its stanza), base-files upgraded, mawk downgraded, a package added, and
 * a file's mode, another's owner and etc/os-release's type changed. {@code osimg diff} must name exactly these.
 */
class DiffCommandIT {

    static Path work;
    static Path store;
    static Path dirA;
    static Path dirB;
    /** The paths of the package hostname as they lie in the tree (bin is usr/bin in a merged /usr). */
    static Set<String> hostnameFiles;

    @BeforeAll
    static void buildTwoImages() throws Exception {
        String tarball = sh(Path.of("..").toAbsolutePath().normalize(), "scripts/debian-rootfs --variant minbase").trim();
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-diff-it");
        store = work.resolve("store");
        Path a = Files.createDirectories(work.resolve("a"));
        Path b = Files.createDirectories(work.resolve("b"));
        sh(a, "tar --numeric-owner -xpf " + tarball);
        sh(b, "tar --numeric-owner -xpf " + tarball);
        String listed = sh(b, "while read -r f; do [ -d \".$f\" ] && [ ! -L \".$f\" ] && continue; "
                + "d=$(realpath --relative-to=\"$PWD\" \"$(dirname \".$f\")\"); p=\"$d/$(basename \"$f\")\"; "
                + "[ -e \"$p\" ] || [ -L \"$p\" ] && echo \"${p#./}\"; done < var/lib/dpkg/info/hostname.list; "
                + "ls -d var/lib/dpkg/info/hostname.*");
        hostnameFiles = new TreeSet<>(listed.lines().toList());
        sh(b, String.join("\n",
                "set -e",
                "for f in $(cat /dev/stdin); do rm -f \"$f\"; done <<EOF",
                String.join("\n", hostnameFiles),
                "EOF",
                "awk -v RS= -v ORS='\\n\\n' '"
                        + "/^Package: hostname\\n/ { next } "
                        + "/^Package: base-files\\n/ { sub(/\\nVersion: [^\\n]*/, \"\\nVersion: 12.4+deb12u99\") } "
                        + "/^Package: mawk\\n/ { sub(/\\nVersion: [^\\n]*/, \"\\nVersion: 1.3.4.20200120-1\") } "
                        + "{ print }' var/lib/dpkg/status > status.new",
                "printf 'Package: osimg-extra\\nStatus: install ok installed\\nPriority: optional\\nArchitecture: all\\n"
                        + "Version: 1.0-1\\nDescription: added for osimg diff tests\\n\\n' >> status.new",
                "cat status.new > var/lib/dpkg/status && rm status.new",
                "mkdir -p usr/share/osimg-extra && echo extra > usr/share/osimg-extra/README",
                "echo 12.99 > etc/debian_version",
                "chmod 0700 usr/bin/tar",
                "chown 1000:1000 usr/bin/sed",
                "cp --remove-destination usr/lib/os-release etc/os-release"));
        dirA = build(a, "20261201");
        dirB = build(b, "20261202");
    }

    private static Path build(Path root, String release) throws IOException {
        BuildRequest r = new BuildRequest(root, "debian", "12", Channel.RELEASE, release, null, null,
                new Lz4Options(1, BlockSize.MB4, true, false, 2), null, null);
        return new ImageBuilder(Clock.systemUTC(), "test").build(r, new DirectoryPublisher(store), BuildListener.NONE)
                .directory();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (work != null) {
            sh(Path.of("/"), "rm -rf '" + work + "'");
        }
    }

    @Test
    void packagesOfTwoDirectories() throws Exception {
        CliRun r = CliRun.of("diff", dirA.toString(), dirB.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        String base = sh(dirA, "dpkg-query -W --admindir=" + work.resolve("a/var/lib/dpkg") + " -f '${Version}' base-files");
        assertThat(r.out()).contains(
                "packages (sbom.cdx.json): 1 added, 1 removed, 1 upgraded, 1 downgraded\n",
                "  added      osimg-extra:all 1.0-1\n",
                "  removed    hostname:amd64 ",
                "  upgraded   base-files:amd64 " + base + " -> 12.4+deb12u99\n",
                "  downgraded mawk:amd64 1.3.4.20200120-3.1 -> 1.3.4.20200120-1\n").endsWith("different\n");

        CliRun same = CliRun.of("diff", dirA.toString(), dirA.resolve("img.tar.lz4").toString());
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).contains("0 added, 0 removed, 0 upgraded, 0 downgraded").endsWith("equal\n");
    }

    @Test
    void filesOfTwoImagesOverHttpAsJson() throws Exception {
        try (FsBlobStore fs = new FsBlobStore(store);
             ImageServer server = ImageServer.builder().store(fs).listen(new InetSocketAddress("127.0.0.1", 0))
                     .catalog(StoreCatalog.open(new BlobStoreView(fs), null, s -> { })).start()) {
            String url = "http://127.0.0.1:" + server.port();
            CliRun r = CliRun.of("diff", url + "/20261201/debian/12/", url + "/20261202/debian/12/img.tar.lz4",
                    "--files", "-o", "json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            JsonNode d = Mappers.json().readTree(r.out());
            assertThat(d.path("equal").asBoolean()).isFalse();
            assertThat(names(d.path("packages").path("removed"), "name")).containsExactly("hostname");
            assertThat(names(d.path("files").path("added"), "path"))
                    .containsExactly("usr/share/osimg-extra", "usr/share/osimg-extra/README");
            assertThat(new TreeSet<>(names(d.path("files").path("removed"), "path"))).isEqualTo(hostnameFiles);
            List<String> changed = new ArrayList<>();
            for (JsonNode c : d.path("files").path("changed")) {
                changed.add(c.path("path").asText() + " " + names(c.path("differences"), null));
            }
            assertThat(changed).containsExactly(
                    "etc/debian_version [content]",
                    "etc/os-release [type, mode]",
                    "usr/bin/sed [owner]",
                    "usr/bin/tar [mode]",
                    "var/lib/dpkg/status [content]");
            JsonNode tar = d.path("files").path("changed").get(3);
            assertThat(tar.path("a").path("mode").asText()).isEqualTo("0755");
            assertThat(tar.path("b").path("mode").asText()).isEqualTo("0700");

            // IDs through the server's catalog, the text form
            CliRun ids = CliRun.of("diff", "debian-12.0.20261201", "debian-12", "--catalog", url, "--files");
            assertThat(ids.exitCode()).as(ids.err()).isEqualTo(1);
            assertThat(ids.out()).contains("B: " + url + "/20261202/debian/12/",
                    "files: 2 added, " + hostnameFiles.size() + " removed, 5 changed\n",
                    "  changed  usr/bin/sed (owner 0:0 -> 1000:1000)\n",
                    "  changed  usr/bin/tar (mode 0755 -> 0700)\n",
                    "  changed  etc/os-release (type symlink -> file, mode 0777 -> 0644)\n");
        }
    }

    @Test
    void badInput() throws Exception {
        CliRun missing = CliRun.of("diff", dirA.toString(), work.resolve("nothing").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains(work.resolve("nothing") + ": no such image directory or file");
        CliRun noMatch = CliRun.of("diff", "debian-12", "debian-13", "--catalog", store.toString());
        assertThat(noMatch.exitCode()).isEqualTo(3);
        assertThat(noMatch.err()).contains("debian-13");
        Path bare = Files.createDirectories(work.resolve("bare"));
        Files.copy(dirA.resolve("img.tar.lz4"), bare.resolve("img.tar.lz4"));
        CliRun noList = CliRun.of("diff", bare.toString(), dirB.toString());
        assertThat(noList.exitCode()).isEqualTo(2);
        assertThat(noList.err()).contains(bare + " has no package list").contains("--files");
        Path broken = Files.createDirectories(work.resolve("broken"));
        Files.writeString(broken.resolve("img.tar.lz4"), "not lz4");
        Files.copy(dirA.resolve("sbom.cdx.json"), broken.resolve("sbom.cdx.json"));
        CliRun unreadable = CliRun.of("diff", broken.toString(), dirA.toString(), "--files");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("reading the tar stream of " + broken);
    }

    @Test
    void helpHasExamples() {
        CliRun r = CliRun.of("diff", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Examples:", "osimg diff debian-12.0.20261120 debian-12 --catalog", "--files",
                "0 the images are equal");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(field == null ? n.asText() : n.path(field).asText());
        }
        return out;
    }

    static String sh(Path dir, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("'" + command + "' in " + dir + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
