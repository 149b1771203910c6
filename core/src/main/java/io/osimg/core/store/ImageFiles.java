package io.osimg.core.store;

/** The file names of one image in a store directory (contract section 1, plus osimg's extensions). */
public final class ImageFiles {

    /** The lz4-compressed root filesystem tarball. */
    public static final String IMAGE = "img.tar.lz4";
    /** {@code md5sum img.tar.lz4} output. */
    public static final String MD5 = "img.tar.lz4.md5";
    /** {@code sha256sum img.tar.lz4} output (osimg extension). */
    public static final String SHA256 = "img.tar.lz4.sha256";
    /** {@code sha512sum img.tar.lz4} output (proposed upstream, metal-hammer PR #154). */
    public static final String SHA512 = "img.tar.lz4.sha512";
    /** The package list ({@code dpkg -l} or {@code rpm -qa} output). */
    public static final String PACKAGES = "packages.txt";
    /** osimg's build manifest. */
    public static final String MANIFEST = "manifest.json";
    /** The image's software bill of materials, CycloneDX 1.6 JSON (osimg extension). */
    public static final String SBOM = "sbom.cdx.json";
    /** Detached, armored OpenPGP signature(s) of {@link #SHA512} (osimg extension, as Debian's SHA512SUMS.gpg). */
    public static final String SHA512_ASC = SHA512 + ".asc";
    /** Detached, armored OpenPGP signature(s) of {@link #MANIFEST}. */
    public static final String MANIFEST_ASC = MANIFEST + ".asc";
    /** A cosign-style blob signature of {@link #SHA512}: base64 of the DER ECDSA P-256 signature over SHA-256. */
    public static final String SHA512_SIG = SHA512 + ".sig";

    private ImageFiles() {
    }
}
