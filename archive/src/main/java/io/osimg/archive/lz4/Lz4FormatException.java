package io.osimg.archive.lz4;

import java.io.IOException;

/**
 * Input is not a valid LZ4 frame stream: bad magic, bad descriptor, corrupt or truncated block.
 * The message says what was expected and at which byte offset of the compressed input.
 */
public class Lz4FormatException extends IOException {

    public Lz4FormatException(String message) {
        super(message);
    }

    public Lz4FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
