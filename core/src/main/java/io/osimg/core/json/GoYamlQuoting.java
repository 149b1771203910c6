package io.osimg.core.json;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Decides which string scalars to quote so that the YAML reads like what Go's {@code yaml.Marshal} writes:
 * plain where unambiguous, double-quoted where a YAML 1.1 reader would take the plain scalar for something
 * other than a string (booleans, numbers, sexagesimal numbers such as {@code "00:03:00:11:11:01"}, timestamps
 * such as {@code "2019-07-01T09:41:43Z"}, the empty string) or where the text would not read back as the same
 * plain scalar.
 */
final class GoYamlQuoting extends StringQuotingChecker.Default {

    private static final long serialVersionUID = 1L;

    /** YAML 1.1 sexagesimal int or float: {@code 190:20:30}, also with leading zeros, which Go quotes too. */
    private static final Pattern SEXAGESIMAL = Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
    /** YAML 1.1 timestamp: a date, optionally followed by a time. */
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    /** YAML 1.1 and 1.2 ints and floats (Jackson's own check also quotes IP addresses such as 10.1.0.1). */
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)"
                    + "|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                    + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    /** YAML 1.1 booleans and null, case-insensitive. */
    private static final Pattern BOOL_11 = Pattern.compile("(?i)y|n|yes|no|on|off|true|false|~|null");

    /**
     * Characters that keep a block-context plain scalar from reading back as the same string. Unlike Jackson's
     * default, a comma inside the value is fine ({@code console: ttyS1,115200n8}), as Go writes it.
     */
    private static boolean breaksPlainScalar(String value) {
        char first = value.charAt(0);
        if ("?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0) {
            return true;
        }
        if (first == '-' && (value.length() == 1 || value.charAt(1) == ' ')) {
            return true;
        }
        if (Character.isWhitespace(first) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            return true;
        }
        return value.contains(": ") || value.contains(" #") || value.endsWith(":")
                || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return value.isEmpty()
                || isReservedKeyword(value)
                || NUMBER.matcher(value).matches()
                || breaksPlainScalar(value)
                || SEXAGESIMAL.matcher(value).matches()
                || TIMESTAMP.matcher(value).matches()
                || BOOL_11.matcher(value).matches();
    }
}
