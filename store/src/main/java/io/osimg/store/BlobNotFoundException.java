package io.osimg.store;

/** No object under the key (also: the key's path runs through a symlink, or names a directory). */
public final class BlobNotFoundException extends StoreException {

    private final String key;

    public BlobNotFoundException(String key) {
        super("no object '" + key + "' in the store");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
