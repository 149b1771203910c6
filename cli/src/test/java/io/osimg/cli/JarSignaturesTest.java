package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarSignaturesTest {

    @TempDir
    Path dir;

    @Test
    void aSignedJarLosesItsSignatureAndDigestsAndKeepsEverythingElse() throws Exception {
        Path jar = dir.resolve("bcprov.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        Attributes digest = new Attributes();
        digest.putValue("SHA-256-Digest", "AAAA");
        manifest.getEntries().put("org/example/A.class", digest);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : new String[] {"META-INF/BCRSA204.SF", "META-INF/BCRSA204.RSA", "org/example/A.class",
                    "META-INF/services/java.security.Provider", "META-INF/versions/11/org/example/B.class"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }

        assertThat(JarSignatures.strip(jar)).isTrue();

        try (JarFile stripped = new JarFile(jar.toFile())) {
            assertThat(Collections.list(stripped.entries()).stream().map(ZipEntry::getName)).containsExactly(
                    "META-INF/MANIFEST.MF", "org/example/A.class", "META-INF/services/java.security.Provider",
                    "META-INF/versions/11/org/example/B.class");
            assertThat(stripped.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(stripped.getManifest().getEntries()).isEmpty();
            assertThat(new String(stripped.getInputStream(stripped.getEntry("org/example/A.class")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("content of org/example/A.class");
        }
        assertThat(JarSignatures.strip(jar)).as("a jar without a signature is left alone").isFalse();
        assertThat(dir.toFile().list()).containsExactly("bcprov.jar");
    }

    @Test
    void onlyTopLevelSignatureFilesOfMetaInfCount() {
        assertThat(JarSignatures.isSignatureFile("META-INF/BC.SF")).isTrue();
        assertThat(JarSignatures.isSignatureFile("meta-inf/x.ec")).isTrue();
        assertThat(JarSignatures.isSignatureFile("META-INF/SIG-FOO")).isTrue();
        assertThat(JarSignatures.isSignatureFile("META-INF/MANIFEST.MF")).isFalse();
        assertThat(JarSignatures.isSignatureFile("META-INF/versions/11/X.SF")).isFalse();
        assertThat(JarSignatures.isSignatureFile("org/X.RSA")).isFalse();
    }
}
