package io.osimg.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The configured Jackson mappers every model class of osimg reads and writes with.
 *
 * <p>Both ignore unknown properties (documents from metal-api and metal-hammer carry more than osimg reads),
 * write {@link java.time.Instant}s as RFC 3339 strings and keep the declared property order. The YAML mapper
 * writes no {@code ---} document start marker, does not wrap long lines, indents sequences under their key like Go's yaml.v3 and quotes
 * strings only where a YAML 1.1 reader would misread them.
 */
public final class Mappers {

    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new GoYamlQuoting())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private Mappers() {
    }

    /** The shared JSON mapper (pretty-printed output). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The shared YAML mapper. */
    public static YAMLMapper yaml() {
        return YAML;
    }

    /**
     * Reads a JSON or YAML document: a document whose first non-blank character is <code>{</code> or
     * <code>[</code> is read as JSON, any other as YAML.
     */
    public static ObjectMapper forContent(String content) {
        String t = content.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? JSON : YAML;
    }

    /** Writes {@code value} as YAML; a value the model cannot write is a programming error. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing " + value.getClass().getSimpleName() + " as YAML", e);
        }
    }

    /** Writes {@code value} as pretty-printed JSON followed by a newline. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
