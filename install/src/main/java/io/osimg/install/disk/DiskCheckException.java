package io.osimg.install.disk;

import java.io.IOException;
import java.util.List;

/** A disk cannot be prepared as asked (missing, not a block device, in use, too small); found before anything was written. */
public final class DiskCheckException extends IOException {

    private final List<String> problems;

    DiskCheckException(List<String> problems) {
        super("checking the disks before partitioning: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, one sentence naming the device. */
    public List<String> problems() {
        return problems;
    }
}
