package io.osimg.image.lint;

import java.util.List;

/** All findings of one lint run; it failed when any rule failed. */
public record LintReport(String image, List<Finding> findings) {

    public LintReport {
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL);
    }

    public long count(Verdict v) {
        return findings.stream().filter(f -> f.verdict() == v).count();
    }
}
