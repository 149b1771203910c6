package io.osimg.image.source.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryNamesTest {

    @Test
    void referencesNameTheRegistryTheRepositoryAndATagOrDigest() {
        assertThat(ImageReference.parse("docker://127.0.0.1:5000/metal/debian:12"))
                .isEqualTo(new ImageReference("127.0.0.1:5000", "metal/debian", "12", null));
        assertThat(ImageReference.parse("docker://localhost/debian"))
                .isEqualTo(new ImageReference("localhost", "debian", "latest", null));
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(ImageReference.parse("docker://registry.example/a/b@" + digest).reference()).isEqualTo(digest);
        assertThatThrownBy(() -> ImageReference.parse("docker://debian:12"))
                .hasMessageStartingWith("SOURCE 'docker://debian:12': name the registry");
        assertThatThrownBy(() -> ImageReference.parse("docker://registry.example/Debian:12"))
                .hasMessageContaining("'Debian' is not a repository name");
        assertThatThrownBy(() -> ImageReference.parse("docker://registry.example/debian@sha256:12"))
                .hasMessageContaining("digest 'sha256:12' is not sha256:<64 hex digits>");
    }

    @Test
    void bearerAndBasicChallengesAreParsed() {
        AuthChallenge bearer = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:metal/debian:pull\"");
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.params()).isEqualTo(Map.of("realm", "https://auth.example/token", "service", "registry.example",
                "scope", "repository:metal/debian:pull"));
        AuthChallenge basic = AuthChallenge.parse("Basic realm=osimg-test");
        assertThat(basic.scheme()).isEqualTo("basic");
        assertThat(basic.params()).containsEntry("realm", "osimg-test");
        assertThat(AuthChallenge.parse("").scheme()).isEmpty();
    }
}
