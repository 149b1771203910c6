package io.osimg.image.packages;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks up, while an image's tar stream is written, what tells its packages: the dpkg database, the rpm database
 * (copied into a temporary directory, as {@code rpm} reads files) and {@code os-release}; then reads them into a
 * {@link PackageInventory}. A directory source is read in place ({@link #ofDirectory}). Closing deletes the copies.
 */
public final class PackageCapture implements Closeable {

    /** The os-release files, in the order they are consulted (os-release(5)). */
    public static final String ETC_OS_RELEASE = "etc/os-release";
    public static final String USR_OS_RELEASE = "usr/lib/os-release";

    private static final long MAX_SMALL_FILE = 64L << 20;
    private static final long MAX_RPM_DB = 4L << 30;

    private byte[] dpkgStatus;
    private final Map<String, byte[]> osRelease = new HashMap<>();
    private Path rpmCopies;
    private long rpmBytes;

    /** An empty capture, to be fed entry by entry ({@link #offer}). */
    public PackageCapture() {
    }

    /** The names a capture keeps (after {@code ./} or {@code /} are stripped). */
    public static boolean wanted(String name) {
        return name.equals(DpkgStatus.PATH) || name.equals(ETC_OS_RELEASE) || name.equals(USR_OS_RELEASE)
                || rpmDatabaseOf(name) != null;
    }

    /**
     * Offers one regular file of the image: kept when {@link #wanted}, else ignored.
     *
     * @param name    the entry's path, relative ({@code var/lib/dpkg/status})
     * @param size    its size
     * @param content its bytes, read only when wanted
     */
    public void offer(String name, long size, InputStream content) throws IOException {
        String n = normalise(name);
        if (!wanted(n)) {
            return;
        }
        String db = rpmDatabaseOf(n);
        if (db != null) {
            rpmBytes += size;
            if (rpmBytes > MAX_RPM_DB) {
                throw new IOException("the rpm database " + db + " of the image is larger than " + (MAX_RPM_DB >> 30) + " GiB");
            }
            if (rpmCopies == null) {
                rpmCopies = Files.createTempDirectory("osimg-rpmdb-");
            }
            Path dir = rpmCopies.resolve(db);
            Files.createDirectories(dir);
            Files.copy(content, dir.resolve(n.substring(db.length() + 1)), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (size > MAX_SMALL_FILE) {
            throw new IOException(n + " of the image is " + size + " bytes, more than " + MAX_SMALL_FILE + " can be");
        }
        byte[] bytes = content.readAllBytes();
        if (n.equals(DpkgStatus.PATH)) {
            dpkgStatus = bytes;
        } else {
            osRelease.put(n, bytes);
        }
    }

    /** Reads a root filesystem directory's databases (following no symbolic link out of it). */
    public static PackageCapture ofDirectory(Path root) throws IOException {
        PackageCapture c = new PackageCapture();
        try {
            for (String f : new String[] {DpkgStatus.PATH, ETC_OS_RELEASE, USR_OS_RELEASE}) {
                Path p = root.resolve(f);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !symlinkOnTheWay(root, f)) {
                    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                        c.offer(f, Files.size(p), in);
                    }
                }
            }
            for (String db : RpmDatabase.PATHS) {
                Path dir = root.resolve(db);
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || symlinkOnTheWay(root, db)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                            try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                                c.offer(db + "/" + f.getFileName(), Files.size(f), in);
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static boolean symlinkOnTheWay(Path root, String relative) {
        Path p = root;
        for (Path part : Path.of(relative)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    /** The image's os-release text: {@code etc/os-release} when it is a file, else {@code usr/lib/os-release}. */
    public Optional<String> osRelease() {
        byte[] b = osRelease.containsKey(ETC_OS_RELEASE) ? osRelease.get(ETC_OS_RELEASE) : osRelease.get(USR_OS_RELEASE);
        return Optional.ofNullable(b).map(x -> new String(x, StandardCharsets.UTF_8));
    }

    /** Whether a dpkg status file was found. */
    public boolean hasDpkgDatabase() {
        return dpkgStatus != null;
    }

    /** The image's rpm database directory (relative), or empty. */
    public Optional<String> rpmDatabase() {
        if (rpmCopies == null) {
            return Optional.empty();
        }
        return RpmDatabase.PATHS.stream().filter(db -> RpmDatabase.isDatabase(rpmCopies.resolve(db))).findFirst();
    }

    /**
     * The image's packages: from the dpkg database when it has one, else from the rpm database (read by
     * {@code rpm}), else empty.
     */
    public Optional<PackageInventory> inventory(RpmDatabase rpm) throws IOException {
        if (dpkgStatus != null) {
            return Optional.of(PackageInventory.of(DpkgStatus.parse(
                    new InputStreamReader(new ByteArrayInputStream(dpkgStatus), StandardCharsets.UTF_8))));
        }
        Optional<String> db = rpmDatabase();
        if (db.isPresent()) {
            return Optional.of(rpm.query(rpmCopies.resolve(db.get()), db.get() + " of the image"));
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        if (rpmCopies != null) {
            try (Stream<Path> walk = Files.walk(rpmCopies)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            rpmCopies = null;
        }
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.substring(n.charAt(0) == '/' ? 1 : 2);
        }
        return n;
    }

    /** The rpm database directory a path lies directly in, or null. */
    private static String rpmDatabaseOf(String name) {
        for (String db : RpmDatabase.PATHS) {
            if (name.startsWith(db + "/") && name.indexOf('/', db.length() + 1) < 0 && name.length() > db.length() + 1) {
                return db;
            }
        }
        return null;
    }
}
