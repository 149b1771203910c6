package io.osimg.store.http;

import io.osimg.catalog.StoreFixture;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's web pages in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):
 * catalog newest first, an image's page with its digests and packages, the package filter, the diff to the
 * previous release, escaping; and the answers of clients that are not browsers unchanged. Screenshots of the three
 * pages go to {@code docs/}.
 */
class WebPagesBrowserIT {

    private static final String HTML_PR = "7-<b>\"x\"&'y'<script>alert(1)<";

    @TempDir
    Path tmp;
    Path root;
    ImageServer server;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        root = tmp.resolve("store");
        image("20261001/debian/12", Map.of("bash", "5.2.15-2", "coreutils", "9.1-1", "libssl3", "3.0.11-1",
                "oldpkg", "1.0-1", "curl", "7.88.1-10", "zlib1g", "1:1.2.13.dfsg-1", "libc6", "2.36-9"));
        image("20261120/debian/12", Map.of("bash", "5.2.15-2", "coreutils", "9.1-1", "libssl3", "3.0.13-1",
                "curl", "7.88.1-9", "zlib1g", "1:1.2.13.dfsg-1", "libc6", "2.36-9", "newpkg", "2.0-1",
                "libzstd1", "1.5.4+dfsg2-5"));
        image("20260901/ubuntu/24.04", Map.of("bash", "5.2.21-2ubuntu4"));
        image("20261120/ubuntu/24.04", Map.of("bash", "5.2.21-2ubuntu5"));
        image("20261120/ubuntu/22.04", Map.of("bash", "5.1-6ubuntu1"));
        image("pull_requests/" + HTML_PR + "/debian/12", Map.of("bash", "5.2.15-3"));
        Files.writeString(root.resolve("20261120/debian/12/img.tar.lz4.sha512.asc"), "-----BEGIN PGP SIGNATURE-----\n");
        FsBlobStore store = new FsBlobStore(root);
        StoreCatalog catalog = StoreCatalog.open(new BlobStoreView(store), null, s -> { });
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).catalog(catalog).start();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    /** An image directory of StoreFixture with a packages.txt in {@code dpkg -l} form. */
    private void image(String dir, Map<String, String> packages) throws IOException {
        StoreFixture.image(root, dir);
        StringBuilder b = new StringBuilder("""
                Desired=Unknown/Install/Remove/Purge/Hold
                | Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend
                |/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)
                ||/ Name           Version      Architecture Description
                +++-==============-============-============-=================================
                """);
        new TreeMap<>(packages).forEach((n, v) -> b.append("ii  ").append(n).append("  ").append(v).append("  amd64  the ")
                .append(n).append(" package\n"));
        Files.writeString(root.resolve(dir).resolve("packages.txt"), b.toString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void clientsThatAreNotBrowsersGetTheirAnswers() throws Exception {
        HttpResponse<String> listing = ServerRequests.send(http, server.port(), "GET", "/", null);
        assertThat(listing.headers().firstValue("content-type")).hasValue("application/xml");
        assertThat(listing.body()).startsWith("<?xml").contains("<Key>20261120/debian/12/img.tar.lz4</Key>");
        HttpResponse<String> api = ServerRequests.send(http, server.port(), "GET", "/api/v1/images/debian-12.0.20261120", null,
                "Accept", "application/json");
        assertThat(api.headers().firstValue("content-type")).hasValue("application/json");
        HttpResponse<String> page = ServerRequests.send(http, server.port(), "GET", "/", null,
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("debian-12.0.20261120").doesNotContain("<script>");
    }

    @Test
    void browserSeesCatalogImageFilterAndDiff() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--user-data-dir=" + profile, "--window-size=1100,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            // a download first, so the header's count is not 0
            assertThat(ServerRequests.send(http, server.port(), "GET", "/20261120/debian/12/img.tar.lz4", null).statusCode())
                    .isEqualTo(200);
            driver.get(url("/"));
            assertThat(driver.getTitle()).startsWith("Images");
            // the header and /metrics show the same counts
            String metrics = ServerRequests.send(http, server.port(), "GET", "/metrics", null).body();
            assertThat(driver.findElement(By.id("count-images")).getText()).isEqualTo(metric(metrics, ServerMetrics.IMAGES));
            assertThat(driver.findElement(By.id("count-downloads")).getText()).isEqualTo("1")
                    .isEqualTo(metric(metrics, ServerMetrics.DOWNLOADS));
            assertThat(driver.findElement(By.id("count-bytes")).getAttribute("title"))
                    .isEqualTo(metric(metrics, ServerMetrics.IMAGE_BYTES) + " bytes");
            assertThat(driver.findElement(By.id("count-errors")).getText()).isEqualTo(metric(metrics, "osimg_http_errors_total"));

            // OS groups, versions newest first, the newest release marked
            List<String> os = driver.findElements(By.cssSelector("h2.os")).stream().map(WebElement::getText).toList();
            assertThat(os).containsExactly("debian", "ubuntu");
            List<String> series = driver.findElements(By.cssSelector("h3.series")).stream().map(WebElement::getText).toList();
            assertThat(series).containsExactly("debian 12.0", "ubuntu 24.04", "ubuntu 22.04");
            List<String> ids = driver.findElements(By.cssSelector("a.image-link")).stream().map(WebElement::getText).toList();
            assertThat(ids).containsSubsequence("debian-12.0.20261120", "debian-12.0.20261001")
                    .containsSubsequence("ubuntu-24.04.20261120", "ubuntu-24.04.20260901", "ubuntu-22.04.20261120");
            WebElement newestRow = driver.findElement(By.xpath("//tr[td/a[text()='debian-12.0.20261120']]"));
            assertThat(newestRow.getText()).contains("newest").contains("release").endsWith("yes");
            assertThat(driver.findElement(By.xpath("//tr[td/a[text()='debian-12.0.20261001']]")).getText())
                    .doesNotContain("newest").endsWith("no");
            // an image named with HTML characters shows them as text
            WebElement prRow = driver.findElement(By.xpath("//tr[contains(., 'pull request')]"));
            assertThat(prRow.getText()).contains("pull request " + HTML_PR);
            assertThat(driver.findElements(By.cssSelector("table b, table script, main script"))).isEmpty();
            screenshot(driver, "web-catalog.png");

            // a click opens the image's page: digests and package count
            driver.findElement(By.linkText("debian-12.0.20261120")).click();
            awaitRows(driver, "", "#image-id");
            assertThat(driver.findElement(By.id("image-id")).getText()).isEqualTo("debian-12.0.20261120");
            byte[] imageBytes = Files.readAllBytes(root.resolve("20261120/debian/12/img.tar.lz4"));
            assertThat(driver.findElement(By.id("digest-md5")).getText()).isEqualTo(StoreFixture.md5(imageBytes));
            assertThat(driver.findElement(By.id("package-count")).getText()).isEqualTo("8");
            assertThat(driver.findElements(By.cssSelector("tr.package"))).hasSize(8);
            assertThat(driver.findElement(By.id("install-command")).getText())
                    .isEqualTo("osimg install --image debian-12.0.20261120 --catalog " + url("")
                            + " --machine machine.json --root /mnt/target");
            List<String> files = driver.findElements(By.cssSelector("table.files a")).stream().map(WebElement::getText).toList();
            assertThat(files).containsExactly("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512.asc", "packages.txt");
            assertThat(driver.findElement(By.id("fact-signed")).getText()).isEqualTo("yes");
            screenshot(driver, "web-image.png");

            // the filter narrows the list (a form GET, no script)
            driver.findElement(By.id("package-filter")).sendKeys("lib");
            driver.findElement(By.id("package-filter-submit")).click();
            // the click returns before the filtered page has replaced the old one: wait for the new page's rows
            List<String> shown = awaitRows(driver, "q=lib", "tr.package td:first-child");
            assertThat(shown).containsExactly("libc6", "libssl3", "libzstd1", "zlib1g");
            assertThat(driver.findElement(By.id("package-shown")).getText()).isEqualTo("4");
            assertThat(driver.getCurrentUrl()).contains("q=lib");

            // the difference to the previous release
            driver.findElement(By.id("diff-link")).click();
            awaitRows(driver, "", "#previous");
            assertThat(driver.findElement(By.id("previous")).getText()).isEqualTo("debian-12.0.20261001");
            assertThat(changes(driver, "added")).containsExactly("libzstd1  1.5.4+dfsg2-5", "newpkg  2.0-1");
            assertThat(changes(driver, "removed")).containsExactly("oldpkg 1.0-1 ");
            assertThat(changes(driver, "upgraded")).containsExactly("libssl3 3.0.11-1 3.0.13-1");
            assertThat(changes(driver, "downgraded")).containsExactly("curl 7.88.1-10 7.88.1-9");
            assertThat(driver.findElements(By.cssSelector("table#changed"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("tr.change"))).hasSize(5);
            screenshot(driver, "web-diff.png");

            // the pull request's page: its channel, escaped, as the page's own text
            driver.get(url("/api/v1/images/debian-12.0?channel=" + java.net.URLEncoder.encode(HTML_PR, StandardCharsets.UTF_8)));
            assertThat(driver.findElement(By.id("fact-channel")).getText()).isEqualTo("pull request " + HTML_PR);
            assertThat(driver.findElements(By.cssSelector("main b, main script"))).isEmpty();
        } finally {
            driver.quit();
        }
    }

    /** The rows of one change table, "name from to" (cells joined by a space; sorted as the page shows them). */
    private static List<String> changes(ChromeDriver driver, String table) {
        List<String> rows = new ArrayList<>();
        for (WebElement tr : driver.findElements(By.cssSelector("table#" + table + " tbody tr"))) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            rows.add(td.get(0).getText() + " " + td.get(2).getText() + " " + td.get(3).getText());
        }
        return rows;
    }

    /**
     * The texts of the elements matching {@code css} once the browser shows a page whose URL contains {@code urlPart}
     * and that has such elements (at most 15 s): a form submitted by a click may still be loading when the click
     * returns, and the old page's elements go stale under the reader.
     */
    private static List<String> awaitRows(ChromeDriver driver, String urlPart, String css) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<String> texts = List.of();
            try {
                if (driver.getCurrentUrl().contains(urlPart)
                        && "complete".equals(driver.executeScript("return document.readyState"))) {
                    texts = driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
                }
            } catch (StaleElementReferenceException e) {
                texts = List.of();
            }
            if (!texts.isEmpty() || System.nanoTime() > deadline) {
                return texts;
            }
            Thread.sleep(50);
        }
    }

    private static String metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        String v = m.group(1);
        return v.endsWith(".0") ? v.substring(0, v.length() - 2) : v;
    }

    private static void screenshot(ChromeDriver driver, String name) throws IOException {
        Path docs = Path.of("..", "docs");
        if (!Files.isDirectory(docs)) {
            return; // not run from the reactor's module directory
        }
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
