#!/bin/sh
# install.sh of the osimg reference Debian image (metal-stack image contract, section 4 step 6).
# Run by the installer chrooted into the new root as uid 0. Applies /etc/metal/install.yaml and writes
# /etc/metal/boot-info.yaml. POSIX sh and what the image has (mawk, sed, grep, openssl or chpasswd, useradd).
set -eu

CONFIG=${OSIMG_INSTALL_YAML:-/etc/metal/install.yaml}
BOOTINFO=/etc/metal/boot-info.yaml
YAML_AWK=/usr/local/lib/metal/yaml.awk

log() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

[ -r "$CONFIG" ] || die "$CONFIG is missing"
[ -r "$YAML_AWK" ] || die "$YAML_AWK is missing"

# value KEY: a top-level scalar of install.yaml; list KEY FIELD: one line per list item
value() { awk -v key="$1" -f "$YAML_AWK" "$CONFIG"; }
list() { awk -v key="$1" -v field="$2" -f "$YAML_AWK" "$CONFIG"; }

hostname=$(value hostname)
password=$(value password)
console=$(value console)
root_uuid=$(value root_uuid)
[ -n "$hostname" ] || die "$CONFIG: hostname is empty"
[ -n "$root_uuid" ] || die "$CONFIG: root_uuid is empty"
[ -n "$console" ] || console=ttyS0

# hostname and /etc/hosts
log "hostname $hostname"
echo "$hostname" > /etc/hostname
cat > /etc/hosts <<HOSTS
127.0.0.1	localhost
127.0.1.1	$hostname
::1	localhost ip6-localhost ip6-loopback
ff02::1	ip6-allnodes
ff02::2	ip6-allrouters
HOSTS

# the metal user: sudo, console password, SSH keys
if ! id metal >/dev/null 2>&1; then
    log "creating user metal"
    useradd --create-home --shell /bin/bash --user-group metal
fi
if getent group sudo >/dev/null 2>&1; then
    usermod -a -G sudo metal
fi
mkdir -p /etc/sudoers.d
echo "metal ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/metal
chmod 0440 /etc/sudoers.d/metal
if [ -n "$password" ]; then
    if command -v openssl >/dev/null 2>&1; then
        hash=$(printf '%s' "$password" | openssl passwd -6 -stdin)
        usermod -p "$hash" metal
    else
        printf 'metal:%s\n' "$password" | chpasswd
    fi
else
    usermod -L metal
fi
home=$(getent passwd metal | cut -d: -f6)
mkdir -p "$home/.ssh"
value sshpublickey | grep -v '^[[:space:]]*$' > "$home/.ssh/authorized_keys" || true
chmod 0700 "$home/.ssh"
chmod 0600 "$home/.ssh/authorized_keys"
chown -R metal:metal "$home/.ssh"
log "metal has $(wc -l < "$home/.ssh/authorized_keys") SSH key(s)"

# serial console: a getty on the tty of console= (ttyS1,115200n8 -> ttyS1)
tty=${console%%,*}
case "$tty" in
    tty[0-9]*|"") ;;
    *)
        if [ -e /lib/systemd/system/serial-getty@.service ] || [ -e /usr/lib/systemd/system/serial-getty@.service ]; then
            mkdir -p /etc/systemd/system/getty.target.wants
            ln -sf /lib/systemd/system/serial-getty@.service "/etc/systemd/system/getty.target.wants/serial-getty@$tty.service"
            log "getty on $tty"
        fi
        ;;
esac

# DNS
dns=$(list dns_servers ip)
if [ -n "$dns" ]; then
    rm -f /etc/resolv.conf
    echo "$dns" | sed 's/^/nameserver /' > /etc/resolv.conf
    log "DNS $(echo $dns)"
fi

# NTP, when systemd-timesyncd is installed
ntp=$(list ntp_servers address)
if [ -n "$ntp" ]; then
    if [ -e /lib/systemd/systemd-timesyncd ] || [ -e /usr/lib/systemd/systemd-timesyncd ]; then
        mkdir -p /etc/systemd/timesyncd.conf.d
        printf '[Time]\nNTP=%s\n' "$(echo $ntp)" > /etc/systemd/timesyncd.conf.d/metal.conf
        log "NTP $(echo $ntp)"
    else
        log "NTP servers given but systemd-timesyncd is not installed; skipped"
    fi
fi

# the root file system by UUID (the installer rewrites fstab with every file system of the layout)
if ! awk '$2 == "/" { found = 1 } END { exit !found }' /etc/fstab 2>/dev/null; then
    echo "UUID=$root_uuid / ext4 defaults,errors=remount-ro 0 1" >> /etc/fstab
fi

# SSH host keys of this machine (the image ships none)
if command -v ssh-keygen >/dev/null 2>&1 && ! ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1; then
    ssh-keygen -A >/dev/null
    log "SSH host keys generated"
fi

# boot-info: the newest kernel and its initrd
kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || die "no kernel in /boot"
version=${kernel#/boot/vmlinuz-}
initrd=/boot/initrd.img-$version
[ -e "$initrd" ] || initrd=""
cat > "$BOOTINFO" <<INFO
---
kernel: $kernel
initrd: $initrd
cmdline: root=UUID=$root_uuid ro console=$console quiet
bootloader_id: metal-debian
INFO
log "boot-info: $kernel $initrd"
