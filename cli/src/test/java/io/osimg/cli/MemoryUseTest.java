package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryUseTest {

    @Test
    void readsThePeakAndTheResidentSetsPartsInMiB() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  163840 kB\nVmRSS:\t  102400 kB\n"
                + "RssAnon:\t   81920 kB\nRssFile:\t   20000 kB\nRssShmem:\t     480 kB\nThreads:\t20\n";
        assertThat(MemoryUse.status(status)).containsExactly(
                java.util.Map.entry("VmHWM", "160.0"), java.util.Map.entry("VmRSS", "100.0"),
                java.util.Map.entry("RssAnon", "80.0"), java.util.Map.entry("RssFile", "19.5"),
                java.util.Map.entry("RssShmem", "0.5"));
    }

    @Test
    void readsTheMachinesTotalAvailableAndShmem() {
        String meminfo = "MemTotal:        1004544 kB\nMemFree:          102400 kB\nMemAvailable:     512000 kB\n"
                + "Shmem:            131072 kB\nShmemHugePages:        0 kB\n";
        assertThat(MemoryUse.meminfo(meminfo)).containsExactly(java.util.Map.entry("MemTotal", "981.0"),
                java.util.Map.entry("MemAvailable", "500.0"), java.util.Map.entry("Shmem", "128.0"));
    }

    @Test
    void theLineNamesWhoAndTheHeap() {
        assertThat(MemoryUse.line("osimg install")).startsWith("osimg install: memory: VmHWM ")
                .contains(" MiB, heap committed ").contains(" MiB of max ")
                .contains("; machine: MemTotal ");
    }
}
