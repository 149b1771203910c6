# Sourced by e2e/metal-images-install-sh and bench/install: lays metal-images' old-contract install.sh (from the
# cache of scripts/metal-images-scripts) and the test's stand-ins over an unpacked debootstrap root.
#   metal_images_root ROOT SCRIPTS_DIR REPO     (ROOT already holds the unpacked root file system)
# Stand-ins: grub-install and efibootmgr (EFI hardware; they record their arguments in
# /var/log/osimg-stand-ins.log), yq (top-level keys, with the reference image's yaml.awk), metal-networker (checks
# its arguments and input), and the script's `[ -d /sys/firmware/efi ]` test replaced by `true` (BIOS host).
# /network.sh is not laid down: the caller copies network-machine.sh or network-firewall.sh there.
metal_images_root() {
  local root=$1 scripts=$2 repo=$3
  rm -f "$root"/etc/ssh/ssh_host_*
  # a root exported from docker (as metal-images' are) has /etc/hosts, debootstrap's has none; install.sh chmods it
  [[ -e "$root/etc/hosts" ]] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
  sed 's|^if \[ -d /sys/firmware/efi \]$|if true  # osimg test: EFI assumed (BIOS host)|' "$scripts/install.sh" \
    > "$root/install.sh"
  chmod 0755 "$root/install.sh"
  grep -q '^if true  # osimg test' "$root/install.sh" \
    || { echo "install.sh has no '[ -d /sys/firmware/efi ]' test to replace" >&2; return 1; }
  _mi_stand_in "$root" usr/sbin/grub-install
  # the real one fills --boot-directory's grub/, where update-grub then writes grub.cfg
  echo 'mkdir -p /boot/grub' >> "$root/usr/sbin/grub-install"
  _mi_stand_in "$root" usr/bin/efibootmgr
  mkdir -p "$root/usr/local/lib/osimg-test" "$root/usr/local/bin"
  cp "$repo/images/debian/variant-install.sh/usr/local/lib/metal/yaml.awk" "$root/usr/local/lib/osimg-test/yaml.awk"
  cat > "$root/usr/local/bin/yq" <<'YQ'
#!/bin/sh
# osimg test stand-in for mikefarah's yq: `yq e '.KEY' FILE`, top-level keys only
[ "$1" = e ] && [ $# -eq 3 ] && case "$2" in .*) ;; *) false ;; esac \
  || { echo "yq stand-in: only \"yq e '.KEY' FILE\", got: $*" >&2; exit 2; }
exec awk -v key="${2#.}" -f /usr/local/lib/osimg-test/yaml.awk "$3"
YQ
  chmod 0755 "$root/usr/local/bin/yq"
  mkdir -p "$root/etc/metal/networker"
  cat > "$root/etc/metal/networker/metal-networker" <<'NW'
#!/bin/sh
# osimg test stand-in for metal-stack's metal-networker: `metal-networker machine|firewall configure --input FILE`
case "$1 $2 $3" in
  "machine configure --input"|"firewall configure --input") ;;
  *) echo "metal-networker stand-in: unexpected arguments: $*" >&2; exit 2 ;;
esac
grep -q '^hostname:' "$4" || { echo "metal-networker stand-in: $4 has no hostname" >&2; exit 1; }
echo "$*" > /etc/metal/networker/ran
echo "metal-networker stand-in: $1 configured from $4 (role $(awk -v key=role -f /usr/local/lib/osimg-test/yaml.awk "$4"))"
NW
  chmod 0755 "$root/etc/metal/networker/metal-networker"
}

_mi_stand_in() { # ROOT PATH-IN-ROOT: replaces a hardware tool by one that records its arguments
  local p="$1/$2"
  [[ -e "$p" ]] && mv "$p" "$p.osimg-real"
  mkdir -p "$(dirname "$p")"
  printf '#!/bin/sh\n# osimg test stand-in (needs EFI hardware)\necho "%s $*" >> /var/log/osimg-stand-ins.log\n' \
    "${2##*/}" > "$p"
  chmod 0755 "$p"
}
