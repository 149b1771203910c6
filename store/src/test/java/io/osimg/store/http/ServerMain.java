package io.osimg.store.http;

import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Runs a server in a child JVM for crash and load tests: args ROOT TOKEN_FILE [catalog]; prints "port N" then serves
 * until killed. With {@code catalog} it has the live catalog {@code osimg serve} has (rescans every 10 s).
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        FsBlobStore store = new FsBlobStore(Path.of(args[0]));
        StoreCatalog catalog = args.length > 2 && args[2].equals("catalog")
                ? StoreCatalog.open(new BlobStoreView(store), StoreCatalog.DEFAULT_INTERVAL, s -> { })
                : null;
        ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.fromFile(Path.of(args[1]))).catalog(catalog).start();
        System.out.println("port " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
