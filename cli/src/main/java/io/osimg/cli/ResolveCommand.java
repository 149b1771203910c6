package io.osimg.cli;

import io.osimg.core.image.ImageId;
import io.osimg.core.store.Channel;
import io.osimg.store.catalog.CatalogFilter;
import io.osimg.store.catalog.CatalogImage;
import io.osimg.store.catalog.CatalogJson;
import io.osimg.store.catalog.CatalogSource;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resolve", sortOptions = false,
        description = {
            "Print the newest release image for an image ID, as metal-api selects it (contract section 3).",
            "",
            "A full ID (debian-12.0.20261120) matches only itself; without a patch the ID is a range: ubuntu-24.04 "
                    + "picks the newest 24.04.x, firewall-2 (= 2.0) the newest 2.0.x. Only images of exactly that OS take part "
                    + "(ubuntu-small-19.04 never picks ubuntu-19.04.x). A stable or pull-request build is resolved by its exact ID "
                    + "when no release matches (as install does), saying so on stderr. "
                    + "Text output is the ID alone; -o json|yaml prints the whole record. Exit code 1 when nothing matches."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg resolve ubuntu-24.04 --catalog ./images          # ubuntu-24.04.20261120",
            "  osimg resolve debian-12 --catalog http://example.org:8080 -o json"})
final class ResolveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "an image ID, with or without patch")
    String id;

    @Option(names = "--catalog", required = true, paramLabel = "DIR|URL|FILE.json", description = "where the images are")
    String catalog;

    @Mixin TrustOptions trust;

    @Mixin TransferLimits limits;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;


    @Override
    public Integer call() throws Exception {
        ImageId requested = ImageId.parse(id);
        try (CatalogSource source = CatalogSource.open(catalog, limits.applyTo(trust.applyTo(TransferOptions.defaults())))) {
            Optional<CatalogImage> found = source.latest(requested);
            if (found.isEmpty()) {
                // as install does: an ID that names a stable (or pull-request) build exactly resolves to that build
                found = exactBuild(source, requested);
                found.ifPresent(b -> System.err.println("osimg resolve: no release matches " + requested + "; it is the "
                        + b.channelName() + " build at " + b.directory()));
            }
            if (found.isEmpty()) {
                String newest = source.newestOf(requested.os())
                        .map(n -> "newest " + requested.os() + " is " + n.id())
                        .orElse("it has no release of " + requested.os());
                System.err.println("osimg resolve: no image matches " + requested + " in " + source.describe() + ": " + newest);
                return Main.FAILED;
            }
            CatalogImage image = found.get();
            String base = baseUrl(catalog);
            output.print(new OutputOptions.Printable() {
                @Override
                public String text() {
                    return image.id().raw() + "\n";
                }

                @Override
                public Object data() {
                    return CatalogJson.toMap(image, base);
                }
            });
            return Main.OK;
        }
    }

    /** The store directory's absolute path for a directory catalog (image URLs become file paths), else null. */
    /** The stable build (before a pull-request build) whose ID is exactly {@code id}. */
    private static Optional<CatalogImage> exactBuild(CatalogSource source, ImageId id) throws IOException {
        return source.list(CatalogFilter.ALL).stream()
                .filter(i -> !i.isRelease() && i.id().raw().equals(id.raw()))
                .min(Comparator.comparing((CatalogImage i) -> i.channel() == Channel.PULL_REQUEST)
                        .thenComparing(CatalogImage::directory));
    }

    static String baseUrl(String catalog) {
        if (catalog.toLowerCase(Locale.ROOT).startsWith("http")) {
            return null;
        }
        Path p = Path.of(catalog);
        return Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : null;
    }
}
