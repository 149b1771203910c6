package io.osimg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Removes the signatures from the launcher's copies of signed jars (Bouncy Castle's): the JVM's class data archive
 * (CDS) skips every class of a signed jar, and loading from one verifies each class against the signature and reads a
 * manifest of per-entry digests (855 KB for bcprov). Without the signature the classes are archived like all others, so
 * the first signed build or trusted install maps them instead of loading them. osimg does not register Bouncy Castle
 * as a JCA provider (the JDK's providers do the symmetric work), so nothing checks those signatures. The launcher runs
 * this on {@code cli/target/lib/*.jar} after each build; a jar without a signature is left as it is. Not a user
 * command.
 */
final class JarSignatures {

    private JarSignatures() {
    }

    /** @param args the jars */
    public static void main(String[] args) throws IOException {
        int stripped = 0;
        for (String jar : args) {
            stripped += strip(Path.of(jar)) ? 1 : 0;
        }
        System.out.println("osimg: " + stripped + " signed jar(s) of " + args.length + " unsigned");
    }

    /** Rewrites the jar without its signature files and per-entry manifest sections; false when it has no signature. */
    static boolean strip(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigned.tmp");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> isSignatureFile(e.getName()))) {
                return false;
            }
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    if (isSignatureFile(entry.getName())) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                            writeMainSection(in, out);
                        } else {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(jar + ": cannot remove its signature: " + e.getMessage(), e);
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The manifest's main attributes only (Multi-Release and the like); the per-entry digests go with the signature. */
    private static void writeMainSection(InputStream in, OutputStream out) throws IOException {
        Manifest manifest = new Manifest(in);
        manifest.getEntries().clear();
        manifest.write(out);
    }

    /** META-INF/*.SF, *.RSA, *.DSA, *.EC and SIG-*: the files of a jar signature (not in subdirectories). */
    static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = n.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
