package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ImageSelectorTest {

    private static final List<String> STORE = List.of(
            "ubuntu-19.04.20200101", "ubuntu-19.04.20200408", "ubuntu-19.10.20200501",
            "ubuntu-small-19.04.20200301",
            "ubuntu-20.04.20200601", "ubuntu-20.04.20200701",
            "firewall-2.0.20200331", "firewall-2.1.20200115", "firewall-3.0.20210101",
            "ubuntu-17.04.20170501", "ubuntu-17.10.20171101",
            "zero-0.0.20200101", "zero-0.1.20200201", "zero-1.2.20200301", "zero-3.0.20190101",
            "debian-nonsense", "debian-x.y", "noversion", "debian-10.0.20200101", "debian-10.0.20200301-rc1");

    private static Optional<String> latest(String requested) {
        return ImageSelector.latest(ImageId.parse(requested), STORE, Function.identity());
    }

    @Test
    void partialIdIsTildeRangeAndHighestWins() {
        assertThat(latest("ubuntu-19.04")).contains("ubuntu-19.04.20200408");
        assertThat(latest("ubuntu-19.4")).contains("ubuntu-19.04.20200408");
        assertThat(latest("ubuntu-20.04")).contains("ubuntu-20.04.20200701");
        assertThat(latest("ubuntu-19.10")).contains("ubuntu-19.10.20200501");
    }

    @Test
    void bareMajorIsMajorDotZeroLikeMetalApi() {
        // metal-api builds the tilde constraint from the parsed version: "2" is 2.0.0, ~2.0.0 is >=2.0.0 <2.1.0
        assertThat(latest("firewall-2")).contains("firewall-2.0.20200331");
        assertThat(latest("firewall-2.0")).contains("firewall-2.0.20200331");
        assertThat(latest("firewall-2.1")).contains("firewall-2.1.20200115");
        assertThat(latest("ubuntu-17")).isEmpty(); // only 17.4.x and 17.10.x exist
        assertThat(latest("ubuntu-17.04")).contains("ubuntu-17.04.20170501");
        assertThat(latest("ubuntu-19")).isEmpty();
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("2"), ImageVersion.parse("2.1.20200115"))).isFalse();
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("2"), ImageVersion.parse("2.0.1"))).isTrue();
    }

    @Test
    void zeroZeroZeroMatchesEveryVersionOfItsOs() {
        // Masterminds/semver v3's special case: ~0.0.0 is >= 0.0.0
        assertThat(latest("zero-0")).contains("zero-3.0.20190101");
        assertThat(latest("zero-0.0")).contains("zero-3.0.20190101");
        assertThat(latest("zero-0.1")).contains("zero-0.1.20200201");
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("0"), ImageVersion.parse("7.3.20260101"))).isTrue();
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("0"), ImageVersion.parse("7.3.1-rc1"))).isFalse();
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("0.0.20200101"), ImageVersion.parse("1.2.20200301")))
                .isFalse(); // with a patch it is exact
        assertThat(ImageSelector.matches(ImageId.parse("zero-0"), ImageId.parse("firewall-2.0.20200331"))).isFalse();
    }

    @Test
    void fullIdMatchesExactly() {
        assertThat(latest("ubuntu-19.04.20200101")).contains("ubuntu-19.04.20200101");
        assertThat(latest("ubuntu-19.4.20200101")).contains("ubuntu-19.04.20200101");
        assertThat(latest("ubuntu-19.04.20200102")).isEmpty();
    }

    @Test
    void noMatch() {
        assertThat(latest("ubuntu-18.04")).isEmpty();
        assertThat(latest("centos-7")).isEmpty();
        assertThat(latest("ubuntu-21")).isEmpty();
    }

    @Test
    void otherOsNeverMatches() {
        assertThat(latest("ubuntu-small-19.04")).contains("ubuntu-small-19.04.20200301");
        assertThat(ImageSelector.matches(ImageId.parse("ubuntu-small-19.04"), ImageId.parse("ubuntu-19.04.20200408"))).isFalse();
        assertThat(ImageSelector.matches(ImageId.parse("ubuntu-19.04"), ImageId.parse("ubuntu-small-19.04.20200301"))).isFalse();
        assertThat(latest("small-19.04")).isEmpty();
    }

    @Test
    void unparsableCandidatesAreSkippedAndPreReleasesExcludedFromRanges() {
        // "debian-nonsense", "debian-x.y" and "noversion" do not parse; "debian-10.0.20200301-rc1" splits at its
        // last dash into OS "debian-10.0.20200301" and version "rc1", which does not parse either
        assertThat(latest("debian-10")).contains("debian-10.0.20200101");
        ImageVersion release = ImageVersion.parse("10.0");
        assertThat(ImageSelector.versionMatches(release, ImageVersion.parse("10.0.5-rc1"))).isFalse();
        assertThat(ImageSelector.versionMatches(release, ImageVersion.parse("10.0.5"))).isTrue();
        assertThat(ImageSelector.versionMatches(ImageVersion.parse("10.0.0-rc1"), ImageVersion.parse("10.0.5-rc1"))).isTrue();
    }

    @Test
    void idCollectionForm() {
        assertThat(ImageSelector.latest(ImageId.parse("ubuntu-20.04"),
                List.of(ImageId.parse("ubuntu-20.04.20200601"), ImageId.parse("ubuntu-20.04.20200701"))))
                .map(ImageId::raw).contains("ubuntu-20.04.20200701");
    }
}
