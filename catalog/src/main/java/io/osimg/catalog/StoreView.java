package io.osimg.catalog;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The two things a catalog scan needs of a store: every object's metadata, and the text of small files.
 *
 * @param <T> what the view lists its objects as (the server keeps the listing as its S3 listing index)
 */
public interface StoreView<T extends StoreObject> {

    /** Every object of the store, with an ETag that changes whenever the object's bytes may have changed. */
    List<T> files() throws IOException;

    /** The object's bytes as UTF-8 text; at most {@code maxBytes} are read. */
    String readText(String key, int maxBytes) throws IOException;

    /**
     * A number that changes whenever a directory of the store changes, or empty when the view cannot tell
     * cheaply; then every periodic refresh rescans.
     *
     * @param imageDirs the directories known to hold images, which need not be listed
     */
    default OptionalLong changeStamp(Set<String> imageDirs) throws IOException {
        return OptionalLong.empty();
    }

    /** Where the store is, for messages. */
    String describe();
}
