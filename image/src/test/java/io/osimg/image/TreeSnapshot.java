package io.osimg.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything GNU tools say about a tree, one sorted line per entry: type, mode, owner, size, link target, device
 * numbers, mtime, content digest, xattrs and hard-link group. Two trees are the same when their snapshots are.
 */
final class TreeSnapshot {
    private TreeSnapshot() {}

    static Map<String, String> of(Path root, boolean withMtime) throws IOException, InterruptedException {
        Map<String, String> lines = new TreeMap<>();
        Map<String, String> firstNameOfInode = new HashMap<>();
        // %y type, %#m mode, %U uid, %G gid, %s size, %l link, %i inode, %n links, %T@ mtime
        String find = sh(root, "find . -mindepth 1 -printf '%P\\0%y\\0%#m\\0%U\\0%G\\0%s\\0%l\\0%i\\0%n\\0%T@\\0'");
        String[] f = find.split("\0", -1);
        for (int i = 0; i + 9 < f.length; i += 10) {
            String path = f[i];
            String type = f[i + 1];
            StringBuilder sb = new StringBuilder();
            sb.append(type).append(' ').append(f[i + 2]).append(' ').append(f[i + 3]).append(':').append(f[i + 4]);
            if (type.equals("f")) {
                sb.append(" size=").append(f[i + 5]);
                if (Integer.parseInt(f[i + 8]) > 1) {
                    String first = firstNameOfInode.putIfAbsent(f[i + 7], path);
                    sb.append(" linkgroup=").append(first == null ? path : first);
                }
            }
            if (type.equals("l")) {
                sb.append(" -> ").append(f[i + 6]);
            }
            if (withMtime && !type.equals("d")) {
                sb.append(" mtime=").append(f[i + 9]);
            }
            lines.put(path, sb.toString());
        }
        // hard-link groups must name the same first path in both trees whatever order find walked: normalise
        for (var e : new ArrayList<>(lines.entrySet())) {
            String v = e.getValue();
            int at = v.indexOf(" linkgroup=");
            if (at >= 0) {
                String group = v.substring(at + 11);
                String smallest = group;
                for (var g : lines.entrySet()) {
                    if (g.getValue().endsWith(" linkgroup=" + group) && g.getKey().compareTo(smallest) < 0) {
                        smallest = g.getKey();
                    }
                }
                lines.put(e.getKey(), v.substring(0, at) + " linkgroup=" + smallest);
            }
        }
        String devices = sh(root, "find . -mindepth 1 \\( -type c -o -type b \\) -printf '%P\\0' | xargs -0 -r stat -c '%n %t:%T'");
        for (String line : devices.split("\n")) {
            if (!line.isBlank()) {
                int sp = line.lastIndexOf(' ');
                lines.computeIfPresent(line.substring(0, sp), (k, v) -> v + " dev=" + line.substring(sp + 1));
            }
        }
        String sums = sh(root, "find . -mindepth 1 -type f -printf '%P\\0' | xargs -0 -r sha256sum");
        for (String line : sums.split("\n")) {
            if (!line.isBlank()) {
                lines.computeIfPresent(line.substring(66), (k, v) -> v + " sha256=" + line.substring(0, 16));
            }
        }
        String xattrs = sh(root, "getfattr -R -h -d -m - -e hex --absolute-names . 2>/dev/null || true");
        String current = null;
        for (String line : xattrs.split("\n")) {
            if (line.startsWith("# file: ")) {
                current = line.substring(8).replaceFirst("^\\./", "");
            } else if (!line.isBlank() && current != null) {
                lines.computeIfPresent(current, (k, v) -> v + " xattr:" + line);
            }
        }
        return lines;
    }

    static List<String> diff(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        for (var e : expected.entrySet()) {
            String a = actual.get(e.getKey());
            if (!e.getValue().equals(a)) {
                out.add(e.getKey() + ": expected [" + e.getValue() + "] got [" + a + "]");
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                out.add(k + ": unexpected [" + actual.get(k) + "]");
            }
        }
        return out;
    }

    static String sh(Path dir, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("'" + command + "' in " + dir + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
