package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreOptionsTest {

    @TempDir
    Path dir;

    @Test
    void anEndpointOnlyGoesWithAnS3Store() {
        CliRun serve = CliRun.of("serve", "--store", dir.toString(), "--s3-endpoint", "http://127.0.0.1:9", "--listen", "127.0.0.1:0");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).startsWith("osimg serve: --s3-endpoint only goes with an s3:// store, not " + dir);
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--store", dir.toString(), "--s3-endpoint", "http://127.0.0.1:9");
        assertThat(build.exitCode()).isEqualTo(2);
        assertThat(build.err()).startsWith("osimg build: --s3-endpoint only goes with an s3:// store");
        CliRun region = CliRun.of("serve", "--store", dir.toString(), "--s3-region", "eu-central-1", "--listen", "127.0.0.1:0");
        assertThat(region.exitCode()).isEqualTo(2);
        assertThat(region.err()).startsWith("osimg serve: --s3-region only goes with an s3:// store, not " + dir);
        CliRun pathStyle = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--store", dir.toString(), "--no-s3-path-style");
        assertThat(pathStyle.exitCode()).isEqualTo(2);
        assertThat(pathStyle.err()).startsWith("osimg build: --no-s3-path-style only goes with an s3:// store");
    }

    @Test
    void aBadS3RegionOrEndpointIsBadInput() {
        CliRun region = CliRun.of("prune", "--store", "s3://images/x", "--s3-endpoint", "http://127.0.0.1:9", "--s3-region", "EU 1");
        assertThat(region.exitCode()).isEqualTo(2);
        assertThat(region.err()).contains("invalid S3 region 'EU 1'");
        CliRun endpoint = CliRun.of("prune", "--store", "s3://images/x", "--s3-endpoint", "ftp://127.0.0.1/");
        assertThat(endpoint.exitCode()).isEqualTo(2);
        assertThat(endpoint.err()).contains("S3 endpoint must be an http(s) URL");
    }

    @Test
    void aBadS3LocationIsBadInput() {
        CliRun serve = CliRun.of("serve", "--store", "s3://Bad_Bucket/x", "--s3-endpoint", "http://127.0.0.1:9");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("invalid S3 bucket name 'Bad_Bucket'");
    }
}
