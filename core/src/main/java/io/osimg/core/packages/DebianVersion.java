package io.osimg.core.packages;

import java.util.Comparator;

/**
 * Debian's version ordering ({@code dpkg --compare-versions}, Debian Policy 5.6.12): {@code [epoch:]upstream[-revision]};
 * the epoch compares as a number, upstream version and revision by dpkg's {@code verrevcmp}: runs of non-digits
 * compare character by character with letters before everything else and {@code ~} before everything, even the
 * end; runs of digits compare as numbers.
 */
public final class DebianVersion {

    /** The order of Debian version strings. */
    public static final Comparator<String> ORDER = DebianVersion::compare;

    private DebianVersion() {
    }

    /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
    public static int compare(String a, String b) {
        return EpochVersion.compare(a, b, DebianVersion::verrevcmp);
    }

    /** dpkg's weight of a character of a non-digit run; 0 is the end of the string. */
    private static int order(int c) {
        if (isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c) && c < 128) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !isDigit(at(a, i))) || (j < b.length() && !isDigit(at(b, j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (isDigit(at(a, i)) && isDigit(at(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = at(a, i) - at(b, j);
                }
                i++;
                j++;
            }
            if (isDigit(at(a, i))) {
                return 1;
            }
            if (isDigit(at(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
