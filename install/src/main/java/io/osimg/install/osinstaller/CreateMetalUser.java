package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.List;

/**
 * "create metal user": the image's own {@code useradd} (chrooted) makes {@code metal} anew (uid 1000, the OS's
 * sudo group, home, bash; an existing one is removed with {@code userdel} first) and {@code chpasswd} gives it the
 * password of machine-details.yaml (AlmaLinux: root too). The password goes in on standard input, never as an
 * argument.
 */
public final class CreateMetalUser implements OsTask {

    @Override
    public String name() {
        return "create metal user";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        String password = target.details().password();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("machine-details.yaml has no password for the metal user");
        }
        if (password.contains("\n") || password.contains(":")) {
            throw new IllegalArgumentException("machine-details.yaml: the password holds a newline or a colon, "
                    + "which chpasswd cannot take");
        }
        String user = AuthorizedSshKeys.METAL_USER;
        if (hasUser(target, user)) {
            target.chroot().run("userdel", user);
        }
        target.chroot().run("useradd", "--create-home", "--uid", "1000", "--gid", target.os().sudoGroup(), "--shell",
                "/bin/bash", user);
        StringBuilder input = new StringBuilder();
        for (String u : target.os().passwordUsers()) {
            input.append(u).append(':').append(password).append('\n');
        }
        target.chroot().run(List.of("chpasswd"), input.toString(), null);
    }

    private static boolean hasUser(OsTarget target, String user) throws IOException {
        if (!target.isFile("etc/passwd")) {
            return false;
        }
        try {
            PasswdEntry.find(target.read("etc/passwd"), user);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
