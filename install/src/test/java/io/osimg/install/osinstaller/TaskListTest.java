package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskListTest {

    @TempDir
    Path root;

    private static OsTask task(String name, List<String> ran, boolean fails) {
        return new OsTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(OsTarget target) {
                ran.add(name);
                if (fails) {
                    throw new IllegalStateException("disk full");
                }
            }
        };
    }

    @Test
    void theNamesAreOsInstallersInItsOrder() {
        assertThat(TaskList.NAMES).hasSize(19).startsWith("persist configuration data from metal-hammer")
                .contains("write booatloader config").endsWith("execute custom executable");
        assertThat(TaskList.NAMES.indexOf("write hostname")).isLessThan(TaskList.NAMES.indexOf("write /etc/hosts"));
    }

    @Test
    void onlyAndExceptChooseAndTasksRunInOrder() throws Exception {
        List<String> ran = new ArrayList<>();
        TaskList list = new TaskList(List.of(task("write /etc/hosts", ran, false), task("write hostname", ran, false),
                task("write /etc/resolv.conf", ran, false)));
        OsInstallerConfig config = OsInstallerConfig.fromYaml(
                "only:\n  - write hostname\n  - write /etc/hosts\n  - write /etc/resolv.conf\nexcept:\n  - write /etc/resolv.conf\n");

        List<String> done = list.run(Targets.target(root, Targets.machine()), config, line -> { });

        assertThat(done).containsExactly("write hostname", "write /etc/hosts");
        assertThat(ran).isEqualTo(done);
    }

    @Test
    void aFailingOrMissingTaskStopsTheInstallNamingIt() throws Exception {
        List<String> ran = new ArrayList<>();
        OsTarget t = Targets.target(root, Targets.machine());
        OsInstallerConfig onlyHostname = OsInstallerConfig.fromYaml("only: [write hostname, write /etc/hosts]\n");

        assertThatThrownBy(() -> new TaskList(List.of(task("write hostname", ran, true))).run(t, onlyHostname, l -> { }))
                .isInstanceOfSatisfying(OsTaskException.class, e -> assertThat(e.task()).isEqualTo("write hostname"))
                .hasMessage("OS installer task 'write hostname' failed: disk full");
        assertThatThrownBy(() -> new TaskList(List.of(task("write hostname", ran, false))).run(t, onlyHostname, l -> { }))
                .hasMessage("OS installer task 'write /etc/hosts' failed: osimg's OS installer does not implement it yet");
    }

    @Test
    void osInstallerYamlIsReadAsTheImageWritesIt() {
        OsInstallerConfig c = OsInstallerConfig.fromYaml("""
                os_name: ubuntu
                except: [deploy systemd services]
                custom_script:
                  executable_path: /opt/setup
                  workdir: /opt
                overwrites:
                  bootloader_id: my-os
                """);
        assertThat(c.osName()).isEqualTo("ubuntu");
        assertThat(c.customScript()).isEqualTo(new OsInstallerConfig.CustomScript("/opt/setup", "/opt"));
        assertThat(c.overwrites().bootloaderId()).isEqualTo("my-os");
        assertThat(c.runs("deploy systemd services")).isFalse();
        assertThat(c.runs("write hostname")).isTrue();
        assertThatThrownBy(() -> OsInstallerConfig.fromYaml("only: [write hostnames]\n"))
                .hasMessage("only: 'write hostnames' is no task of the OS installer");
    }

    @Test
    void theOsComesFromOsRelease() {
        assertThat(OperatingSystem.fromOsRelease("PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\n"))
                .isEqualTo(OperatingSystem.DEBIAN);
        assertThat(OperatingSystem.fromOsRelease("NAME=\"AlmaLinux\"\nID=\"almalinux\"\n").initrdName("5.14.0"))
                .isEqualTo("initramfs-5.14.0.img");
        assertThat(OperatingSystem.fromOsRelease("ID=ubuntu\n").bootloaderId()).isEqualTo("metal-ubuntu");
        assertThatThrownBy(() -> OperatingSystem.fromOsRelease("ID=arch\n"))
                .hasMessage("operating system 'arch' is not installable by osimg (debian, ubuntu, almalinux)");
    }

    @Test
    void aDerivativeIsInstalledAsTheFirstKnownSystemOfItsIdLike() {
        assertThat(OperatingSystem.fromOsRelease("ID=pop\nID_LIKE=\"ubuntu debian\"\n")).isEqualTo(OperatingSystem.UBUNTU);
        assertThat(OperatingSystem.fromOsRelease("ID=osimg-demo\nID_LIKE=debian\n")).isEqualTo(OperatingSystem.DEBIAN);
        assertThat(OperatingSystem.fromOsRelease("ID=ubuntu\nID_LIKE=debian\n")).isEqualTo(OperatingSystem.UBUNTU);
        assertThatThrownBy(() -> OperatingSystem.fromOsRelease("ID=rocky\nID_LIKE=\"rhel centos fedora\"\n"))
                .hasMessage("operating system 'rocky' (ID_LIKE 'rhel centos fedora') is not installable by osimg "
                        + "(debian, ubuntu, almalinux)");
        assertThatThrownBy(() -> OperatingSystem.fromOsRelease("NAME=x\n")).hasMessage("/etc/os-release: no ID=");
    }
}
