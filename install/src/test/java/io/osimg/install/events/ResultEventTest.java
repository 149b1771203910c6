package io.osimg.install.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code result} event as {@link EventJson} writes it: which fields appear when, in a stable order. */
class ResultEventTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    private static String json(Outcome outcome) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesSink sink = new JsonLinesSink(out, true, CLOCK)) {
            sink.result(outcome);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anImageFromAUrlOntoDisksBootedWithKexec() {
        Outcome o = new Outcome.Builder()
                .image(new Outcome.Image("http://127.0.0.1:8080/20261120/debian/12/img.tar.lz4", null, "debian-12.0.20261120"))
                .target(Outcome.Target.disks(List.of("/dev/sda", "/dev/sdb")))
                .verified(300, 10240, Map.of("sha512", "cd", "md5", "ab"))
                .boot(new Outcome.Boot("/tmp/osimg-boot-1/kernel", null, "console=ttyS1"))
                .succeeded(true, Duration.ofMillis(41_700));

        assertThat(json(o)).isEqualTo("{\"time\":\"2026-11-20T10:00:00Z\",\"event\":\"result\",\"ok\":true,\"exit_code\":0,"
                + "\"image\":{\"url\":\"http://127.0.0.1:8080/20261120/debian/12/img.tar.lz4\",\"id\":\"debian-12.0.20261120\"},"
                + "\"compressed_bytes\":300,\"uncompressed_bytes\":10240,\"digests\":{\"md5\":\"ab\",\"sha512\":\"cd\"},"
                + "\"target\":{\"disks\":[\"/dev/sda\",\"/dev/sdb\"]},"
                + "\"kernel\":\"/tmp/osimg-boot-1/kernel\",\"initrd\":null,\"cmdline\":\"console=ttyS1\","
                + "\"kexec\":true,\"took_seconds\":41.7}\n");
    }

    @Test
    void aFailureBeforeTheImageWasResolvedHasOnlyWhatIsKnown() {
        Outcome o = new Outcome.Builder().target(Outcome.Target.root("/rootfs"))
                .failed("GET http://127.0.0.1:1/api/v1/images/debian-12/latest: Connection refused", 1, Duration.ofMillis(20));

        assertThat(json(o)).isEqualTo("{\"time\":\"2026-11-20T10:00:00Z\",\"event\":\"result\",\"ok\":false,"
                + "\"error\":\"GET http://127.0.0.1:1/api/v1/images/debian-12/latest: Connection refused\",\"exit_code\":1,"
                + "\"target\":{\"root\":\"/rootfs\"},\"kexec\":false,\"took_seconds\":0.02}\n");
    }

    @Test
    void anOutcomeIsOkExactlyWhenItHasNoError() {
        assertThatThrownBy(() -> new Outcome(true, "boom", 0, null, -1, -1, Map.of(), null, null, false, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome.Image("http://127.0.0.1:8080/img.tar.lz4", "/x/img.tar.lz4", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
