package io.osimg.install.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The allocation's user data as written to {@code /etc/metal/userdata}: decoded when it is base64, as given
 * otherwise. "Is base64" follows metal-hammer (Go's {@code base64.StdEncoding.DecodeString}): the standard
 * alphabet with padding, line breaks ignored, nothing else allowed.
 */
final class UserData {

    private UserData() {
    }

    /** The bytes to write for {@code userData}. */
    static byte[] decode(String userData) {
        String compact = userData.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 == 0) {
            try {
                return Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException notBase64) {
                // written as given
            }
        }
        return userData.getBytes(StandardCharsets.UTF_8);
    }
}
