package io.osimg.image.source.oci;

import java.io.IOException;
import java.nio.file.Path;

/** Where the blobs of an image are: a layout's {@code blobs/} directory, a registry. */
public interface Blobs {

    /** A small blob (manifest, configuration), its digest and size checked. */
    byte[] read(Descriptor d, String what) throws IOException;

    /** A layer's blob as a file; a registry downloads it (checked against its digest while it streams). */
    Path layer(Descriptor d, String what) throws IOException;
}
