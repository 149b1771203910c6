package io.osimg.image.diff;

import io.osimg.archive.lz4.Lz4FrameInputStream;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The entries of an image's tar stream ({@code img.tar.lz4}, decoded on the fly, never unpacked), each reduced to
 * what {@code osimg diff --files} compares: type, mode, owner, and content (a file's size and sha256, a link's
 * target, a device's numbers).
 */
final class TreeIndex {

    /** One entry; {@code content} is the sha256 of a file, the target of a link, major:minor of a device, else "". */
    record Node(EntryType type, int mode, long uid, long gid, long size, String content) {
    }

    private TreeIndex() {
    }

    /** Reads the whole stream; the result maps each path (without {@code ./} and trailing {@code /}) to its node. */
    static Map<String, Node> read(InputStream lz4, String what) throws IOException {
        Map<String, Node> nodes = new HashMap<>();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new Lz4FrameInputStream(lz4)) {
            TarReader reader = new TarReader(in);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                String content = switch (e.type()) {
                    case FILE -> {
                        InputStream c = reader.content();
                        for (int n = c.read(buf); n >= 0; n = c.read(buf)) {
                            sha256.update(buf, 0, n);
                        }
                        yield HexFormat.of().formatHex(sha256.digest());
                    }
                    case SYMLINK -> e.linkName();
                    case HARDLINK -> normalise(e.linkName());
                    case CHAR_DEVICE, BLOCK_DEVICE -> e.devMajor() + ":" + e.devMinor();
                    default -> "";
                };
                nodes.put(normalise(e.name()), new Node(e.type(), e.mode(), e.uid(), e.gid(),
                        e.type() == EntryType.FILE ? e.size() : 0, content));
            }
        } catch (IOException e) {
            throw new IOException("reading the tar stream of " + what + ": " + e.getMessage(), e);
        }
        return nodes;
    }

    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.charAt(0) == '/' ? 1 : 2);
        }
        while (n.endsWith("/") && n.length() > 1) {
            n = n.substring(0, n.length() - 1);
        }
        return n.isEmpty() || n.equals(".") ? "." : n;
    }
}
