package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageIdTest {

    @Test
    void osIsEverythingBeforeTheLastDash() {
        ImageId id = ImageId.parse("ubuntu-small-19.04.20200408");
        assertThat(id.os()).isEqualTo("ubuntu-small");
        assertThat(id.version()).isEqualTo(ImageVersion.of(19, 4, 20200408));
        assertThat(id).hasToString("ubuntu-small-19.04.20200408");
        assertThat(ImageId.parse("firewall-ubuntu-2.0.20200331").os()).isEqualTo("firewall-ubuntu");
        assertThat(ImageId.parse("ubuntu-19.04").os()).isEqualTo("ubuntu");
        assertThat(ImageId.parse("ubuntu-19.04").hasPatch()).isFalse();
    }

    @Test
    void rejectsIdsWithoutDashOrParts() {
        assertThatThrownBy(() -> ImageId.parse("ubuntu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image id 'ubuntu': no '-' between OS and version");
        assertThatThrownBy(() -> ImageId.parse("-19.04")).hasMessageContaining("empty OS");
        assertThatThrownBy(() -> ImageId.parse("ubuntu-")).hasMessageContaining("empty version");
        assertThatThrownBy(() -> ImageId.parse("ubuntu-latest"))
                .hasMessageStartingWith("image id 'ubuntu-latest': version 'latest'");
    }
}
