package io.osimg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** {@code -o text|table|json|yaml}: how a command prints its result on standard output ({@code table} is {@code text}). */
final class OutputOptions {

    enum Format { text, table, json, yaml }

    /** A result that also knows how to print itself for people. */
    interface Printable {
        String text();

        /** The object serialised for {@code -o json|yaml}. */
        Object data();
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format = Format.text;

    void print(Printable result) {
        print(result, System.out);
    }

    void print(Printable result, PrintStream out) {
        try {
            switch (format) {
                case text, table -> out.print(result.text());
                case json -> out.println(JSON.writeValueAsString(result.data()));
                case yaml -> out.print(YAML.writeValueAsString(result.data()));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
}
