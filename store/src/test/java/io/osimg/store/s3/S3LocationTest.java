package io.osimg.store.s3;

import io.osimg.store.InvalidKeyException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        assertThat(S3Location.parse("s3://images/metal-os/")).isEqualTo(new S3Location("images", "metal-os"));
        assertThat(S3Location.parse("s3://images")).isEqualTo(new S3Location("images", ""));
        assertThat(S3Location.parse("s3://images/a/b").objectName("c/img.tar.lz4")).isEqualTo("a/b/c/img.tar.lz4");
        assertThat(S3Location.parse("s3://images").objectName("c")).isEqualTo("c");
        assertThat(S3Location.parse("s3://images/a").keyOf("a/x/y")).isEqualTo("x/y");
        assertThat(S3Location.parse("s3://images/a").keyOf("ab/x")).isNull();
        assertThat(S3Location.parse("s3://images/a/b").toString()).isEqualTo("s3://images/a/b");
    }

    @Test
    void refusesBadBucketsAndPrefixes() {
        assertThatThrownBy(() -> S3Location.parse("s3://Images/x")).hasMessageContaining("invalid S3 bucket name 'Images'");
        assertThatThrownBy(() -> S3Location.parse("s3://ab")).hasMessageContaining("invalid S3 bucket name");
        assertThatThrownBy(() -> S3Location.parse("s3://images/a/../b")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> S3Location.parse("s3://images/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> S3Location.parse("/srv/images")).hasMessageContaining("not an S3 location");
    }

    @Test
    void storeValidatesKeysBeforeAnyRequest() {
        // the endpoint is closed: a request would fail with an I/O error, not an InvalidKeyException
        S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://images/x")).endpoint(URI.create("http://127.0.0.1:9"))
                .credentials(S3Credentials.of("id", "secret")).build();
        for (String bad : new String[] {"../etc/passwd", "/abs", "a//b", "a/./b", "a\\b", "a\u0000b", "trailing/", ""}) {
            assertThatThrownBy(() -> store.stat(bad)).as(bad).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> store.read(bad)).as(bad).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> store.stage(bad)).as(bad).isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(InvalidKeyException.class);
        }
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> store.begin("a/../b")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void configurationFromTheEnvironment() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "s",
                "OSIMG_S3_ENDPOINT", "http://127.0.0.1:9000", "AWS_SESSION_TOKEN", "t");
        S3BlobStore store = S3BlobStore.fromEnvironment(S3Location.parse("s3://images/x"), null, env);
        assertThat(store.toString()).isEqualTo("s3://images/x at http://127.0.0.1:9000");
        S3BlobStore byOption = S3BlobStore.fromEnvironment(S3Location.parse("s3://images"), URI.create("http://127.0.0.1:9001/"), env);
        assertThat(byOption.toString()).isEqualTo("s3://images at http://127.0.0.1:9001");
        assertThat(S3Credentials.fromEnvironment(env).sessionToken()).contains("t");
        assertThat(S3Credentials.fromEnvironment(env).toString()).doesNotContain("s,").contains("id");

        assertThatThrownBy(() -> S3BlobStore.fromEnvironment(S3Location.parse("s3://images"), null,
                Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "s")))
                .hasMessageContaining("--s3-endpoint").hasMessageContaining("OSIMG_S3_ENDPOINT");
        assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "id")))
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY is missing");
        assertThatThrownBy(() -> S3BlobStore.builder(S3Location.parse("s3://images")).endpoint(URI.create("ftp://127.0.0.1/")))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> S3BlobStore.builder(S3Location.parse("s3://images")).partSize(1024))
                .hasMessageContaining("at least");
    }
}
