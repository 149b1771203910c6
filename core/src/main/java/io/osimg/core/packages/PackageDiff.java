package io.osimg.core.packages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed in the packages from image A to image B: packages added, removed, upgraded and downgraded by the
 * packaging's version order (Debian's for deb, rpmvercmp for RPM). Packages are matched by name; by name and
 * architecture for a name either image has for more than one architecture (multiarch, multilib); by name,
 * architecture and version where either has several versions side by side (RPM's kernels, gpg-pubkey). A version that differs in
 * text but compares equal ({@code 1.0} and {@code 0:1.0}), or two images of different packaging, is
 * {@code changed}.
 */
public record PackageDiff(String sourceA, String sourceB, Packaging packaging, List<Change> added, List<Change> removed,
        List<Change> upgraded, List<Change> downgraded, List<Change> changed) {

    /**
     * One package's change.
     *
     * @param from the version in A, null when added
     * @param to   the version in B, null when removed
     */
    public record Change(String name, String architecture, String from, String to) {
    }

    public boolean equal() {
        return added.isEmpty() && removed.isEmpty() && upgraded.isEmpty() && downgraded.isEmpty() && changed.isEmpty();
    }

    public static PackageDiff of(PackageList a, PackageList b) {
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byArch = new HashMap<>();
        count(a, byName, byArch);
        count(b, byName, byArch);
        Map<String, PackageList.Entry> x = index(a, byName, byArch);
        Map<String, PackageList.Entry> y = index(b, byName, byArch);
        boolean samePackaging = a.packaging() == b.packaging();
        Comparator<String> order = a.packaging().versionOrder();
        List<Change> added = new ArrayList<>();
        List<Change> removed = new ArrayList<>();
        List<Change> upgraded = new ArrayList<>();
        List<Change> downgraded = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (String k : keys) {
            PackageList.Entry p = x.get(k);
            PackageList.Entry q = y.get(k);
            if (p == null) {
                added.add(new Change(q.name(), q.architecture(), null, q.version()));
            } else if (q == null) {
                removed.add(new Change(p.name(), p.architecture(), p.version(), null));
            } else if (!p.version().equals(q.version()) || !p.architecture().equals(q.architecture())) {
                Change c = new Change(q.name(), q.architecture(), p.version(), q.version());
                int cmp = samePackaging ? order.compare(p.version(), q.version()) : 0;
                (cmp < 0 ? upgraded : cmp > 0 ? downgraded : changed).add(c);
            }
        }
        return new PackageDiff(a.source(), b.source(), samePackaging ? a.packaging() : null, added, removed, upgraded,
                downgraded, changed);
    }

    /** The most entries one list has of a name, and of a name and architecture. */
    private static void count(PackageList list, Map<String, Integer> byName, Map<String, Integer> byArch) {
        Map<String, Integer> n = new HashMap<>();
        Map<String, Integer> na = new HashMap<>();
        for (PackageList.Entry e : list.packages()) {
            n.merge(e.name(), 1, Integer::sum);
            na.merge(e.name() + ":" + e.architecture(), 1, Integer::sum);
        }
        n.forEach((k, v) -> byName.merge(k, v, Math::max));
        na.forEach((k, v) -> byArch.merge(k, v, Math::max));
    }

    /** By name; name:arch for names listed more than once; name:arch:version for those listed more than once too. */
    private static Map<String, PackageList.Entry> index(PackageList list, Map<String, Integer> byName,
            Map<String, Integer> byArch) {
        Map<String, PackageList.Entry> m = new TreeMap<>();
        for (PackageList.Entry e : list.packages()) {
            String key = e.name();
            if (byName.get(e.name()) > 1) {
                key = e.name() + ":" + e.architecture();
                if (byArch.get(key) > 1) {
                    key = key + ":" + e.version();
                }
            }
            m.put(key, e);
        }
        return m;
    }
}
