package io.osimg.archive.tar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Field layout and number coding of the 512-byte ustar header block (POSIX.1-1988 plus GNU base-256). */
final class TarHeader {

    static final int BLOCK = 512;

    static final int NAME = 0;
    static final int NAME_LEN = 100;
    static final int MODE = 100;
    static final int UID = 108;
    static final int GID = 116;
    static final int SIZE = 124;
    static final int MTIME = 136;
    static final int CHKSUM = 148;
    static final int TYPEFLAG = 156;
    static final int LINKNAME = 157;
    static final int LINKNAME_LEN = 100;
    static final int MAGIC = 257;
    static final int UNAME = 265;
    static final int GNAME = 297;
    static final int NAME_FIELD_LEN = 32;
    static final int DEVMAJOR = 329;
    static final int DEVMINOR = 337;
    static final int PREFIX = 345;
    static final int PREFIX_LEN = 155;

    /** Largest value of an octal field of {@code width} bytes (one byte is the terminator). */
    static long maxOctal(int width) {
        return (1L << (3 * (width - 1))) - 1;
    }

    static final byte[] USTAR_MAGIC = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GNU_MAGIC = "ustar  \u0000".getBytes(StandardCharsets.US_ASCII);

    private TarHeader() {
    }

    static void putBytes(byte[] block, int offset, int width, byte[] value) {
        System.arraycopy(value, 0, block, offset, Math.min(width, value.length));
    }

    /** Zero-padded octal with a NUL terminator; the value must fit. */
    static void putOctal(byte[] block, int offset, int width, long value) {
        if (value < 0 || value > maxOctal(width)) {
            throw new IllegalArgumentException("value " + value + " does not fit an octal field of " + width + " bytes");
        }
        for (int i = offset + width - 2; i >= offset; i--) {
            block[i] = (byte) ('0' + (value & 7));
            value >>>= 3;
        }
        block[offset + width - 1] = 0;
    }

    /** Computes and stores the checksum of a complete header. */
    static void putChecksum(byte[] block) {
        Arrays.fill(block, CHKSUM, CHKSUM + 8, (byte) ' ');
        long sum = unsignedSum(block);
        putOctal(block, CHKSUM, 7, sum);
        block[CHKSUM + 7] = ' ';
    }

    static long unsignedSum(byte[] block) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= CHKSUM && i < CHKSUM + 8) ? ' ' : (block[i] & 0xff);
        }
        return sum;
    }

    static long signedSum(byte[] block) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= CHKSUM && i < CHKSUM + 8) ? ' ' : block[i];
        }
        return sum;
    }

    static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of a NUL-terminated (or full-width) string field. */
    static byte[] getBytes(byte[] block, int offset, int width) {
        int end = offset;
        while (end < offset + width && block[end] != 0) {
            end++;
        }
        return Arrays.copyOfRange(block, offset, end);
    }

    static String getString(byte[] block, int offset, int width) {
        return new String(getBytes(block, offset, width), StandardCharsets.UTF_8);
    }

    static boolean hasMagic(byte[] block, byte[] magic) {
        return Arrays.equals(block, MAGIC, MAGIC + magic.length, magic, 0, magic.length);
    }

    /**
     * A numeric field: octal digits with optional leading spaces, ended by space or NUL, or GNU base-256
     * (first byte 0x80 positive, 0xff negative, big-endian).
     *
     * @throws NumberFormatException naming the problem; the caller adds entry and offset
     */
    static long getNumber(byte[] block, int offset, int width) {
        int first = block[offset] & 0xff;
        if (first == 0x80 || first == 0xff) {
            long value = first == 0xff ? -1 : 0;
            for (int i = offset + 1; i < offset + width; i++) {
                if (first == 0x80 && (value >>> 55) != 0) {
                    throw new NumberFormatException("base-256 number too large");
                }
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        int i = offset;
        int end = offset + width;
        while (i < end && block[i] == ' ') {
            i++;
        }
        long value = 0;
        for (; i < end && block[i] != 0 && block[i] != ' '; i++) {
            int d = block[i] - '0';
            if (d < 0 || d > 7) {
                throw new NumberFormatException("bad octal digit '" + printable(block[i]) + "'");
            }
            value = (value << 3) | d;
        }
        return value;
    }

    private static String printable(byte b) {
        int u = b & 0xff;
        return u >= 0x20 && u < 0x7f ? String.valueOf((char) u) : String.format("\\x%02x", u);
    }
}
