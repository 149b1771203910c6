package io.osimg.install.osinstaller;

/** A line of {@code /etc/passwd}: name, uid, gid, home. */
record PasswdEntry(String name, long uid, long gid, String home) {

    /**
     * The entry of {@code user}.
     *
     * @throws IllegalArgumentException when the file has no such user or a broken line for it
     */
    static PasswdEntry find(String passwd, String user) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[0].equals(user)) {
                try {
                    return new PasswdEntry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[5]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("/etc/passwd: the line of " + user + " has no numeric uid/gid");
                }
            }
        }
        throw new IllegalArgumentException("/etc/passwd: no user " + user);
    }
}
