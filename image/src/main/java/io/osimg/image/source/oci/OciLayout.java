package io.osimg.image.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code oci:DIR[:TAG]}: an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}), the
 * image tagged TAG ({@code org.opencontainers.image.ref.name}), or its only image when no tag is given.
 *
 * @param tag       the tag, or null for the layout's only image
 * @param reference the source as given, for messages
 */
public record OciLayout(Path dir, String tag, String reference) implements ContainerImage {

    static final String REF_NAME = "org.opencontainers.image.ref.name";

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, reference + ": no such directory");
        }
        if (!Files.isRegularFile(dir.resolve("oci-layout"), LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(dir.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)) {
            throw new OciFormatException(reference + ": " + dir + " is not an OCI image layout (it needs the files "
                    + "oci-layout and index.json)");
        }
        byte[] indexBytes = Files.readAllBytes(dir.resolve("index.json"));
        JsonNode index = ImageResolver.parse(indexBytes, reference + ": index.json");
        Descriptor chosen = choose(index);
        Blobs blobs = new LayoutBlobs();
        byte[] top = blobs.read(chosen, reference + ": manifest");
        return ImageResolver.resolve(reference, top, chosen.digest(), arch, blobs);
    }

    private Descriptor choose(JsonNode index) throws OciFormatException {
        JsonNode manifests = index.path("manifests");
        List<Descriptor> all = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor d = Descriptor.of(manifests.get(i), reference + ": index.json entry " + (i + 1));
            all.add(d);
            String name = d.annotations().get(REF_NAME);
            if (name != null) {
                tags.add(name);
                if (name.equals(tag)) {
                    return d;
                }
            }
        }
        String shown = tags.isEmpty() ? "none" : String.join(", ", tags);
        if (tag != null) {
            throw new OciFormatException(reference + ": the layout holds no image tagged '" + tag + "' (its tags: "
                    + shown + ")");
        }
        if (all.size() == 1) {
            return all.getFirst();
        }
        throw new OciFormatException(reference + ": the layout holds " + all.size() + " images (tags: " + shown
                + "); name one as oci:DIR:TAG");
    }

    /** The blobs of the layout, {@code blobs/sha256/<hex>}. */
    private final class LayoutBlobs implements Blobs {
        @Override
        public byte[] read(Descriptor d, String what) throws IOException {
            if (d.size() > ImageResolver.MAX_DOCUMENT) {
                throw new OciFormatException(what + " (" + d.digest() + "): " + d.size() + " bytes is too large");
            }
            return ImageResolver.check(d, Files.readAllBytes(existing(d, what)), what);
        }

        @Override
        public Path layer(Descriptor d, String what) throws IOException {
            return existing(d, what);
        }

        private Path existing(Descriptor d, String what) throws NoSuchFileException {
            Path blob = dir.resolve("blobs").resolve("sha256").resolve(d.hex());
            if (!Files.isRegularFile(blob)) {
                throw new NoSuchFileException(blob.toString(), null, what + ": the layout lacks the blob "
                        + d.digest());
            }
            return blob;
        }
    }
}
