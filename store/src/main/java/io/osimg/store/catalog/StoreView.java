package io.osimg.store.catalog;

import io.osimg.store.BlobInfo;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** The two things a catalog scan needs of a store: every file's metadata, and the text of small files. */
public interface StoreView {

    /** Every object of the store, with an ETag that changes whenever the object's bytes may have changed. */
    List<BlobInfo> files() throws IOException;

    /** The object's bytes as UTF-8 text; at most {@code maxBytes} are read. */
    String readText(String key, int maxBytes) throws IOException;

    /**
     * A number that changes whenever a directory of the store changes (see {@link DirectoryStamp}), or empty when
     * the view cannot tell cheaply; then every periodic refresh rescans.
     *
     * @param imageDirs the directories known to hold images, which need not be listed
     */
    default OptionalLong changeStamp(Set<String> imageDirs) throws IOException {
        return OptionalLong.empty();
    }

    /** Where the store is, for messages. */
    String describe();
}
