package io.osimg.install.osinstaller;

import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.DnsServer;
import io.osimg.core.machine.ImageRef;
import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.NatType;
import io.osimg.core.machine.v2.NetworkType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Allocations and temporary roots for the task tests. */
final class Targets {

    static final String PROJECT = "b5f26a3b-9a4d-48db-a6b3-d1dd4ac4abec";

    private Targets() {
    }

    static V2Network network(String id, NetworkType type, String project, String... ips) {
        return new V2Network(id, List.of("10.0.0.0/8"), List.of(), List.of(ips), type, NatType.NONE, 42L, 4200003073L,
                project);
    }

    /** A machine in a dual-stack child network plus the internet. */
    static V2Allocation machine() {
        return allocation(AllocationType.MACHINE, List.of(
                network("internet", NetworkType.EXTERNAL, null, "185.1.2.3"),
                network("tenant", NetworkType.CHILD, PROJECT, "10.0.16.5", "2001:db8::5")));
    }

    /** A firewall: underlay, tenant and internet. */
    static V2Allocation firewall() {
        return allocation(AllocationType.FIREWALL, List.of(
                network("tenant", NetworkType.CHILD, PROJECT, "10.0.16.1"),
                network("underlay", NetworkType.UNDERLAY, null, "10.1.0.1"),
                network("internet", NetworkType.EXTERNAL, null, "185.1.2.4")));
    }

    static V2Allocation allocation(AllocationType type, List<V2Network> networks) {
        return new V2Allocation("a-1", "node-1", null, null, PROJECT, new ImageRef("debian-13", null), null, networks,
                "node-1", List.of("ssh-ed25519 AAAA one", "ssh-ed25519 BBBB two"), null, type, null,
                List.of(new DnsServer("8.8.8.8"), new DnsServer("2001:4860:4860::8888")), List.of(), null);
    }

    static OsTarget target(Path root, V2Allocation allocation) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        return new OsTarget(root, allocation, new MachineDetails("m-1", List.of(), "pw", "ttyS1,115200n8", false,
                "root-uuid"), OperatingSystem.DEBIAN);
    }
}
