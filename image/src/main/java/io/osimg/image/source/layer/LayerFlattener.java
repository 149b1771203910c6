package io.osimg.image.source.layer;

import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarFormatException;
import io.osimg.archive.tar.TarReader;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.checksum.DigestingInputStream;
import io.osimg.image.source.Compression;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies the layers of a container image in order and writes the resulting root filesystem as one tar stream,
 * without writing the root filesystem anywhere: the layer blobs stay as they are (compressed) and are read twice.
 *
 * <p><b>Pass 1</b> reads only the headers of every layer, in order, and keeps the tree they build: a node per
 * surviving path with its final header and the <i>slot</i> (layer, ordinal of the entry in that layer) where the
 * second pass can write it. The OCI rules: {@code .wh.NAME} deletes NAME (and what is below it) of the lower
 * layers, {@code .wh..wh..opq} deletes everything the lower layers put in its directory, a later entry replaces an
 * earlier one at the same path (a non-directory replacing a directory removes what was below it; a directory over a
 * directory only changes its metadata), and a hard link resolves to the file its target is <i>at that moment</i>.
 * Files are identified by their content's slot, so a hard link whose original is deleted or replaced later keeps the
 * original's content. The reading of each layer's headers ({@link Headers}) may run on worker threads, started as
 * soon as a layer's blob is on disk, or from its bytes while it downloads; applying them to the tree runs in layer
 * order.
 *
 * <p><b>Pass 2</b> streams the layers again and writes each survivor at its slot: a file's content at the slot of
 * the entry that carries it, under the first surviving name of that content (the original if it survives, else
 * the first of its links), its other names as hard links to it; directories, symlinks and devices at their slot;
 * directories with the metadata of the last layer that declared them, written before the first entry below
 * them. Whiteouts and the root entry are not written. The blob of every layer is checked against its digest in
 * both passes.
 */
public final class LayerFlattener {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /**
     * What was written.
     *
     * @param entries  entries in the output tar
     * @param captured the content of the files asked for, by path (e.g. {@code var/lib/dpkg/status})
     */
    public record Result(long entries, Map<String, byte[]> captured) { }

    /** A surviving path. */
    private static final class Node {
        final String key;
        TarEntry header;
        long slot;
        /** The slot of the file entry that carries the content (files and hard links), else -1. */
        final long content;
        /** The layer that put the node's current header. */
        int layer;
        boolean written;

        Node(String key, TarEntry header, long slot, long content, int layer) {
            this.key = key;
            this.header = header;
            this.slot = slot;
            this.content = content;
            this.layer = layer;
        }

        boolean isDirectory() {
            return header.type() == EntryType.DIRECTORY;
        }
    }

    private final List<Layer> layers;
    private final NavigableMap<String, Node> tree = new TreeMap<>();

