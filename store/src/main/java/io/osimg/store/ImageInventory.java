package io.osimg.store;

import io.osimg.core.image.ImageId;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups the objects of a listing into {@link StoredImage image directories}. */
public final class ImageInventory {

    private ImageInventory() {
    }

    /**
     * The image directories among {@code objects}, sorted by directory. Keys that are not in the store layout, and
     * directories without an {@code img.tar.lz4}, are ignored; so are files in subdirectories of an image directory.
     */
    public static List<StoredImage> of(List<BlobInfo> objects) {
        Map<String, StoreKey> imageKeys = new HashMap<>();
        Map<String, Map<String, Long>> files = new LinkedHashMap<>();
        Map<String, Instant> modified = new HashMap<>();
        for (BlobInfo o : objects) {
            StoreKey k = StoreLayout.parseKey(o.key()).orElse(null);
            if (k == null) {
                continue;
            }
            String dir = k.imageDir();
            files.computeIfAbsent(dir, d -> new HashMap<>()).put(k.file(), o.size());
            modified.merge(dir, o.lastModified(), (x, y) -> x.isAfter(y) ? x : y);
            if (k.file().equals(ImageFiles.IMAGE)) {
                imageKeys.put(dir, k);
            }
        }
        List<StoredImage> images = new ArrayList<>();
        for (Map.Entry<String, StoreKey> e : imageKeys.entrySet()) {
            ImageId id;
            try {
                id = StoreLayout.imageIdOf(e.getValue());
            } catch (IllegalArgumentException bad) {
                continue;
            }
            images.add(new StoredImage(e.getValue(), id, files.get(e.getKey()), modified.get(e.getKey())));
        }
        images.sort(Comparator.comparing(StoredImage::directory));
        return images;
    }
}
