package io.osimg.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.image.ImageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreLayoutTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "metal-os/20240913/debian/13/img.tar.lz4",
            "20240913/debian/13/img.tar.lz4.md5",
            "stable/debian/13/img.tar.lz4",
            "metal-os/stable/ubuntu/24.04/packages.txt",
            "pull_requests/42-fix/ubuntu/24.04/img.tar.lz4",
            "a/b/c/pull_requests/42-fix-things/ubuntu/24.04/img.tar.lz4",
            "metal-os/20260201/firewall/3.0-ubuntu/img.tar.lz4",
            "x/y/20260201/firewall/3.0-ubuntu/manifest.json"})
    void keysRoundTrip(String key) {
        StoreKey k = StoreLayout.parseKey(key).orElseThrow();
        assertThat(k.key()).isEqualTo(key);
        StoreKey rebuilt = StoreLayout.key(k.prefix(), k.channel(),
                k.channel() == Channel.RELEASE ? k.release() : k.pullRequest(), k.os(), k.versionDir(), k.file());
        assertThat(rebuilt).isEqualTo(k);
    }

    @Test
    void parsesParts() {
        StoreKey release = StoreLayout.parseKey("metal-os/20240913/debian/13/img.tar.lz4").orElseThrow();
        assertThat(release).isEqualTo(new StoreKey("metal-os", Channel.RELEASE, "20240913", null, "debian", "13", ImageFiles.IMAGE));
        assertThat(release.imageDir()).isEqualTo("metal-os/20240913/debian/13");

        StoreKey stable = StoreLayout.parseKey("stable/debian/13/img.tar.lz4").orElseThrow();
        assertThat(stable).isEqualTo(new StoreKey("", Channel.STABLE, null, null, "debian", "13", ImageFiles.IMAGE));

        StoreKey pr = StoreLayout.parseKey("pull_requests/42-fix/ubuntu/24.04/img.tar.lz4").orElseThrow();
        assertThat(pr.channel()).isEqualTo(Channel.PULL_REQUEST);
        assertThat(pr.pullRequest()).isEqualTo("42-fix");
        assertThat(pr.prefix()).isEmpty();
        assertThat(pr.imagesDir()).isEqualTo("pull_requests/42-fix");

        StoreKey multi = StoreLayout.parseKey("a/b/stable/debian/12/img.tar.lz4").orElseThrow();
        assertThat(multi.prefix()).isEqualTo("a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "img.tar.lz4", "debian/13/img.tar.lz4", "2024091/debian/13/img.tar.lz4",
            "20241332/debian/13/img.tar.lz4", "latest/debian/13/img.tar.lz4", "stable/debian/thirteen/img.tar.lz4",
            "stable/debian//img.tar.lz4", "/stable/debian/13/img.tar.lz4", "stable/debian/13/",
            "pull_requests/fix/debian/13/img.tar.lz4"})
    void unparsableKeysAreEmpty(String key) {
        assertThat(StoreLayout.parseKey(key)).isEmpty();
    }

    @Test
    void imageDirs() {
        assertThat(StoreLayout.imageDir("", Channel.RELEASE, "20240913", "debian", "13")).isEqualTo("20240913/debian/13");
        assertThat(StoreLayout.imageDir("metal-os/", Channel.STABLE, null, "debian", "13")).isEqualTo("metal-os/stable/debian/13");
        assertThat(StoreLayout.imageDir("p", Channel.PULL_REQUEST, "42-fix", "firewall", "3.0-ubuntu"))
                .isEqualTo("p/pull_requests/42-fix/firewall/3.0-ubuntu");
        assertThatThrownBy(() -> StoreLayout.imageDir("", Channel.RELEASE, "2024-09-13", "debian", "13"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2024-09-13'");
    }

    @Test
    void imageIds() {
        assertThat(id("metal-os/20260131/debian/13/img.tar.lz4")).isEqualTo("debian-13.0.20260131");
        assertThat(id("20260201/firewall/3.0-ubuntu/img.tar.lz4")).isEqualTo("firewall-ubuntu-3.0.20260201");
        assertThat(id("20240913/ubuntu/24.04/img.tar.lz4")).isEqualTo("ubuntu-24.04.20240913");
        assertThat(id("stable/debian/13/img.tar.lz4")).isEqualTo("debian-13.0");
        assertThat(id("pull_requests/42-fix/firewall/3.0-ubuntu/img.tar.lz4")).isEqualTo("firewall-ubuntu-3.0");
        ImageId parsed = ImageId.parse(id("20260201/firewall/3.0-ubuntu/img.tar.lz4"));
        assertThat(parsed.os()).isEqualTo("firewall-ubuntu");
        assertThat(parsed.version().patch()).isEqualTo(20260201L);
    }

    @Test
    void keysOfIds() {
        assertThat(StoreLayout.keyOf("metal-os", ImageId.parse("ubuntu-24.04.20240913"), ImageFiles.MD5).key())
                .isEqualTo("metal-os/20240913/ubuntu/24.04/img.tar.lz4.md5");
        assertThat(StoreLayout.keyOf("", ImageId.parse("debian-13"), ImageFiles.IMAGE).key())
                .isEqualTo("stable/debian/13.0/img.tar.lz4");
        StoreKey fw = StoreLayout.keyOf("", ImageId.parse("firewall-ubuntu-3.0.20260201"), "ubuntu", ImageFiles.IMAGE);
        assertThat(fw.key()).isEqualTo("20260201/firewall/3.0-ubuntu/img.tar.lz4");
        assertThat(StoreLayout.imageIdOf(fw).raw()).isEqualTo("firewall-ubuntu-3.0.20260201");
        assertThatThrownBy(() -> StoreLayout.keyOf("", ImageId.parse("debian-13.0.5"), ImageFiles.IMAGE))
                .hasMessageContaining("not a release date");
        assertThatThrownBy(() -> StoreLayout.keyOf("", ImageId.parse("debian-13.0.20260131"), "ubuntu", ImageFiles.IMAGE))
                .hasMessageContaining("flavor");
    }

    private static String id(String key) {
        return StoreLayout.imageIdOf(StoreLayout.parseKey(key).orElseThrow()).raw();
    }
}
