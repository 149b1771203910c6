package io.osimg.archive.tar;

import java.io.IOException;

/** A tar stream that does not follow the format: bad checksum or number, truncation, unsupported entries. */
public class TarFormatException extends IOException {

    public TarFormatException(String message) {
        super(message);
    }

    public TarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
