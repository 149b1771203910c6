package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Runs a server in a child JVM for crash tests: args ROOT TOKEN_FILE; prints "port N" then serves until killed. */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        FsBlobStore store = new FsBlobStore(Path.of(args[0]));
        ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.fromFile(Path.of(args[1]))).start();
        System.out.println("port " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
