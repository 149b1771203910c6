package io.osimg.cli;

import io.osimg.store.s3.S3ProxyServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code osimg} as a child process (a JVM on the test class path), for tests that need a server running apart. */
final class OsimgProcess {
    private OsimgProcess() {
    }

    /** The command line {@code osimg ARGS...}, with the environment the caller inherits. */
    static ProcessBuilder of(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * The same, with S3Proxy's test credentials and no other S3 settings from the caller's environment: no region, no
     * profile files, and the AWS SDK's instance metadata lookups off (nothing leaves 127.0.0.1).
     */
    static ProcessBuilder withS3ProxyCredentials(String... args) {
        ProcessBuilder pb = of(args);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/nonexistent/osimg-test/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/osimg-test/aws-credentials");
        env.remove("OSIMG_S3_ENDPOINT");
        return pb;
    }
}
