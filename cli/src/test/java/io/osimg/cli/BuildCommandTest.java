package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildCommandTest {

    @Test
    void aFirewallImageDefaultsToTheFirewallFeature() {
        assertThat(BuildCommand.features("firewall", null)).containsExactly("firewall");
        assertThat(BuildCommand.features("firewall-ubuntu", null)).containsExactly("firewall");
    }

    @Test
    void otherImagesKeepTheMachineDefaultAndGivenFeaturesWin() {
        assertThat(BuildCommand.features("debian", null)).isNull();
        assertThat(BuildCommand.features("firewalld", null)).isNull();
        assertThat(BuildCommand.features("firewall", List.of("machine", "firewall"))).containsExactly("machine", "firewall");
    }
}
