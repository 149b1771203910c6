package io.osimg.store.s3;

import io.osimg.store.InvalidKeyException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
                .credentials("id", "secret").build();
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
    void configuration() {
        try (S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://images/x")).endpoint(URI.create("http://127.0.0.1:9001/"))
                .region("eu-central-1").credentials("id", "s").build()) {
            assertThat(store.toString()).isEqualTo("s3://images/x at http://127.0.0.1:9001");
            assertThat(store.region()).isEqualTo("eu-central-1");
        }
        try (S3BlobStore aws = S3BlobStore.builder(S3Location.parse("s3://images")).region("us-west-2").credentials("id", "s").build()) {
            assertThat(aws.toString()).isEqualTo("s3://images in AWS region us-west-2");
        }
        assertThatThrownBy(() -> S3BlobStore.builder(S3Location.parse("s3://images")).region("EU Central"))
                .hasMessageContaining("invalid S3 region 'EU Central'");
        assertThatThrownBy(() -> S3BlobStore.builder(S3Location.parse("s3://images")).endpoint(URI.create("ftp://127.0.0.1/")))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> S3BlobStore.builder(S3Location.parse("s3://images")).partSize(1024))
                .hasMessageContaining("at least");
    }

    @Test
    void anEndpointWithoutAConfiguredRegionIsUsEast1() {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null
                && System.getenv("AWS_PROFILE") == null && !Files.exists(Path.of(System.getProperty("user.home"), ".aws")),
                "no region configured for the SDK here");
        try (S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://images")).endpoint(URI.create("http://127.0.0.1:9"))
                .credentials("id", "s").build()) {
            assertThat(store.region()).isEqualTo(S3BlobStore.DEFAULT_REGION);
        }
    }
}
