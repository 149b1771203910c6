package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.archive.lz4.BlockSize;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.Channel;
import io.osimg.image.packages.RpmDatabase;
import io.osimg.core.packages.PackageUrl;
import io.osimg.image.sbom.SbomSchema;
import io.osimg.store.publish.DirectoryPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An rpm-packaged root: a real rpm database made with the real tools (rpmbuild of three tiny packages, one with an
 * epoch, one with a tilde version; {@code rpm --initdb}; {@code rpm -i --justdb}) and an AlmaLinux os-release. Its
 * image's packages.txt and SBOM list exactly what {@code rpm --root DIR -qa} lists, from a directory and from a tar.
 */
class RpmSbomIT {

    static Path work;
    static Path root;

    @BeforeAll
    static void makeRoot() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-rpm-it");
        Path top = Files.createDirectories(work.resolve("rpmbuild"));
        spec(top, "osimg-hello", "2", "1.2", "3.el9", "noarch", "MIT", "usr/share/osimg-hello/greeting");
        spec(top, "osimg-tiny", "", "0.9~beta1", "1.el9", "x86_64", "GPL-2.0-or-later", "");
        spec(top, "osimg-libs", "", "3.0.7", "27.el9_4", "x86_64", "Apache-2.0 AND BSD-3-Clause", "usr/lib64/osimg/libx");
        root = Files.createDirectories(work.resolve("root"));
        TreeSnapshot.sh(root, "mkdir -p etc usr/share && printf 'NAME=\"AlmaLinux\"\\nVERSION=\"9.4 (Seafoam Ocelot)\"\\n"
                + "ID=\"almalinux\"\\nVERSION_ID=\"9.4\"\\nPRETTY_NAME=\"AlmaLinux 9.4 (Seafoam Ocelot)\"\\n' > etc/os-release");
        TreeSnapshot.sh(root, "rpm --root " + root + " --dbpath /var/lib/rpm --initdb && rpm --root " + root
                + " --dbpath /var/lib/rpm --force-debian -i --nodeps --justdb --nosignature " + top + "/RPMS/*/*.rpm");
    }

    private static void spec(Path top, String name, String epoch, String version, String release, String arch,
            String license, String file) throws Exception {
        String spec = "%global debug_package %{nil}\n"
                + "Name: " + name + "\n" + (epoch.isEmpty() ? "" : "Epoch: " + epoch + "\n")
                + "Version: " + version + "\nRelease: " + release + "\nSummary: " + name + " for osimg's tests\n"
                + "License: " + license + "\nBuildArch: " + arch + "\n"
                + "%description\nA package for osimg's SBOM tests.\n"
                + "%install\n" + (file.isEmpty() ? "" : "mkdir -p %{buildroot}/$(dirname " + file + ") && echo "
                        + name + " > %{buildroot}/" + file + "\n")
                + "%files\n" + (file.isEmpty() ? "" : "/" + file + "\n");
        Path f = top.resolve(name + ".spec");
        Files.writeString(f, spec);
        TreeSnapshot.sh(top, "rpmbuild --define '_topdir " + top + "' --target " + arch + " -bb " + f + " >/dev/null");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (work != null) {
            TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
        }
    }

    private static BuildResult build(Path source, String store) throws IOException {
        BuildRequest r = new BuildRequest(source, "almalinux", "9", Channel.STABLE, null, null, null,
                new Lz4Options(1, BlockSize.MB4, true, false, 2), null, null);
        return new ImageBuilder(Clock.systemUTC(), "test").build(r, new DirectoryPublisher(work.resolve(store)),
                BuildListener.NONE);
    }

    @Test
    void directoryAndTarSourcesListExactlyWhatRpmQaLists() throws Exception {
        String qa = TreeSnapshot.sh(root, "rpm --root " + root + " --dbpath /var/lib/rpm -qa | LC_ALL=C sort");
        assertThat(qa.lines()).hasSize(3).contains("osimg-hello-1.2-3.el9.noarch", "osimg-tiny-0.9~beta1-1.el9.x86_64");
        String evr = TreeSnapshot.sh(root, "rpm --root " + root + " --dbpath /var/lib/rpm -qa --queryformat "
                + "'%{NAME}\\t%{ARCH}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n' | LC_ALL=C sort");
        TreeSnapshot.sh(work, "tar -C root --numeric-owner -cf root.tar .");
        for (Path source : List.of(root, work.resolve("root.tar"))) {
            Path dir = build(source, "store-" + source.getFileName()).directory();
            assertThat(Files.readString(dir.resolve("packages.txt"))).as("packages.txt from " + source).isEqualTo(qa);
            String json = Files.readString(dir.resolve("sbom.cdx.json"));
            SbomSchema.assertValid(json);
            JsonNode bom = Mappers.json().readTree(json);
            List<String> listed = new ArrayList<>();
            for (JsonNode c : bom.path("components")) {
                listed.add(c.path("name").asText() + "\t" + PackageUrl.qualifier(c.path("purl").asText(), "arch")
                        + "\t" + c.path("version").asText());
            }
            assertThat(String.join("\n", listed.stream().sorted().toList()) + "\n").as("SBOM from " + source).isEqualTo(evr);
            assertThat(bom.path("components").findValuesAsText("purl")).contains(
                    "pkg:rpm/almalinux/osimg-hello@1.2-3.el9?arch=noarch&distro=almalinux-9.4&epoch=2",
                    "pkg:rpm/almalinux/osimg-tiny@0.9~beta1-1.el9?arch=x86_64&distro=almalinux-9.4");
            assertThat(bom.path("components").findValuesAsText("name")).contains("osimg-libs");
            assertThat(json).contains("\"name\" : \"Apache-2.0 AND BSD-3-Clause\"");
        }
    }

    /** RHEL 10 / Fedora keep the database in usr/lib/sysimage/rpm, with var/lib/rpm a symbolic link to it. */
    @Test
    void theDatabaseUnderUsrLibSysimageIsFoundToo() throws Exception {
        Path moved = work.resolve("sysimage-root");
        TreeSnapshot.sh(work, "cp -a root " + moved + " && mkdir -p " + moved + "/usr/lib/sysimage && mv " + moved
                + "/var/lib/rpm " + moved + "/usr/lib/sysimage/rpm && ln -s ../../usr/lib/sysimage/rpm " + moved
                + "/var/lib/rpm && tar -C " + moved + " --numeric-owner -cf sysimage-root.tar .");
        String qa = TreeSnapshot.sh(root, "rpm --root " + root + " --dbpath /var/lib/rpm -qa | LC_ALL=C sort");
        for (Path source : List.of(moved, work.resolve("sysimage-root.tar"))) {
            Path dir = build(source, "store-" + source.getFileName()).directory();
            assertThat(Files.readString(dir.resolve("packages.txt"))).as("packages.txt from " + source).isEqualTo(qa);
            assertThat(Mappers.json().readTree(Files.readString(dir.resolve("sbom.cdx.json"))).path("components"))
                    .hasSize(3);
        }
    }

    @Test
    void withoutTheRpmToolTheBuildFailsAndPublishesNothing() throws Exception {
        BuildRequest r = new BuildRequest(root, "almalinux", "9", Channel.STABLE, null, null, null,
                new Lz4Options(1, BlockSize.MB4, true, false, 2), null, null);
        Path store = work.resolve("store-no-rpm");
        assertThatThrownBy(() -> new ImageBuilder(Clock.systemUTC(), "test", new RpmDatabase(work + "/no-such-rpm"))
                .build(r, new DirectoryPublisher(store), BuildListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("var/lib/rpm of the image")
                .hasMessageContaining("apt-get install rpm");
        if (Files.exists(store)) {
            try (Stream<Path> s = Files.walk(store)) {
                assertThat(s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".staging")).toList()).isEmpty();
            }
        }
    }
}
