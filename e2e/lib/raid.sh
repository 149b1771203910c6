# The RAID/LVM scenario of e2e/machine (E2E_LAYOUT=raid; issue 13), sourced by it. The machine document
# e2e/machine-raid.json puts the ESP (md RAID1, metadata 1.0) and the root (md RAID1) on two disks, vda and vdb, with
# an LVM group vg0 over both (a raid1 volume, a linear one, swap), and a group 'keep' on a third disk vdc that says
# wipeonreinstall: false. After the first install (checked by raid_check_first), raid_degraded boots the installed
# system with vdb removed, then raid_reinstall installs again (the document says reinstall: true): vda and vdb are
# rebuilt, vdc keeps its data. The installed system reports on the console (images/debian's osimg-e2e-report):
# mdstat=, lvs=, fstab= and marker= lines; a marker file is written into each /srv file system at its first boot.
#
# Every boot also passes e2e/machine's check_report (hostname, the metal user, the SSH key, the command line against
# boot-info.yaml's, read from the disk by raid_inspect).
#
# Uses from e2e/machine: $work, $repo, $variant, $port, $append, $ramdisk, $id, $hostname, loop, now, secs, stage,
# fail, silent, check_report, start_guest, stop_guest, wait_installer, wait_firmware_boot.

raid_disks=(vda vdb vdc)
raid_sizes=(3G 3G 512M)

# the -drive arguments for the given disks (names from raid_disks), in that order
raid_drive_args() {
  local d
  for d in "$@"; do
    printf -- '-drive\nfile=%s,format=raw,if=virtio\n' "$work/$d.img"
  done
}

raid_make_disks() {
  local i
  for i in "${!raid_disks[@]}"; do
    truncate -s "${raid_sizes[$i]}" "$work/${raid_disks[$i]}.img"
  done
}

# report KEY from console log FILE
raid_report() { tr -d '\r' < "$2" | sed -n "s/^.*OSIMG-REPORT $1=//p"; }

# raid_wait_report NAME TIMEOUT: after start_guest, waits until the installed system's report is done (or the
# installer fails, or TIMEOUT seconds pass); the report unit then powers the guest off (stop_guest)
raid_wait_report() {
  local name=$1 timeout=$2 deadline
  deadline=$(( $(date +%s) + timeout ))
  while ! grep -qa 'OSIMG-REPORT done' "$log"; do
    kill -0 "$qemu_pid" 2>/dev/null || fail "$name: qemu exited"
    grep -qa "osimg boot failed" "$log" && fail "$name: the installer failed (console: $log)"
    (( $(date +%s) < deadline )) || fail "$name: no report within ${timeout}s (console: $log)"
    silent
    sleep 1
  done
  echo "e2e/machine: raid: $name took $(secs "$t" "$(now)") s (QEMU start to the installed system's report)"
}

# the checks every full (not degraded) boot of the RAID layout must pass: both arrays clean with two members, the
# volumes there, every fstab entry mounted or active
raid_check_full() {
  local name=$1 log=$2 md lv
  md=$(raid_report mdstat "$log")
  echo "$md" | sed "s/^/e2e\/machine: raid: $name: mdstat /"
  [[ $(grep -c '^md[0-9]* : active .*raid1 vd[ab][0-9]*\[[01]\] vd[ab][0-9]*\[[01]\]' <<<"$md") -eq 2 ]] \
    || fail "$name: /proc/mdstat does not show 2 active raid1 arrays over vda and vdb: $md"
  [[ $(grep -c '\[2/2\] \[UU\]' <<<"$md") -eq 2 ]] || fail "$name: the arrays are not both clean [2/2] [UU]: $md"
  lv=$(raid_report lvs "$log")
  echo "$lv" | sed "s/^/e2e\/machine: raid: $name: lvs /"
  grep -q '^vg0 mirror raid1 ' <<<"$lv" || fail "$name: lvs shows no raid1 volume vg0/mirror: $lv"
  grep -q '^vg0 scratch linear ' <<<"$lv" || fail "$name: lvs shows no linear volume vg0/scratch: $lv"
  grep -q '^vg0 swap linear ' <<<"$lv" || fail "$name: lvs shows no volume vg0/swap: $lv"
  grep -q '^keep data linear ' <<<"$lv" || fail "$name: lvs shows no volume keep/data: $lv"
  raid_check_fstab "$name" "$log" 6
}

