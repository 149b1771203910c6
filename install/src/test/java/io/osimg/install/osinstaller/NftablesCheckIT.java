package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.core.machine.v2.NatType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Vpn;
import io.osimg.install.osinstaller.NftablesRules.ForwardPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ruleset variant osimg renders (single and dual stack, DNS proxy, shared network, firewall rules, VPN, forward
 * accept) parsed by the real {@code nft --check --file} (package nftables; skipped when the host has no nft).
 */
class NftablesCheckIT {

    @TempDir
    Path dir;

    @Test
    void everyRenderedRulesetIsAcceptedByNft() throws Exception {
        Path nft = List.of(Path.of("/usr/sbin/nft"), Path.of("/sbin/nft")).stream().filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(nft != null, "no nft on this host (apt-get install nftables)");
        Map<String, String> rulesets = new LinkedHashMap<>();
        rulesets.put("single-stack", render(NftablesRulesTest.standard(null, null), false, ForwardPolicy.DROP));
        rulesets.put("forward-accept", render(NftablesRulesTest.standard(null, null), false, ForwardPolicy.ACCEPT));
        rulesets.put("dual-stack", render(NftablesRulesTest.dualStack(), false, ForwardPolicy.DROP));
        rulesets.put("dual-stack-dns-proxy", render(NftablesRulesTest.dualStack(), true, ForwardPolicy.DROP));
        rulesets.put("rules", render(NftablesRulesTest.standard(NftablesRulesTest.rules(), null), false,
                ForwardPolicy.DROP));
        rulesets.put("vpn", render(NftablesRulesTest.standard(null, new V2Vpn("https://vpn", "key", false, List.of())),
                false, ForwardPolicy.DROP));
        rulesets.put("shared-dns-proxy", render(NftablesRulesTest.firewall(NftablesRulesTest.PROJECT, null, null,
                NftablesRulesTest.storage(NatType.IPV4_MASQUERADE, NftablesRulesTest.PROJECT),
                NftablesRulesTest.internet(), NftablesRulesTest.underlay()), true, ForwardPolicy.DROP));
        for (Map.Entry<String, String> r : rulesets.entrySet()) {
            Path file = Files.writeString(dir.resolve(r.getKey()), r.getValue());
            Process p = new ProcessBuilder(nft.toString(), "--check", "--file", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("nft --check --file %s: %s", r.getKey(), out).isZero();
        }
    }

    private static String render(V2Allocation a, boolean dnsProxy, ForwardPolicy policy) {
        return NftablesRules.of(new Networks(a), dnsProxy, policy);
    }
}
