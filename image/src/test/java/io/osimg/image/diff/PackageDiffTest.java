package io.osimg.image.diff;
import io.osimg.core.packages.PackageDiff;
import io.osimg.core.packages.PackageList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.image.packages.DpkgStatus;
import io.osimg.image.packages.PackageInventory;
import io.osimg.core.packages.Packaging;
import io.osimg.image.sbom.CycloneDx;
import io.osimg.core.image.OsRelease;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageDiffTest {

    private static String status(String... stanzas) {
        StringBuilder b = new StringBuilder();
        for (String s : stanzas) {
            String[] f = s.split(" ");
            b.append("Package: ").append(f[0]).append("\nStatus: install ok installed\nArchitecture: ").append(f[2])
                    .append(f.length > 3 ? "\nMulti-Arch: same" : "").append("\nVersion: ").append(f[1])
                    .append("\nDescription: ").append(f[0]).append(" package\n\n");
        }
        return b.toString();
    }

    private static PackageList dpkgList(String status) throws Exception {
        String txt = DpkgStatus.parse(new StringReader(status)).toDpkgList();
        return PackageList.fromPackagesTxt(txt, "packages.txt");
    }

    private static PackageList sbom(String status) throws Exception {
        String json = CycloneDx.write(new CycloneDx.Image("debian-12.0.20261201", "debian", "12", Instant.EPOCH,
                "00".repeat(32), Map.of(), "test"), Optional.of(PackageInventory.of(DpkgStatus.parse(new StringReader(status)))),
                OsRelease.parse("ID=debian\nVERSION_ID=12\n"));
        return PackageList.fromSbom(json, "sbom.cdx.json").orElseThrow();
    }

    private static final String A = status("base-files 12.4+deb12u5 amd64", "mawk 1.3.4.20200120-3.1 amd64",
            "hostname 3.23+nmu1 amd64", "libc6 2.36-9 amd64 same", "libc6 2.36-9 i386 same", "tzdata 2024a-0+deb12u1 all",
            "bsdutils 1:2.38.1-5+b1 amd64");
    private static final String B = status("base-files 12.4+deb12u10 amd64", "mawk 1.3.4.20200120-1 amd64",
            "libc6 2.36-9+deb12u4 amd64 same", "libc6 2.36-9 i386 same", "tzdata 2024a-0+deb12u1 all",
            "bsdutils 2.39-1 amd64", "osimg-extra 1.0-1 all");

    @Test
    void dpkgListsAndSbomsGiveTheSameDiff() throws Exception {
        for (boolean fromSbom : new boolean[] {false, true}) {
            PackageDiff d = PackageDiff.of(fromSbom ? sbom(A) : dpkgList(A), fromSbom ? sbom(B) : dpkgList(B));
            assertThat(d.packaging()).isEqualTo(Packaging.DEB);
            assertThat(d.added()).containsExactly(new PackageDiff.Change("osimg-extra", "all", null, "1.0-1"));
            assertThat(d.removed()).containsExactly(new PackageDiff.Change("hostname", "amd64", "3.23+nmu1", null));
            assertThat(d.upgraded()).containsExactly(
                    new PackageDiff.Change("base-files", "amd64", "12.4+deb12u5", "12.4+deb12u10"),
                    new PackageDiff.Change("libc6", "amd64", "2.36-9", "2.36-9+deb12u4"));
            // the epoch wins over the larger upstream version; a lower Debian revision is a downgrade
            assertThat(d.downgraded()).containsExactly(
                    new PackageDiff.Change("bsdutils", "amd64", "1:2.38.1-5+b1", "2.39-1"),
                    new PackageDiff.Change("mawk", "amd64", "1.3.4.20200120-3.1", "1.3.4.20200120-1"));
            assertThat(d.changed()).isEmpty();
            assertThat(d.equal()).isFalse();
        }
        assertThat(PackageDiff.of(sbom(A), dpkgList(A)).equal()).isTrue();
    }

    @Test
    void rpmQaListsUseRpmvercmp() {
        PackageList a = PackageList.fromPackagesTxt("""
                bash-5.1.8-6.el9.x86_64
                gpg-pubkey-b86b3716-61e69f29
                openssl-libs-3.0.7-24.el9.x86_64
                kernel-core-5.14.0-362.el9.x86_64
                """, "packages.txt");
        PackageList b = PackageList.fromPackagesTxt("""
                bash-5.1.8-9.el9.x86_64
                gpg-pubkey-b86b3716-61e69f29
                openssl-libs-3.0.7-24.el9~beta.x86_64
                kernel-core-5.14.0-362.el9.x86_64
                kernel-core-5.14.0-427.el9.x86_64
                """, "packages.txt");
        assertThat(a.packaging()).isEqualTo(Packaging.RPM);
        assertThat(a.packages()).contains(new PackageList.Entry("gpg-pubkey", "b86b3716-61e69f29", ""),
                new PackageList.Entry("openssl-libs", "3.0.7-24.el9", "x86_64"));
        PackageDiff d = PackageDiff.of(a, b);
        assertThat(d.upgraded()).extracting(PackageDiff.Change::name).containsExactly("bash");
        assertThat(d.downgraded()).extracting(PackageDiff.Change::name).containsExactly("openssl-libs");
        // two kernels side by side in B: matched by name, architecture and version, the new one is added
        assertThat(d.added()).containsExactly(new PackageDiff.Change("kernel-core", "x86_64", null, "5.14.0-427.el9"));
        assertThat(d.removed()).isEmpty();
    }

    @Test
    void badListsAreRefusedNamingTheFile() {
        assertThatThrownBy(() -> PackageList.fromPackagesTxt("just words\n", "B/packages.txt"))
                .hasMessageContaining("B/packages.txt").hasMessageContaining("neither dpkg -l nor rpm -qa");
        assertThatThrownBy(() -> PackageList.fromSbom("{\"x\":1}", "A/sbom.cdx.json"))
                .hasMessageContaining("A/sbom.cdx.json: not a CycloneDX SBOM");
        assertThat(PackageList.fromSbom(CycloneDx.write(new CycloneDx.Image("x-1.0", "x", "1", Instant.EPOCH,
                "00".repeat(32), Map.of(), "t"), Optional.empty(), OsRelease.UNKNOWN), "sbom")).isEmpty();
        assertThat(List.of()).isEmpty();
    }
}
