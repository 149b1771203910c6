package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.image.source.oci.Descriptor;
import io.osimg.image.source.registry.RegistryImage;
import io.osimg.transfer.Progress;
import io.osimg.transfer.ProgressListener;
import io.osimg.transfer.TerminalProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BuildCommandTest {

    @Test
    void aFirewallImageDefaultsToTheFirewallFeature() {
        assertThat(BuildCommand.features("firewall", null)).containsExactly("firewall");
        assertThat(BuildCommand.features("firewall-ubuntu", null)).containsExactly("firewall");
    }

    @Test
    void otherImagesKeepTheMachineDefaultAndGivenFeaturesWin() {
        assertThat(BuildCommand.features("debian", null)).isNull();
        assertThat(BuildCommand.features("firewalld", null)).isNull();
        assertThat(BuildCommand.features("firewall", List.of("machine", "firewall"))).containsExactly("machine", "firewall");
    }

    @Test
    void aRegistryLayerShowsItsProgressAndALineWhenDoneOnATerminalOnly() throws Exception {
        Descriptor layer = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", "sha256:" + "ab".repeat(32),
                3 << 20, java.util.Map.of(), "", "");
        String what = "layer 2 of 3 (sha256:abababababab) of docker://127.0.0.1:5000/osimg/test:t1";
        URI url = URI.create("https://127.0.0.1:5000/v2/osimg/test/blobs/sha256:" + "ab".repeat(32));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        TerminalProgress terminal = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);
        ProgressListener listener = BuildCommand.layerProgress(terminal).layer(layer, what);
        now.set(Duration.ofSeconds(1).toNanos());
        listener.onProgress(new Progress(url, 1 << 20, 3 << 20, 1 << 20, Duration.ofSeconds(2), 1, 0, false));
        listener.onProgress(new Progress(url, 3 << 20, 3 << 20, 1 << 20, Duration.ZERO, 1, 0, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("pull layer 2 of 3 (sha256:abababababab)").contains("1.0 MiB")
                .containsPattern("pull layer 2 of 3 \\(sha256:abababababab\\): done in [0-9.]+ s, 3\\.0 MiB at ");
        TerminalProgress pipe = new TerminalProgress(new PrintStream(new ByteArrayOutputStream()), false, now::get);
        assertThat(BuildCommand.layerProgress(pipe)).isSameAs(RegistryImage.LayerProgress.NONE);
    }
}
