package io.osimg.install;

import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.store.ImageFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

/** Small root filesystem images built in the tests: a tar written with TarWriter, LZ4 framed, with checksum files. */
final class TestImages {

    static final Instant MTIME = Instant.parse("2026-11-20T10:00:00Z");
    static final String MOTD = "osimg test image\n";

    private TestImages() {
    }

    /**
     * A tree with a setuid binary owned by root, a file owned by 1000:1000, a symlink, a hard link, an
     * install.sh that writes a marker, and {@code bigBytes} of random data in {@code /var/big.bin}.
     */
    static byte[] tar(int bigBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(out)) {
            dir(tar, "etc", 0755, 0, 0);
            dir(tar, "etc/metal", 0755, 0, 0);
            dir(tar, "usr", 0755, 0, 0);
            dir(tar, "usr/bin", 0755, 0, 0);
            dir(tar, "home", 0755, 0, 0);
            dir(tar, "home/metal", 0700, 1000, 1000);
            dir(tar, "var", 0755, 0, 0);
            file(tar, "etc/motd", 0644, 0, 0, MOTD.getBytes(StandardCharsets.UTF_8));
            file(tar, "usr/bin/su", 04755, 0, 0, "#!/bin/sh\necho su\n".getBytes(StandardCharsets.UTF_8));
            file(tar, "home/metal/.profile", 0600, 1000, 1000, "export PS1='$ '\n".getBytes(StandardCharsets.UTF_8));
            file(tar, "install.sh", 0755, 0, 0, "#!/bin/sh\ntouch /installed-marker\n".getBytes(StandardCharsets.UTF_8));
            file(tar, "var/big.bin", 0640, 0, 4, random(bigBytes, 42));
            tar.write(TarEntry.builder("etc/issue", EntryType.SYMLINK).mode(0777).linkTarget("motd").mtime(MTIME).build(), null);
            tar.write(TarEntry.builder("usr/bin/su-link", EntryType.HARDLINK).mode(04755).linkTarget("usr/bin/su").mtime(MTIME).build(), null);
            tar.finish();
        }
        return out.toByteArray();
    }

    static byte[] lz4(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream lz = new Lz4FrameOutputStream(out, Lz4Options.defaults().withLevel(1))) {
            lz.write(plain);
        }
        return out.toByteArray();
    }

    /** Writes img.tar.lz4, .md5 and (when asked) .sha512 into {@code dir}; returns the md5. */
    static String publish(Path dir, byte[] image, boolean sha512) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ImageFiles.IMAGE), image);
        String md5 = hex("MD5", image);
        Files.writeString(dir.resolve(ImageFiles.MD5), ChecksumFile.format(DigestAlgorithm.MD5, md5, ImageFiles.IMAGE));
        if (sha512) {
            Files.writeString(dir.resolve(ImageFiles.SHA512),
                    ChecksumFile.format(DigestAlgorithm.SHA512, hex("SHA-512", image), ImageFiles.IMAGE));
        }
        return md5;
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void dir(TarWriter tar, String path, int mode, int uid, int gid) throws IOException {
        tar.write(TarEntry.builder(path, EntryType.DIRECTORY).mode(mode).owner(uid, gid).mtime(MTIME).build(), null);
    }

    private static void file(TarWriter tar, String path, int mode, int uid, int gid, byte[] content) throws IOException {
        tar.write(TarEntry.builder(path, EntryType.FILE).mode(mode).owner(uid, gid).size(content.length).mtime(MTIME).build(),
                new ByteArrayInputStream(content));
    }
}
