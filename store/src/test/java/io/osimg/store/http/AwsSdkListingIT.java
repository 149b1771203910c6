package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS SDK v2 (path style, anonymous) lists and fetches from the server as from a public bucket. */
class AwsSdkListingIT {

    @TempDir
    Path base;

    @Test
    void sdkPaginatorSeesEveryKeyAndPrefix() throws Exception {
        FsBlobStore store = new FsBlobStore(base.resolve("store"));
        List<String> keys = List.of("metal-os/20240913/debian/13/img.tar.lz4", "metal-os/20240913/debian/13/img.tar.lz4.md5",
                "metal-os/stable/debian/12/img.tar.lz4", "metal-os/stable/ubuntu/24.04/img.tar.lz4",
                "metal-os/stable/ubuntu/24.04/packages with space+plus.txt");
        for (String k : keys) {
            store.put(k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)));
        }
        try (ImageServer server = ImageServer.builder().store(store).bucket("images")
                .listen(new InetSocketAddress("127.0.0.1", 0)).start();
             S3Client s3 = S3Client.builder()
                     .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                     .forcePathStyle(true)
                     .region(Region.US_EAST_1)
                     .credentialsProvider(AnonymousCredentialsProvider.create())
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket("images").prefix("metal-os/").maxKeys(2))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(listed).containsExactlyElementsOf(keys);
            ListObjectsV2Response rolled = s3.listObjectsV2(b -> b.bucket("images").prefix("metal-os/stable/").delimiter("/"));
            assertThat(rolled.commonPrefixes().stream().map(CommonPrefix::prefix))
                    .containsExactly("metal-os/stable/debian/", "metal-os/stable/ubuntu/");
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket("images").key(keys.get(2)));
            assertThat(object.asUtf8String()).isEqualTo(keys.get(2));
            assertThat(object.response().eTag()).isEqualTo(store.stat(keys.get(2)).orElseThrow().etag());
        }
    }
}
