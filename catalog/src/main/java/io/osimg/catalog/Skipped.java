package io.osimg.catalog;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one rule for bad entries of a catalog, whatever its form (an S3 listing, a JSON export, a store's manifests):
 * the entry is skipped with a warning naming the catalog, the entry and the problem, and counted
 * ({@link CatalogSnapshot#skipped()}); the rest of the catalog is read. Only a document that is not a catalog at all
 * (not XML, not a JSON array, a listing that cannot be continued) fails as a whole. An {@code img.tar.lz4} whose
 * key does not follow the store layout is no image (a store may hold other files): counted, and logged only at
 * {@code FINE} ({@link #notAnImage}), the same for a directory, a bucket and a server.
 */
public final class Skipped {

    private static final Logger LOG = Logger.getLogger("io.osimg.catalog");

    private Skipped() {
    }

    /** Logs a file that looks like an image but whose key is not one (contract section 2). */
    public static void notAnImage(String catalog, String key, String problem) {
        LOG.log(Level.FINE, "not an image: " + key + " in " + catalog + ": " + problem);
    }

    /** Logs the warning for one skipped entry. */
    public static void entry(String catalog, String entry, String problem) {
        LOG.log(Level.WARNING, "skipping " + entry + " in " + catalog + ": " + problem);
    }
}
