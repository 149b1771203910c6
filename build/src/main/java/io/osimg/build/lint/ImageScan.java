package io.osimg.build.lint;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What lint needs to know of an image's tree, gathered in one pass over its tar: every entry's type, mode and
 * link, and the first bytes of the few files whose content matters (os-release, install.sh, the dpkg database,
 * kernels).
 */
final class ImageScan {

    /** One entry of the tree. */
    record Node(EntryType type, int mode, long size, String link) {}

    private static final int HEAD_BYTES = 4096;
    private static final int DPKG_LIMIT = 64 << 20;

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, byte[]> contents = new HashMap<>();

    static ImageScan read(InputStream tar) throws IOException {
        ImageScan scan = new ImageScan();
        TarReader reader = new TarReader(tar);
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            String path = normalize(e.name());
            String link = e.linkTarget() == null ? null : new String(e.linkTarget(), java.nio.charset.StandardCharsets.UTF_8);
            scan.nodes.put(path, new Node(e.type(), e.mode(), e.size(), link));
            if (e.type() == EntryType.FILE) {
                int limit = wanted(path);
                if (limit > 0) {
                    scan.contents.put(path, reader.content().readNBytes(limit));
                }
            }
        }
        return scan;
    }

    /** How many bytes of a file's content lint wants, 0 for none. */
    private static int wanted(String path) {
        if (path.equals("var/lib/dpkg/status")) {
            return DPKG_LIMIT;
        }
        if (path.equals("etc/os-release") || path.equals("usr/lib/os-release") || path.equals("install.sh")
                || path.equals("install-go") || path.equals("etc/metal/os-installer.yaml")) {
            return HEAD_BYTES;
        }
        if (path.startsWith("boot/") && path.indexOf('/', 5) < 0) {
            return HEAD_BYTES;
        }
        return 0;
    }

    static String normalize(String name) {
        String p = name;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    Optional<Node> node(String path) {
        return Optional.ofNullable(nodes.get(path));
    }

    Optional<byte[]> content(String path) {
        return Optional.ofNullable(contents.get(path));
    }

    /**
     * Follows symlinks (at most 16) from {@code path} to the entry it names, the way the kernel would inside the
     * image root; hard links resolve to their target.
     */
    Optional<String> resolve(String path) {
        String current = path;
        for (int hops = 0; hops < 16; hops++) {
            Node n = nodes.get(current);
            if (n == null) {
                return Optional.empty();
            }
            if (n.type() == EntryType.SYMLINK) {
                current = join(parent(current), n.link());
            } else if (n.type() == EntryType.HARDLINK) {
                current = normalize(n.link());
            } else {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    boolean any(Predicate<String> pathTest) {
        return nodes.keySet().stream().anyMatch(pathTest);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String dir, String link) {
        String base = link.startsWith("/") ? "" : dir;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String s : (base + "/" + link).split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(s);
            }
        }
        return String.join("/", parts);
    }
}
