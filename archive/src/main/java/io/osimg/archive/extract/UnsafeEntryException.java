package io.osimg.archive.extract;

import java.io.IOException;
import java.util.Objects;

/**
 * An archive entry that would create, change or follow something outside the extraction root (or is
 * otherwise not acceptable from an untrusted archive), so extraction stops. The message reads
 * {@code "extracting etc/../../x: '..' component escapes the root"}.
 */
public class UnsafeEntryException extends IOException {

    private final String entryName;
    private final String reason;

    public UnsafeEntryException(String entryName, String reason) {
        super("extracting " + entryName + ": " + reason);
        this.entryName = Objects.requireNonNull(entryName, "entryName");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The entry's name as the archive has it (decoded as UTF-8). */
    public String entryName() {
        return entryName;
    }

    /** Why the entry was refused. */
    public String reason() {
        return reason;
    }
}
