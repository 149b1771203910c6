package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ImageVersionTest {

    @Test
    void missingPartsAreZero() {
        ImageVersion v = ImageVersion.parse("13");
        assertThat(List.of(v.major(), v.minor(), v.patch())).containsExactly(13, 0, 0L);
        assertThat(v.hasPatch()).isFalse();
    }

    @Test
    void leadingZerosAreTolerated() {
        ImageVersion v = ImageVersion.parse("20.04");
        assertThat(List.of(v.major(), v.minor(), v.patch())).containsExactly(20, 4, 0L);
        assertThat(v.original()).isEqualTo("20.04");
        assertThat(v).isEqualTo(ImageVersion.parse("20.4.0"));
        assertThat(ImageVersion.parse("007.01.0020").canonical()).isEqualTo("7.1.20");
    }

    @Test
    void datePatch() {
        ImageVersion v = ImageVersion.parse("v19.10.20191018");
        assertThat(List.of(v.major(), v.minor(), v.patch())).containsExactly(19, 10, 20191018L);
        assertThat(v.hasPatch()).isTrue();
    }

    @Test
    void preReleaseAndMetadata() {
        ImageVersion rc = ImageVersion.parse("1.2.3-rc.1+build.5");
        assertThat(rc.preRelease()).isEqualTo("rc.1");
        assertThat(rc.metadata()).isEqualTo("build.5");
        assertThat(rc).isLessThan(ImageVersion.parse("1.2.3"));
        assertThat(ImageVersion.parse("1.2.3-rc.2")).isGreaterThan(ImageVersion.parse("1.2.3-rc.1"));
        assertThat(ImageVersion.parse("1.2.3-alpha")).isLessThan(ImageVersion.parse("1.2.3-alpha.1"));
        assertThat(ImageVersion.parse("1.2.3-1")).isLessThan(ImageVersion.parse("1.2.3-alpha"));
        assertThat(ImageVersion.parse("1.2.3+a")).isEqualByComparingTo(ImageVersion.parse("1.2.3+b"));
    }

    @Test
    void ordering() {
        List<ImageVersion> sorted = Stream.of("2.0.1", "1.10", "1.9.20200101", "1.9", "10")
                .map(ImageVersion::parse).sorted().toList();
        assertThat(sorted).extracting(ImageVersion::original).containsExactly("1.9", "1.9.20200101", "1.10", "2.0.1", "10");
    }

    @Test
    void rejectsWithInputAndProblem() {
        assertThatThrownBy(() -> ImageVersion.parse("1.2.3.4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.2.3.4'").hasMessageContaining("MAJOR");
        assertThatThrownBy(() -> ImageVersion.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageVersion.parse("1..2")).hasMessageContaining("'1..2'");
        assertThatThrownBy(() -> ImageVersion.parse("abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> ImageVersion.parse("1.0.0-01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> ImageVersion.parse("99999999999")).hasMessageContaining("too large");
        assertThat(ImageVersion.tryParse("x1")).isEmpty();
        assertThat(ImageVersion.tryParse("1")).isPresent();
    }
}
