package io.osimg.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"metal-os/20240913/debian/13/img.tar.lz4", "a", "a/b.c", "x/..y/z", "a/.hidden", "%2e%2e/x"})
    void acceptsNormalKeys(String key) {
        assertThat(BlobKey.validate(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../b", "a/..", "..", ".", "a/./b", "a//b", "a/", "a\\b",
            "..\\..\\x", "a\u0000b", ".staging", ".staging/x", "a\nb"})
    void rejectsEscapingOrOddKeys(String key) {
        assertThatThrownBy(() -> BlobKey.validate(key)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("invalid object key");
    }

    @Test
    void stagingIsOnlyReservedAtTheTop() {
        assertThat(BlobKey.validate("a/.staging/b")).isEqualTo("a/.staging/b");
    }

    @Test
    void prefixesMayEndWithSlashOrMidSegment() {
        assertThat(BlobKey.validatePrefix("metal-os/")).isEqualTo("metal-os/");
        assertThat(BlobKey.validatePrefix("metal-os/2024")).isEqualTo("metal-os/2024");
        assertThat(BlobKey.validatePrefix(null)).isEmpty();
        assertThatThrownBy(() -> BlobKey.validatePrefix("../")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BlobKey.validatePrefix("/")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void messageNamesTheKeyAndReason() {
        assertThatThrownBy(() -> BlobKey.validate("a/../b")).hasMessage("invalid object key 'a/../b': has a '..' segment");
        assertThatThrownBy(() -> BlobKey.validate("a\u0000b")).hasMessageContaining("a\\x00b");
    }
}
