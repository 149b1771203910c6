package io.osimg.archive.tree;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.posix.StatInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything observable about a tree, walked independently of the archiver: path (shown with escapes)
 * to a description, plus the groups of paths sharing one inode.
 */
public final class TreeSnapshot {

    public record Node(FileType type, String mode, long uid, long gid, long size, String sha256, String link,
                String rdev, Map<String, String> xattrs, Instant mtime) {
    }

    public final Map<String, Node> nodes = new TreeMap<>();
    public final Map<StatInfo.FileKey, List<String>> inodes = new TreeMap<>(
            (a, b) -> a.inode() != b.inode() ? Long.compare(a.inode(), b.inode()) : Integer.compare(a.devMinor(), b.devMinor()));

    public static TreeSnapshot of(Path root) throws IOException {
        TreeSnapshot s = new TreeSnapshot();
        try (Fd r = Posix.openDirectory(root)) {
            s.walk(r, "");
        }
        return s;
    }

    /** Hard link groups as sets of paths (inode numbers differ between trees). */
    public List<List<String>> linkGroups() {
        List<List<String>> groups = new ArrayList<>();
        inodes.values().stream().filter(g -> g.size() > 1).map(g -> g.stream().sorted().toList()).forEach(groups::add);
        groups.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return groups;
    }

    private void walk(Fd dir, String prefix) throws IOException {
        for (byte[] name : Posix.list(dir)) {
            String path = prefix + show(name);
            StatInfo st = Posix.stat(dir, name);
            Map<String, String> xattrs = new TreeMap<>();
            Posix.xattrs(dir, name).forEach((k, v) -> xattrs.put(k, HexFormat.of().formatHex(v)));
            String sha = null;
            String link = null;
            if (st.type() == FileType.REGULAR) {
                sha = sha256(dir, name);
            } else if (st.type() == FileType.SYMLINK) {
                link = show(Posix.readlink(dir, name));
            }
            String rdev = st.type() == FileType.CHAR_DEVICE || st.type() == FileType.BLOCK_DEVICE
                    ? st.rdevMajor() + ":" + st.rdevMinor() : null;
            nodes.put(path, new Node(st.type(), Integer.toOctalString(st.mode()), st.uid(), st.gid(),
                    st.type() == FileType.DIRECTORY ? 0 : st.size(), sha, link, rdev, xattrs, st.mtime()));
            if (st.type() != FileType.DIRECTORY) {
                inodes.computeIfAbsent(st.fileKey(), k -> new ArrayList<>()).add(path);
            }
            if (st.type() == FileType.DIRECTORY) {
                try (Fd sub = Posix.openDirectory(dir, name)) {
                    walk(sub, path + "/");
                }
            }
        }
    }

    private static String sha256(Fd dir, byte[] name) throws IOException {
        try (Fd f = Posix.openRead(dir, name)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
            while (Posix.read(f, buf.clear()) > 0) {
                md.update(buf.flip());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String show(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int u = b & 0xff;
            s.append(u >= 0x20 && u < 0x7f && u != '\\' ? String.valueOf((char) u) : String.format("\\x%02x", u));
        }
        return s.toString();
    }
}
