package io.osimg.image.source.oci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** {@code oci-archive:FILE[:TAG]}: an OCI image layout in a tar file, its blobs copied out as they are. */
public record OciArchive(Path file, String tag, String reference) implements ContainerImage {

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException {
        Path layout = work.resolve("oci-layout");
        Set<String> names = ArchiveFiles.extract(file, layout, reference, "an OCI archive");
        if (!names.contains("index.json") || !names.contains("oci-layout")) {
            throw new OciFormatException(reference + ": not an OCI archive: it holds no index.json and oci-layout");
        }
        return new OciLayout(layout, tag, reference).open(work, arch, log);
    }
}
