package io.osimg.store.fs;

import io.osimg.store.BlobContent;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobTransaction;
import io.osimg.store.InvalidKeyException;
import io.osimg.store.StagedBlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FsBlobStoreTest {

    @TempDir
    Path base;

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readAll(FsBlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putStatReadListDelete() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        BlobInfo info = store.put("metal-os/stable/debian/12/img.tar.lz4", text("hello"));
        store.put("metal-os/stable/debian/12/img.tar.lz4.md5", text("x"));
        store.put("metal-os/stable/ubuntu/24.04/img.tar.lz4", text("u"));
        store.put("other", text("o"));

        assertThat(info.size()).isEqualTo(5);
        assertThat(info.etag()).matches("\"5-[0-9a-f]+-[0-9a-f]+\"");
        assertThat(store.stat("metal-os/stable/debian/12/img.tar.lz4")).contains(info);
        assertThat(readAll(store, "metal-os/stable/debian/12/img.tar.lz4")).isEqualTo("hello");
        assertThat(store.list("metal-os/stable/").stream().map(BlobInfo::key)).containsExactly(
                "metal-os/stable/debian/12/img.tar.lz4", "metal-os/stable/debian/12/img.tar.lz4.md5",
                "metal-os/stable/ubuntu/24.04/img.tar.lz4");
        assertThat(store.list("metal-os/stable/deb").stream().map(BlobInfo::key)).hasSize(2);
        assertThat(store.list("").stream().map(BlobInfo::key)).hasSize(4).last().isEqualTo("other");
        assertThat(store.list("nothing/here/")).isEmpty();

        assertThat(store.delete("other")).isTrue();
        assertThat(store.delete("other")).isFalse();
        assertThat(store.stat("other")).isEmpty();
        assertThatThrownBy(() -> store.read("other")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void replacingChangesTheEtagAndReadersSeeWholeObjects() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        BlobInfo first = store.put("k", text("aaaa"));
        try (BlobContent open = store.read("k")) {
            BlobInfo second = store.put("k", text("bbbb"));
            assertThat(second.etag()).isNotEqualTo(first.etag());
            ByteBuffer buf = ByteBuffer.allocate(4);
            ((FileChannel) open.channel()).read(buf, 0);
            assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("aaaa");
            assertThat(open.info()).isEqualTo(first);
        }
        assertThat(readAll(store, "k")).isEqualTo("bbbb");
    }

    @Test
    void symlinksNeverLeadOutOfTheRoot() throws IOException {
        Path outside = Files.writeString(base.resolve("secret.txt"), "SECRET");
        Files.createDirectories(base.resolve("outdir"));
        Files.writeString(base.resolve("outdir/f"), "SECRET2");
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        Files.createSymbolicLink(store.root().resolve("link"), outside);
        Files.createSymbolicLink(store.root().resolve("dirlink"), base.resolve("outdir"));

        assertThat(store.stat("link")).isEmpty();
        assertThat(store.stat("dirlink/f")).isEmpty();
        assertThatThrownBy(() -> store.read("link")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.read("dirlink/f")).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.list("")).isEmpty();
        assertThat(store.list("dirlink/")).isEmpty();
        assertThatThrownBy(() -> store.put("dirlink/new", text("x"))).isInstanceOf(IOException.class);
        assertThat(base.resolve("outdir/new")).doesNotExist();
        assertThatThrownBy(() -> store.stat("../secret.txt")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void aDirectoryReplacedByASymlinkAfterACachedCheckIsRefusedAtOnce() throws IOException {
        Files.createDirectories(base.resolve("outdir"));
        Files.writeString(base.resolve("outdir/f"), "SECRET");
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        store.put("d/f", text("public"));
        assertThat(readAll(store, "d/f")).isEqualTo("public"); // the directory check is now cached
        Files.move(store.root().resolve("d"), base.resolve("moved"));
        Files.createSymbolicLink(store.root().resolve("d"), base.resolve("outdir"));
        assertThat(store.stat("d/f")).isEmpty();
        assertThatThrownBy(() -> store.read("d/f")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void stagingIsHiddenAndOpeningDeletesOnlyWhatDeadOwnersLeft() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        StagedBlob staged = store.stage("a/b");
        staged.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.UTF_8)));
        assertThat(store.list("")).isEmpty();
        assertThat(store.stat("a/b")).isEmpty();
        assertThat(children(store.stagingDirectory())).hasSize(1);
        Path staging = store.root().resolve(".staging");
        // what a process killed with SIGKILL leaves: its claim, and the lock file nobody holds any more
        Path dead = Files.createDirectories(staging.resolve("store-0b6fd0a4-5f5c-4d4e-9d0e-1f2a3b4c5d6e"));
        Files.writeString(dead.resolve("x.part"), "half an upload");
        Files.writeString(staging.resolve("store-0b6fd0a4-5f5c-4d4e-9d0e-1f2a3b4c5d6e.lock"), "");
        // and what osimg does not know: kept (the image an older osimg moved aside before replacing it, say)
        Path unknown = Files.createDirectories(staging.resolve("build-1234.replaced"));
        Files.writeString(unknown.resolve("img.tar.lz4.md5"), "the only copy");
        Files.createDirectories(staging.resolve("partial/20261202/debian/13"));

        FsBlobStore restarted = new FsBlobStore(base.resolve("s"));
        assertThat(dead).doesNotExist();
        assertThat(staging.resolve("store-0b6fd0a4-5f5c-4d4e-9d0e-1f2a3b4c5d6e.lock")).doesNotExist();
        assertThat(unknown.resolve("img.tar.lz4.md5")).hasContent("the only copy");
        assertThat(staging.resolve("partial/20261202/debian/13")).isDirectory();
        assertThat(children(store.stagingDirectory())).as("the live store's upload is left alone").hasSize(1);
        assertThat(restarted.list("")).isEmpty();
        staged.close();
        store.close();
        restarted.close();
        assertThat(children(staging).stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("build-1234.replaced", "partial");
    }

    @Test
    void readersNeverMissADirectoryWhileItIsReplaced() throws Exception {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        String key = "stable/debian/13/img.tar.lz4.md5";
        replace(store, 0);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        Path file = store.root().resolve(key);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    if (!Files.readString(file).startsWith("md5 of version ")) {
                        misses.incrementAndGet();
                    }
                } catch (IOException e) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        try {
            for (int i = 1; i <= REPLACEMENTS; i++) {
                replace(store, i);
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(misses.get()).as(misses + " of " + reads + " reads found no file during " + REPLACEMENTS
                + " replacements").isZero();
        assertThat(readAll(store, key)).isEqualTo("md5 of version " + REPLACEMENTS);
        assertThat(children(store.stagingDirectory())).isEmpty();
    }

    private static final int REPLACEMENTS = 300;

    private static void replace(FsBlobStore store, int version) throws IOException {
        try (BlobTransaction tx = store.begin("stable/debian/13")) {
            tx.put("img.tar.lz4", text("image of version " + version));
            tx.put("img.tar.lz4.md5", text("md5 of version " + version));
            tx.commit();
        }
    }

    @Test
    void anEmptyStagingDirectoryRemovedByAFinishedBuildComesBack() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        Files.delete(store.root().resolve(".staging")); // what a build does on its way out when .staging is empty
        store.put("a/b", text("after"));
        assertThat(readAll(store, "a/b")).isEqualTo("after");
    }

    @Test
    void discardedStagedObjectLeavesNothing() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        try (StagedBlob staged = store.stage("a/b")) {
            staged.write(ByteBuffer.wrap(new byte[100]));
        }
        assertThat(children(store.stagingDirectory())).isEmpty();
        assertThat(store.stat("a/b")).isEmpty();
    }

    @Test
    void transactionPublishesANewDirectoryAtOnce() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        try (BlobTransaction tx = store.begin("img/debian/12")) {
            tx.put("img.tar.lz4", text("tar"));
            tx.put("img.tar.lz4.md5", text("md5"));
            assertThat(store.list("img/")).isEmpty();
            List<BlobInfo> published = tx.commit();
            assertThat(published.stream().map(BlobInfo::key))
                    .containsExactly("img/debian/12/img.tar.lz4", "img/debian/12/img.tar.lz4.md5");
        }
        assertThat(readAll(store, "img/debian/12/img.tar.lz4.md5")).isEqualTo("md5");
        assertThat(children(store.stagingDirectory())).isEmpty();
    }

    @Test
    void transactionOnExistingDirectoryReplacesNamedFilesAndKeepsOthers() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        store.put("img/d/img.tar.lz4", text("old"));
        store.put("img/d/packages.txt", text("pk"));
        try (BlobTransaction tx = store.begin("img/d")) {
            tx.put("img.tar.lz4", text("new"));
            tx.put("img.tar.lz4.md5", text("sum"));
            tx.commit();
        }
        assertThat(readAll(store, "img/d/img.tar.lz4")).isEqualTo("new");
        assertThat(readAll(store, "img/d/img.tar.lz4.md5")).isEqualTo("sum");
        assertThat(readAll(store, "img/d/packages.txt")).isEqualTo("pk");
        assertThat(children(store.stagingDirectory())).isEmpty();
    }

    @Test
    void abandonedTransactionLeavesNothing() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("s"));
        try (BlobTransaction tx = store.begin("img/x")) {
            tx.put("a", text("a"));
        }
        assertThat(store.list("")).isEmpty();
        assertThat(children(store.stagingDirectory())).isEmpty();
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
