package io.osimg.cli;

import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import io.osimg.trust.TrustPolicy;
import io.osimg.image.verify.ImageVerifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
        description = {
            "Verify an image directory end to end: the checksum files (md5, sha256, sha512) against img.tar.lz4, "
                    + "every LZ4 frame and its checksums, the tar to its end, and manifest.json (sizes and digests) when present. "
                    + "With --trust also that a trusted key signed img.tar.lz4.sha512; without it the signatures found are listed.",
            "Exits 1 when anything does not verify."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE_DIR", description = "directory holding img.tar.lz4 and its checksum files")
    Path dir;

    @Mixin TrustPolicyOptions signatures;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        TrustPolicy policy;
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
            policy = signatures.policy(fetcher);
        }
        ImageVerifier.Report report = new ImageVerifier().verify(dir, policy);
        output.print(new Printed(report));
        return report.ok() ? Main.OK : Main.FAILED;
    }

    record Printed(ImageVerifier.Report report) implements OutputOptions.Printable {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (ImageVerifier.Check c : report.checks()) {
                sb.append(c.ok() ? "ok    " : "FAIL  ").append(String.format("%-20s ", c.name())).append(c.detail()).append('\n');
            }
            sb.append(report.ok() ? "verified " : "NOT verified: ").append(report.image()).append('\n');
            return sb.toString();
        }

        @Override
        public Object data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", report.image());
            m.put("ok", report.ok());
            m.put("entries", report.entries());
            m.put("tarBytes", report.tarBytes());
            m.put("checks", report.checks());
            return m;
        }
    }
}
