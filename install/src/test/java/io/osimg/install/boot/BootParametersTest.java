package io.osimg.install.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BootParametersTest {
    private static final String BASE = "osimg.image=debian-12 osimg.catalog=http://10.0.2.100:8080 "
            + "osimg.machine=http://10.0.2.100:8080/machines/m1.json ";

    private static BootParameters parse(String line) {
        return BootParameters.from(KernelCommandLine.parse(line));
    }

    @Test
    void readsEveryParameter() {
        BootParameters p = parse("BOOT_IMAGE=x console=tty0 " + BASE
                + "osimg.events=http://10.0.2.100:8080/api/v1/events?machine=m1 osimg.ca=/etc/osimg/ca.pem "
                + "osimg.trust=http://10.0.2.100:8080/keys/release.asc osimg.disk=/dev/vda osimg.kexec=0 console=ttyS0,115200");
        assertThat(p.image()).isEqualTo("debian-12");
        assertThat(p.catalog()).contains(URI.create("http://10.0.2.100:8080"));
        assertThat(p.machine()).isEqualTo(URI.create("http://10.0.2.100:8080/machines/m1.json"));
        assertThat(p.events()).contains(URI.create("http://10.0.2.100:8080/api/v1/events?machine=m1"));
        assertThat(p.ca()).contains("/etc/osimg/ca.pem");
        assertThat(p.trust()).contains("http://10.0.2.100:8080/keys/release.asc");
        assertThat(p.disk()).contains("/dev/vda");
        assertThat(p.kexec()).isFalse();
        assertThat(p.consoles()).containsExactly("tty0", "ttyS0,115200");
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void defaultsKexecOnAndNoDiskEventsOrCa() {
        BootParameters p = parse(BASE);
        assertThat(p.kexec()).isTrue();
        assertThat(p.disk()).isEmpty();
        assertThat(p.events()).isEmpty();
        assertThat(p.ca()).isEmpty();
        assertThat(p.trust()).isEmpty();
        assertThat(p.consoles()).isEmpty();
    }

    @Test
    void anImageUrlNeedsNoCatalog() {
        BootParameters p = parse("osimg.image=http://10.0.2.100/stable/debian/12/ osimg.machine=https://h/m.yaml osimg.ca=https://h/ca.pem");
        assertThat(p.image()).isEqualTo("http://10.0.2.100/stable/debian/12/");
        assertThat(p.catalog()).isEmpty();
        assertThat(p.ca()).contains("https://h/ca.pem");
    }

    @Test
    void unknownAndRepeatedKeysAreWarnedAboutNotFatal() {
        BootParameters p = parse(BASE + "osimg.kexex=0 osimg.disk=/dev/sda osimg.disk=/dev/vdb");
        assertThat(p.disk()).contains("/dev/vdb");
        assertThat(p.kexec()).isTrue();
        assertThat(p.warnings()).hasSize(2);
        assertThat(p.warnings().get(0)).startsWith("unknown kernel parameter osimg.kexex ignored");
        assertThat(p.warnings().get(1)).isEqualTo("osimg.disk given 2 times: the last, osimg.disk=/dev/vdb, counts");
    }

    @Test
    void missingRequiredParametersAreNamed() {
        assertThatThrownBy(() -> parse("console=ttyS0 osimg.machine=http://h/m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel parameter osimg.image= is missing (expected osimg.image=URL_or_image_ID)");
        assertThatThrownBy(() -> parse("osimg.image=http://h/i"))
                .hasMessage("kernel parameter osimg.machine= is missing (expected osimg.machine=URL)");
    }

    @Test
    void aParameterWithoutValueIsNamed() {
        assertThatThrownBy(() -> parse(BASE + "osimg.events="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel parameter osimg.events has no value (expected osimg.events=URL)");
        assertThatThrownBy(() -> parse(BASE + "osimg.disk"))
                .hasMessageStartingWith("kernel parameter osimg.disk has no value");
    }

    @Test
    void invalidValuesAreNamedWithTheirParameter() {
        assertThatThrownBy(() -> parse(BASE + "osimg.kexec=yes")).hasMessage("osimg.kexec=yes: expected 0 or 1");
        assertThatThrownBy(() -> parse(BASE + "osimg.disk=vda"))
                .hasMessage("osimg.disk=vda: expected a device under /dev, such as /dev/vda");
        assertThatThrownBy(() -> parse(BASE + "osimg.events=ftp://h/x"))
                .hasMessage("osimg.events=ftp://h/x: expected an http:// or https:// URL with a host");
        assertThatThrownBy(() -> parse("osimg.image=debian-12 osimg.machine=http://h/m"))
                .hasMessage("osimg.image=debian-12 is an image ID, so osimg.catalog=URL must name the catalog that resolves it");
        assertThatThrownBy(() -> parse(BASE + "osimg.trust=keys.asc"))
                .hasMessage("osimg.trust=keys.asc: expected an http(s) URL or an absolute path");
        assertThatThrownBy(() -> parse(BASE + "osimg.ca=ca.pem"))
                .hasMessage("osimg.ca=ca.pem: expected an http(s) URL or an absolute path");
        assertThatThrownBy(() -> parse("osimg.image=x osimg.catalog=http://h osimg.machine=http://h/a%zz"))
                .hasMessageStartingWith("osimg.machine=http://h/a%zz: not a URL");
    }
}
