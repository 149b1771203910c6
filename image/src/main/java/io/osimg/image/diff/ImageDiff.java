package io.osimg.image.diff;

import io.osimg.core.packages.PackageDiff;
import io.osimg.core.packages.PackageList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code osimg diff A B}: compares two images' packages (from their SBOMs or packages.txt) and, when asked, their
 * trees (read from both {@code img.tar.lz4} streams at once, two threads, nothing unpacked).
 */
public final class ImageDiff {

    private ImageDiff() {
    }

    /**
     * @param files also compare the trees
     * @throws IllegalArgumentException when there is nothing to compare: an image without a package list and no
     *                                  {@code files}
     */
    public static DiffReport compare(ImageLocation a, ImageLocation b, boolean files) throws IOException {
        List<String> notes = new ArrayList<>();
        Optional<PackageList> pa = PackageList.of(a.describe(), a::sideFile);
        Optional<PackageList> pb = PackageList.of(b.describe(), b::sideFile);
        PackageDiff packages = null;
        if (pa.isPresent() && pb.isPresent()) {
            packages = PackageDiff.of(pa.get(), pb.get());
            if (packages.packaging() == null) {
                notes.add("A is packaged with " + pa.get().packaging().purlType() + ", B with "
                        + pb.get().packaging().purlType() + ": versions are not ordered, only told apart");
            }
        } else {
            String missing = (pa.isEmpty() ? a.describe() : "")
                    + (pa.isEmpty() && pb.isEmpty() ? " and " : "") + (pb.isEmpty() ? b.describe() : "");
            String why = missing + (pa.isEmpty() && pb.isEmpty() ? " have" : " has")
                    + " no package list (neither an SBOM naming packages nor packages.txt)";
            if (!files) {
                throw new IllegalArgumentException("cannot compare packages: " + why + "; compare the trees with --files");
            }
            notes.add(why + ": packages not compared");
        }
        FileDiff tree = files ? trees(a, b) : null;
        return new DiffReport(a.describe(), b.describe(), packages, tree, notes);
    }

    private static FileDiff trees(ImageLocation a, ImageLocation b) throws IOException {
        CompletableFuture<Map<String, TreeIndex.Node>> fa = CompletableFuture.supplyAsync(() -> index(a));
        Map<String, TreeIndex.Node> ib;
        try {
            ib = index(b);
        } catch (UncheckedIOException e) {
            fa.cancel(true);
            throw e.getCause();
        }
        Map<String, TreeIndex.Node> ia;
        try {
            ia = fa.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
        return FileDiff.of(ia, ib);
    }

    private static Map<String, TreeIndex.Node> index(ImageLocation image) {
        try (InputStream in = image.openImage()) {
            return TreeIndex.read(in, image.describe());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