# every fstab entry mounted (or an active swap); $3: how many entries the layout has
raid_check_fstab() {
  local name=$1 log=$2 want=$3 fs
  fs=$(raid_report fstab "$log")
  echo "$fs" | sed "s/^/e2e\/machine: raid: $name: fstab /"
  [[ $(grep -c . <<<"$fs") -eq $want ]] || fail "$name: expected $want fstab entries: $fs"
  if grep -q 'NOT-' <<<"$fs"; then fail "$name: not every fstab entry is mounted: $fs"; fi
  for m in / /boot/efi /srv/mirror /srv/scratch /srv/keep; do
    grep -q "^$m UUID=[^ ]* mounted " <<<"$fs" || fail "$name: $m is not mounted by UUID: $fs"
  done
  grep -q '^swap UUID=[^ ]* active' <<<"$fs" || fail "$name: the swap is not active: $fs"
}

# raid_root_fs DISK: the root array's member on DISK (partition 2, md metadata 1.2: the superblock 4 KiB into the
# partition, its data offset at byte 128) as a file system image without assembling anything (this host's kernel has
# no md): sets raid_fs_offset (bytes into DISK) and raid_fs ("DISK?offset=N", what debugfs takes)
raid_root_fs() {
  local disk=$1 start magic offset
  start=$(partx -g -n 2 -o START "$disk" | tr -d ' ')
  [[ "$start" =~ ^[0-9]+$ ]] || fail "no partition 2 on $disk"
  magic=$(od -An -t x4 -j $(( start * 512 + 4096 )) -N 4 "$disk" | tr -d ' ')
  [[ "$magic" == a92b4efc ]] || fail "$disk partition 2 has no md 1.2 superblock (magic '$magic')"
  offset=$(od -An -t u8 -j $(( start * 512 + 4096 + 128 )) -N 8 "$disk" | tr -d ' ')
  raid_fs_offset=$(( (start + offset) * 512 ))
  raid_fs="$disk?offset=$raid_fs_offset"
}

# the installed kernel, initrd and command line, read from the root array's member on DISK with debugfs -c (no
# bitmaps). Writes $work/installed/{vmlinuz,initrd,cmdline}.
raid_installed_kernel() {
  local disk=$1 info kernel initrd
  raid_root_fs "$disk"
  info=$(debugfs -c -R "cat /etc/metal/boot-info.yaml" "$raid_fs" 2>/dev/null) || fail "cannot read boot-info.yaml from $raid_fs"
  kernel=$(sed -n 's/^kernel: *//p' <<<"$info"); initrd=$(sed -n 's/^initrd: *//p' <<<"$info")
  mkdir -p "$work/installed"
  sed -n 's/^cmdline: *//p' <<<"$info" > "$work/installed/cmdline"
  debugfs -c -R "dump $kernel $work/installed/vmlinuz" "$raid_fs" >/dev/null 2>&1
  debugfs -c -R "dump $initrd $work/installed/initrd" "$raid_fs" >/dev/null 2>&1
  [[ -s "$work/installed/vmlinuz" && -s "$work/installed/initrd" && -s "$work/installed/cmdline" ]] \
    || fail "cannot read the installed kernel ($kernel) and initrd ($initrd) from $raid_fs"
}

