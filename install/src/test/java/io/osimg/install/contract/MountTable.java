package io.osimg.install.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mount points listed in a {@code /proc/self/mountinfo} file. */
public final class MountTable {

    private MountTable() {
    }

    /** The mount points in {@code mountinfo} at or below {@code dir} (compared by path components), in file order. */
    public static List<Path> mountsUnder(Path mountinfo, Path dir) throws IOException {
        List<Path> under = new ArrayList<>();
        for (Path p : mountPoints(Files.readString(mountinfo, StandardCharsets.ISO_8859_1))) {
            if (p.startsWith(dir)) {
                under.add(p);
            }
        }
        return under;
    }

    /**
     * The mount points (fifth field) of mountinfo text, with the kernel's octal escapes ({@code \040} for a blank)
     * decoded. The text is read as ISO-8859-1 so that every byte survives; names are then decoded as UTF-8.
     */
    static List<Path> mountPoints(String mountinfo) {
        List<Path> points = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    private static String unescape(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
