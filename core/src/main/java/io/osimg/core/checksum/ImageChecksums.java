package io.osimg.core.checksum;

import io.osimg.core.store.ImageFiles;
import io.osimg.core.text.TextFile;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the checksum files beside an image directory's {@code img.tar.lz4} promise, read the one way the mirror and
 * {@code osimg verify} read them: each file bounded and strictly UTF-8 ({@link TextFile}), parsed by
 * {@link ChecksumFile}. A missing file promises nothing; a file that is there but unusable is a {@link Problem}.
 * The promises are then held against the computed digests with {@link DigestCheck}.
 *
 * @param promised the digests promised, by algorithm (lower-case hex)
 * @param problems the checksum files that are there but cannot be used
 */
public record ImageChecksums(Map<DigestAlgorithm, String> promised, List<Problem> problems) {

    /** Far beyond a checksum line (a digest and a file name), far below the heap. */
    private static final long MAX_SIZE = 64 << 10;

    /** A checksum file that is there but unusable: not a regular file, too large, not UTF-8, not a checksum line. */
    public record Problem(DigestAlgorithm algorithm, String file, String message) {
    }

    public ImageChecksums {
        promised = Collections.unmodifiableMap(new EnumMap<>(promised));
        problems = List.copyOf(problems);
    }

    /** Reads {@code img.tar.lz4<suffix>} in {@code dir} for each of {@code algorithms}. */
    public static ImageChecksums read(Path dir, Collection<DigestAlgorithm> algorithms) throws IOException {
        Map<DigestAlgorithm, String> promised = new EnumMap<>(DigestAlgorithm.class);
        List<Problem> problems = new ArrayList<>();
        for (DigestAlgorithm a : algorithms) {
            String name = ImageFiles.IMAGE + a.fileSuffix();
            Path file = dir.resolve(name);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                promised.put(a, ChecksumFile.parse(a, TextFile.read(file, MAX_SIZE), ImageFiles.IMAGE).hex());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(a, name, name + ": " + e.getMessage()));
            } catch (FileSystemException e) {
                problems.add(new Problem(a, name, e.getMessage()));
            }
        }
        return new ImageChecksums(promised, problems);
    }
}