# raid_inspect NAME: the powered-off guest's vda read from the host, what inspect_disk checks on the single disk:
# the root array's member e2fsck -n clean, root_uuid (blkid -p) and bootinfo_cmdline (boot-info.yaml) for
# check_report; for the scriptless image GRUB's grub.cfg boots root=UUID= and names no md device as the root, and
# the ESP array's member (metadata 1.0: a plain FAT at the partition's start) is fsck.fat -n clean with
# EFI/BOOT/BOOTX64.EFI
raid_inspect() {
  local name=$1 disk="$work/vda.img" info grubcfg start sectors
  raid_root_fs "$disk"
  loop=$(losetup -f -r --show -o "$raid_fs_offset" "$disk")
  e2fsck -n -f "$loop" >"$work/e2fsck.log" 2>&1 || { cat "$work/e2fsck.log" >&2; fail "$name: the root file system is not clean after the power-off"; }
  root_uuid=$(blkid -p -s UUID -o value "$loop")
  losetup -d "$loop"; loop=""
  info=$(debugfs -c -R "cat /etc/metal/boot-info.yaml" "$raid_fs" 2>/dev/null) || fail "$name: cannot read boot-info.yaml from $raid_fs"
  bootinfo_cmdline=$(sed -n 's/^cmdline: *//p' <<<"$info" | sed "s/^[\"']//; s/[\"']$//")
  [[ "$bootinfo_cmdline" == *"root=UUID=$root_uuid"* ]] || fail "$name: boot-info.yaml's cmdline '$bootinfo_cmdline' does not name the root's UUID $root_uuid"
  echo "e2e/machine: raid: $name: disk: root UUID $root_uuid (e2fsck -n clean), boot-info.yaml cmdline '$bootinfo_cmdline'"
  [[ "$variant" == scriptless ]] || return 0
  grubcfg=$(debugfs -c -R "cat /boot/grub/grub.cfg" "$raid_fs" 2>/dev/null)
  grep -q "root=UUID=$root_uuid" <<<"$grubcfg" || fail "$name: /boot/grub/grub.cfg does not boot root=UUID=$root_uuid"
  if grep -q 'root=/dev/' <<<"$grubcfg"; then fail "$name: /boot/grub/grub.cfg names the root by device: $(grep -o 'root=/dev/[^ ]*' <<<"$grubcfg" | sort -u | tr '\n' ' ')"; fi
  read -r start sectors < <(partx -g -n 1 -o START,SECTORS "$disk") || fail "$name: vda has no partition 1"
  loop=$(losetup -f -r --show -o $(( start * 512 )) --sizelimit $(( sectors * 512 )) "$disk")
  fsck.fat -n -l "$loop" > "$work/fsck.fat.log" 2>&1 || { cat "$work/fsck.fat.log" >&2; fail "$name: the ESP member on vda is not clean after the power-off"; }
  losetup -d "$loop"; loop=""
  grep -qx 'Checking file /EFI/BOOT/BOOTX64.EFI' "$work/fsck.fat.log" || fail "$name: no EFI/BOOT/BOOTX64.EFI on vda's ESP member"
  echo "e2e/machine: raid: $name: disk: grub.cfg boots root=UUID=$root_uuid (no root=/dev/), vda's ESP member (fsck.fat -n clean) holds EFI/BOOT/BOOTX64.EFI"
}

# the second boot of the installed system, by the firmware alone (no -kernel): OVMF starts GRUB from the ESP (md
# RAID1 with metadata 1.0: each member reads as a plain FAT with EFI/BOOT/BOOTX64.EFI), GRUB reads /boot from the
# root array (mdraid1x) and boots the kernel with boot-info.yaml's command line (root=UUID=, rd.md.uuid=); the same
# checks as after the kexec
raid_firmware() {
  local t0 cmdline
  t0=$(now)
  mapfile -t drives < <(raid_drive_args "${raid_disks[@]}")
  start_guest firmware
  wait_firmware_boot
  stop_guest
  check_report firmware
  raid_check_full firmware "$log"
  cmdline=$(raid_report cmdline "$log" | head -n 1)
  [[ " $cmdline " == *" rd.md.uuid="* ]] || fail "firmware: the kernel's command line '$cmdline' has no rd.md.uuid="
  [[ " $cmdline " != *" root=/dev/"* ]] || fail "firmware: the kernel's command line '$cmdline' names the root by device"
  echo "e2e/machine: raid: firmware boot: command line $cmdline"
  stage firmware "$t0"
}

