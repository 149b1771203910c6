package io.osimg.build.lint;

/** Outcome of one contract rule. */
public enum Verdict {
    PASS, WARN, FAIL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
