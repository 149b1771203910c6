package io.osimg.archive.extract;

import io.osimg.archive.tar.TarReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-run benchmark (not a test): {@code TARBALL TARGET [ROUNDS]} extracts a plain tar with
 * {@link RootfsExtractor} into the empty directory TARGET, ROUNDS times (wiping between rounds), printing
 * the wall time of each. Compare with {@code tar --xattrs --xattrs-include='*' --numeric-owner -xpf TARBALL -C TARGET}.
 */
public final class ExtractBench {

    private ExtractBench() {
    }

    public static void main(String[] args) throws IOException {
        Path tarball = Path.of(args[0]);
        Path target = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            RootfsExtractor.Result r;
            try (TarReader reader = new TarReader(new BufferedInputStream(Files.newInputStream(tarball), 1 << 20))) {
                r = RootfsExtractor.extractAll(reader, target, RootfsExtractor.Options.defaults());
            }
            long extracted = System.nanoTime();
            System.out.printf("round %d: %d entries, %d bytes extracted in %.2f s%n", round, r.entries(), r.bytes(),
                    (extracted - start) / 1e9);
            if (round < rounds) {
                RootfsExtractor.wipe(target);
                System.out.printf("round %d: wiped in %.2f s%n", round, (System.nanoTime() - extracted) / 1e9);
            }
        }
    }
}
