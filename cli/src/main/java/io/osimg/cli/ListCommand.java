package io.osimg.cli;

import io.osimg.catalog.CatalogFilter;
import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSource;
import io.osimg.transfer.TransferOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", sortOptions = false,
        description = {
            "List the images of a catalog: a store directory (read directly), the URL of an osimg server "
                    + "(its JSON API), the URL of a bucket (its S3 listing) or a JSON export (what list -o json "
                    + "prints; metal-api's image list).",
            "",
            "Release images, stable builds and pull-request builds are listed, sorted by OS and version. "
                    + "Every ID listed resolves with resolve and installs with install. Exit code 1 when no image matches the "
                    + "filters."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg list --catalog ./images --os ubuntu",
            "  osimg list --catalog http://example.org:8080 --feature firewall -o json",
            "  osimg list --catalog metal-api-images.json --classification supported"})
final class ListCommand implements Callable<Integer> {

    @Option(names = "--catalog", required = true, paramLabel = "DIR|URL|FILE.json", description = "where the images are")
    String catalog;

    @Option(names = "--os", paramLabel = "OS", description = "only this OS (exact: ubuntu-small is not ubuntu)")
    String os;

    @Option(names = "--version", paramLabel = "VERSION", description = "only versions matching like a resolve: 24.04 matches every 24.04.x")
    String version;

    @Option(names = "--classification", paramLabel = "C", description = "only preview, supported or deprecated images")
    String classification;

    @Option(names = "--feature", paramLabel = "F", description = "only images with this feature (machine, firewall)")
    String feature;

    @Mixin TrustOptions trust;

    @Mixin TransferLimits limits;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;


    @Override
    public Integer call() throws Exception {
        CatalogFilter filter = new CatalogFilter(os, version, classification, feature);
        try (CatalogSource source = CatalogSource.open(catalog, limits.applyTo(trust.applyTo(TransferOptions.defaults())))) {
            List<CatalogImage> images = source.list(filter);
            if (images.isEmpty()) {
                System.err.println("osimg list: no image in " + source.describe() + " matches" + describe(filter));
                return Main.FAILED;
            }
            output.print(new ImageTable(images, ResolveCommand.baseUrl(catalog)));
            return Main.OK;
        }
    }

    private static String describe(CatalogFilter f) {
        StringBuilder sb = new StringBuilder();
        if (f.os() != null) {
            sb.append(" --os ").append(f.os());
        }
        if (f.version() != null) {
            sb.append(" --version ").append(f.version());
        }
        if (f.classification() != null) {
            sb.append(" --classification ").append(f.classification());
        }
        if (f.feature() != null) {
            sb.append(" --feature ").append(f.feature());
        }
        return sb.isEmpty() ? " (it is empty)" : sb.toString();
    }
}
