package io.osimg.install.boot;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the installer ramdisk is told on the kernel command line, as metal-hammer and coreos-installer take their
 * configuration: the {@code osimg.*} parameters and {@code console=}. Other kernel parameters are not ours and are
 * ignored; an unknown {@code osimg.*} key is reported in {@link #warnings} (a typo should be seen) but is not fatal.
 * A parameter given twice takes its last value, as the kernel does; {@code console=} keeps every value.
 *
 * @param image    {@code osimg.image=}: the image, a URL or an ID ({@code debian-12}) resolved through the catalog
 * @param catalog  {@code osimg.catalog=}: the catalog or store URL that resolves an image ID
 * @param machine  {@code osimg.machine=}: URL of the machine document (metal-api JSON or YAML), as {@code --machine}
 * @param events   {@code osimg.events=}: URL the install events are POSTed to
 * @param ca       {@code osimg.ca=}: CA certificate (PEM) to trust for https, a URL or a path in the ramdisk
 * @param trust    {@code osimg.trust=}: the image signature policy (install's {@code --trust}), a URL or a path in
 *                 the ramdisk; without it the image's signature is not checked
 * @param disk     {@code osimg.disk=}: the target disk; empty means the first non-removable disk
 * @param kexec    {@code osimg.kexec=0|1}: boot the installed kernel with kexec (default 1)
 * @param consoles {@code console=}: every console the kernel was given, in order
 * @param warnings what was ignored, one sentence each
 */
public record BootParameters(String image, Optional<URI> catalog, URI machine, Optional<URI> events,
                             Optional<String> ca, Optional<String> trust, Optional<String> disk, boolean kexec,
                             List<String> consoles,
                             List<String> warnings) {

    public static final String IMAGE = "osimg.image";
    public static final String CATALOG = "osimg.catalog";
    public static final String MACHINE = "osimg.machine";
    public static final String EVENTS = "osimg.events";
    public static final String CA = "osimg.ca";
    public static final String TRUST = "osimg.trust";
    public static final String DISK = "osimg.disk";
    public static final String KEXEC = "osimg.kexec";
    public static final String CONSOLE = "console";

    /** Each parameter with its one-line description, in the order {@code osimg boot --help} and the README list them. */
    public static final Map<String, String> DOCUMENTED = documented();

    private static Map<String, String> documented() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(IMAGE + "=URL|ID", "the image: its URL (directory or img.tar.lz4) or an ID such as debian-12 (required)");
        m.put(CATALOG + "=URL", "the catalog or store that resolves an image ID (required when osimg.image is an ID)");
        m.put(MACHINE + "=URL", "the machine document (metal-api JSON or YAML), as install --machine (required)");
        m.put(EVENTS + "=URL", "where the install events are POSTed as JSON (optional)");
        m.put(CA + "=URL|PATH", "a CA certificate (PEM) trusted for https: fetched over http(s) or a path (optional)");
        m.put(TRUST + "=URL|PATH", "the keys the image must be signed by (OpenPGP keyring or PEM public keys), as "
                + "install --trust; checked before the image is downloaded (optional, recommended)");
        m.put(DISK + "=DEV", "the disk to install onto (default: the first non-removable disk)");
        m.put(KEXEC + "=0|1", "1 (default): kexec into the installed kernel; 0: stop after the install");
        m.put(CONSOLE + "=TTY[,OPTIONS]", "the kernel's consoles; the installer writes to /dev/console, the last one");
        return m;
    }

    private static final List<String> KNOWN_OSIMG = List.of(IMAGE, CATALOG, MACHINE, EVENTS, CA, TRUST, DISK, KEXEC);

    public BootParameters {
        consoles = List.copyOf(consoles);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads the parameters from a parsed command line.
     *
     * @throws IllegalArgumentException naming the parameter when a required one is missing or a value is invalid
     */
    public static BootParameters from(KernelCommandLine cmdline) {
        List<String> warnings = new ArrayList<>();
        for (String key : cmdline.unknownKeys("osimg.", new java.util.HashSet<>(KNOWN_OSIMG))) {
            warnings.add("unknown kernel parameter " + key + " ignored (known: " + String.join(", ", KNOWN_OSIMG) + ")");
        }
        for (String key : KNOWN_OSIMG) {
            if (cmdline.values(key).size() > 1) {
                warnings.add(key + " given " + cmdline.values(key).size() + " times: the last, "
                        + key + "=" + cmdline.last(key).orElseThrow() + ", counts");
            }
        }
        String image = required(cmdline, IMAGE, "URL or image ID");
        Optional<URI> catalog = optional(cmdline, CATALOG, "URL").map(v -> url(CATALOG, v));
        if (!image.contains("://") && catalog.isEmpty()) {
            throw new IllegalArgumentException(IMAGE + "=" + image + " is an image ID, so " + CATALOG
                    + "=URL must name the catalog that resolves it");
        }
        if (image.contains("://")) {
            url(IMAGE, image);
        }
        URI machine = url(MACHINE, required(cmdline, MACHINE, "URL"));
        Optional<URI> events = optional(cmdline, EVENTS, "URL").map(v -> url(EVENTS, v));
        Optional<String> ca = optional(cmdline, CA, "URL or path");
        ca.ifPresent(v -> {
            if (v.contains("://")) {
                url(CA, v);
            } else if (!v.startsWith("/")) {
                throw new IllegalArgumentException(CA + "=" + v + ": expected an http(s) URL or an absolute path");
            }
        });
        Optional<String> trust = optional(cmdline, TRUST, "URL or path");
        trust.ifPresent(v -> {
            if (v.contains("://")) {
                url(TRUST, v);
            } else if (!v.startsWith("/")) {
                throw new IllegalArgumentException(TRUST + "=" + v + ": expected an http(s) URL or an absolute path");
            }
        });
        Optional<String> disk = optional(cmdline, DISK, "device");
        disk.ifPresent(v -> {
            if (!v.startsWith("/dev/") || v.length() == "/dev/".length()) {
                throw new IllegalArgumentException(DISK + "=" + v + ": expected a device under /dev, such as /dev/vda");
            }
        });
        boolean kexec = optional(cmdline, KEXEC, "0 or 1").map(v -> switch (v) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException(KEXEC + "=" + v + ": expected 0 or 1");
        }).orElse(true);
        List<String> consoles = cmdline.values(CONSOLE).stream().filter(v -> !v.isEmpty()).toList();
        return new BootParameters(image, catalog, machine, events, ca, trust, disk, kexec, consoles, warnings);
    }

    private static String required(KernelCommandLine cmdline, String key, String what) {
        return optional(cmdline, key, what).orElseThrow(() -> new IllegalArgumentException(
                "kernel parameter " + key + "= is missing (expected " + key + "=" + what.replace(' ', '_') + ")"));
    }

    /** The last value of {@code key}; a key given without a value is an error, not absence. */
    private static Optional<String> optional(KernelCommandLine cmdline, String key, String what) {
        Optional<String> v = cmdline.last(key);
        if (v.isPresent() && v.get().isBlank()) {
            throw new IllegalArgumentException("kernel parameter " + key + " has no value (expected " + key + "="
                    + what.replace(' ', '_') + ")");
        }
        return v;
    }

    private static URI url(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + "=" + value + ": not a URL (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(key + "=" + value + ": expected an http:// or https:// URL with a host");
        }
        return uri;
    }
}
