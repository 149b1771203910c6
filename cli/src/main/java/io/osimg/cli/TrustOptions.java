package io.osimg.cli;

import io.osimg.transfer.CaCertificates;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * {@code --ca-cert}: private CAs trusted for https besides the JDK's trust store, for every command that talks to
 * an https server: the transfers of install and mirror, catalogs, uploads and event endpoints alike.
 */
final class TrustOptions {

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "also trust the CA certificate(s) in this PEM file for https, besides the CAs the Java "
                    + "runtime trusts: for servers whose certificate a private CA signed. Host names are still "
                    + "verified (repeatable)")
    List<Path> caCerts = new ArrayList<>();

    /** {@code options} trusting the certificates of every {@code --ca-cert} file; a file that is not one is bad input. */
    TransferOptions applyTo(TransferOptions options) {
        return options.withCaCertificates(certificates());
    }

    /**
     * The TLS context for an HTTP client of its own ({@link CaCertificates#sslContext}), trusting what
     * {@link #applyTo} trusts; null without {@code --ca-cert}: the JDK's default, set up only when a client needs it.
     */
    SSLContext sslContext() {
        return caCerts.isEmpty() ? null : CaCertificates.sslContext(certificates());
    }

    private List<X509Certificate> certificates() {
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : caCerts) {
            try {
                cas.addAll(CaCertificates.read(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("--ca-cert " + ErrorLines.describe(e), e);
            }
        }
        return cas;
    }
}
