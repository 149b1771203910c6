package io.osimg.cli;

import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogJson;
import io.osimg.transfer.ByteSizes;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog images as an aligned table ({@code -o text|table}) or as the API's JSON objects ({@code -o json|yaml}).
 *
 * @param baseUrl what relative image URLs are resolved against (the store directory for a directory catalog), or null
 */
record ImageTable(List<CatalogImage> images, String baseUrl) implements OutputOptions.Printable {

    private static final String[] HEADER = {"ID", "CHANNEL", "CLASSIFICATION", "FEATURES", "SIZE", "CREATED", "EXPIRES", "KEY"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Override
    public String text() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CatalogImage i : images) {
            var r = i.record();
            rows.add(new String[] {
                r.id().raw(),
                i.channelName() == null ? "-" : i.channelName(),
                r.classification().isEmpty() ? "-" : r.classification(),
                r.features().isEmpty() ? "-" : String.join(",", r.features().stream().sorted().toList()),
                r.size() > 0 ? ByteSizes.human(r.size()) : "-",
                r.created() == null ? "-" : DAY.format(r.created()),
                r.expirationDate() == null ? "-" : DAY.format(r.expirationDate()),
                i.directory() == null ? r.url() : i.directory()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                sb.append(row[c]);
                if (c < row.length - 1) {
                    sb.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public Object data() {
        return images.stream().map(i -> CatalogJson.toMap(i, baseUrl)).toList();
    }
}
