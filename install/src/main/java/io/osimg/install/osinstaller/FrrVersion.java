package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FRR version of the image, which a firewall's frr.conf depends on (FRR 10 and later get
 * {@code no bgp enforce-first-as} in the VRFs). As os-installer: the line "Integrated shell for FRR (version X.Y.Z)."
 * of the image's {@code vtysh -h}, run in the target. An image without {@code vtysh} on its path (os-installer fails
 * there) is read from its package database: the {@code frr} package installed according to
 * {@code /var/lib/dpkg/status}.
 */
final class FrrVersion {

    static final String DPKG_STATUS = "var/lib/dpkg/status";
    private static final Pattern VTYSH = Pattern.compile("Integrated shell for FRR \\(version ([^)]+)\\)\\.");
    private static final Pattern SEMVER = Pattern.compile("v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?.*");

    /** A version: its major and minor number and the text it was read from. */
    record Version(int major, int minor, String text) {
    }

    private FrrVersion() {
    }

    /** The target's FRR version. */
    static Version of(OsTarget target) throws IOException {
        if (target.hasProgram("vtysh")) {
            String out = target.chroot().run("vtysh", "-h");
            return fromVtyshHelp(out);
        }
        if (target.isFile(DPKG_STATUS)) {
            Version v = fromDpkgStatus(target.read(DPKG_STATUS));
            if (v != null) {
                return v;
            }
        }
        throw new IOException("unable to detect frr version: the image has no vtysh and /" + DPKG_STATUS
                + " has no installed frr package (a firewall needs FRR)");
    }

    /** The version in {@code vtysh -h}'s output. */
    static Version fromVtyshHelp(String output) throws IOException {
        for (String line : output.split("\n", -1)) {
            Matcher m = VTYSH.matcher(line);
            if (m.find()) {
                return parse(m.group(1), "vtysh -h");
            }
        }
        throw new IOException("unable to detect frr version: vtysh -h printed no line 'Integrated shell for FRR "
                + "(version X.Y.Z).'");
    }

    /** The version of the installed {@code frr} package in a dpkg status file, null when there is none. */
    static Version fromDpkgStatus(String status) throws IOException {
        for (String stanza : status.split("\n\n")) {
            String pkg = null;
            String state = null;
            String version = null;
            for (String line : stanza.split("\n")) {
                if (line.startsWith("Package: ")) {
                    pkg = line.substring(9).strip();
                } else if (line.startsWith("Status: ")) {
                    state = line.substring(8).strip();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).strip();
                }
            }
            if ("frr".equals(pkg) && state != null && state.endsWith(" installed") && version != null) {
                int colon = version.indexOf(':');
                return parse(colon >= 0 ? version.substring(colon + 1) : version, "/" + DPKG_STATUS);
            }
        }
        return null;
    }

    private static Version parse(String text, String source) throws IOException {
        Matcher m = SEMVER.matcher(text.strip());
        if (!m.matches()) {
            throw new IOException("unable to parse frr version '" + text + "' (from " + source + ")");
        }
        return new Version(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                text.strip());
    }
}
