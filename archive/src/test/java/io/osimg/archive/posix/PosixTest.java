package io.osimg.archive.posix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FFM door itself, on /var/tmp (ext4 here: user., trusted. and security. xattrs). Needs root. */
class PosixTest {

    private Path dir;
    private Fd d;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void open() throws IOException {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-posix");
        d = Posix.openDirectory(dir);
    }

    @AfterEach
    void remove() throws Exception {
        d.close();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    @Test
    void errnoBecomesNioExceptionNamingTheFile() throws IOException {
        assertThatThrownBy(() -> Posix.stat(d, b("missing")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir + "/missing").hasMessageContaining("ENOENT");
        Posix.mkdir(d, b("x"), 0755);
        assertThatThrownBy(() -> Posix.mkdir(d, b("x"), 0755))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining(dir + "/x").hasMessageContaining("EEXIST");
        Posix.symlink(b("x"), d, b("l"));
        assertThatThrownBy(() -> Posix.openRead(d, b("l")))
                .isExactlyInstanceOf(FileSystemException.class).hasMessageContaining(dir + "/l")
                .hasMessageContaining("symbolic link not followed");
        assertThatThrownBy(() -> Posix.rmdir(d, b("nonexistent/y")))
                .isInstanceOf(NoSuchFileException.class);
        Posix.mkdir(d, b("x/y"), 0755);
        assertThatThrownBy(() -> Posix.rmdir(d, b("x")))
                .isInstanceOf(java.nio.file.DirectoryNotEmptyException.class).hasMessageContaining(dir + "/x");
        // EPERM: an unprivileged xattr namespace that does not exist
        assertThatThrownBy(() -> Posix.setXattr(d, b("x"), "nonsense.key", b("v")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining(dir + "/x")
                .hasMessageContaining("lsetxattr(nonsense.key)");
    }

    @Test
    void accessDeniedIsAccessDeniedException() throws Exception {
        Posix.mkdir(d, b("locked"), 0755);
        // root is allowed nearly everything: linking a directory is EPERM even for root
        assertThatThrownBy(() -> Posix.link(d, b("locked"), d, b("hard")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining(dir + "/hard").hasMessageContaining("EPERM");
    }

    @Test
    void utimensatKeepsNanoseconds() throws IOException {
        try (Fd f = Posix.create(d, b("f"), 0644)) {
            assertThat(Posix.stat(f).type()).isEqualTo(FileType.REGULAR);
        }
        Instant a = Instant.ofEpochSecond(1_600_000_000L, 1);
        Instant m = Instant.ofEpochSecond(1_700_000_000L, 987_654_321);
        Posix.setTimes(d, b("f"), a, m);
        StatInfo st = Posix.stat(d, b("f"));
        assertThat(st.mtime()).isEqualTo(m);
        assertThat(st.atime()).isEqualTo(a);
        // on a symlink itself, not its target
        Posix.symlink(b("f"), d, b("l"));
        Posix.setTimes(d, b("l"), null, Instant.ofEpochSecond(5, 6));
        assertThat(Posix.stat(d, b("l")).mtime()).isEqualTo(Instant.ofEpochSecond(5, 6));
        assertThat(Posix.stat(d, b("f")).mtime()).isEqualTo(m);
    }

    @Test
    void xattrsRoundTripInEveryNamespace() throws IOException {
        try (Fd f = Posix.create(d, b("f"), 0644)) {
            Posix.setXattr(f, "user.fd", b("via fd"));
        }
        byte[] cap = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Posix.setXattr(d, b("f"), "security.capability", cap);
        Posix.setXattr(d, b("f"), "trusted.t", new byte[] {0, (byte) 0xff});
        Posix.setXattr(d, b("f"), "user.empty", new byte[0]);
        byte[] big = new byte[3000];
        java.util.Arrays.fill(big, (byte) 'z');
        Posix.setXattr(d, b("f"), "user.big", big);
        var x = Posix.xattrs(d, b("f"));
        assertThat(x).containsOnlyKeys("security.capability", "trusted.t", "user.empty", "user.big", "user.fd");
        assertThat(x.get("security.capability")).isEqualTo(cap);
        assertThat(x.get("trusted.t")).isEqualTo(new byte[] {0, (byte) 0xff});
        assertThat(x.get("user.empty")).isEmpty();
        assertThat(x.get("user.big")).isEqualTo(big);
        assertThat(x.get("user.fd")).isEqualTo(b("via fd"));
        // trusted.* on a symlink itself (user.* is not allowed on symlinks)
        Posix.symlink(b("f"), d, b("l"));
        Posix.setXattr(d, b("l"), "trusted.onlink", b("L"));
        assertThat(Posix.xattrs(d, b("l"))).containsOnlyKeys("trusted.onlink");
    }

    @Test
    void mknodCreatesDevicesWithTheirNumbers() throws IOException {
        Posix.mknod(d, b("null"), FileType.CHAR_DEVICE, 0666, 1, 3);
        Posix.mknod(d, b("loop"), FileType.BLOCK_DEVICE, 0660, 7, 200);
        Posix.mknod(d, b("big"), FileType.CHAR_DEVICE, 0600, 4095, 1048575);
        Posix.mkfifo(d, b("fifo"), 0600);
        StatInfo c = Posix.stat(d, b("null"));
        assertThat(c.type()).isEqualTo(FileType.CHAR_DEVICE);
        assertThat(List.of(c.rdevMajor(), c.rdevMinor())).containsExactly(1, 3);
        StatInfo bl = Posix.stat(d, b("loop"));
        assertThat(bl.type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(List.of(bl.rdevMajor(), bl.rdevMinor())).containsExactly(7, 200);
        StatInfo big = Posix.stat(d, b("big"));
        assertThat(List.of(big.rdevMajor(), big.rdevMinor())).containsExactly(4095, 1048575);
        assertThat(Posix.stat(d, b("fifo")).type()).isEqualTo(FileType.FIFO);
    }

    @Test
    void rawByteNamesOwnersModesLinksAndContent() throws IOException {
        byte[] odd = {'a', (byte) 0xff, '\n', 0x01};
        try (Fd f = Posix.create(d, odd, 0600)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(5).put(b("hello")).flip();
            Posix.write(f, buf);
        }
        Posix.chown(d, odd, 3_000_000, 70_000);
        Posix.chmod(d, odd, 04755); // after chown: chown clears setuid/setgid
        Posix.link(d, odd, d, b("second"));
        Posix.rename(d, b("second"), d, b("third"));
        Posix.symlink(odd, d, b("sym"));
        assertThat(Posix.readlink(d, b("sym"))).isEqualTo(odd);
        assertThat(Posix.list(d)).extracting(n -> new String(n, StandardCharsets.ISO_8859_1))
                .containsExactlyInAnyOrder(new String(odd, StandardCharsets.ISO_8859_1), "third", "sym");
        StatInfo st = Posix.stat(d, odd);
        assertThat(st.mode()).isEqualTo(04755);
        assertThat(st.uid()).isEqualTo(3_000_000);
        assertThat(st.gid()).isEqualTo(70_000);
        assertThat(st.nlink()).isEqualTo(2);
        assertThat(Posix.stat(d, b("third")).fileKey()).isEqualTo(st.fileKey());
        try (Fd f = Posix.openRead(d, b("third"))) {
            ByteBuffer buf = ByteBuffer.allocateDirect(100);
            assertThat(Posix.read(f, buf)).isEqualTo(5);
            assertThat(Posix.read(f, buf)).isEqualTo(-1);
        }
        Posix.unlink(d, b("third"));
        assertThat(Posix.stat(d, odd).nlink()).isEqualTo(1);
        Posix.chmod(d, odd, 0640);
        assertThat(Posix.stat(d, odd).mode()).isEqualTo(0640);
    }

    @Test
    void makedevMatchesGlibc() {
        assertThat(Posix.makedev(8, 1)).isEqualTo(0x801L);
        assertThat(Posix.makedev(259, 65536)).isEqualTo(0x10010300L);
    }

    @Test
    void exchangeSwapsTwoDirectoriesAndNoReplaceRefusesEvenAnEmptyOne() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("f"), "new");
        Files.writeString(b.resolve("f"), "old");
        Posix.exchange(a, b);
        assertThat(b.resolve("f")).hasContent("new");
        assertThat(a.resolve("f")).hasContent("old");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Posix.renameNoReplace(a, empty))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("RENAME_NOREPLACE");
        assertThat(a.resolve("f")).hasContent("old");
        Posix.renameNoReplace(a, dir.resolve("c"));
        assertThat(dir.resolve("c/f")).hasContent("old");
        assertThat(a).doesNotExist();
        assertThatThrownBy(() -> Posix.exchange(dir.resolve("c"), dir.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("RENAME_EXCHANGE");
    }

    @Test
    void aFileSystemWithoutTheRenameFlagIsNamedInTheError() {
        // EINVAL cannot be caused here (ext4, xfs, btrfs and tmpfs all exchange); the translation is what is checked
        FileSystemException e = Errors.exception("renameat2(RENAME_EXCHANGE)", Errors.EINVAL, "/s/.staging/build-x", "/s/stable/debian/13");
        assertThat(e.getMessage()).contains("/s/.staging/build-x", "/s/stable/debian/13", "RENAME_EXCHANGE", "EINVAL",
                "file system or kernel may not support this flag");
    }
}
