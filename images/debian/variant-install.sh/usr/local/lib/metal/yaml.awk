# Reads values from /etc/metal/install.yaml (contract section 5) with POSIX awk (mawk, busybox awk, gawk).
#
# install.yaml is written by metal-hammer (Go yaml) or osimg (Jackson) in a plain block style; this reads what
# those write, not all of YAML:
#   awk -v key=hostname -f yaml.awk install.yaml                 a top-level scalar (plain, '...', "...", |, |-, >)
#   awk -v key=dns_servers -v field=ip -f yaml.awk install.yaml  one line per list item: the item's field
#   awk -v key=somelist -f yaml.awk install.yaml                 one line per item of a list of scalars
# null, ~ and missing keys print nothing. Exit status 0 either way.

function unquote(v,    out, i, c, n) {
    sub(/^[ \t]+/, "", v)
    if (v ~ /^"/) {
        v = substr(v, 2)
        out = ""
        n = length(v)
        for (i = 1; i <= n; i++) {
            c = substr(v, i, 1)
            if (c == "\"") break
            if (c == "\\" && i < n) {
                i++
                c = substr(v, i, 1)
                if (c == "n") c = "\n"
                else if (c == "t") c = "\t"
                else if (c == "r") c = "\r"
                else if (c == "0") c = ""
            }
            out = out c
        }
        return out
    }
    if (v ~ /^'/) {
        v = substr(v, 2)
        out = ""
        n = length(v)
        for (i = 1; i <= n; i++) {
            c = substr(v, i, 1)
            if (c == "'") {
                if (substr(v, i + 1, 1) == "'") { out = out "'"; i++; continue }
                break
            }
            out = out c
        }
        return out
    }
    sub(/[ \t]+#.*$/, "", v)
    sub(/[ \t\r]+$/, "", v)
    if (v == "null" || v == "~") return ""
    return v
}

function indent_of(line) {
    match(line, /^ */)
    return RLENGTH
}

BEGIN { state = 0 }   # 0 looking for key, 1 in block scalar, 2 in list

state == 1 {
    if ($0 ~ /^[ \t]*$/) { pending = pending "\n"; next }
    ind = indent_of($0)
    if (blockindent < 0) blockindent = ind
    if (ind < blockindent || ind == 0) { state = 3 }
    else {
        text = substr($0, blockindent + 1)
        if (started) {
            if (folded && pending == "") block = block " " text
            else block = block "\n" pending text
        } else block = text
        gsub(/\n$/, "", pending)
        pending = ""
        started = 1
        next
    }
}

state == 2 {
    if ($0 ~ /^[ \t]*$/ || $0 ~ /^[ \t]*#/) next
    ind = indent_of($0)
    if (ind == 0 && $0 !~ /^- /) { state = 3; next }
    line = $0
    if (substr(line, ind + 1, 2) == "- " || substr(line, ind + 1) == "-") {
        if (itemindent < 0) itemindent = ind
        if (ind == itemindent) {
            rest = substr(line, ind + 3)
            if (field == "") { print unquote(rest); next }
            ind = ind + 2
            line = sprintf("%" ind "s", "") rest
        }
    }
    if (field != "" && ind == itemindent + 2) {
        rest = substr(line, ind + 1)
        if (index(rest, field ":") == 1) {
            v = substr(rest, length(field) + 2)
            if (v ~ /^[ \t]*$/ || v ~ /^ /) print unquote(v)
        }
    }
    next
}

state == 0 && index($0, key ":") == 1 {
    rest = substr($0, length(key) + 2)
    if (rest != "" && rest !~ /^[ \t]/) next
    sub(/^[ \t]+/, "", rest)
    sub(/[ \t\r]+$/, "", rest)
    if (rest ~ /^[|>][-+]?$/) {
        state = 1; blockindent = -1; block = ""; pending = ""; started = 0
        folded = (rest ~ /^>/)
        keepnl = (rest !~ /-$/)
        next
    }
    if (rest == "" ) { state = 2; itemindent = -1; next }
    if (rest == "[]") { state = 3; next }
    print unquote(rest)
    state = 3
    next
}

END {
    if (started) {
        if (keepnl) printf "%s\n", block
        else printf "%s", block
        if (!keepnl) printf "\n"
    }
}
