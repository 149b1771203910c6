package io.osimg.archive.tree;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds, under a directory, a tree holding every kind of entry a root file system has. */
public final class RootfsFixture {

    /** A setcap-style security.capability value (VFS_CAP_REVISION_2, cap_net_raw permitted+effective). */
    public static final byte[] CAPABILITY = HexFormat.of().parseHex("0100000200200000000000000000000000000000");
    /** bytes 0x01, 0xff, 0xfe, a newline and a space in one name */
    public static final byte[] ODD_NAME = {'o', 'd', 'd', 0x01, (byte) 0xff, (byte) 0xfe, '\n', ' ', 'x'};
    public static final Instant BASE = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    private RootfsFixture() {
    }

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static void create(Path root) throws IOException {
        Files.createDirectories(root);
        List<byte[]> dirsPostOrder = new ArrayList<>();
        List<byte[]> others = new ArrayList<>();
        try (Fd r = Posix.openDirectory(root)) {
            file(r, "file.txt", b("hello, world\n"), 0644);
            Posix.setXattr(r, b("file.txt"), "user.x", b("user value"));
            Posix.setXattr(r, b("file.txt"), "trusted.x", new byte[] {0, 1, 2, (byte) 0xff});
            file(r, "empty", new byte[0], 0600);
            file(r, "ping", b("#!/bin/true\n"), 0755);
            Posix.setXattr(r, b("ping"), "security.capability", CAPABILITY);
            file(r, "setuid", b("su"), 04755);
            file(r, "setgid", b("sg"), 02755);
            file(r, "owned70000", b("a"), 0640);
            Posix.chown(r, b("owned70000"), 70000, 80000);
            file(r, "owned3M", b("b"), 0640);
            Posix.chown(r, b("owned3M"), 3_000_000, 3_000_000);
            try (var raf = new RandomAccessFile(root.resolve("holey").toFile(), "rw")) {
                raf.setLength(10L * 1024 * 1024 + 123);
                raf.seek(5L * 1024 * 1024);
                raf.write(b("in the middle of a hole"));
            }
            Posix.symlink(b("file.txt"), r, b("link"));
            Posix.symlink(b("does/not/exist"), r, b("dangling"));
            Posix.symlink(b("/" + "t".repeat(60) + "/" + "u".repeat(80)), r, b("longlink"));
            file(r, "hl1", b("three names, one inode\n"), 0644);
            Posix.link(r, b("hl1"), r, b("hl3"));
            Posix.mkfifo(r, b("fifo"), 0620);
            Posix.mknod(r, b("sock"), FileType.SOCKET, 0755, 0, 0);
            file(r, ODD_NAME, b("odd"), 0644);

            Posix.mkdir(r, b("sub"), 0750);
            Posix.link(r, b("hl1"), r, b("sub/hl2"));
            Posix.mkdir(r, b("tmp"), 0755);
            Posix.mkdir(r, b("dev"), 0755);
            Posix.mknod(r, b("dev/null"), FileType.CHAR_DEVICE, 0666, 1, 3);
            Posix.mknod(r, b("dev/loop200"), FileType.BLOCK_DEVICE, 0660, 7, 200);
            Posix.chmod(r, b("dev/null"), 0666); // mknod applies the umask
            Posix.chmod(r, b("dev/loop200"), 0660);
            Posix.mkdir(r, b("xdir"), 0755);
            Posix.setXattr(r, b("xdir"), "user.dir", b("on a directory"));
            Posix.setXattr(r, b("xdir"), "trusted.dir", b("t"));
            Posix.mkdir(r, b("ro"), 0755);
            file(r, "ro/a", b("a"), 0444);
            file(r, "ro/b", b("b"), 0644);

            // long names: > 100 bytes (fits ustar prefix/name) and > 255 bytes (needs PAX), one with odd bytes
            String d1 = "long-" + "a".repeat(90);
            Posix.mkdir(r, b(d1), 0755);
            file(r, d1 + "/" + "b".repeat(60), b("long 1"), 0644);
            String d2 = d1 + "/" + "c".repeat(200);
            Posix.mkdir(r, b(d2), 0755);
            file(r, d2 + "/" + "d".repeat(120), b("long 2"), 0644);
            byte[] odd = concat(b(d2 + "/e-"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, '\n'});
            Posix.mkdir(r, odd, 0700);
            file(r, concat(odd, b("/f")), b("long odd"), 0644);

            others.addAll(List.of(b("file.txt"), b("empty"), b("ping"), b("setuid"), b("setgid"), b("owned70000"),
                    b("owned3M"), b("holey"), b("link"), b("dangling"), b("longlink"), b("hl1"), b("fifo"),
                    ODD_NAME, b("dev/null"), b("dev/loop200"), b("ro/a"), b("ro/b"), b(d1 + "/" + "b".repeat(60)),
                    b(d2 + "/" + "d".repeat(120)), concat(odd, b("/f"))));
            dirsPostOrder.addAll(List.of(b("sub"), b("tmp"), b("dev"), b("xdir"), b("ro"), concat(odd, new byte[0]),
                    b(d2), b(d1)));
            int i = 0;
            for (byte[] p : others) {
                Posix.setTimes(r, p, BASE, BASE.plusSeconds(i).plusNanos(i * 1000L + 1));
                i++;
            }
            Posix.chmod(r, b("tmp"), 01777);
            Posix.chmod(r, b("ro"), 0555);
            for (byte[] p : dirsPostOrder) {
                Posix.setTimes(r, p, BASE, BASE.plusSeconds(100 + i).plusNanos(i));
                i++;
            }
        }
    }

    private static void file(Fd dir, String name, byte[] content, int mode) throws IOException {
        file(dir, b(name), content, mode);
    }

    private static void file(Fd dir, byte[] name, byte[] content, int mode) throws IOException {
        try (Fd f = Posix.create(dir, name, 0600)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1, content.length));
            buf.put(content).flip();
            Posix.write(f, buf);
            Posix.chmod(f, mode);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
