package io.osimg.image.lint;

import java.util.Locale;

/** Outcome of one contract rule. */
public enum Verdict {
    PASS, WARN, FAIL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
