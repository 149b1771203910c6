package io.osimg.core.install;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel command line ({@code /proc/cmdline} content) split into parameters. Parameters are separated by
 * blanks; double quotes group blanks into a value and are removed ({@code a="b c"} is {@code a} = {@code b c}).
 * A parameter without {@code =} has the value {@code ""}. When a key repeats, the last value wins (as the
 * installer reads {@code console=}).
 */
public final class KernelCmdline {

    /** The console install.yaml names when the command line has none. */
    public static final String DEFAULT_CONSOLE = "ttyS0";

    private final Map<String, String> params;
    private final List<String> order;

    private KernelCmdline(Map<String, String> params, List<String> order) {
        this.params = params;
        this.order = order;
    }

    /** Parses a command line; null or blank is an empty command line. */
    public static KernelCmdline parse(String cmdline) {
        Map<String, String> params = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        if (cmdline != null) {
            for (String token : split(cmdline)) {
                int eq = token.indexOf('=');
                String key = eq < 0 ? token : token.substring(0, eq);
                params.put(key, eq < 0 ? "" : token.substring(eq + 1));
                order.add(token);
            }
        }
        return new KernelCmdline(Collections.unmodifiableMap(params), List.copyOf(order));
    }

    private static List<String> split(String cmdline) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** The value of {@code key}, empty when absent. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /**
     * The value of the last {@code console=} parameter, as metal-hammer reads it: {@code console=} alone gives
     * {@code ""} (install.yaml then says {@code console: ""}); only a command line without any {@code console=}
     * (a bare {@code console} does not count) gives {@link #DEFAULT_CONSOLE}.
     */
    public String console() {
        for (int i = order.size() - 1; i >= 0; i--) {
            if (order.get(i).startsWith("console=")) {
                return order.get(i).substring("console=".length());
            }
        }
        return DEFAULT_CONSOLE;
    }

    /** The parameters as given, without quotes. */
    public List<String> parameters() {
        return order;
    }
}
