package io.osimg.install.contract;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserDataTest {

    private static String decoded(String s) {
        return new String(UserData.decode(s), StandardCharsets.UTF_8);
    }

    @Test
    void base64IsDecodedLineBreaksIgnored() {
        assertThat(decoded("I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogd29ya2VyLTEK")).isEqualTo("#cloud-config\nhostname: worker-1\n");
        assertThat(decoded("I2Nsb3VkLWNvbmZp\r\nZwpob3N0bmFtZTogd29ya2VyLTEK\n")).isEqualTo("#cloud-config\nhostname: worker-1\n");
    }

    @Test
    void anythingElseIsKeptAsGiven() {
        assertThat(decoded("#cloud-config\nhostname: x\n")).isEqualTo("#cloud-config\nhostname: x\n");
        assertThat(decoded("{\"ignition\":{}}")).isEqualTo("{\"ignition\":{}}");
        // valid alphabet but unpadded: Go's StdEncoding rejects it, so do we
        assertThat(decoded("YWJj ZA")).isEqualTo("YWJj ZA");
        assertThat(decoded("YWJjZA")).isEqualTo("YWJjZA");
    }
}
