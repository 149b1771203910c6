package io.osimg.cli;

import io.osimg.core.image.ImageId;
import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogJson;
import io.osimg.catalog.CatalogSource;
import io.osimg.catalog.Resolution;
import io.osimg.transfer.TransferOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resolve", sortOptions = false,
        description = {
            "Print the newest release image for an image ID, as metal-api selects it (contract section 3).",
            "",
            "The catalog is a store directory, an osimg server's URL (its JSON API), a bucket's URL (its S3 listing) "
                    + "or a JSON export (osimg list -o json, metal-api's image list).",
            "",
            "A full ID (debian-12.0.20261120) matches only itself; without a patch the ID is a range: ubuntu-24.04 "
                    + "picks the newest 24.04.x, firewall-2 (= 2.0) the newest 2.0.x. Only images of exactly that OS take part "
                    + "(ubuntu-small-19.04 never picks ubuntu-19.04.x). A stable or pull-request build is resolved by its exact ID "
                    + "when no release matches (as install does), saying so on stderr. "
                    + "Text output is the ID alone; -o json|yaml prints the whole record. Exit code 3 when nothing matches "
                    + "(as install)."},
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
            Resolution found = source.resolve(requested);
            if (found.note() != null) {
                System.err.println("osimg resolve: " + found.note());
            }
            CatalogImage image = found.image();
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
    static String baseUrl(String catalog) {
        if (catalog.toLowerCase(Locale.ROOT).startsWith("http")) {
            return null;
        }
        Path p = Path.of(catalog);
        return Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : null;
    }
}
