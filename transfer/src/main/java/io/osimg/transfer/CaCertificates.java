package io.osimg.transfer;

import io.osimg.core.text.TextFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * CA certificates trusted for HTTPS in addition to the JDK's default trust store: read from PEM files, and turned
 * into an {@link SSLContext} whose one trust manager accepts a server chain that leads to either.
 */
public final class CaCertificates {

    private CaCertificates() {
    }

    /**
     * The certificates of a PEM file (one CA, or a bundle of several).
     *
     * @throws IOException naming the file when it cannot be read, is not a regular file of text of at most 16 MiB, or
     *                     holds no certificate
     */
    public static List<X509Certificate> read(Path pem) throws IOException {
        Collection<? extends Certificate> found;
        // bounded, a regular file of text: a device such as /dev/zero would otherwise be read forever
        byte[] text = TextFile.read(pem).getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new ByteArrayInputStream(text)) {
            found = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException(pem + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
        if (found.isEmpty()) {
            throw new IOException(pem + ": not a PEM certificate (no BEGIN CERTIFICATE block)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate c : found) {
            certificates.add((X509Certificate) c);
        }
        return List.copyOf(certificates);
    }

    /**
     * A TLS context trusting the JDK's default anchors (as {@code javax.net.ssl.trustStore} configures them) and
     * {@code extra}, through the JDK's own PKIX trust manager: chain building, validity, key usage and, in the HTTP
     * client, hostname verification stay as they are. For every HTTP client that should trust what a {@link Fetcher}
     * with these {@link TransferOptions#caCertificates()} trusts ({@code HttpClient.Builder.sslContext}).
     */
    public static SSLContext sslContext(List<X509Certificate> extra) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jdk-" + n++, c);
            }
            for (X509Certificate c : extra) {
                anchors.setCertificateEntry("ca-cert-" + n++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("building the TLS trust store with " + extra.size()
                    + " extra CA certificate(s): " + e, e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new KeyStoreException("the default TrustManagerFactory has no X.509 trust manager");
    }
}
