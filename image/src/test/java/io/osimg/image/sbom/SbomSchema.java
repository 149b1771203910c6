package io.osimg.image.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;

/** Validates an SBOM against the CycloneDX 1.6 JSON schema (the official schema files of cyclonedx-core-java). */
public final class SbomSchema {

    private SbomSchema() {
    }

    public static void assertValid(String json) throws IOException {
        List<ParseException> problems = new JsonParser().validate(json, Version.VERSION_16);
        assertThat(problems).as("CycloneDX 1.6 schema violations").isEmpty();
    }
}
