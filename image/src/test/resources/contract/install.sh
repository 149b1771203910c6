#!/bin/sh
# The image side of the contract, reduced to its shape: read /etc/metal/install.yaml, write boot-info.yaml.
# A real image applies hostname, users, SSH keys, networking (see images/debian/install.sh).
set -e
test -r /etc/metal/install.yaml
cat > /etc/metal/boot-info.yaml <<'YAML'
kernel: /boot/vmlinuz
initrd: /boot/initrd.img
cmdline: console=ttyS0 root=LABEL=root
bootloader_id: osimg-demo
YAML
