package io.osimg.image.diff;

import io.osimg.core.packages.PackageDiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code osimg diff}: as text for people ({@link #text()}) and as a map for {@code -o json|yaml}.
 *
 * @param a        image A as named
 * @param b        image B as named
 * @param packages the package comparison, null when not made (an image without a package list)
 * @param files    the tree comparison, null without {@code --files}
 * @param notes    what the reader should know about the comparison
 */
public record DiffReport(String a, String b, PackageDiff packages, FileDiff files, List<String> notes) {

    /** Whether nothing compared differs. */
    public boolean equal() {
        return (packages == null || packages.equal()) && (files == null || files.equal());
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("A: ").append(a).append('\n').append("B: ").append(b).append('\n');
        for (String n : notes) {
            out.append("note: ").append(n).append('\n');
        }
        if (packages != null) {
            out.append("packages (").append(packages.sourceA().equals(packages.sourceB()) ? packages.sourceA()
                    : packages.sourceA() + " / " + packages.sourceB()).append("): ")
                    .append(packages.added().size()).append(" added, ")
                    .append(packages.removed().size()).append(" removed, ")
                    .append(packages.upgraded().size()).append(" upgraded, ")
                    .append(packages.downgraded().size()).append(" downgraded");
            if (!packages.changed().isEmpty()) {
                out.append(", ").append(packages.changed().size()).append(" changed");
            }
            out.append('\n');
            line(out, "added", packages.added());
            line(out, "removed", packages.removed());
            line(out, "upgraded", packages.upgraded());
            line(out, "downgraded", packages.downgraded());
            line(out, "changed", packages.changed());
        }
        if (files != null) {
            out.append("files: ").append(files.added().size()).append(" added, ").append(files.removed().size())
                    .append(" removed, ").append(files.changed().size()).append(" changed\n");
            for (FileDiff.Path p : files.added()) {
                out.append("  added    ").append(p.path()).append(" (").append(p.b().type()).append(")\n");
            }
            for (FileDiff.Path p : files.removed()) {
                out.append("  removed  ").append(p.path()).append(" (").append(p.a().type()).append(")\n");
            }
            for (FileDiff.Path p : files.changed()) {
                out.append("  changed  ").append(p.path()).append(" (").append(describe(p)).append(")\n");
            }
        }
        out.append(equal() ? "equal\n" : "different\n");
        return out.toString();
    }

    private static void line(StringBuilder out, String what, List<PackageDiff.Change> changes) {
        for (PackageDiff.Change c : changes) {
            out.append("  ").append(String.format("%-11s", what)).append(c.name());
            if (!c.architecture().isEmpty()) {
                out.append(':').append(c.architecture());
            }
            out.append(' ');
            if (c.from() != null && c.to() != null) {
                out.append(c.from()).append(" -> ").append(c.to());
            } else {
                out.append(c.from() != null ? c.from() : c.to());
            }
            out.append('\n');
        }
    }

    private static String describe(FileDiff.Path p) {
        List<String> parts = new ArrayList<>();
        for (String d : p.differences()) {
            parts.add(switch (d) {
                case "type" -> "type " + p.a().type() + " -> " + p.b().type();
                case "mode" -> "mode " + p.a().mode() + " -> " + p.b().mode();
                case "owner" -> "owner " + p.a().owner() + " -> " + p.b().owner();
                default -> p.a().type().equals("file") ? "content, " + p.a().size() + " -> " + p.b().size() + " bytes"
                        : "target " + p.a().content() + " -> " + p.b().content();
            });
        }
        return String.join(", ", parts);
    }

    /** The report for {@code -o json|yaml}. */
    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        m.put("equal", equal());
        m.put("notes", notes);
        if (packages != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("source", Map.of("a", packages.sourceA(), "b", packages.sourceB()));
            p.put("packaging", packages.packaging() == null ? null : packages.packaging().purlType());
            p.put("added", packages.added());
            p.put("removed", packages.removed());
            p.put("upgraded", packages.upgraded());
            p.put("downgraded", packages.downgraded());
            p.put("changed", packages.changed());
            m.put("packages", p);
        } else {
            m.put("packages", null);
        }
        if (files != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("added", files.added());
            f.put("removed", files.removed());
            f.put("changed", files.changed());
            m.put("files", f);
        }
        return m;
    }
}
