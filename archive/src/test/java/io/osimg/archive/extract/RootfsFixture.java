package io.osimg.archive.extract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.tar.TarWriter;
import io.osimg.archive.tree.TreeArchiver;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tree of every entry kind of {@code io.osimg.archive.tree.RootfsFixture}, plus an extended attribute on a
 * symbolic link (which extraction must set with {@code lsetxattr}), and a way to archive it.
 */
final class RootfsFixture {

    static final byte[] CAPABILITY = io.osimg.archive.tree.RootfsFixture.CAPABILITY;
    static final byte[] ODD_NAME = io.osimg.archive.tree.RootfsFixture.ODD_NAME;

    private RootfsFixture() {
    }

    static void create(Path root) throws IOException {
        io.osimg.archive.tree.RootfsFixture.create(root);
        try (Fd r = Posix.openDirectory(root)) {
            Posix.setXattr(r, io.osimg.archive.tree.RootfsFixture.b("link"), "trusted.on-a-symlink",
                    io.osimg.archive.tree.RootfsFixture.b("yes"));
        }
    }

    /** Archives the tree below {@code root} into the tar file {@code tar} with {@link TreeArchiver}. */
    static void archive(Path root, Path tar) throws IOException {
        try (var out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20);
             TarWriter w = new TarWriter(out)) {
            new TreeArchiver(new TreeArchiver.Options(false, Optional.empty(), m -> { })).archive(root, w);
        }
    }
}
