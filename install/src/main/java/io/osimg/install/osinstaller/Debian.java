package io.osimg.install.osinstaller;

/** Debian: systemd-timesyncd, grub-efi, initrd.img, group {@code sudo}. */
public record Debian() implements OperatingSystem {

    @Override
    public String id() {
        return "debian";
    }

    @Override
    public String bootloaderId() {
        return "metal-debian";
    }
}
