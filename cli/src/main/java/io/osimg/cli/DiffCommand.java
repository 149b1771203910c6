package io.osimg.cli;

import io.osimg.catalog.CatalogSource;
import io.osimg.image.diff.DiffReport;
import io.osimg.image.diff.ImageDiff;
import io.osimg.image.diff.ImageLocation;
import io.osimg.install.ImageResolver;
import io.osimg.install.ImageSource;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", sortOptions = false,
        description = {
            "Compare two images: packages added, removed, upgraded and downgraded (Debian's version order for deb, "
                    + "rpmvercmp for rpm), read from their SBOMs (sbom.cdx.json) or else their packages.txt; with "
                    + "--files also the paths whose type, mode, owner or content differ, read from both img.tar.lz4 "
                    + "streams without unpacking them (modification times are not compared).",
            "",
            "A and B are each an image directory (or its img.tar.lz4), an http(s) URL of one, or an image ID "
                    + "resolved through --catalog as resolve and install do.",
            "",
            "Exit codes: 0 the images are equal in what was compared, 1 they differ, 2 bad input or an image that "
                    + "cannot be read, 3 no image matches an ID."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg diff store/20261120/debian/12 store/20261201/debian/12",
            "  osimg diff debian-12.0.20261120 debian-12 --catalog http://example.org:8080 -o json",
            "  osimg diff http://example.org:8080/stable/debian/12/ ./build/stable/debian/12 --files"})
final class DiffCommand implements Callable<Integer> {

    /** Exit code: the images differ. */
    static final int DIFFERENT = 1;

    @Parameters(index = "0", paramLabel = "A", description = "the image to compare from")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "the image to compare with")
    String b;

    @Option(names = "--catalog", paramLabel = "DIR|URL|FILE.json",
            description = "where image IDs are resolved: a store directory, an osimg server, a bucket's URL or a JSON export")
    String catalog;

    @Option(names = "--files", description = "also compare the trees: type, mode, owner and content of every path")
    boolean files;

    @Mixin TrustOptions trust;

    @Mixin TransferLimits limits;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        try (Fetcher fetcher = new Fetcher(limits.applyTo(trust.applyTo(TransferOptions.defaults())))) {
            ImageResolver resolver = new ImageResolver(fetcher);
            ImageLocation first = locate(resolver, fetcher, a);
            ImageLocation second = locate(resolver, fetcher, b);
            DiffReport report = ImageDiff.compare(first, second, files);
            output.print(new OutputOptions.Printable() {
                @Override
                public String text() {
                    return report.text();
                }

                @Override
                public Object data() {
                    return report.data();
                }
            });
            return report.equal() ? Main.OK : DIFFERENT;
        } catch (IOException e) {
            // 1 means "different" here: an image that cannot be read is trouble, as diff(1) says with 2
            System.err.println("osimg diff: " + ErrorLines.describe(e));
            if (debug.debug) {
                e.printStackTrace();
            }
            return Main.USAGE;
        }
    }

    /** A path or URL as it is; anything else an ID through --catalog (ImageResolver, as install). */
    private ImageLocation locate(ImageResolver resolver, Fetcher fetcher, String image) throws IOException {
        boolean path = !CatalogSource.isHttp(image) && Files.exists(Path.of(image));
        if (!path && !CatalogSource.isHttp(image) && catalog == null) {
            throw new IllegalArgumentException(image + ": no such image directory or file (an image ID needs --catalog)");
        }
        ImageSource source = resolver.resolve(image, path ? null : catalog, List.of(), note ->
                System.err.println("osimg diff: " + note));
        return source.isLocal() ? ImageLocation.file(source.file()) : ImageLocation.http(fetcher, source.urls());
    }
}
