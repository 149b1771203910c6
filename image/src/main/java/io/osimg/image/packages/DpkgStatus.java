package io.osimg.image.packages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a dpkg status database ({@code var/lib/dpkg/status}) and prints it the way {@code dpkg -l} does
 * when its output is not a terminal: that is what metal-images puts into {@code packages.txt}.
 */
public final class DpkgStatus {

    /** Where the database lies inside a root filesystem. */
    public static final String PATH = "var/lib/dpkg/status";

    private final List<DpkgPackage> packages;

    private DpkgStatus(List<DpkgPackage> packages) {
        this.packages = List.copyOf(packages);
    }

    public List<DpkgPackage> packages() {
        return packages;
    }

    /** Parses the stanzas of a status file; stanzas without a {@code Package:} field are ignored. */
    public static DpkgStatus parse(Reader reader) throws IOException {
        List<DpkgPackage> result = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        Stanza s = new Stanza();
        String field = null;
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null || line.isBlank()) {
                s.finish(result);
                s = new Stanza();
                field = null;
                if (line == null) {
                    break;
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                s.continued(field); // only the first line of Description matters
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            field = line.substring(0, colon);
            s.set(field, line.substring(colon + 1));
        }
        return new DpkgStatus(result);
    }

    /** The text of {@code dpkg -l} (not on a terminal) for this database, byte for byte. */
    public String toDpkgList() {
        List<DpkgPackage> listed = packages.stream()
                .filter(DpkgPackage::listed)
                .sorted(Comparator.comparing(DpkgPackage::name).thenComparing(DpkgPackage::architecture))
                .toList();
        int nw = 14;
        int vw = 12;
        int aw = 12;
        int dw = 33;
        for (DpkgPackage p : listed) {
            nw = Math.max(nw, width(p.displayName()));
            vw = Math.max(vw, width(p.version()));
            aw = Math.max(aw, width(p.architecture()));
            dw = Math.max(dw, width(p.summary()));
        }
        StringBuilder out = new StringBuilder();
        out.append("Desired=Unknown/Install/Remove/Purge/Hold\n");
        out.append("| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n");
        out.append("|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n");
        out.append("||/ ").append(pad("Name", nw)).append(' ').append(pad("Version", vw)).append(' ')
                .append(pad("Architecture", aw)).append(' ').append("Description").append('\n');
        out.append("+++-").append("=".repeat(nw)).append('-').append("=".repeat(vw)).append('-')
                .append("=".repeat(aw)).append('-').append("=".repeat(dw)).append('\n');
        for (DpkgPackage p : listed) {
            out.append(p.statusLetters()).append(' ')
                    .append(pad(p.displayName(), nw)).append(' ')
                    .append(pad(p.version(), vw)).append(' ')
                    .append(pad(p.architecture(), aw)).append(' ')
                    .append(p.summary()).append('\n');
        }
        return out.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String pad(String s, int width) {
        int missing = width - width(s);
        return missing > 0 ? s + " ".repeat(missing) : s;
    }

    private static final class Stanza {
        String name;
        String status = "";
        String version = "";
        String architecture = "";
        boolean multiArchSame;
        String summary = "";
        String descriptionFirstLine;

        void continued(String field) {
            if ("Description".equals(field) && descriptionFirstLine != null) {
                summary = descriptionFirstLine;
            }
        }

        /**
         * dpkg strips the white space around a field's whole value: the first line of a multi-line Description
         * keeps its trailing blanks, a one-line value loses them.
         */
        void set(String field, String raw) {
            String value = raw.strip();
            if (field.equals("Description")) {
                descriptionFirstLine = raw.stripLeading();
            }
            switch (field) {
                case "Package" -> name = value;
                case "Status" -> status = value;
                case "Version" -> version = value;
                case "Architecture" -> architecture = value;
                case "Multi-Arch" -> multiArchSame = value.equals("same");
                case "Description" -> summary = value;
                default -> { }
            }
        }

        void finish(List<DpkgPackage> out) {
            if (name != null) {
                out.add(new DpkgPackage(name, status, version, architecture, multiArchSame, summary));
            }
        }
    }
}
