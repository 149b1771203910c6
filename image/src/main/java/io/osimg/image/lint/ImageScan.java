package io.osimg.image.lint;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
            String link = e.linkTarget() == null ? null : new String(e.linkTarget(), StandardCharsets.UTF_8);
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
     * Resolves {@code path} inside the image root the way the kernel would: component by component, following
     * symlinks in every component (at most 40, like the kernel), hard links to their target.
     */
    Optional<String> resolve(String path) {
        ArrayDeque<String> pending = new ArrayDeque<>(List.of(path.split("/")));
        ArrayList<String> done = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String c = pending.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                }
                continue;
            }
            done.add(c);
            String current = String.join("/", done);
            Node n = nodes.get(current);
            if (n == null) {
                return Optional.empty();
            }
            if (n.type() == EntryType.SYMLINK || (n.type() == EntryType.HARDLINK && pending.isEmpty())) {
                if (++links > 40) {
                    return Optional.empty();
                }
                done.removeLast();
                String target = n.type() == EntryType.HARDLINK ? "/" + normalize(n.link()) : n.link();
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    pending.addFirst(parts[i]);
                }
            }
        }
        String result = String.join("/", done);
        return nodes.containsKey(result) ? Optional.of(result) : Optional.empty();
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    boolean any(Predicate<String> pathTest) {
        return nodes.keySet().stream().anyMatch(pathTest);
    }
}
