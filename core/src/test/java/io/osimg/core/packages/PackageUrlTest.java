package io.osimg.core.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageUrlTest {

    @Test
    void encodesAndSortsQualifiers() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("distro", "debian-12");
        q.put("arch", "amd64");
        q.put("epoch", "");
        assertThat(PackageUrl.of("deb", "debian", "libstdc++6", "12.2.0-14", q))
                .isEqualTo("pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12");
        assertThat(PackageUrl.of("rpm", "", "bash", "5.1.8-9.el9", Map.of())).isEqualTo("pkg:rpm/bash@5.1.8-9.el9");
    }

    @Test
    void readsTypeAndQualifiers() {
        String purl = "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386&distro=debian-12";
        assertThat(PackageUrl.typeOf(purl)).isEqualTo("deb");
        assertThat(PackageUrl.qualifier(purl, "arch")).isEqualTo("i386");
        assertThat(PackageUrl.qualifier(purl, "epoch")).isEmpty();
        assertThat(PackageUrl.qualifier("pkg:rpm/x@1?arch=x86_64&distro=a%2Bb", "distro")).isEqualTo("a+b");
        assertThat(PackageUrl.typeOf("not a purl")).isEmpty();
    }
}