    private LayerFlattener(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * Flattens {@code layers} (lowest first) into {@code out}; {@code out} is not finished, so the caller may add
     * to it and must call {@link TarWriter#finish()}.
     *
     * @param capture which paths (normalised, e.g. {@code var/lib/dpkg/status}) to return the final content of
     */
    public static Result flatten(List<Layer> layers, TarWriter out, Predicate<String> capture) throws IOException {
        try (Headers headers = new Headers(1)) {
            return flatten(layers, out, capture, headers);
        }
    }

    /**
     * As {@link #flatten(List, TarWriter, Predicate)}, with the first pass's reading of the layers taken from
     * {@code headers}, where it may have started (or finished) while later layers were still arriving.
     */
    public static Result flatten(List<Layer> layers, TarWriter out, Predicate<String> capture, Headers headers)
            throws IOException {
        if (layers.isEmpty()) {
            throw new LayerFormatException("the image has no layers");
        }
        LayerFlattener f = new LayerFlattener(layers);
        for (int i = 0; i < f.layers.size(); i++) {
            List<TarEntry> entries = headers.of(f.layers.get(i));
            for (int ordinal = 0; ordinal < entries.size(); ordinal++) {
                f.apply(i, slot(i, ordinal), entries.get(ordinal));
            }
        }
        return f.write(out, capture);
    }

    /**
     * The first pass's reading of layers: each layer's headers, in order, its blob checked against its digest. A
     * layer handed to {@link #read(Layer)} is read at once on a worker thread, so that the layers of a local image
     * are read in parallel; a layer handed to {@link #streaming(Layer)} is read from its bytes while they download,
     * so that the (inflating, CPU-bound) reading ends with the download. {@link #close()} stops the workers and
     * waits for them, so the blobs can be deleted afterwards.
     */
    public static final class Headers implements LayerSink, AutoCloseable {
        /** What a streaming layer may run ahead of its reading before the writer waits. */
        private static final int PIPE = 4 << 20;

        private final ExecutorService workers;
        private final Map<Layer, Future<List<TarEntry>>> started = new ConcurrentHashMap<>();

        /** @param threads how many layers are read at the same time */
        public Headers(int threads) {
            AtomicInteger ids = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "osimg-layer-headers-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /** Starts reading {@code layer}'s headers (once per layer). */
        public void read(Layer layer) {
            started.computeIfAbsent(layer, l -> workers.submit(() -> headers(l, null)));
        }

        @Override
        public void arrived(Layer layer) {
            read(layer);
        }

        /**
         * Reads {@code layer}'s headers from the bytes written to the stream returned, while they are written (a
         * download teed into it). The reading drains whatever it does not use, so the writer is never held up for
         * good by a layer that fails to read; that failure is reported when the headers are asked for.
         */
        @Override
        public OutputStream streaming(Layer layer) throws IOException {
            if (started.containsKey(layer)) {
                return null;
            }
            PipedInputStream in = new PipedInputStream(PIPE);
            PipedOutputStream out = new PipedOutputStream(in);
            started.put(layer, workers.submit(() -> {
                try {
                    return headers(layer, new FilterInputStream(in) {
                        @Override
                        public void close() {
                            // drained and closed below, so that the writer never meets a closed pipe
                        }
                    });
                } finally {
                    try (in) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the writer went away (its download failed); the download reports that
                    }
                }
            }));
            return out;
        }

        /** The headers of {@code layer}, in order: waits for its reading (starting it if nobody did). */
        List<TarEntry> of(Layer layer) throws IOException {
            read(layer);
            try {
                return started.get(layer).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(layer.name() + ": interrupted while reading its headers");
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> throw io;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IOException(layer.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }

        /** @param blob the blob's bytes, or null to read its file */
        private static List<TarEntry> headers(Layer layer, InputStream blob) throws IOException {
            List<TarEntry> entries = new ArrayList<>();
            LayerFlattener.read(layer, blob, 0, (slot, e, reader) -> entries.add(e));
            return entries;
        }

        @Override
        public void close() {
            started.values().forEach(f -> f.cancel(true));
            workers.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long slot(int layer, long ordinal) {
        return ((long) layer << 40) | ordinal;
    }

    // ---------------------------------------------------------------- pass 1

    /** What a pass does with each entry of a layer. */
    private interface Visitor {
        void entry(long slot, TarEntry e, TarReader reader) throws IOException;
    }

    /**
     * Reads layer {@code index} to its end, entry by entry, and checks its digest. A blob that does not read as a tar
     * is reported as a digest mismatch when it is one (a damaged blob), else as a layer that is not a tar.
     */
    private static void read(Layer layer, int index, Visitor visitor) throws IOException {
        read(layer, null, index, visitor);
    }

    /** As {@link #read(Layer, int, Visitor)}, from {@code blob} (the blob's bytes) when not null, else its file. */
    private static void read(Layer layer, InputStream blob, int index, Visitor visitor) throws IOException {
        try (LayerStream in = LayerStream.open(layer, blob)) {
            try {
                TarReader reader = new TarReader(in.tar());
                long ordinal = 0;
                for (TarEntry e = reader.next(); e != null; e = reader.next(), ordinal++) {
                    visitor.entry(slot(index, ordinal), e, reader);
                }
            } catch (LayerFormatException | DigestMismatchException e) {
                throw e;
            } catch (TarFormatException | EOFException e) {
                in.checkDigestAfter(e);
                throw new LayerFormatException(layer.name() + ": not a complete tar archive: " + e.getMessage(), e);
            } catch (IOException e) {
                in.checkDigestAfter(e);
                throw new IOException(layer.name() + ": " + e.getMessage(), e);
            }
            in.finish();
        }
    }

    private void apply(int index, long slot, TarEntry e) throws IOException {
        String name = layers.get(index).name();
        String key = LayerPath.key(e.path(), name, "entry");
        if (key.isEmpty()) {
            return; // the root: its metadata is the target's business
        }
        String leaf = LayerPath.leaf(key);
        String parent = LayerPath.parent(key);
        if (leaf.startsWith(WHITEOUT)) {
            if (leaf.equals(OPAQUE)) {
                removeBelow(parent, index);
            } else {
                String hidden = parent.isEmpty() ? leaf.substring(WHITEOUT.length())
                        : parent + "/" + leaf.substring(WHITEOUT.length());
                Node gone = tree.get(hidden);
                if (gone != null && gone.layer < index) {
                    tree.remove(hidden);
                }
                removeBelow(hidden, index);
            }
            return;
        }
        replaceFilesAbove(key);
        Node existing = tree.get(key);
        if (e.type() == EntryType.DIRECTORY && existing != null && existing.isDirectory()) {
            existing.header = e; // a directory over a directory: new metadata, same children, same slot
            existing.layer = index;
            return;
        }
        Node node;
        if (e.type() == EntryType.HARDLINK) {
            String target = LayerPath.key(e.linkTarget(), name, "hard link " + LayerPath.display(key) + " to");
            Node original = tree.get(target);
            if (original == null || original.content < 0) {
                throw new LayerFormatException(name + ": hard link " + LayerPath.display(key) + " points to "
                        + LayerPath.display(target) + ", which is no file at that point (neither in this layer "
                        + "before it nor in a lower one)");
            }
            node = new Node(key, original.header, slot, original.content, index);
        } else {
            node = new Node(key, e, slot, e.type() == EntryType.FILE ? slot : -1, index);
        }
        if (existing != null && existing.isDirectory()) {
            removeBelow(key, Integer.MAX_VALUE); // a non-directory replaces a directory and all it held
        }
        tree.put(key, node);
    }

    /** Removes what the layers below {@code index} hold under {@code dir} ("" is the root). */
    private void removeBelow(String dir, int index) {
        NavigableMap<String, Node> below = dir.isEmpty() ? tree : tree.subMap(dir + "/", true, dir + "0", false);
        below.values().removeIf(n -> n.layer < index);
    }

    /** An entry below a path that is a file, a symlink or a device replaces it by a directory. */
    private void replaceFilesAbove(String key) {
        for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
            Node above = tree.get(key.substring(0, slash));
            if (above != null && !above.isDirectory()) {
                tree.remove(above.key);
            }
        }
    }

    // ---------------------------------------------------------------- pass 2

    private Result write(TarWriter out, Predicate<String> capture) throws IOException {
        Map<Long, List<Node>> bySlot = new HashMap<>();
        Map<Long, List<Node>> byContent = new HashMap<>();
        for (Node n : tree.values()) {
            if (n.content >= 0) {
                byContent.computeIfAbsent(n.content, k -> new ArrayList<>()).add(n);
            } else {
                bySlot.computeIfAbsent(n.slot, k -> new ArrayList<>()).add(n);
            }
        }
        // the original keeps its name when it survives; otherwise the first of its links (by name) carries the content
        Comparator<Node> originalFirst = Comparator.<Node>comparingInt(n -> n.slot == n.content ? 0 : 1)
                .thenComparing(n -> n.key);
        byContent.values().forEach(l -> l.sort(originalFirst));

        Writer writer = new Writer(out);
        Map<String, byte[]> captured = new HashMap<>();
        for (int index = 0; index < layers.size(); index++) {
            read(layers.get(index), index, (slot, e, reader) -> {
                List<Node> files = byContent.get(slot);
                if (files != null) {
                    writer.files(files, reader.content(), capture, captured);
                }
                List<Node> others = bySlot.get(slot);
                if (others != null) {
                    for (Node n : others) {
                        writer.write(n, n.header.type(), null, null);
                    }
                }
            });
        }
        if (writer.count != tree.size()) {
            throw new IllegalStateException("flattening wrote " + writer.count + " of " + tree.size() + " entries");
        }
        return new Result(writer.count, captured);
    }

    private final class Writer {
        private final TarWriter out;
        long count;

        Writer(TarWriter out) {
            this.out = out;
        }

        void files(List<Node> names, InputStream content, Predicate<String> capture, Map<String, byte[]> captured)
                throws IOException {
            Node primary = names.getFirst();
            InputStream data = content;
            for (Node n : names) {
                if (capture.test(n.key)) {
                    byte[] bytes = content.readAllBytes();
                    for (Node m : names) {
                        if (capture.test(m.key)) {
                            captured.put(m.key, bytes);
                        }
                    }
                    data = new ByteArrayInputStream(bytes);
                    break;
                }
            }
            write(primary, EntryType.FILE, data, null);
            for (Node link : names.subList(1, names.size())) {
                write(link, EntryType.HARDLINK, null, LayerPath.bytes(primary.key));
            }
        }

        void write(Node n, EntryType type, InputStream data, byte[] linkTarget) throws IOException {
            if (n.written) {
                return;
            }
            parents(n.key);
            TarEntry h = n.header;
            byte[] link = type == EntryType.HARDLINK ? linkTarget : h.linkTarget();
            long size = type == EntryType.FILE ? h.size() : 0;
            out.write(new TarEntry(LayerPath.bytes(n.key), type, h.mode(), h.uid(), h.gid(), h.uname(), h.gname(),
                    size, h.mtime(), link, h.devMajor(), h.devMinor(), h.xattrs()), data);
            n.written = true;
            count++;
        }

        /** Writes the directories above {@code key} that are not written yet, outermost first. */
        private void parents(String key) throws IOException {
            for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
                Node dir = tree.get(key.substring(0, slash));
                if (dir != null && !dir.written) {
                    write(dir, EntryType.DIRECTORY, null, null);
                }
            }
        }
    }

    /**
     * A layer's blob opened for reading: raw bytes hashed, decompressed by their magic bytes; the decompressed
     * bytes hashed too when the layer states a diff_id and is compressed.
     */
    private record LayerStream(Layer layer, DigestingInputStream raw, InputStream tar, DigestingInputStream plain)
            implements AutoCloseable {

        static LayerStream open(Layer layer, InputStream blob) throws IOException {
            DigestingInputStream raw = new DigestingInputStream(blob != null ? blob : Files.newInputStream(layer.blob()),
                    null, DigestAlgorithm.SHA256);
            try {
                Compression.Opened opened = Compression.open(raw);
                if (layer.diffId() != null && opened.compression() != Compression.NONE) {
                    DigestingInputStream plain = new DigestingInputStream(opened.stream(), null, DigestAlgorithm.SHA256);
                    return new LayerStream(layer, raw, plain, plain);
                }
                return new LayerStream(layer, raw, opened.stream(), null);
            } catch (IOException e) {
                raw.close();
                throw new LayerFormatException(layer.name() + ": " + e.getMessage(), e);
            }
        }

        /** Reads the layer to its very end and checks its digest (and its diff_id). */
        void finish() throws IOException {
            tar.transferTo(OutputStream.nullOutputStream());
            raw.drainToEnd();
            String actual = raw.digests().get(DigestAlgorithm.SHA256);
            if (layer.digest() != null && !layer.sha256().equals(actual)) {
                throw new DigestMismatchException(DigestAlgorithm.SHA256, layer.name(), layer.sha256(), actual);
            }
            if (plain != null) {
                String expected = layer.diffId().substring("sha256:".length());
                String uncompressed = plain.digests().get(DigestAlgorithm.SHA256);
                if (!expected.equals(uncompressed)) {
                    throw new DigestMismatchException(DigestAlgorithm.SHA256, layer.name()
                            + " uncompressed (its rootfs.diff_ids entry)", expected, uncompressed);
                }
            }
        }

        /** After {@code failure} reading the tar: throws the digest mismatch if the blob is damaged. */
        void checkDigestAfter(IOException failure) throws IOException {
            if (layer.digest() == null) {
                return;
            }
            try {
                raw.drainToEnd();
            } catch (IOException e) {
                failure.addSuppressed(e);
                return;
            }
            String actual = raw.digests().get(DigestAlgorithm.SHA256);
            if (!layer.sha256().equals(actual)) {
                DigestMismatchException m = new DigestMismatchException(DigestAlgorithm.SHA256, layer.name(),
                        layer.sha256(), actual);
                m.addSuppressed(failure);
                throw m;
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
