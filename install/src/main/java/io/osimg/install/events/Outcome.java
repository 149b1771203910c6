package io.osimg.install.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an installation ended, for the {@code result} event ({@link EventSink#result}): the last event of every
 * installation, successful or not. What the installation did not get to is absent: no digests or sizes when the
 * image did not verify, no kernel when the contract steps did not end.
 *
 * @param ok                whether the installation succeeded
 * @param error             the one line the command prints on failure, null on success
 * @param exitCode          the command's exit code
 * @param image             the image that was resolved, null when it was not
 * @param compressedBytes   the size of {@code img.tar.lz4}, -1 when it did not verify
 * @param uncompressedBytes the size of the tar in it, -1 when the image did not verify
 * @param digests           the digests that matched, by algorithm ({@code md5}, {@code sha512}); empty when the image
 *                          did not verify
 * @param target            where the image went, null when not known
 * @param boot              kernel, initrd and command line from boot-info.yaml, null when the contract steps did not end
 * @param kexec             whether the installed kernel is booted with kexec (the event is sent right before the reboot)
 * @param took              since the command started
 */
public record Outcome(boolean ok, String error, int exitCode, Image image, long compressedBytes, long uncompressedBytes,
                      Map<String, String> digests, Target target, Boot boot, boolean kexec, Duration took) {

    public Outcome {
        if (ok != (error == null)) {
            throw new IllegalArgumentException("an outcome has an error exactly when it is not ok");
        }
        digests = Map.copyOf(digests);
        Objects.requireNonNull(took, "took");
    }

    /**
     * Where the image came from.
     *
     * @param url  the URL of {@code img.tar.lz4}, null for a local file
     * @param path the local file, null for a URL
     * @param id   the image ID it was resolved from, null when the image was given by its location
     */
    public record Image(String url, String path, String id) {
        public Image {
            if ((url == null) == (path == null)) {
                throw new IllegalArgumentException("an image has either a URL or a path");
            }
        }
    }

    /**
     * Where the image was installed.
     *
     * @param root  the root directory ({@code --root}), null for disks
     * @param disks the disks partitioned for it ({@code --disk}), empty for a root directory
     */
    public record Target(String root, List<String> disks) {
        public Target {
            disks = List.copyOf(disks);
        }

        public static Target root(String root) {
            return new Target(Objects.requireNonNull(root, "root"), List.of());
        }

        public static Target disks(List<String> disks) {
            return new Target(null, disks);
        }
    }

    /**
     * What boot-info.yaml names, as host paths.
     *
     * @param kernel  the kernel
     * @param initrd  the initrd, null when the image has none
     * @param cmdline the kernel command line
     */
    public record Boot(String kernel, String initrd, String cmdline) {
        public Boot {
            Objects.requireNonNull(kernel, "kernel");
            cmdline = cmdline == null ? "" : cmdline;
        }
    }

    /**
     * Collects the facts as an installation reaches them, so a failure still reports how far it got; the command
     * turns it into the one {@link Outcome} at the end. Thread-safe.
     */
    public static final class Builder {

        private Image image;
        private Target target;
        private long compressedBytes = -1;
        private long uncompressedBytes = -1;
        private Map<String, String> digests = Map.of();
        private Boot boot;

        public synchronized Builder image(Image image) {
            this.image = image;
            return this;
        }

        public synchronized Builder target(Target target) {
            this.target = target;
            return this;
        }

        /** Every byte of the image matched {@code digests}. */
        public synchronized Builder verified(long compressedBytes, long uncompressedBytes, Map<String, String> digests) {
            this.compressedBytes = compressedBytes;
            this.uncompressedBytes = uncompressedBytes;
            this.digests = Map.copyOf(digests);
            return this;
        }

        /** The contract steps ended with this boot-info.yaml (later calls replace it, e.g. with copied files). */
        public synchronized Builder boot(Boot boot) {
            this.boot = boot;
            return this;
        }

        /** The outcome of an installation that succeeded (exit code 0). */
        public synchronized Outcome succeeded(boolean kexec, Duration took) {
            return new Outcome(true, null, 0, image, compressedBytes, uncompressedBytes, digests, target, boot, kexec, took);
        }

        /** The outcome of an installation that failed with {@code error}: nothing was booted. */
        public synchronized Outcome failed(String error, int exitCode, Duration took) {
            return new Outcome(false, Objects.requireNonNull(error, "error"), exitCode, image, compressedBytes,
                    uncompressedBytes, digests, target, boot, false, took);
        }
    }
}
