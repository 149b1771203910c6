package io.osimg.install.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Linux kernel command line ({@code /proc/cmdline}) split into parameters the way the kernel splits it
 * ({@code lib/cmdline.c next_arg}): words separated by white space, double quotes keep white space inside a word
 * and are removed ({@code console="ttyS0,115200 n8"} and {@code "a=b c"} both work), a word's first {@code =}
 * separates key and value, a word without {@code =} is a flag. Everything after a lone {@code --} belongs to init
 * and is kept apart. A key may repeat ({@code console=tty0 console=ttyS0}): {@link #values} gives all its values in
 * order, {@link #last} the one the kernel would use for a single-valued parameter.
 *
 * @param parameters the parameters before {@code --}, in order
 * @param initArguments the words after {@code --}
 */
public record KernelCommandLine(List<Parameter> parameters, List<String> initArguments) {

    /**
     * One word of the command line.
     *
     * @param key the part before the first {@code =} (the whole word for a flag)
     * @param value the part after it, null for a flag ({@code quiet}); empty for {@code key=}
     */
    public record Parameter(String key, String value) {
        public boolean flag() {
            return value == null;
        }

        @Override
        public String toString() {
            return value == null ? key : key + "=" + value;
        }
    }

    public KernelCommandLine {
        parameters = List.copyOf(parameters);
        initArguments = List.copyOf(initArguments);
    }

    /**
     * Splits a command line as the kernel does.
     *
     * @throws IllegalArgumentException when a double quote is not closed (the kernel would take the rest of the
     *                                  line as the value; an installer must not guess)
     */
    public static KernelCommandLine parse(String line) {
        List<String> words = words(line);
        List<Parameter> parameters = new ArrayList<>();
        List<String> init = new ArrayList<>();
        boolean afterDashes = false;
        for (String word : words) {
            if (afterDashes) {
                init.add(word);
            } else if (word.equals("--")) {
                afterDashes = true;
            } else {
                int eq = word.indexOf('=');
                parameters.add(eq < 0 ? new Parameter(word, null) : new Parameter(word.substring(0, eq), word.substring(eq + 1)));
            }
        }
        return new KernelCommandLine(parameters, init);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        int quoteAt = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                quoteAt = i;
                inWord = true;
            } else if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("kernel command line: double quote at column " + (quoteAt + 1)
                    + " is not closed: " + line.strip());
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Every value given for {@code key}, in order (a flag counts as the empty string). */
    public List<String> values(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).map(p -> p.flag() ? "" : p.value()).toList();
    }

    /** The last value given for {@code key}, as the kernel takes a single-valued parameter. */
    public Optional<String> last(String key) {
        List<String> v = values(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
    }

    public boolean has(String key) {
        return parameters.stream().anyMatch(p -> p.key().equals(key));
    }

    /** The keys starting with {@code prefix} that are not in {@code known}, each once, in order of appearance. */
    public List<String> unknownKeys(String prefix, Set<String> known) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (p.key().startsWith(prefix) && !known.contains(p.key())) {
                seen.put(p.key(), true);
            }
        }
        return List.copyOf(seen.keySet());
    }
}
