package io.osimg.cli;

import io.osimg.image.lint.Finding;
import io.osimg.image.lint.LintReport;
import io.osimg.image.lint.Linter;
import io.osimg.image.lint.Rule;
import io.osimg.image.lint.Verdict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lint",
        description = {
            "Check an image against the contract rules (CONTRACT.md section 6): each rule has a stable ID and a "
                    + "verdict pass, warn or fail. Exits 1 when a rule fails (or warns, with --strict).",
            ""},
        footerHeading = "%nRules:%n")
final class LintCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE_DIR", description = "directory holding img.tar.lz4")
    Path dir;

    @Option(names = "--strict", description = "treat warnings as failures")
    boolean strict;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;

    static String rules() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : Rule.values()) {
            sb.append(String.format("  %-23s %s%n", r.id(), r.description().replace("%", "%%")));
        }
        return sb.toString();
    }

    @Override
    public Integer call() throws Exception {
        LintReport report = new Linter().lint(dir);
        output.print(new Printed(report));
        boolean failed = report.failed() || (strict && report.count(Verdict.WARN) > 0);
        return failed ? Main.FAILED : Main.OK;
    }

    record Printed(LintReport report) implements OutputOptions.Printable {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(String.format("%-23s %-5s %s%n", "RULE", "", "FINDING"));
            for (Finding f : report.findings()) {
                sb.append(String.format("%-23s %-5s %s%n", f.rule(), f.verdict().label(), f.message()));
            }
            sb.append(String.format("%s: %d passed, %d warnings, %d failed%n", report.image(),
                    report.count(Verdict.PASS), report.count(Verdict.WARN), report.count(Verdict.FAIL)));
            return sb.toString();
        }

        @Override
        public Object data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", report.image());
            m.put("failed", report.failed());
            List<Map<String, String>> rules = report.findings().stream()
                    .map(f -> Map.of("id", f.rule(), "verdict", f.verdict().label(), "message", f.message()))
                    .toList();
            m.put("rules", rules);
            return m;
        }
    }
}
