package io.osimg.cli;

import io.osimg.archive.lz4.BlockSize;
import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 2 and 4: {@code osimg install} killed with SIGKILL while the image's install.sh runs leaves no
 * mount under the target and no process of the script, and a re-run recognises the unfinished install: refused
 * without {@code --force}, wiped and installed anew with it. Needs root (mounts, chroot, namespaces) and busybox.
 */
class InstallKillIT {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "grep", "touch", "mkdir");
    private static final String WAIT_FOR_KILL = "wait-for-the-kill";

    private final String nonce = UUID.randomUUID().toString();
    private final List<Process> started = new ArrayList<>();
    private Path work;
    private HttpServer server;
    private Runnable stopServer = () -> { };

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-install-kill");
    }

    /** Kills what the script left running, detaches what it left mounted, then removes the work directory. */
    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
        stopServer.run();
        for (long pid : scriptProcesses()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (Path p : mountsUnder(work).reversed()) {
            new ProcessBuilder("umount", "-l", p.toString()).inheritIO().start().waitFor();
        }
        if (!mountsUnder(work).isEmpty()) {
            throw new IllegalStateException("still mounted below " + work + ": " + mountsUnder(work) + "; not removing it");
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", work.toString()).inheritIO().start().waitFor();
    }

    @Test
    @Timeout(300)
    void killDuringInstallShLeavesNoMountAndNoProcessAndTheRerunNeedsForce() throws Exception {
        Path image = image(Files.createDirectories(work.resolve("image")));
        Path root = Files.createDirectories(work.resolve("root"));
        Path machine = Files.writeString(work.resolve("machine.json"),
                "{\"id\":\"m-1\",\"allocation\":{\"hostname\":\"kill-test\",\"role\":\"machine\"}}");

        Process osimg = start(install(image, root, machine, WAIT_FOR_KILL));
        try (BufferedReader events = new BufferedReader(new InputStreamReader(osimg.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null && !line.contains("install.sh: waiting for the kill")) {
                // the events before the script's
            }
            assertThat(line).as("osimg install ended before install.sh ran: %s", Files.readString(work.resolve("err")))
                    .isNotNull();
            List<Long> running = scriptProcesses();
            for (int i = 0; i < 200 && running.size() < 2; i++) { // the sleep may not have started yet
                Thread.sleep(50);
                running = scriptProcesses();
            }
            assertThat(running).as("install.sh and its sleep").hasSize(2);
            assertThat(mountPointsSeenBy(running.getFirst())).contains("/proc", "/sys", "/tmp", "/dev");

            osimg.destroyForcibly();
            osimg.waitFor();
        }
        long killed = System.nanoTime();
        long deadline = killed + 10_000_000_000L;
        while (System.nanoTime() < deadline && !(scriptProcesses().isEmpty() && mountsUnder(root).isEmpty())) {
            Thread.sleep(5);
        }
        System.out.printf("no mount and no process of install.sh left %.3f s after osimg was killed%n",
                (System.nanoTime() - killed) / 1e9);
        assertThat(mountsUnder(root)).as("mounts left under the target").isEmpty();
        assertThat(scriptProcesses()).as("processes of install.sh left running").isEmpty();
        assertThat(root.resolve("from-the-killed-run")).exists();

        Process refused = start(install(image, root, machine, "0").redirectOutput(work.resolve("out").toFile()));
        assertThat(refused.waitFor()).isEqualTo(1);
        String err = Files.readString(work.resolve("err"));
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).startsWith("osimg install: target " + root + " holds an unfinished osimg install of "
                        + image.resolve("img.tar.lz4") + " (started ")
                .endsWith("); run with --force to wipe it and install again\n");
        assertThat(root.resolve("from-the-killed-run")).exists();

        ProcessBuilder force = install(image, root, machine, "0").redirectOutput(work.resolve("out").toFile());
        force.command().add("--force");
        Process forced = start(force);
        assertThat(forced.waitFor()).as(Files.readString(work.resolve("err"))).isEqualTo(0);
        assertThat(tree(root)).containsExactlyElementsOf(new TreeSet<>(List.of(
                "bin", "bin/busybox", "bin/grep", "bin/mkdir", "bin/sh", "bin/sleep", "bin/touch",
                "boot", "boot/vmlinuz", "dev", "etc", "etc/metal", "etc/metal/boot-info.yaml", "etc/metal/disk.json",
                "etc/metal/install.yaml", "proc", "sys", "tmp")));
        assertThat(Files.readAllBytes(root.resolve("bin/busybox"))).isEqualTo(Files.readAllBytes(BUSYBOX));
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.readString(root.resolve("etc/metal/install.yaml"))).contains("hostname: kill-test");
        assertThat(mountsUnder(root)).isEmpty();
    }

    @Test
    @Timeout(300)
    void killDuringExtractionLeavesAPartialTreeWithTheMarkerAndTheRerunNeedsForce() throws Exception {
        byte[] big = new byte[4 << 20];
        new Random(9).nextBytes(big);
        Path image = image(Files.createDirectories(work.resolve("image")), big);
        byte[] img = Files.readAllBytes(image.resolve("img.tar.lz4"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            try (exchange) {
                if (!name.equals("img.tar.lz4") && !name.equals("img.tar.lz4.md5")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(image.resolve(name));
                exchange.sendResponseHeaders(200, body.length);
                if (name.equals("img.tar.lz4") && requests.getAndIncrement() == 0) {
                    // the first download stalls 1 MiB before its end, in the middle of var/big.bin
                    exchange.getResponseBody().write(body, 0, body.length - (1 << 20));
                    exchange.getResponseBody().flush();
                    release.await();
                    return;
                }
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        stopServer = () -> {
            release.countDown();
            server.stop(0);
        };
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/img.tar.lz4";
        Path root = Files.createDirectories(work.resolve("root"));
        Path machine = Files.writeString(work.resolve("machine.json"),
                "{\"id\":\"m-1\",\"allocation\":{\"hostname\":\"kill-test\",\"role\":\"machine\"}}");

        Process osimg = start(install(url, root, machine, "0").redirectOutput(work.resolve("out").toFile()));
        Path partial = root.resolve("var/big.bin");
        while (!(Files.isRegularFile(partial) && Files.size(partial) > 0) && osimg.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(osimg.isAlive()).as("osimg install ended before extracting var/big.bin: %s",
                Files.readString(work.resolve("err"))).isTrue();
        osimg.destroyForcibly();
        osimg.waitFor();

        assertThat(Files.size(partial)).isLessThan(big.length);
        assertThat(Files.readString(root.resolve(".osimg-install"))).contains("image: " + url + "\n");
        Process refused = start(install(url, root, machine, "0").redirectOutput(work.resolve("out").toFile()));
        assertThat(refused.waitFor()).isEqualTo(1);
        assertThat(Files.readString(work.resolve("err"))).startsWith("osimg install: target " + root
                + " holds an unfinished osimg install of " + url + " (started ");

        ProcessBuilder force = install(url, root, machine, "0").redirectOutput(work.resolve("out").toFile());
        force.command().add("--force");
        assertThat(start(force).waitFor()).as(Files.readString(work.resolve("err"))).isEqualTo(0);
        assertThat(Files.readAllBytes(partial)).isEqualTo(big);
        assertThat(root.resolve(".osimg-install")).doesNotExist();
        assertThat(requests.get()).isEqualTo(2);
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** {@code osimg install} of {@code image} (a path or URL) onto {@code root}; standard error into {@code work/err}. */
    private ProcessBuilder install(Object image, Path root, Path machine, String rootUuid) {
        ProcessBuilder pb = OsimgProcess.of("install", "--image", image.toString(), "--machine", machine.toString(),
                "--root", root.toString(), "--root-uuid", rootUuid, "--cmdline-file", work.resolve("no-cmdline").toString(),
                "--events", "json");
        return pb.redirectError(work.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * An image of busybox with an install.sh that, when install.yaml names {@link #WAIT_FOR_KILL} as root UUID,
     * leaves a file, starts a background sleep and waits for it; otherwise writes boot-info.yaml and a kernel.
     */
    private Path image(Path dir) throws Exception {
        return image(dir, new byte[0]);
    }

    /** The same with {@code big} as {@code /var/big.bin}, the last entry, in 64 KiB LZ4 blocks. */
    private Path image(Path dir, byte[] big) throws Exception {
        String script = """
                #!/bin/sh
                if [ "$OSIMG_KILL_TEST" != %1$s ]; then
                    export OSIMG_KILL_TEST=%1$s
                    exec /bin/sh "$0"
                fi
                if grep -q '%2$s' /etc/metal/install.yaml; then
                    touch /from-the-killed-run
                    sleep 3600 &
                    echo "install.sh: waiting for the kill"
                    wait
                fi
                mkdir -p /boot
                echo kernel > /boot/vmlinuz
                printf 'kernel: /boot/vmlinuz\\ninitrd: ""\\n' > /etc/metal/boot-info.yaml
                """.formatted(nonce, WAIT_FOR_KILL);
        byte[] busybox = Files.readAllBytes(BUSYBOX);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            w.write(TarEntry.builder("bin", EntryType.DIRECTORY).mode(0755).build(), null);
            w.write(TarEntry.builder("bin/busybox", EntryType.FILE).mode(0755).size(busybox.length).build(),
                    new ByteArrayInputStream(busybox));
            for (String applet : APPLETS) {
                w.write(TarEntry.builder("bin/" + applet, EntryType.SYMLINK).mode(0777).linkTarget("busybox").build(), null);
            }
            w.write(TarEntry.builder("etc", EntryType.DIRECTORY).mode(0755).build(), null);
            byte[] sh = script.getBytes(StandardCharsets.UTF_8);
            w.write(TarEntry.builder("install.sh", EntryType.FILE).mode(0755).size(sh.length).build(), new ByteArrayInputStream(sh));
            if (big.length > 0) {
                w.write(TarEntry.builder("var", EntryType.DIRECTORY).mode(0755).build(), null);
                w.write(TarEntry.builder("var/big.bin", EntryType.FILE).mode(0644).size(big.length).build(),
                        new ByteArrayInputStream(big));
            }
            w.finish();
        }
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream o = new Lz4FrameOutputStream(lz4,
                Lz4Options.defaults().withLevel(1).withBlockSize(BlockSize.KB64))) {
            o.write(tar.toByteArray());
        }
        byte[] img = lz4.toByteArray();
        Files.write(dir.resolve("img.tar.lz4"), img);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img));
        Files.writeString(dir.resolve("img.tar.lz4.md5"), ChecksumFile.format(DigestAlgorithm.MD5, md5, "img.tar.lz4"));
        return dir;
    }

    /** The processes whose environment holds this test's nonce: install.sh and what it started. */
    private List<Long> scriptProcesses() throws IOException {
        byte[] mark = ("OSIMG_KILL_TEST=" + nonce).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (contains(Files.readAllBytes(p.resolve("environ")), mark)) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return pids;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The mount points process {@code pid} sees (relative to its root). */
    private static List<String> mountPointsSeenBy(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/mountinfo")).lines().map(l -> l.split(" ")[4]).toList();
    }

    /** The mount points at or below {@code dir} in this test's mount namespace. */
    private static List<Path> mountsUnder(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return Files.readString(Path.of("/proc/self/mountinfo")).lines().map(l -> Path.of(l.split(" ")[4]))
                .filter(p -> p.startsWith(real)).toList();
    }

    /** The relative paths below {@code root}, symbolic links not followed, sorted. */
    private static TreeSet<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            TreeSet<String> names = new TreeSet<>();
            all.filter(p -> !p.equals(root)).forEach(p -> names.add(root.relativize(p).toString()));
            return names;
        }
    }
}
