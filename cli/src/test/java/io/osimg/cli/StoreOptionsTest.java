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
    }

    @Test
    void aBadS3LocationIsBadInput() {
        CliRun serve = CliRun.of("serve", "--store", "s3://Bad_Bucket/x", "--s3-endpoint", "http://127.0.0.1:9");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("invalid S3 bucket name 'Bad_Bucket'");
    }
}