# the installed system with vdb removed: the arrays come up degraded, the root and the ESP are there. Booted the
# way kexec boots it (kernel, initrd and command line from boot-info.yaml), or RAID_BOOT=firmware (the default for
# the scriptless image, whose ESP carries GRUB) by the firmware from vda's ESP member alone.
raid_degraded() {
  local t0 md fs boot=()
  t0=$(now)
  if [[ "${RAID_BOOT:-}" != firmware ]]; then
    raid_installed_kernel "$work/vda.img"
    boot=(-kernel "$work/installed/vmlinuz" -initrd "$work/installed/initrd" -append "$(cat "$work/installed/cmdline")")
  fi
  mapfile -t drives < <(raid_drive_args vda vdc)
  start_guest degraded "${boot[@]}"
  raid_wait_report degraded 900
  stop_guest
  md=$(raid_report mdstat "$log")
  echo "$md" | sed 's/^/e2e\/machine: raid: degraded: mdstat /'
  [[ $(grep -c '^md[0-9]* : active .*raid1 vda[0-9]*\[[01]\] *$' <<<"$md") -eq 2 ]] || fail "degraded: the two arrays are not active on vda alone: $md"
  [[ $(grep -c '\[2/1\] \[U_\]' <<<"$md") -eq 2 ]] || fail "degraded: the arrays do not show [2/1] [U_]: $md"
  fs=$(raid_report fstab "$log")
  echo "$fs" | sed 's/^/e2e\/machine: raid: degraded: fstab /'
  for m in / /boot/efi /srv/keep; do
    grep -q "^$m UUID=[^ ]* mounted " <<<"$fs" || fail "degraded: $m is not mounted: $fs"
  done
  if [[ "${RAID_BOOT:-}" == firmware ]]; then check_report firmware; else check_report kexec; fi
  [[ "${RAID_BOOT:-}" != firmware ]] || grep -qa 'GNU GRUB' "$log" || fail "degraded: booted by firmware, yet GRUB's menu was never on the console"
  echo "e2e/machine: raid: degraded boot (vdb removed, ${RAID_BOOT:-kernel}) came up: root and ESP on degraded arrays"
  stage degraded "$t0"
}

# the second install: the machine document says reinstall: true; vda and vdb (wipeonreinstall: true) are rebuilt,
# vdc (false) keeps the group 'keep' and the marker its first boot wrote
raid_reinstall() {
  local first="$work/console-installer.log" t0 keep mirror events n
  t0=$(now)
  keep=$(raid_report marker "$first" | sed -n 's/^\/srv\/keep //p')
  [[ "$keep" == none ]] || fail "first boot: /srv/keep had a marker already: $keep"
  sed -i 's/"reinstall": false/"reinstall": true/' "$work/store/machines/$id.json"
  grep -q '"reinstall": true' "$work/store/machines/$id.json" || fail "cannot set reinstall: true in the machine document"
  mapfile -t drives < <(raid_drive_args "${raid_disks[@]}")
  start_guest reinstall -kernel "$ramdisk/vmlinuz" -initrd "$ramdisk/initramfs.zst" -append "$append"
  wait_installer
  stop_guest
  grep -qa -- '--reinstall' "$log" || fail "reinstall: osimg boot did not pass --reinstall"
  raid_inspect reinstall
  check_report kexec
  raid_check_full reinstall "$log"
  # what the first boot wrote (and the degraded boot saw) on each /srv file system
  keep=$(raid_report marker "$log" | sed -n 's/^\/srv\/keep //p')
  mirror=$(raid_report marker "$log" | sed -n 's/^\/srv\/mirror //p')
  [[ "$keep" == "written at boot "* ]] || fail "reinstall: the data on vdc (wipeonreinstall: false) did not survive: /srv/keep marker '$keep'"
  [[ "$mirror" == none ]] || fail "reinstall: vg0 on the rebuilt disks is not fresh: /srv/mirror marker '$mirror'"
  [[ "$(raid_report marker "$log" | sed -n 's/^\/srv\/scratch //p')" == none ]] || fail "reinstall: /srv/scratch is not fresh"
  events=$(curl -sf "http://127.0.0.1:$port/api/v1/events?machine=$id") || fail "cannot read the events"
  n=$(grep -o '"event":"result","ok":true' <<<"$events" | wc -l)
  [[ $n -ge 2 ]] || fail "reinstall: the events show $n successful results, expected 2"
  echo "e2e/machine: raid: reinstall kept /srv/keep ($keep), rebuilt /srv/mirror and /srv/scratch (no marker)"
  stage reinstall "$t0"
}
