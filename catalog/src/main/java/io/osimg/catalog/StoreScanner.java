package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageLifetime;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.image.ImageRecord;
import io.osimg.trust.Signatures;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Derives catalog images from a store's keys (contract section 2, {@link StoreLayout#imageIdOf}) and, where
 * present, {@code manifest.json}, {@code img.tar.lz4.md5} and {@code img.tar.lz4.sha512}.
 *
 * <ul>
 *   <li>An image directory counts only when it has both {@code img.tar.lz4} and {@code img.tar.lz4.md5} (the
 *       contract's minimum): an image whose files are still arriving one by one is not listed.</li>
 *   <li>Keys whose version directory is not {@code MAJOR[.MINOR][-FLAVOR]} or whose release is not a date are
 *       skipped (counted in {@link CatalogSnapshot#skipped()}).</li>
 *   <li>Created and expiration by {@link ImageLifetime} (without a manifest: a release was created on its
 *       release date, a stable or pull-request build at its tarball's mtime; it expires 90 days later). Without a
 *       manifest classification is {@code preview}, features {@code firewall} for OS names starting with
 *       {@code firewall}, else {@code machine}.</li>
 * </ul>
 * Small files are read once per ETag: a rescan of an unchanged store reads nothing but the listing.
 */
public final class StoreScanner<T extends StoreObject> {

    private static final Logger LOG = Logger.getLogger(StoreScanner.class.getName());
    private static final int MAX_SMALL_FILE = 256 * 1024;

    private final StoreView<T> view;
    private final Map<String, Parsed> cache = new ConcurrentHashMap<>();

    private record Parsed(String etag, Object value) {
    }

    private static final class Dir {
        StoreKey image;
        StoreObject imageInfo;
        StoreObject md5;
        StoreObject sha512;
        StoreObject manifest;
        boolean sbom;
        StoreObject asc;
        StoreObject sig;
    }

    public StoreScanner(StoreView<T> view) {
        this.view = view;
    }

    public StoreView<T> view() {
        return view;
    }

    /** Scans the store once. */
    public CatalogSnapshot scan() throws IOException {
        return scan(files());
    }

    /** Every file of the store ({@link StoreView#files}), for {@link #scan(List)}. */
    public List<T> files() throws IOException {
        try {
            return view.files();
        } catch (IOException e) {
            throw new IOException("scanning store " + view.describe() + " for images: " + e.getMessage(), e);
        }
    }

    /** Derives the images from a listing of every file of the store. */
    public CatalogSnapshot scan(List<? extends StoreObject> files) {
        Map<String, Dir> dirs = new LinkedHashMap<>();
        int skipped = 0;
        Set<String> seen = new HashSet<>();
        for (StoreObject f : files) {
            String name = f.key().substring(f.key().lastIndexOf('/') + 1);
            if (!name.equals(ImageFiles.IMAGE) && !name.equals(ImageFiles.MD5) && !name.equals(ImageFiles.SHA512)
                    && !name.equals(ImageFiles.MANIFEST) && !name.equals(ImageFiles.SBOM)
                    && !name.equals(ImageFiles.SHA512_ASC) && !name.equals(ImageFiles.SHA512_SIG)) {
                continue;
            }
            var key = StoreLayout.parseKey(f.key());
            if (key.isEmpty()) {
                if (name.equals(ImageFiles.IMAGE)) {
                    Skipped.notAnImage(view.describe(), f.key(), "the key does not follow the store layout");
                    skipped++;
                }
                continue;
            }
            Dir d = dirs.computeIfAbsent(key.get().imageDir(), k -> new Dir());
            switch (name) {
                case ImageFiles.IMAGE -> {
                    d.image = key.get();
                    d.imageInfo = f;
                }
                case ImageFiles.MD5 -> d.md5 = f;
                case ImageFiles.SHA512 -> d.sha512 = f;
                case ImageFiles.SBOM -> d.sbom = true;
                case ImageFiles.SHA512_ASC -> d.asc = f;
                case ImageFiles.SHA512_SIG -> d.sig = f;
                default -> d.manifest = f;
            }
            seen.add(f.key());
        }
        List<CatalogImage> images = new ArrayList<>(dirs.size());
        for (Dir d : dirs.values()) {
            if (d.image == null || d.md5 == null) {
                continue;
            }
            ImageId id;
            try {
                id = StoreLayout.imageIdOf(d.image);
            } catch (IllegalArgumentException e) {
                Skipped.notAnImage(view.describe(), d.image.key(), e.getMessage());
                skipped++;
                continue;
            }
            images.add(new CatalogImage(record(id, d), d.image,
                    d.sbom ? d.image.withFile(ImageFiles.SBOM).key() : null));
        }
        cache.keySet().retainAll(seen);
        if (view instanceof S3ListingView listing) {
            skipped += listing.skipped();
        }
        return CatalogSnapshot.of(images, skipped);
    }

    private ImageRecord record(ImageId id, Dir d) {
        Map<String, String> digests = new HashMap<>();
        String md5 = firstField(d.md5);
        if (md5 != null) {
            digests.put("md5", md5);
        }
        String sha512 = d.sha512 == null ? null : firstField(d.sha512);
        if (sha512 != null) {
            digests.put("sha512", sha512);
        }
        ImageManifest m = d.manifest == null ? null : manifest(d.manifest);
        String classification = ImageRecord.PREVIEW;
        Set<String> features = Set.of(id.os().startsWith("firewall") ? ImageRecord.FEATURE_FIREWALL : ImageRecord.FEATURE_MACHINE);
        if (m != null) {
            m.compressedDigests().forEach(digests::putIfAbsent);
            classification = m.classification().isEmpty() ? classification : m.classification();
            features = m.features().isEmpty() ? features : m.features();
        }
        ImageLifetime life = ImageLifetime.of(m, d.image.releaseDate().orElse(null), d.imageInfo.lastModified());
        String url = d.image.key();
        List<String> keyIds = new ArrayList<>(d.asc == null ? List.of() : signers(d.asc));
        if (d.sig != null) {
            keyIds.add("ecdsa-p256");
        }
        return new ImageRecord(id, id.raw(), "", url, features, classification, life.expires(), life.created(),
                digests, d.imageInfo.size(), d.asc != null || d.sig != null, keyIds);
    }

    /** The key IDs an armored signature file names (not checked: the catalog only reports). */
    @SuppressWarnings("unchecked")
    private List<String> signers(StoreObject asc) {
        Object v = cached(asc, text -> {
            try {
                return Signatures.inspect(text.getBytes(StandardCharsets.UTF_8), null).stream()
                        .map(Signatures.Found::keyId).distinct().toList();
            } catch (IOException e) {
                Skipped.entry(view.describe(), asc.key() + " (the image is listed as signed by no key)", e.getMessage());
                return List.of();
            }
        });
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    private String firstField(StoreObject file) {
        Object v = cached(file, text -> {
            String t = text.strip();
            int space = t.indexOf(' ');
            String first = (space < 0 ? t : t.substring(0, space)).toLowerCase(Locale.ROOT);
            return first.matches("[0-9a-f]{32}|[0-9a-f]{128}") ? first : "";
        });
        return v == null || ((String) v).isEmpty() ? null : (String) v;
    }

    private ImageManifest manifest(StoreObject file) {
        Object v = cached(file, text -> {
            try {
                return ImageManifest.fromJson(text);
            } catch (IllegalArgumentException e) {
                Skipped.entry(view.describe(), file.key() + " (the image is listed without it)", e.getMessage());
                return "";
            }
        });
        return v instanceof ImageManifest m ? m : null;
    }

    private Object cached(StoreObject file, Function<String, Object> parse) {
        Parsed p = cache.get(file.key());
        if (p != null && p.etag().equals(file.etag())) {
            return p.value();
        }
        Object value;
        try {
            value = parse.apply(view.readText(file.key(), MAX_SMALL_FILE));
        } catch (IOException e) {
            LOG.log(Level.FINE, "reading " + file.key() + " in " + view.describe() + ": " + e.getMessage());
            return null; // removed meanwhile; the next scan sees it gone
        }
        cache.put(file.key(), new Parsed(file.etag(), value));
        return value;
    }
}
