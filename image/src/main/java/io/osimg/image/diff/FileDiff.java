package io.osimg.image.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paths whose type, mode, owner or content differ between two images' trees (modification times are not
 * compared: every build has its own).
 */
public record FileDiff(List<Path> added, List<Path> removed, List<Path> changed) {

    /**
     * One path.
     *
     * @param differences what differs: {@code type}, {@code mode}, {@code owner}, {@code content}; empty for added
     *                    and removed paths
     * @param a           the path in A (null when added): type, mode (octal), uid:gid, size, content
     * @param b           the path in B (null when removed)
     */
    public record Path(String path, List<String> differences, Node a, Node b) {
    }

    /** What a diff shows of one entry. */
    public record Node(String type, String mode, String owner, long size, String content) {
        static Node of(TreeIndex.Node n) {
            return n == null ? null : new Node(n.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    String.format("%04o", n.mode()), n.uid() + ":" + n.gid(), n.size(), n.content());
        }
    }

    public boolean equal() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    static FileDiff of(Map<String, TreeIndex.Node> a, Map<String, TreeIndex.Node> b) {
        List<Path> added = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        List<Path> changed = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        for (String p : paths) {
            TreeIndex.Node x = a.get(p);
            TreeIndex.Node y = b.get(p);
            if (x == null) {
                added.add(new Path(p, List.of(), null, Node.of(y)));
            } else if (y == null) {
                removed.add(new Path(p, List.of(), Node.of(x), null));
            } else {
                List<String> d = new ArrayList<>();
                if (x.type() != y.type()) {
                    d.add("type");
                }
                if (x.mode() != y.mode()) {
                    d.add("mode");
                }
                if (x.uid() != y.uid() || x.gid() != y.gid()) {
                    d.add("owner");
                }
                if (x.type() == y.type() && (x.size() != y.size() || !x.content().equals(y.content()))) {
                    d.add("content");
                }
                if (!d.isEmpty()) {
                    changed.add(new Path(p, List.copyOf(d), Node.of(x), Node.of(y)));
                }
            }
        }
        return new FileDiff(added, removed, changed);
    }
}
