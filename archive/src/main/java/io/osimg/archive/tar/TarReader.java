package io.osimg.archive.tar;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads ustar, GNU ('L'/'K' long names, base-256 numbers) and PAX tar archives.
 *
 * <p>PAX records understood: {@code path}, {@code linkpath}, {@code uid}, {@code gid}, {@code uname},
 * {@code gname}, {@code size}, {@code mtime}, {@code SCHILY.xattr.*} (raw), {@code LIBARCHIVE.xattr.*}
 * (URL-encoded name, base64 value), {@code SCHILY.devmajor}/{@code devminor}; others ({@code atime},
 * {@code ctime}, ...) are ignored. Global headers ('g') apply to all later entries. GNU sparse files
 * are refused rather than returned with wrong content.
 *
 * <p>The archive ends at the first zero block (or two); the rest of the input is drained so that a
 * digest computed over the stream covers all of it. Leading "./" is kept as it is in the archive.
 */
public final class TarReader implements Closeable {

    private static final int MAX_META = 64 << 20;

    private final InputStream in;
    private static final byte[] USTAR_NUL = "ustar\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] skipBuffer = new byte[64 * 1024];
    private final byte[] block = new byte[TarHeader.BLOCK];
    private final NameCache unames = new NameCache();
    private final NameCache gnames = new NameCache();
    private final Map<String, byte[]> global = new HashMap<>();
    private long offset;
    private long remaining;
    private long padding;
    private TarEntry current;
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** The next entry, or {@code null} at the end of the archive. Skips what is left of the current content. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skip(remaining + padding, current);
        remaining = 0;
        padding = 0;
        current = null;
        Map<String, byte[]> pax = null; // this entry's extended records (global ones are in this.global)
        byte[] longName = null;
        byte[] longLink = null;
        byte[] block = this.block;
        while (true) {
            long headerOffset = offset;
            int n = readFully(block, 0, block.length);
            if (n < block.length) {
                throw truncatedHeader(n, headerOffset);
            }
            if (TarHeader.isZero(block)) {
                endOfArchive();
                return null;
            }
            long stored = number(block, TarHeader.CHKSUM, 8, "checksum", null, headerOffset);
            if (stored != TarHeader.unsignedSum(block) && stored != TarHeader.signedSum(block)) {
                throw new TarFormatException("reading tar entry " + shownName(block) + " at byte offset " + headerOffset
                        + ": bad header checksum (stored " + stored + ", computed " + TarHeader.unsignedSum(block) + ")");
            }
            long size = number(block, TarHeader.SIZE, 12, "size", null, headerOffset);
            if (size < 0) {
                throw new TarFormatException("reading tar entry " + shownName(block) + " at byte offset " + headerOffset
                        + ": negative size " + size);
            }
            char flag = (char) (block[TarHeader.TYPEFLAG] & 0xff);
            switch (flag) {
                case 'x' -> pax = overlay(pax, parsePax(readMeta(size, block, headerOffset), block, headerOffset));
                case 'g' -> {
                    Map<String, byte[]> g = parsePax(readMeta(size, block, headerOffset), block, headerOffset);
                    global.putAll(g);
                    pax = overlay(pax, g);
                }
                case 'L' -> longName = trimNul(readMeta(size, block, headerOffset));
                case 'K' -> longLink = trimNul(readMeta(size, block, headerOffset));
                default -> {
                    Map<String, byte[]> records = pax == null ? global : global.isEmpty() ? pax : overlay(new HashMap<>(global), pax);
                    long realSize = paxNumber(records, "size", size, null, block, headerOffset);
                    current = entry(block, flag, realSize, records, longName, longLink, headerOffset);
                    remaining = realSize;
                    padding = (TarHeader.BLOCK - remaining % TarHeader.BLOCK) % TarHeader.BLOCK;
                    return current;
                }
            }
        }
    }

    /** {@code base} (created if null) with {@code more} put over it. */
    private static Map<String, byte[]> overlay(Map<String, byte[]> base, Map<String, byte[]> more) {
        if (base == null) {
            return more;
        }
        base.putAll(more);
        return base;
    }

    private TarEntry entry(byte[] h, char flag, long size, Map<String, byte[]> pax, byte[] longName, byte[] longLink,
                           long at) throws IOException {
        EntryType type = switch (flag) {
            case '0', '\0', '7' -> EntryType.FILE;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '3' -> EntryType.CHAR_DEVICE;
            case '4' -> EntryType.BLOCK_DEVICE;
            case '5' -> EntryType.DIRECTORY;
            case '6' -> EntryType.FIFO;
            default -> throw new TarFormatException("reading tar entry " + shownName(h) + " at byte offset " + at
                    + ": unsupported entry type '" + (flag >= 0x20 && flag < 0x7f ? String.valueOf(flag) : "\\x" + Integer.toHexString(flag)) + "'");
        };
        boolean hasPax = !pax.isEmpty();
        if (hasPax) {
            for (String key : pax.keySet()) {
                if (key.startsWith("GNU.sparse.")) {
                    throw new TarFormatException("reading tar entry " + shownName(h) + " at byte offset " + at
                            + ": GNU sparse files are not supported");
                }
            }
        }
        boolean gnu = TarHeader.hasMagic(h, TarHeader.GNU_MAGIC);
        boolean ustar = TarHeader.hasMagic(h, TarHeader.USTAR_MAGIC) || TarHeader.hasMagic(h, USTAR_NUL);
        byte[] path = hasPax ? value(pax, "path") : null;
        if (path == null) {
            path = longName;
        }
        if (path == null) {
            path = headerPath(h, ustar && !gnu);
        }
        if (type == EntryType.FILE && flag == '\0' && path.length > 0 && path[path.length - 1] == '/') {
            type = EntryType.DIRECTORY; // pre-POSIX archives mark directories by the slash only
        }
        byte[] link = null;
        if (type == EntryType.SYMLINK || type == EntryType.HARDLINK) {
            link = hasPax ? value(pax, "linkpath") : null;
            if (link == null) {
                link = longLink;
            }
            if (link == null) {
                link = TarHeader.getBytes(h, TarHeader.LINKNAME, TarHeader.LINKNAME_LEN);
            }
        }
        int mode = (int) (number(h, TarHeader.MODE, 8, "mode", path, at) & 07777);
        long uid = number(h, TarHeader.UID, 8, "uid", path, at);
        long gid = number(h, TarHeader.GID, 8, "gid", path, at);
        Instant mtime = Instant.ofEpochSecond(number(h, TarHeader.MTIME, 12, "mtime", path, at));
        String uname = "";
        String gname = "";
        if (ustar || gnu) {
            uname = unames.decode(h, TarHeader.UNAME, TarHeader.NAME_FIELD_LEN);
            gname = gnames.decode(h, TarHeader.GNAME, TarHeader.NAME_FIELD_LEN);
        }
        Map<String, byte[]> xattrs = Map.of();
        if (hasPax) {
            uid = paxNumber(pax, "uid", uid, path, h, at);
            gid = paxNumber(pax, "gid", gid, path, h, at);
            byte[] paxMtime = value(pax, "mtime");
            if (paxMtime != null) {
                Instant simple = simpleTime(paxMtime); // the usual case, without the message's name
                mtime = simple != null ? simple : paxTime(paxMtime, shownPath(path, h), at);
            }
            uname = text(pax, "uname", uname);
            gname = text(pax, "gname", gname);
            xattrs = xattrs(pax, path, h, at);
        }
        int major = 0;
        int minor = 0;
        if (type == EntryType.CHAR_DEVICE || type == EntryType.BLOCK_DEVICE) {
            major = (int) paxNumber(pax, "SCHILY.devmajor", number(h, TarHeader.DEVMAJOR, 8, "devmajor", path, at), path, h, at);
            minor = (int) paxNumber(pax, "SCHILY.devminor", number(h, TarHeader.DEVMINOR, 8, "devminor", path, at), path, h, at);
        }
        try {
            return new TarEntry(path, type, mode, uid, gid, uname, gname, size, mtime, link, major, minor, xattrs);
        } catch (IllegalArgumentException bad) {
            throw new TarFormatException("reading tar entry " + shownPath(path, h) + " at byte offset " + at + ": "
                    + bad.getMessage(), bad);
        }
    }

    /** The name and (ustar) prefix fields joined. */
    private static byte[] headerPath(byte[] h, boolean withPrefix) {
        byte[] name = TarHeader.getBytes(h, TarHeader.NAME, TarHeader.NAME_LEN);
        if (!withPrefix || h[TarHeader.PREFIX] == 0) {
            return name;
        }
        byte[] prefix = TarHeader.getBytes(h, TarHeader.PREFIX, TarHeader.PREFIX_LEN);
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
    }

    private static Map<String, byte[]> xattrs(Map<String, byte[]> pax, byte[] path, byte[] h, long at)
            throws TarFormatException {
        Map<String, byte[]> xattrs = null;
        for (var r : pax.entrySet()) {
            String key = r.getKey();
            if (key.startsWith("SCHILY.xattr.")) {
                xattrs = xattrs == null ? new TreeMap<>() : xattrs;
                xattrs.put(key.substring("SCHILY.xattr.".length()), r.getValue());
            } else if (key.startsWith("LIBARCHIVE.xattr.") && r.getValue().length > 0) {
                xattrs = xattrs == null ? new TreeMap<>() : xattrs;
                try {
                    xattrs.put(urlDecode(key.substring("LIBARCHIVE.xattr.".length())),
                            Base64.getDecoder().decode(padBase64(r.getValue())));
                } catch (IllegalArgumentException bad) {
                    throw new TarFormatException("reading tar entry " + shownPath(path, h) + " at byte offset " + at
                            + ": bad PAX record " + key + ": " + bad.getMessage(), bad);
                }
            }
        }
        return xattrs == null ? Map.of() : xattrs;
    }

    /** The content of the entry {@link #next()} returned last: its {@code size} bytes. */
    public InputStream content() {
        if (current == null) {
            throw new IllegalStateException("no current tar entry");
        }
        TarEntry entry = current;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (current != entry || remaining == 0) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new TarFormatException("reading tar entry " + entry.name() + ": archive truncated at byte offset "
                            + offset + " with " + remaining + " content bytes missing");
                }
                offset += n;
                remaining -= n;
                return n;
            }

            @Override
            public int available() throws IOException {
                return current != entry ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.min(remaining, in.available()));
            }
        };
    }

    private void endOfArchive() throws IOException {
        ended = true;
        current = null;
        // drain: a second zero block, the record padding, anything after
        while (in.read(skipBuffer) >= 0) {
            // discard
        }
    }

    private void skip(long count, TarEntry entry) throws IOException {
        while (count > 0) {
            int n = in.read(skipBuffer, 0, (int) Math.min(count, skipBuffer.length));
            if (n < 0) {
                throw new TarFormatException("reading tar entry " + (entry == null ? "?" : entry.name())
                        + ": archive truncated at byte offset " + offset + " with " + count + " content bytes missing");
            }
            offset += n;
            count -= n;
        }
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        offset += total;
        return total;
    }

    private byte[] readMeta(long size, byte[] h, long at) throws IOException {
        if (size > MAX_META) {
            throw new TarFormatException("reading tar entry " + shownName(h) + " at byte offset " + at
                    + ": extended header of " + size + " bytes is implausibly large");
        }
        long padded = (size + TarHeader.BLOCK - 1) / TarHeader.BLOCK * TarHeader.BLOCK;
        byte[] data = new byte[(int) padded];
        int n = readFully(data, 0, data.length);
        if (n < data.length) {
            throw new TarFormatException("reading tar entry " + shownName(h) + " at byte offset " + at
                    + ": archive truncated at byte offset " + offset + " inside an extended header");
        }
        return padded == size ? data : Arrays.copyOf(data, (int) size);
    }

    private TarFormatException truncatedHeader(int n, long at) {
        return new TarFormatException("reading tar header at byte offset " + at + ": " + (n == 0
                ? "archive truncated (no end-of-archive marker)"
                : "archive truncated after " + n + " of 512 header bytes"));
    }

    /** The header's name field, printable, for messages. */
    private static String shownName(byte[] h) {
        return TarEntry.show(TarHeader.getBytes(h, TarHeader.NAME, TarHeader.NAME_LEN));
    }

    /** The entry's full path, printable, for messages; the header's name field while the path is not known. */
    private static String shownPath(byte[] path, byte[] h) {
        return path == null ? shownName(h) : TarEntry.show(path);
    }

    private static Map<String, byte[]> parsePax(byte[] data, byte[] h, long at) throws TarFormatException {
        try {
            return PaxRecords.parse(data);
        } catch (IllegalArgumentException bad) {
            throw new TarFormatException("reading PAX header " + shownName(h) + " at byte offset " + at + ": "
                    + bad.getMessage(), bad);
        }
    }

    /** A numeric header field; {@code path} (or, while null, the header's name) names the entry in messages. */
    private static long number(byte[] h, int offset, int width, String field, byte[] path, long at)
            throws TarFormatException {
        try {
            return TarHeader.getNumber(h, offset, width);
        } catch (NumberFormatException bad) {
            throw new TarFormatException("reading tar entry " + shownPath(path, h) + " at byte offset " + at + ": bad "
                    + field + " field: " + bad.getMessage(), bad);
        }
    }

    private static byte[] value(Map<String, byte[]> pax, String key) {
        byte[] v = pax.get(key);
        return v == null || v.length == 0 ? null : v;
    }

    private static long paxNumber(Map<String, byte[]> pax, String key, long fallback, byte[] path, byte[] h, long at)
            throws TarFormatException {
        byte[] v = pax.isEmpty() ? null : value(pax, key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(new String(v, StandardCharsets.US_ASCII));
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException bad) {
            throw new TarFormatException("reading tar entry " + shownPath(path, h) + " at byte offset " + at + ": bad PAX "
                    + key + " '" + TarEntry.show(v) + "'", bad);
        }
    }

    private static String text(Map<String, byte[]> pax, String key, String fallback) {
        byte[] v = pax.get(key);
        return v == null ? fallback : new String(v, StandardCharsets.UTF_8);
    }

    static Instant paxTime(byte[] value, String shown, long at) throws TarFormatException {
        Instant simple = simpleTime(value);
        if (simple != null) {
            return simple;
        }
        try {
            BigDecimal d = new BigDecimal(new String(value, StandardCharsets.US_ASCII));
            BigDecimal seconds = d.setScale(0, RoundingMode.FLOOR);
            long nanos = d.subtract(seconds).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
        } catch (NumberFormatException | ArithmeticException | DateTimeException bad) {
            throw new TarFormatException("reading tar entry " + shown + " at byte offset " + at + ": bad PAX mtime '"
                    + TarEntry.show(value) + "'", bad);
        }
    }

    /** {@code SECONDS[.FRACTION]} with at most 18 digits of seconds, without a sign; else {@code null}. */
    private static Instant simpleTime(byte[] v) {
        int i = 0;
        long seconds = 0;
        while (i < v.length && v[i] >= '0' && v[i] <= '9') {
            seconds = seconds * 10 + (v[i] - '0');
            i++;
        }
        if (i == 0 || i > 18) {
            return null;
        }
        long nanos = 0;
        if (i < v.length) {
            if (v[i] != '.' || i + 1 == v.length) {
                return null;
            }
            int digits = 0;
            for (i++; i < v.length; i++, digits++) {
                if (v[i] < '0' || v[i] > '9') {
                    return null;
                }
                if (digits < 9) {
                    nanos = nanos * 10 + (v[i] - '0');
                }
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Decodes a header's user or group name, reusing the string when it is the same as last time. */
    private static final class NameCache {
        private byte[] bytes = new byte[0];
        private String text = "";

        String decode(byte[] h, int offset, int width) {
            int end = offset;
            while (end < offset + width && h[end] != 0) {
                end++;
            }
            if (!Arrays.equals(h, offset, end, bytes, 0, bytes.length)) {
                bytes = Arrays.copyOfRange(h, offset, end);
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            return text;
        }
    }

    private static byte[] trimNul(byte[] data) {
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(data, end);
    }

    private static byte[] padBase64(byte[] v) {
        int pad = (4 - v.length % 4) % 4;
        byte[] padded = Arrays.copyOf(v, v.length + pad);
        for (int i = v.length; i < padded.length; i++) {
            padded[i] = '=';
        }
        return padded;
    }

    private static String urlDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length) {
                out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
