package io.osimg.store.web;

import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageVersion;
import io.osimg.core.packages.PackageDiff;
import io.osimg.core.packages.PackageList;
import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobInfo;
import io.osimg.store.http.ServerMetrics;
import io.osimg.transfer.ByteSizes;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The store's web pages, server-rendered HTML without JavaScript, all built from one {@link CatalogSnapshot} (the
 * snapshot the JSON API answers from) and the server's {@link ServerMetrics.Counts} for the header:
 * <ul>
 *   <li>the catalog: OS, then version (major.minor), then the version's stable and pull-request builds, then its
 *       releases newest first, the newest release of each version marked; {@value #PAGE_ROWS} images per page
 *       ({@code ?page=N}), a group cut by a page repeating its headings on the next;</li>
 *   <li>an image: its facts, the files of its directory with sizes, its digests, the install command, its
 *       packages (SBOM, else packages.txt) filtered by {@code ?q=} (a name part, no JavaScript);</li>
 *   <li>the difference to the previous release of the same OS and version, by core's {@link PackageDiff}, the
 *       comparison of {@code osimg diff}.</li>
 * </ul>
 * Every value is escaped by {@link Html#text}.
 */
public final class WebPages {

    /** Images per catalog page. */
    public static final int PAGE_ROWS = 200;
    /** Where the stylesheet is served. */
    public static final String STYLE = "/api/v1/pages/style.css";
    public static final String IMAGES = "/api/v1/images/";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final CatalogSnapshot snapshot;
    private final List<BlobInfo> files;
    private final Instant now;
    private volatile Set<String> signedDirs;
    private volatile List<Row> rows;

    /** One catalog row: the image, its group and whether it is the newest release of its group. */
    private record Row(CatalogImage image, String os, String series, boolean newest) {
    }

    /**
     * @param files the store's keys as the catalog last listed them (for the files of an image and its signatures);
     *              empty when unknown
     */
    public WebPages(CatalogSnapshot snapshot, List<BlobInfo> files, Instant now) {
        this.snapshot = snapshot;
        this.files = files;
        this.now = now;
    }

    /** The snapshot these pages show. */
    public CatalogSnapshot snapshot() {
        return snapshot;
    }

    /** The catalog page {@code page} (1-based; past the end: the last page). */
    public String catalog(int page, ServerMetrics.Counts counts) {
        List<Row> all = rows();
        int pages = Math.max(1, (all.size() + PAGE_ROWS - 1) / PAGE_ROWS);
        int p = Math.min(Math.max(page, 1), pages);
        List<Row> shown = all.subList(Math.min((p - 1) * PAGE_ROWS, all.size()), Math.min(p * PAGE_ROWS, all.size()));
        StringBuilder b = new StringBuilder(64 * 1024);
        start(b, "Images", counts);
        b.append("<h1>Images</h1>\n");
        if (all.isEmpty()) {
            b.append("<p>The catalog is empty.</p>\n");
        }
        String os = null;
        String series = null;
        for (Row r : shown) {
            if (!r.os().equals(os)) {
                closeTable(b, series);
                os = r.os();
                series = null;
                b.append("<h2 class=\"os\">").append(Html.text(os)).append("</h2>\n");
            }
            if (!r.series().equals(series)) {
                closeTable(b, series);
                series = r.series();
                b.append("<h3 class=\"series\">").append(Html.text(os + " " + series)).append("</h3>\n")
                        .append("<div class=\"scroll\"><table class=\"images\"><thead><tr><th>image</th><th>channel</th>")
                        .append("<th>classification</th><th class=\"num\">size</th><th>created</th><th>expires</th>")
                        .append("<th>signed</th></tr></thead><tbody>\n");
            }
            row(b, r);
        }
        closeTable(b, series);
        if (pages > 1) {
            b.append("<nav class=\"pages\">");
            if (p > 1) {
                b.append("<a rel=\"prev\" href=\"/?page=").append(p - 1).append("\">&larr; newer</a>");
            }
            b.append("<span>page ").append(p).append(" of ").append(pages).append("</span>");
            if (p < pages) {
                b.append("<a rel=\"next\" href=\"/?page=").append(p + 1).append("\">older &rarr;</a>");
            }
            b.append("</nav>\n");
        }
        return end(b);
    }

    private static void closeTable(StringBuilder b, String series) {
        if (series != null) {
            b.append("</tbody></table></div>\n");
        }
    }

    private void row(StringBuilder b, Row r) {
        CatalogImage i = r.image();
        b.append("<tr class=\"image\"><td><a class=\"image-link\" href=\"").append(Html.text(imageHref(i, ""))).append("\">")
                .append(Html.text(i.id().raw())).append("</a>");
        if (r.newest()) {
            b.append(" <span class=\"badge newest\">newest</span>");
        }
        if (i.record().isExpired(now)) {
            b.append(" <span class=\"badge expired\">expired</span>");
        }
        b.append("</td><td>").append(Html.text(channelText(i))).append("</td><td>")
                .append(Html.text(i.record().classification())).append("</td><td class=\"num\">")
                .append(Html.text(ByteSizes.human(i.record().size()))).append("</td><td>").append(day(i.record().created()))
                .append("</td><td>").append(day(i.record().expirationDate())).append("</td><td>")
                .append(signed(i) ? "yes" : "no").append("</td></tr>\n");
    }

    /** The page of one image; empty when the catalog has no such image. */
    public Optional<String> image(String id, String channel, String filter,
            Function<CatalogImage, PackageList.SideFiles> sideFiles, String installBase,
            ServerMetrics.Counts counts) throws IOException {
        Optional<CatalogImage> found = snapshot.exact(id, channel);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CatalogImage i = found.get();
        StringBuilder b = new StringBuilder(64 * 1024);
        start(b, i.id().raw(), counts);
        b.append("<h1 id=\"image-id\">").append(Html.text(i.id().raw())).append("</h1>\n<dl class=\"facts\">");
        fact(b, "channel", channelText(i));
        fact(b, "directory", i.directory());
        fact(b, "name", i.record().name());
        fact(b, "description", i.record().description());
        fact(b, "classification", i.record().classification());
        fact(b, "features", String.join(", ", i.record().features()));
        fact(b, "size", ByteSizes.human(i.record().size()) + " (" + i.record().size() + " bytes)");
        fact(b, "created", day(i.record().created()));
        fact(b, "expires", day(i.record().expirationDate()));
        fact(b, "signed", signed(i) ? "yes" : "no");
        b.append("</dl>\n");
        b.append("<p><a id=\"diff-link\" href=\"").append(Html.text(imageHref(i, "/diff")))
                .append("\">changes from the previous release</a>");
        if (i.sbom() != null) {
            b.append(" &middot; <a id=\"sbom-link\" href=\"").append(Html.text(imageHref(i, "/sbom"))).append("\">SBOM (CycloneDX)</a>");
        }
        b.append("</p>\n");

        b.append("<h2>Install</h2>\n<pre class=\"cmd\" id=\"install-command\">")
                .append(Html.text("osimg install --image " + i.id().raw() + " --catalog " + installBase
                        + " --machine machine.json --root /mnt/target"))
                .append("</pre>\n");

        b.append("<h2>Digests of ").append(ImageFiles.IMAGE).append("</h2>\n<dl class=\"facts digests\">");
        i.record().digests().forEach((alg, hex) -> b.append("<dt>").append(Html.text(alg)).append("</dt><dd class=\"digest\" id=\"digest-")
                .append(Html.text(alg)).append("\">").append(Html.text(hex)).append("</dd>"));
        b.append("</dl>\n");

        b.append("<h2>Files</h2>\n<div class=\"scroll\"><table class=\"files\"><thead><tr><th>file</th><th class=\"num\">size</th>")
                .append("<th>modified</th></tr></thead><tbody>\n");
        for (BlobInfo f : filesOf(i)) {
            String name = f.key().substring(i.directory().length() + 1);
            b.append("<tr><td><a href=\"").append(Html.text(Html.keyPath(f.key()))).append("\">").append(Html.text(name))
                    .append("</a></td><td class=\"num\">").append(f.size()).append("</td><td>")
                    .append(day(f.lastModified())).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");

        packages(b, i, filter, sideFiles.apply(i));
        return Optional.of(end(b));
    }

    private void packages(StringBuilder b, CatalogImage i, String filter, PackageList.SideFiles sideFiles) throws IOException {
        b.append("<h2>Packages</h2>\n");
        Optional<PackageList> list;
        try {
            list = PackageList.of(i.id().raw(), sideFiles);
        } catch (IllegalArgumentException e) {
            b.append("<p>").append(Html.text(e.getMessage())).append("</p>\n");
            return;
        }
        if (list.isEmpty()) {
            b.append("<p>This image lists no packages (no SBOM, no packages.txt).</p>\n");
            return;
        }
        String q = filter == null ? "" : filter.strip();
        String needle = q.toLowerCase(Locale.ROOT);
        List<PackageList.Entry> shown = list.get().packages().stream()
                .filter(p -> needle.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
        b.append("<p><span id=\"package-count\">").append(list.get().packages().size()).append("</span> packages (")
                .append(Html.text(list.get().packaging().purlType())).append(", from ").append(Html.text(list.get().source()))
                .append(")");
        if (!needle.isEmpty()) {
            b.append(", <span id=\"package-shown\">").append(shown.size()).append("</span> matching &ldquo;")
                    .append(Html.text(q)).append("&rdquo;");
        }
        b.append("</p>\n<form class=\"filter\" method=\"get\" action=\"").append(Html.text(IMAGES + Html.urlPart(i.id().raw())))
                .append("\">");
        if (channelParam(i) != null) {
            b.append("<input type=\"hidden\" name=\"channel\" value=\"").append(Html.text(channelParam(i))).append("\">");
        }
        b.append("<input type=\"search\" name=\"q\" id=\"package-filter\" placeholder=\"package name\" value=\"")
                .append(Html.text(q)).append("\"><button type=\"submit\" id=\"package-filter-submit\">filter</button></form>\n");
        b.append("<div class=\"scroll\"><table class=\"packages\" id=\"packages\"><thead><tr><th>package</th><th>version</th>")
                .append("<th>architecture</th></tr></thead><tbody>\n");
        for (PackageList.Entry p : shown) {
            b.append("<tr class=\"package\"><td>").append(Html.text(p.name())).append("</td><td>").append(Html.text(p.version()))
                    .append("</td><td>").append(Html.text(p.architecture())).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** The previous release of the same OS and version (major.minor) as {@code image}, if any. */
    public Optional<CatalogImage> previousRelease(CatalogImage image) {
        CatalogImage previous = null;
        for (CatalogImage c : snapshot.images()) { // ascending by OS and version
            if (c.isRelease() && c != image && c.id().os().equals(image.id().os())
                    && series(c.id().version()).equals(series(image.id().version()))
                    && c.id().version().compareTo(image.id().version()) < 0) {
                previous = c;
            }
        }
        return Optional.ofNullable(previous);
    }

    /** The difference page; empty when the catalog has no such image. */
    public Optional<String> diff(String id, String channel, Function<CatalogImage, PackageList.SideFiles> sideFiles,
            ServerMetrics.Counts counts) throws IOException {
        Optional<CatalogImage> found = snapshot.exact(id, channel);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CatalogImage i = found.get();
        StringBuilder b = new StringBuilder(16 * 1024);
        start(b, "changes in " + i.id().raw(), counts);
        Optional<CatalogImage> prev = previousRelease(i);
        b.append("<h1>Changes in <a href=\"").append(Html.text(imageHref(i, ""))).append("\">").append(Html.text(i.id().raw()))
                .append("</a></h1>\n");
        if (prev.isEmpty()) {
            b.append("<p id=\"no-previous\">There is no earlier release of ").append(Html.text(i.id().os() + " "
                    + series(i.id().version()))).append(" in the catalog.</p>\n");
            return Optional.of(end(b));
        }
        CatalogImage p = prev.get();
        b.append("<p>from <a id=\"previous\" href=\"").append(Html.text(imageHref(p, ""))).append("\">")
                .append(Html.text(p.id().raw())).append("</a> to ").append(Html.text(i.id().raw())).append("</p>\n");
        Optional<PackageList> a;
        Optional<PackageList> z;
        try {
            a = PackageList.of(p.id().raw(), sideFiles.apply(p));
            z = PackageList.of(i.id().raw(), sideFiles.apply(i));
        } catch (IllegalArgumentException e) {
            b.append("<p>").append(Html.text(e.getMessage())).append("</p>\n");
            return Optional.of(end(b));
        }
        if (a.isEmpty() || z.isEmpty()) {
            b.append("<p>").append(Html.text((a.isEmpty() ? p : i).id().raw())).append(" lists no packages.</p>\n");
            return Optional.of(end(b));
        }
        PackageDiff d = PackageDiff.of(a.get(), z.get());
        if (d.packaging() == null) {
            b.append("<p>The two images are packaged differently: versions are told apart, not ordered.</p>\n");
        }
        if (d.equal()) {
            b.append("<p id=\"no-changes\">The packages are the same.</p>\n");
        }
        changes(b, "added", d.added());
        changes(b, "removed", d.removed());
        changes(b, "upgraded", d.upgraded());
        changes(b, "downgraded", d.downgraded());
        changes(b, "changed", d.changed());
        return Optional.of(end(b));
    }

    private static void changes(StringBuilder b, String what, List<PackageDiff.Change> list) {
        if (list.isEmpty()) {
            return;
        }
        b.append("<h2>").append(list.size()).append(' ').append(what).append("</h2>\n<div class=\"scroll\"><table class=\"changes ")
                .append(what).append("\" id=\"").append(what).append("\"><thead><tr><th>package</th><th>architecture</th>")
                .append("<th>before</th><th>after</th></tr></thead><tbody>\n");
        for (PackageDiff.Change c : list) {
            b.append("<tr class=\"change\"><td>").append(Html.text(c.name())).append("</td><td>").append(Html.text(c.architecture()))
                    .append("</td><td>").append(Html.text(c.from())).append("</td><td>").append(Html.text(c.to()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    private static void start(StringBuilder b, String title, ServerMetrics.Counts counts) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.text(title)).append(" - osimg</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(STYLE).append("\"></head><body>\n")
                .append("<header><a href=\"/\">osimg store</a><div class=\"counts\">")
                .append("<span><b id=\"count-images\">").append(counts.images()).append("</b> images</span>")
                .append("<span><b id=\"count-bytes\" title=\"").append(counts.bytes()).append(" bytes\">")
                .append(Html.text(ByteSizes.human(counts.bytes()))).append("</b></span>")
                .append("<span><b id=\"count-downloads\">").append(counts.downloads()).append("</b> downloads</span>")
                .append("<span><b id=\"count-errors\">").append(counts.errors()).append("</b> errors</span>")
                .append("</div></header>\n<main>\n");
    }

    private static String end(StringBuilder b) {
        return b.append("</main></body></html>\n").toString();
    }

    private static void fact(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("<dt>").append(Html.text(name)).append("</dt><dd id=\"fact-").append(Html.text(name)).append("\">")
                    .append(Html.text(value)).append("</dd>");
        }
    }

    /** The catalog rows: OS ascending; within it version series and images newest first. Built once per snapshot. */
    private List<Row> rows() {
        List<Row> r = rows;
        if (r != null) {
            return r;
        }
        Map<String, List<CatalogImage>> byOs = new LinkedHashMap<>();
        for (CatalogImage i : snapshot.images()) {
            byOs.computeIfAbsent(i.id().os(), k -> new ArrayList<>()).add(i);
        }
        Map<String, String> newest = new HashMap<>();
        List<Row> out = new ArrayList<>(snapshot.size());
        for (Map.Entry<String, List<CatalogImage>> e : byOs.entrySet()) {
            List<CatalogImage> images = new ArrayList<>(e.getValue());
            Collections.reverse(images);
            // a stable or pull-request build has no date, so it would sort after all releases of its version and,
            // on a long catalog, land pages later: it heads its group instead (stable first), then the releases
            Map<String, Integer> seriesOrder = new HashMap<>();
            for (CatalogImage i : images) {
                seriesOrder.putIfAbsent(series(i.id().version()), seriesOrder.size());
            }
            images.sort(Comparator.comparingInt((CatalogImage i) -> seriesOrder.get(series(i.id().version())))
                    .thenComparingInt(i -> i.isRelease() ? 2 : i.channel() == Channel.STABLE ? 0 : 1));
            for (CatalogImage i : images) {
                String series = series(i.id().version());
                String key = e.getKey() + "-" + series;
                String newestDir = newest.computeIfAbsent(key, this::newestDirectory);
                out.add(new Row(i, e.getKey(), series, i.isRelease() && i.directory() != null && i.directory().equals(newestDir)));
            }
        }
        rows = out;
        return out;
    }

    private String newestDirectory(String idOfSeries) {
        try {
            return snapshot.latest(ImageId.parse(idOfSeries)).map(CatalogImage::directory).orElse("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** major.minor as the ID writes it ({@code 24.04}). */
    private static String series(ImageVersion v) {
        String[] parts = v.original() == null ? new String[0] : v.original().split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : v.major() + "." + v.minor();
    }

    private boolean signed(CatalogImage i) {
        if (i.directory() == null) {
            return false;
        }
        Set<String> s = signedDirs;
        if (s == null) {
            s = new HashSet<>();
            for (BlobInfo f : files) {
                String k = f.key();
                if (k.endsWith("/" + ImageFiles.SHA512_ASC) || k.endsWith("/" + ImageFiles.SHA512_SIG)) {
                    s.add(k.substring(0, k.lastIndexOf('/')));
                }
            }
            signedDirs = s;
        }
        return s.contains(i.directory());
    }

    private List<BlobInfo> filesOf(CatalogImage i) {
        if (i.directory() == null) {
            return List.of();
        }
        String prefix = i.directory() + "/";
        return files.stream().filter(f -> f.key().startsWith(prefix) && f.key().indexOf('/', prefix.length()) < 0).toList();
    }

    /** The channel parameter that makes an ID exact: release, stable or the pull-request directory. */
    public static String channelParam(CatalogImage i) {
        if (i.key() == null) {
            return null;
        }
        return i.channel() == Channel.PULL_REQUEST ? i.key().pullRequest() : i.channelName();
    }

    private static String channelText(CatalogImage i) {
        if (i.key() == null) {
            return "";
        }
        return i.channel() == Channel.PULL_REQUEST ? "pull request " + i.key().pullRequest() : i.channelName();
    }

    /** The link to an image's page (or its {@code /diff}, {@code /sbom}), not yet escaped. */
    public static String imageHref(CatalogImage i, String sub) {
        String c = channelParam(i);
        return IMAGES + Html.urlPart(i.id().raw()) + sub + (c == null ? "" : "?channel=" + Html.urlPart(c));
    }

    private static String day(Instant t) {
        return t == null ? "" : DAY.format(t);
    }
}
