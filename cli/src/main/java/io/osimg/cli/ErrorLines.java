package io.osimg.cli;

import io.osimg.transfer.UntrustedCertificateException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.cert.CertificateException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/** Turns exceptions into one readable line that names the input and the problem. */
final class ErrorLines {
    private ErrorLines() {}

    /** One line: a message that spans lines (a parser's excerpt, say) is joined with spaces. */
    static String describe(Throwable e) {
        return LINE_BREAKS.matcher(describeUnbroken(e)).replaceAll(" ");
    }

    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private static String describeUnbroken(Throwable e) {
        if (e instanceof FileSystemException fs && !(e.getClass() == FileSystemException.class && fs.getReason() == null)) {
            String what = switch (e) {
                case NoSuchFileException x -> "no such file or directory";
                case AccessDeniedException x -> "permission denied";
                case FileAlreadyExistsException x -> "already exists";
                case DirectoryNotEmptyException x -> "directory not empty";
                case NotDirectoryException x -> "not a directory";
                default -> null;
            };
            String reason = fs.getReason();
            String file = fs.getFile();
            StringBuilder sb = new StringBuilder();
            if (file != null) {
                sb.append(file).append(": ");
            }
            if (reason != null) {
                sb.append(reason);
                if (what != null && !reason.contains(what)) {
                    sb.append(" (").append(what).append(')');
                }
            } else {
                sb.append(what != null ? what : e.getMessage());
            }
            return sb.toString();
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return untrustedCertificate(e) ? msg + "; if the server's CA is a private one, trust it with --ca-cert FILE" : msg;
    }

    /**
     * Whether a TLS handshake refused the server's certificate: the transfer says so, or the HTTP client of a
     * catalog, an upload or an event endpoint failed the handshake on a {@link CertificateException}.
     */
    private static boolean untrustedCertificate(Throwable e) {
        boolean handshake = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UntrustedCertificateException || handshake && c instanceof CertificateException) {
                return true;
            }
            handshake |= c instanceof SSLHandshakeException;
        }
        return false;
    }
}
