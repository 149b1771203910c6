package io.osimg.image.packages;

/**
 * One stanza of a dpkg status database, reduced to what {@code dpkg -l} shows.
 *
 * @param name the package name ({@code Package:})
 * @param status the three words of {@code Status:} (want, error flag, state)
 * @param version the {@code Version:} field as written
 * @param architecture the {@code Architecture:} field
 * @param multiArchSame whether {@code Multi-Arch: same} is set, which makes {@code dpkg -l} qualify the name
 * @param summary the first line of {@code Description:}
 */
public record DpkgPackage(String name, String status, String version, String architecture,
        boolean multiArchSame, String summary) {

    /** Whether {@code dpkg -l} lists the package: everything but the state {@code not-installed}. */
    public boolean listed() {
        return !state().equals("not-installed");
    }

    /** The name as {@code dpkg -l} prints it: with {@code :arch} for {@code Multi-Arch: same} packages. */
    public String displayName() {
        boolean qualify = multiArchSame && !architecture.isEmpty() && !architecture.equals("all");
        return qualify ? name + ":" + architecture : name;
    }

    /** The three status letters of {@code dpkg -l}, e.g. {@code "ii "}. */
    public String statusLetters() {
        String[] w = status.split("\\s+");
        char want = w.length > 0 ? switch (w[0]) {
            case "install" -> 'i';
            case "hold" -> 'h';
            case "deinstall" -> 'r';
            case "purge" -> 'p';
            default -> 'u';
        } : 'u';
        char eflag = w.length > 1 && w[1].equals("reinstreq") ? 'R' : ' ';
        char state = switch (state()) {
            case "installed" -> 'i';
            case "config-files" -> 'c';
            case "half-installed" -> 'H';
            case "unpacked" -> 'U';
            case "half-configured" -> 'F';
            case "triggers-awaited" -> 'W';
            case "triggers-pending" -> 't';
            default -> 'n';
        };
        return "" + want + state + eflag;
    }

    private String state() {
        String[] w = status.trim().split("\\s+");
        return w.length >= 3 ? w[2] : "not-installed";
    }
}
