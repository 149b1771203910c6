#!/usr/bin/env bash
# Throughput of `osimg serve` (ImageServer) vs nginx on the same directory, same run, same machine.
# 4 parallel curls of a 1 GiB file (page cache warm), and wrk -c64 -d10s on a small .md5 file if wrk exists.
# Usage: store/bench/serve-vs-nginx.sh   (after `mvn -pl store -am test-compile`)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
osimg_pid=; nginx_pid=
work="$(mktemp -d)"; trap 'kill $osimg_pid $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 755 "$work"   # nginx workers run as nobody
root="$work/store"; mkdir -p "$root/img"
head -c 1G /dev/urandom > "$root/img/img.tar.lz4"
echo "0123456789abcdef0123456789abcdef  img.tar.lz4" > "$root/img/img.tar.lz4.md5"
echo tok > "$work/token"
cp_file="$work/cp"; (cd "$here" && mvn -B -q -o -pl store -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null 2>&1)
cp="$here/store/target/classes:$here/store/target/test-classes:$(cat "$cp_file")"
"$JAVA_HOME/bin/java" -cp "$cp" io.osimg.store.http.ServerMain "$root" "$work/token" > "$work/osimg.out" 2>"$work/osimg.err" &
osimg_pid=$!
for _ in $(seq 100); do grep -q '^port' "$work/osimg.out" 2>/dev/null && break; sleep 0.1; done
osimg_port="$(awk '/^port/{print $2}' "$work/osimg.out")"
nginx_port=$((osimg_port + 1))
cat > "$work/nginx.conf" <<NGX
worker_processes 2; daemon off; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  server { listen 127.0.0.1:$nginx_port; root $root; } }
NGX
nginx -c "$work/nginx.conf" & nginx_pid=$!
sleep 1
cat "$root/img/img.tar.lz4" > /dev/null
for port in "$osimg_port" "$nginx_port"; do   # both must really serve the file
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "http://127.0.0.1:$port/img/img.tar.lz4.md5")
  [[ "$got" == "200 46" ]] || { echo "server on port $port answered $got" >&2; exit 1; }
done
mbps() { # port -> MB/s of 4 parallel downloads of 1 GiB
  local start end
  start=$(date +%s.%N)
  local pids=()
  for i in 1 2 3 4; do curl -s -o /dev/null "http://127.0.0.1:$1/img/img.tar.lz4" & pids+=($!); done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  echo "scale=1; 4 * 1024 / ($end - $start)" | bc
}
mbps "$osimg_port" >/dev/null; mbps "$nginx_port" >/dev/null   # warm-up
o=$(mbps "$osimg_port"); n=$(mbps "$nginx_port")
echo "4 x curl 1 GiB: osimg $o MB/s, nginx $n MB/s, ratio $(echo "scale=2; $o / $n" | bc)"
if command -v wrk >/dev/null; then
  wrk -t2 -c64 -d3s "http://127.0.0.1:$osimg_port/img/img.tar.lz4.md5" >/dev/null   # JIT warm-up
  ro=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$osimg_port/img/img.tar.lz4.md5" | awk '/Requests\/sec/{print $2}')
  rn=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$nginx_port/img/img.tar.lz4.md5" | awk '/Requests\/sec/{print $2}')
  echo "wrk -c64 -d10s small .md5: osimg $ro req/s, nginx $rn req/s, ratio $(echo "scale=2; $ro / $rn" | bc)"
fi
