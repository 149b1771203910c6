package io.osimg.archive.tar;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes POSIX.1-2001 (PAX) tar archives that GNU tar {@code --xattrs} and libarchive read back exactly.
 *
 * <p>Every entry gets a ustar header. What ustar cannot hold goes into a PAX extended header ('x')
 * before it: paths that do not fit the 100-byte name plus 155-byte prefix, link targets over 100
 * bytes, owners beyond {@code 07777777}, sizes of 8 GiB and more, mtimes with a fraction of a second
 * or outside the octal range, long user/group names, device numbers beyond {@code 07777777}
 * ({@code SCHILY.devmajor}/{@code devminor}) and every extended attribute as
 * {@code SCHILY.xattr.<name>} (raw value, the form GNU tar and libarchive read). Names are written as
 * the raw bytes they are; the PAX header's own name is {@code ./PaxHeaders/<base name>} so that the
 * output depends only on the entries.
 *
 * <p>{@link #finish()} writes the two zero blocks of the end-of-archive marker and pads the archive to a
 * multiple of 10240 bytes, GNU tar's default record size (blocking factor 20), so {@code tar} reading
 * from a pipe sees whole records.
 *
 * <p>Not thread-safe. After an exception the archive is incomplete and must be discarded.
 */
public final class TarWriter implements Closeable {

    /** GNU tar's default record size: the archive length is a multiple of it. */
    public static final int RECORD_SIZE = 10240;

    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private long written;
    private boolean finished;
    private boolean closed;

    public TarWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Writes {@code e} and, for a {@link EntryType#FILE}, exactly {@code e.size()} bytes of {@code data}.
     *
     * @param data the content of a file entry; {@code null} for every other type
     * @throws IOException if {@code data} ends before {@code e.size()} bytes, naming the entry
     */
    public void write(TarEntry e, InputStream data) throws IOException {
        Objects.requireNonNull(e, "entry");
        if (finished) {
            throw new IllegalStateException("writing tar entry " + e.name() + ": archive already finished");
        }
        if (e.type() == EntryType.FILE) {
            Objects.requireNonNull(data, () -> "writing tar entry " + e.name() + ": no data for a file");
        } else if (e.size() != 0) {
            throw new IllegalArgumentException("writing tar entry " + e.name() + ": a " + e.type() + " has no content but size " + e.size());
        }
        byte[] header = new byte[TarHeader.BLOCK];
        byte[] pax = fillHeader(header, e);
        if (pax != null) {
            writePaxHeader(e, pax);
        }
        put(header, 0, header.length);
        if (e.type() == EntryType.FILE) {
            copy(e, data);
        }
    }

    /** Fills the ustar header of {@code e}; returns the PAX records it needs, or {@code null}. */
    private static byte[] fillHeader(byte[] h, TarEntry e) {
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        byte[] path = e.path();
        int split = ustarSplit(path);
        if (split == -1) {
            PaxRecords.append(pax, "path", path);
            TarHeader.putBytes(h, TarHeader.NAME, TarHeader.NAME_LEN, path);
        } else if (split == 0) {
            TarHeader.putBytes(h, TarHeader.NAME, TarHeader.NAME_LEN, path);
        } else {
            TarHeader.putBytes(h, TarHeader.PREFIX, TarHeader.PREFIX_LEN, Arrays.copyOfRange(path, 0, split));
            TarHeader.putBytes(h, TarHeader.NAME, TarHeader.NAME_LEN, Arrays.copyOfRange(path, split + 1, path.length));
        }
        byte[] link = e.linkTarget();
        if (link != null) {
            if (link.length > TarHeader.LINKNAME_LEN) {
                PaxRecords.append(pax, "linkpath", link);
            }
            TarHeader.putBytes(h, TarHeader.LINKNAME, TarHeader.LINKNAME_LEN, link);
        }
        TarHeader.putOctal(h, TarHeader.MODE, 8, e.mode());
        putNumber(h, TarHeader.UID, 8, e.uid(), "uid", pax);
        putNumber(h, TarHeader.GID, 8, e.gid(), "gid", pax);
        putNumber(h, TarHeader.SIZE, 12, e.size(), "size", pax);
        Instant t = e.mtime();
        long seconds = t.getEpochSecond();
        if (t.getNano() != 0 || seconds < 0 || seconds > TarHeader.maxOctal(12)) {
            PaxRecords.append(pax, "mtime", paxTime(t));
        }
        TarHeader.putOctal(h, TarHeader.MTIME, 12, clampOctal(seconds, 12));
        h[TarHeader.TYPEFLAG] = (byte) e.type().flag();
        TarHeader.putBytes(h, TarHeader.MAGIC, 8, TarHeader.USTAR_MAGIC);
        putName(h, TarHeader.UNAME, e.uname(), "uname", pax);
        putName(h, TarHeader.GNAME, e.gname(), "gname", pax);
        if (e.type().isDevice()) {
            putNumber(h, TarHeader.DEVMAJOR, 8, e.devMajor(), "SCHILY.devmajor", pax);
            putNumber(h, TarHeader.DEVMINOR, 8, e.devMinor(), "SCHILY.devminor", pax);
        } else {
            TarHeader.putOctal(h, TarHeader.DEVMAJOR, 8, 0);
            TarHeader.putOctal(h, TarHeader.DEVMINOR, 8, 0);
        }
        e.xattrs().forEach((name, value) -> PaxRecords.append(pax, "SCHILY.xattr." + name, value));
        TarHeader.putChecksum(h);
        return pax.size() == 0 ? null : pax.toByteArray();
    }

    /**
     * Where to split {@code path} into ustar prefix and name: 0 if it fits the name field whole, the
     * index of the separating '/' if it fits split, -1 if it needs a PAX path record.
     */
    static int ustarSplit(byte[] path) {
        if (path.length <= TarHeader.NAME_LEN) {
            return 0;
        }
        // the last byte may be the trailing '/' of a directory: never split there
        for (int i = Math.min(TarHeader.PREFIX_LEN, path.length - 2); i > 0; i--) {
            if (path[i] == '/') {
                return path.length - i - 1 <= TarHeader.NAME_LEN ? i : -1;
            }
        }
        return -1;
    }

    private static void putNumber(byte[] h, int offset, int width, long value, String paxKey, ByteArrayOutputStream pax) {
        if (value > TarHeader.maxOctal(width)) {
            PaxRecords.append(pax, paxKey, Long.toString(value));
        }
        TarHeader.putOctal(h, offset, width, clampOctal(value, width));
    }

    private static long clampOctal(long value, int width) {
        return Math.max(0, Math.min(value, TarHeader.maxOctal(width)));
    }

    private static void putName(byte[] h, int offset, String name, String paxKey, ByteArrayOutputStream pax) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= TarHeader.NAME_FIELD_LEN) {
            PaxRecords.append(pax, paxKey, bytes);
        } else {
            TarHeader.putBytes(h, offset, TarHeader.NAME_FIELD_LEN, bytes);
        }
    }

    /** Seconds since the epoch with up to nine fraction digits, trailing zeros dropped ("-1.5" is 1.5 s before). */
    static String paxTime(Instant t) {
        long sec = t.getEpochSecond();
        int nano = t.getNano();
        if (nano == 0) {
            return Long.toString(sec);
        }
        String sign = "";
        if (sec < 0) {
            sign = "-";
            sec = -(sec + 1);
            nano = 1_000_000_000 - nano;
        }
        String fraction = String.format("%09d", nano).replaceAll("0+$", "");
        return sign + sec + "." + fraction;
    }

    private void writePaxHeader(TarEntry e, byte[] records) throws IOException {
        byte[] path = e.path();
        int end = path.length;
        if (end > 1 && path[end - 1] == '/') {
            end--;
        }
        int start = end;
        while (start > 0 && path[start - 1] != '/') {
            start--;
        }
        byte[] prefix = "./PaxHeaders/".getBytes(StandardCharsets.US_ASCII);
        byte[] name = Arrays.copyOf(prefix, Math.min(TarHeader.NAME_LEN, prefix.length + end - start));
        System.arraycopy(path, start, name, prefix.length, name.length - prefix.length);

        byte[] h = new byte[TarHeader.BLOCK];
        TarHeader.putBytes(h, TarHeader.NAME, TarHeader.NAME_LEN, name);
        TarHeader.putOctal(h, TarHeader.MODE, 8, 0644);
        TarHeader.putOctal(h, TarHeader.UID, 8, 0);
        TarHeader.putOctal(h, TarHeader.GID, 8, 0);
        TarHeader.putOctal(h, TarHeader.SIZE, 12, records.length);
        TarHeader.putOctal(h, TarHeader.MTIME, 12, clampOctal(e.mtime().getEpochSecond(), 12));
        h[TarHeader.TYPEFLAG] = 'x';
        TarHeader.putBytes(h, TarHeader.MAGIC, 8, TarHeader.USTAR_MAGIC);
        TarHeader.putOctal(h, TarHeader.DEVMAJOR, 8, 0);
        TarHeader.putOctal(h, TarHeader.DEVMINOR, 8, 0);
        TarHeader.putChecksum(h);
        put(h, 0, h.length);
        put(records, 0, records.length);
        pad(records.length);
    }

    private void copy(TarEntry e, InputStream data) throws IOException {
        long remaining = e.size();
        while (remaining > 0) {
            if (buffered == buffer.length) {
                flushBuffer();
            }
            int want = (int) Math.min(remaining, buffer.length - buffered);
            int n = data.read(buffer, buffered, want);
            if (n < 0) {
                throw new IOException("writing tar entry " + e.name() + ": its data ended after "
                        + (e.size() - remaining) + " of " + e.size() + " bytes");
            }
            buffered += n;
            written += n;
            remaining -= n;
        }
        pad(e.size());
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % TarHeader.BLOCK);
        if (rest != 0) {
            zeros(TarHeader.BLOCK - rest);
        }
    }

    private void zeros(int count) throws IOException {
        while (count > 0) {
            if (buffered == buffer.length) {
                flushBuffer();
            }
            int n = Math.min(count, buffer.length - buffered);
            Arrays.fill(buffer, buffered, buffered + n, (byte) 0);
            buffered += n;
            written += n;
            count -= n;
        }
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (buffered == buffer.length) {
                flushBuffer();
            }
            int n = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            written += n;
            offset += n;
            length -= n;
        }
    }

    private void flushBuffer() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    /** Writes the end-of-archive marker, pads to {@link #RECORD_SIZE} and flushes; idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        zeros(2 * TarHeader.BLOCK);
        int rest = (int) (written % RECORD_SIZE);
        if (rest != 0) {
            zeros(RECORD_SIZE - rest);
        }
        flushBuffer();
        out.flush();
    }

    /** Bytes of archive produced so far (including those still buffered). */
    public long bytesWritten() {
        return written;
    }

    /** {@link #finish()}, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finish();
        } finally {
            out.close();
        }
    }
}
