package io.osimg.transfer;

import java.net.URI;

/**
 * The TLS handshake with {@link #url()} failed because the server's certificate was not accepted: no chain to a
 * trusted CA, expired, or not issued for the host. Final for that server: a retry would meet the same certificate.
 */
public final class UntrustedCertificateException extends TransferException {

    public UntrustedCertificateException(URI url, String message, Throwable cause) {
        super(url, -1, message, cause);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
