#!/bin/bash
# Makes an OCI image layout of four layers with umoci (and a last layer written by Python's tarfile, for what umoci
# never writes: an opaque directory, a hard link to a file of a lower layer, a directory replaced by a file):
#   layer 1: a base tree: setuid/setgid files, owners, xattrs, hard links, symlinks, a fifo, directories to delete
#   layer 2: deletes a file and a directory (whiteouts), replaces a file by a directory, adds a hard link,
#            changes a mode and an xattr
#   layer 3: opaque directory, cross-layer hard links, a directory replaced by a file, a whiteout of a hard link's
#            original
# Usage: layered-image.sh LAYOUT TAG WORKDIR   (as root; needs umoci, setfattr, python3)
set -euo pipefail
layout=$1 tag=$2 work=$3
image="$layout:$tag"
mkdir -p "$work"
umoci init --layout "$layout"
umoci new --image "$image"
umoci config --image "$image" --config.env 'PATH=/usr/sbin:/usr/bin' --config.label org.example.role=test \
    --architecture amd64 --os linux

step() { # step N: unpack, run the function layerN in the rootfs, repack
    local b="$work/bundle$1"
    umoci unpack --image "$image" "$b" >/dev/null
    (cd "$b/rootfs" && "layer$1")
    umoci repack --image "$image" "$b" >/dev/null
    rm -rf "$b"
}

layer1() {
    mkdir -p etc usr/bin usr/lib var/lib/dpkg gone-dir/sub opaque/keep-no opaque/deeper file-to-dir-later dir-to-file
    printf 'ID=debian\n' > etc/os-release
    printf 'Package: base-files\nStatus: install ok installed\nVersion: 12.4\n' > var/lib/dpkg/status
    head -c 200000 /dev/urandom > usr/bin/su && chmod 4755 usr/bin/su
    printf 'wall' > usr/bin/wall && chown 0:5 usr/bin/wall && chmod 2755 usr/bin/wall
    setfattr -n user.osimg.note -v 'layer one' usr/bin/su
    setfattr -n user.osimg.dir -v 'a directory' usr/lib
    printf owned > usr/lib/owned && chown 1000:1001 usr/lib/owned && chmod 0640 usr/lib/owned
    printf 'orig' > usr/lib/orig && ln usr/lib/orig usr/lib/orig-link
    printf 'deleted later' > etc/delete-me
    printf 'in gone' > gone-dir/sub/file
    printf a > opaque/keep-no/a && printf b > opaque/b && printf c > opaque/deeper/c
    printf 'was a file' > file-to-dir-later/x
    printf x > dir-to-file/inner
    printf 'shared' > usr/lib/shared
    ln -s ../lib/orig usr/bin/orig-symlink
    mkfifo usr/lib/fifo && chmod 0600 usr/lib/fifo
    rm -rf file-to-dir-later && printf 'a file first' > file-to-dir-later
}

layer2() {
    rm etc/delete-me
    rm -r gone-dir
    rm file-to-dir-later && mkdir file-to-dir-later && printf 'now a dir' > file-to-dir-later/inside
    ln usr/bin/wall usr/bin/wall-link
    chmod 0700 usr/lib
    setfattr -n user.osimg.note -v 'layer two' usr/bin/su
    printf 'new in two' > etc/two
}
step 1
step 2

# layer 3: written by Python's tarfile (PAX), added with umoci raw add-layer
python3 - "$work/layer3.tar" <<'PY'
import io, sys, tarfile
t = tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT)
def add(name, kind=tarfile.REGTYPE, data=b"", mode=0o644, link="", uid=0, gid=0, pax=None):
    i = tarfile.TarInfo(name); i.type = kind; i.mode = mode; i.uid = uid; i.gid = gid; i.mtime = 1700000000
    i.linkname = link
    if pax: i.pax_headers = pax
    if kind == tarfile.REGTYPE:
        i.size = len(data); t.addfile(i, io.BytesIO(data))
    else:
        t.addfile(i)
add("opaque/", tarfile.DIRTYPE, mode=0o750)
add("opaque/.wh..wh..opq")
add("opaque/fresh", data=b"fresh in three")
add("usr/lib/shared-link", tarfile.LNKTYPE, link="usr/lib/shared")
add("usr/lib/.wh.orig")
add("dir-to-file", data=b"now a file")
add("usr/bin/caps", data=b"capable", mode=0o755, pax={"SCHILY.xattr.user.osimg.caps": "three"})
add("usr/bin/setgid", data=b"sg", mode=0o2711, uid=0, gid=50)
t.close()
PY
umoci raw add-layer --image "$image" "$work/layer3.tar"
