package io.osimg.store.sign;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestingInputStream;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobStore;
import io.osimg.store.BlobTransaction;
import io.osimg.trust.ImageSigner;
import io.osimg.trust.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signs an image that is already in a store ({@code osimg sign}): the image is read once and held against its
 * sha512 file (a signature vouches for bytes that match), then the signature files are added to the image
 * directory as one {@link BlobTransaction}: a store directory gets them with one atomic exchange, a bucket as one
 * transaction; readers see all of them or none. The image's own files are not touched, so a release stays what
 * it was; a signature file that is there already is not replaced.
 */
public final class ImageSignatures {

    private ImageSignatures() {
    }

    /**
     * @param store     the store holding the image
     * @param directory the image directory's key ({@code 20261126/debian/12})
     * @param what      the image as messages name it
     * @return the signature files added
     */
    public static List<String> add(BlobStore store, String directory, String what, List<SigningKey> keys, Instant now)
            throws IOException {
        if (store.stat(directory + "/" + ImageFiles.MD5).isEmpty()) {
            throw new IllegalArgumentException(what + ": no image there (no " + ImageFiles.MD5 + ")");
        }
        if (store.stat(directory + "/" + ImageFiles.SHA512).isEmpty()) {
            throw new IllegalArgumentException(what + ": has no " + ImageFiles.SHA512 + ", the file a signature covers; "
                    + "rebuild it with osimg build");
        }
        byte[] sha512 = read(store, directory + "/" + ImageFiles.SHA512);
        byte[] manifest = store.stat(directory + "/" + ImageFiles.MANIFEST).isPresent()
                ? read(store, directory + "/" + ImageFiles.MANIFEST) : null;
        Map<String, byte[]> files = ImageSigner.sign(keys, sha512, manifest, now);
        for (String name : files.keySet()) {
            if (store.stat(directory + "/" + name).isPresent()) {
                throw new IllegalArgumentException(what + ": has " + name + " already; a published signature is not replaced");
            }
        }
        String promised;
        try {
            promised = ChecksumFile.parse(DigestAlgorithm.SHA512, new String(sha512, StandardCharsets.UTF_8), ImageFiles.IMAGE).hex();
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": " + ImageFiles.SHA512 + ": " + e.getMessage(), e);
        }
        try (InputStream in = store.open(directory + "/" + ImageFiles.IMAGE);
             DigestingInputStream hashed = new DigestingInputStream(in, null, DigestAlgorithm.SHA512)) {
            hashed.drainToEnd();
            DigestCheck.require(what + "/" + ImageFiles.IMAGE, Map.of(DigestAlgorithm.SHA512, promised), hashed.digests());
        }
        List<String> added = new ArrayList<>();
        try (BlobTransaction tx = store.begin(directory)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                tx.put(f.getKey(), new ByteArrayInputStream(f.getValue()));
                added.add(f.getKey());
            }
            tx.commit();
        }
        return added;
    }

    private static byte[] read(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            byte[] bytes = in.readNBytes((64 << 20) + 1);
            if (bytes.length > 64 << 20) {
                throw new IOException(key + ": larger than 64 MiB");
            }
            return bytes;
        }
    }
}
