package io.osimg.archive.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data of a PAX extended header: records {@code "<len> <key>=<value>\n"}, values raw bytes. */
final class PaxRecords {

    private PaxRecords() {
    }

    /** Appends one record; {@code len} counts the whole record including its own digits. */
    static void append(ByteArrayOutputStream out, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int rest = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
        int len = rest + 1;
        while (len != rest + Integer.toString(len).length()) {
            len = rest + Integer.toString(len).length();
        }
        out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(k);
        out.write('=');
        out.writeBytes(value);
        out.write('\n');
    }

    static void append(ByteArrayOutputStream out, String key, String value) {
        append(out, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses the records of {@code data} in order (a later record of the same key wins).
     *
     * @throws IllegalArgumentException describing a malformed record; the caller adds entry and offset
     */
    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break; // padding some writers leave
            }
            int space = pos;
            long len = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9') {
                len = len * 10 + (data[space] - '0');
                if (len > data.length) {
                    throw new IllegalArgumentException("PAX record at " + pos + " longer than the header data");
                }
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ') {
                throw new IllegalArgumentException("PAX record at " + pos + " has no length");
            }
            int end = pos + (int) len;
            if (end > data.length || end <= space + 1 || data[end - 1] != '\n') {
                throw new IllegalArgumentException("PAX record at " + pos + " has a wrong length " + len);
            }
            int eq = space + 1;
            while (eq < end - 1 && data[eq] != '=') {
                eq++;
            }
            if (eq >= end - 1 && data[eq] != '=') {
                throw new IllegalArgumentException("PAX record at " + pos + " has no '='");
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(data, eq + 1, end - 1));
            pos = end;
        }
        return records;
    }
}
