package io.osimg.cli;

import io.osimg.image.BuildResult;
import io.osimg.core.image.ImageManifest;
import io.osimg.store.publish.PublishedImage;
import io.osimg.transfer.ByteSizes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code osimg build} prints. */
record BuildSummary(BuildResult result, double seconds) implements OutputOptions.Printable {

    @Override
    public String text() {
        ImageManifest m = result.manifest();
        StringBuilder sb = new StringBuilder();
        sb.append("built ").append(result.id()).append('\n');
        PublishedImage published = result.published();
        if (published.localDirectory().isPresent()) {
            sb.append("  directory   ").append(published.localDirectory().get()).append('\n');
        } else {
            sb.append("  published   ").append(published.location()).append('\n');
        }
        sb.append("  image       ").append(ByteSizes.human(m.compressedSize())).append(" img.tar.lz4 from ")
                .append(ByteSizes.human(m.uncompressedSize())).append(" of tar");
        if (result.entries() >= 0) {
            sb.append(", ").append(result.entries()).append(" entries");
        }
        sb.append(String.format(Locale.ROOT, " (ratio %.2f)%n", m.uncompressedSize() / (double) Math.max(1, m.compressedSize())));
        sb.append("  md5         ").append(m.compressedDigests().get("md5")).append('\n');
        sb.append("  sha512      ").append(m.compressedDigests().get("sha512")).append('\n');
        sb.append("  files       ").append(String.join(" ", result.files())).append('\n');
        sb.append(String.format(Locale.ROOT, "  took        %.1f s (%s/s of tar)%n", seconds,
                ByteSizes.human((long) (m.uncompressedSize() / Math.max(seconds, 1e-3)))));
        return sb.toString();
    }

    @Override
    public Object data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", result.id());
        PublishedImage published = result.published();
        if (published.localDirectory().isPresent()) {
            data.put("directory", published.localDirectory().get().toString());
        } else {
            data.put("url", published.location());
        }
        data.put("files", List.copyOf(result.files()));
        data.put("entries", result.entries());
        data.put("seconds", seconds);
        data.put("manifest", result.manifest());
        return data;
    }
}
