package io.osimg.store.mirror;

import io.osimg.store.fs.FsBlobStore;
import io.osimg.transfer.Fetcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Runs one mirror round in a child JVM: {@code MirrorMain <upstream-url> <local-root>}; exit 0 when it succeeded. */
public final class MirrorMain {

    private MirrorMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions());
             FsBlobStore local = new FsBlobStore(Path.of(args[1]))) {
            MirrorReport report = new Mirror(new Upstream(URI.create(args[0]), fetcher), local, fetcher,
                    MirrorOptions.defaults().withParallel(1), Clock.fixed(UpstreamFixture.NOW, ZoneOffset.UTC), null).run();
            System.out.println(report.summary());
            System.exit(report.ok() ? 0 : 1);
        }
    }
}
