package io.osimg.install.osinstaller;

/** Ubuntu: as Debian but for its boot entry. */
public record Ubuntu() implements OperatingSystem {

    @Override
    public String id() {
        return "ubuntu";
    }

    @Override
    public String bootloaderId() {
        return "metal-ubuntu";
    }
}
