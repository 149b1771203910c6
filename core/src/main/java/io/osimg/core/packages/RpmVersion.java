package io.osimg.core.packages;

import java.util.Comparator;

/**
 * RPM's version ordering: {@code [epoch:]version[-release]}, the epoch as a number (absent: 0), version and release
 * by {@code rpmvercmp}: the strings are cut into runs of digits and runs of letters (everything else only separates
 * them); digit runs compare as numbers and are newer than letter runs; letter runs compare as ASCII; {@code ~} sorts
 * before everything, even the end, and {@code ^} after the end but before anything else.
 */
public final class RpmVersion {

    /** The order of RPM {@code [epoch:]version-release} strings. */
    public static final Comparator<String> ORDER = RpmVersion::compare;

    private RpmVersion() {
    }

    /** Compares two {@code [epoch:]version[-release]} strings: negative, zero or positive. */
    public static int compare(String a, String b) {
        return EpochVersion.compare(a, b, RpmVersion::rpmvercmp);
    }

    /** {@code rpmvercmp(a, b)}: -1, 0 or 1. */
    public static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !isAlnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !isAlnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            int ca = at(a, i);
            int cb = at(b, j);
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) {
                    return -1;
                }
                if (cb == 0) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) {
                break;
            }
            int ei = i;
            int ej = j;
            boolean numeric = isDigit(ca);
            if (numeric) {
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
            } else {
                while (ei < a.length() && isAlpha(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isAlpha(b.charAt(ej))) {
                    ej++;
                }
            }
            if (ej == j) {
                // the segments are of different kinds: a number is newer than letters
                return numeric ? 1 : -1;
            }
            String sa = a.substring(i, ei);
            String sb = b.substring(j, ej);
            if (numeric) {
                sa = stripZeros(sa);
                sb = stripZeros(sb);
                if (sa.length() != sb.length()) {
                    return sa.length() > sb.length() ? 1 : -1;
                }
            }
            int c = sa.compareTo(sb);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
            i = ei;
            j = ej;
        }
        boolean endA = i >= a.length();
        boolean endB = j >= b.length();
        if (endA && endB) {
            return 0;
        }
        return endA ? -1 : 1;
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == '0') {
            k++;
        }
        return s.substring(k);
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(int c) {
        return isDigit(c) || isAlpha(c);
    }
}
