#!/usr/bin/env bash
# Benchmark of `snapdock list` over a repository holding many snapshots (2,000 by default), in
# a local folder and in S3 (S3Proxy, filesystem backend, same machine).
#   1. one real backup of a PostgreSQL database (a few MiB of dumps: a manifest of realistic size);
#   2. its snapshot folder copied under N-1 earlier stamps (one per hour, manifest and validation
#      rewritten with the stamp): the chunks are shared, which does not matter to `list`, which
#      reads manifests and validation records only; every tenth one without its manifest (an
#      interrupted backup, listed as incomplete);
#   3. `snapdock list` timed (wall clock of the whole command, JVM start included) per repository:
#      once with no local list cache (every manifest read), then three times with it.
# Writes docs/benchmarks/listing.md (and prints it).
#   scripts/bench-list.sh                  (SNAPSHOTS=2000 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${SNAPSHOTS:-2000}
work=$(mktemp -d -t snapdock-bench-list.XXXXXX)
name=snapdock-bench-list-pg-$$
out="$here/docs/benchmarks/listing.md"
log() { echo "[bench] $*" >&2; }

cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  [ -n "${s3pid:-}" ] && kill "$s3pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bash "$here/scripts/test-env.sh" >&2
. "$here/scripts/lib/s3proxy.sh"
build_for_bench
start_s3proxy bench

log "starting PostgreSQL"
docker run -d --name "$name" -l com.docker.compose.project=snapdock-bench-list -l com.docker.compose.service=db \
  -l snapdock.type=postgres -e POSTGRES_PASSWORD=bench snapdock-test/postgres:latest >/dev/null
for _ in $(seq 1 200); do docker exec "$name" pg_isready -q -h 127.0.0.1 2>/dev/null && break; sleep 0.3; done
docker exec -i "$name" psql -q -v ON_ERROR_STOP=1 postgres <<'SQL'
CREATE DATABASE app;
\c app
CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL);
INSERT INTO events SELECT g, (ARRAY['click','view','buy'])[1 + g % 3], md5(g::text) || repeat('x', 40) FROM generate_series(1, 100000) g;
SQL

props() {   # $1: repository location
  cat <<EOF
snapdock.repository=$1
snapdock.s3.endpoint=http://127.0.0.1:$port
snapdock.s3.access-key=bench
snapdock.s3.secret-key=bench-secret
snapdock.compose-project=snapdock-bench-list
snapdock.state-dir=$work/state
EOF
}
props "file:$work/folder" >"$work/folder.properties"
props "s3://bench/repo" >"$work/s3.properties"
snapdock() { local cfg=$1; shift; java -jar "$here/target/snapdock.jar" "$@" --config "$work/$cfg.properties"; }

log "one real backup into the folder repository"
stamp=$(snapdock folder backup 2>"$work/backup.log")
log "snapshot $stamp; fabricating $((count - 1)) earlier ones"
python3 - "$work/folder/snapshots" "$stamp" "$count" <<'PY'
import datetime, os, shutil, sys
root, stamp, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
src = os.path.join(root, stamp)
files = {f: open(os.path.join(src, f), encoding="utf-8").read() for f in os.listdir(src)}
for i in range(1, count):
    s = (base - datetime.timedelta(hours=i)).strftime("%Y%m%dT%H%M%SZ")
    d = os.path.join(root, s)
    os.makedirs(d)
    for f, text in files.items():
        if f == "manifest.json" and i % 10 == 0:
            continue   # an interrupted backup: no manifest
        with open(os.path.join(d, f), "w", encoding="utf-8") as o:
            o.write(text.replace(stamp, s))
PY
# The same repository in the S3 bucket (S3Proxy's filesystem backend serves the files as objects).
cp -r "$work/folder" "$work/s3/bench/repo"
size=$(du -sh "$work/folder/snapshots" | cut -f1)
manifest=$(wc -c <"$work/folder/snapshots/$stamp/manifest.json")

elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
timed_list() {   # $1: folder|s3 → "cold s|t1 s, t2 s, t3 s|lines"
  local times=() s e cold
  rm -rf "$work/state/list-cache"
  s=$(date +%s.%N); snapdock "$1" list >/dev/null 2>&1; e=$(date +%s.%N); cold="$(elapsed "$s" "$e") s"
  for _ in 1 2 3; do
    s=$(date +%s.%N); snapdock "$1" list >"$work/list-$1.txt" 2>/dev/null; e=$(date +%s.%N)
    times+=("$(elapsed "$s" "$e") s")
  done
  local rows; rows=$(($(wc -l <"$work/list-$1.txt") - 1))
  local IFS=,; echo "$cold|${times[*]}|$rows"
}
start=$(date +%s.%N); snapdock folder --help >/dev/null 2>&1 || true; jvm=$(elapsed "$start" "$(date +%s.%N)")
log "listing the folder repository"; f=$(timed_list folder)
log "listing the S3 repository"; s=$(timed_list s3)
incomplete=$(grep -c 'no manifest' "$work/list-s3.txt" || true)

mkdir -p "$(dirname "$out")"
{
  echo "# Listing benchmark"
  echo
  echo "Produced by \`scripts/bench-list.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1 | tr -d '"'),"
  echo "S3Proxy filesystem backend on the same machine). A repository of $count snapshots: one real"
  echo "backup of a PostgreSQL database (manifest: $manifest bytes) copied under $((count - 1)) earlier"
  echo "stamps, every tenth without its manifest (listed as incomplete); \`snapshots/\` holds $size."
  echo "Wall-clock time of the whole \`snapdock list\` command (JVM and Camel start included: \`snapdock --help\`"
  echo "alone takes $jvm s)."
  echo
  echo "| Repository | first \`snapdock list\` (no local cache) | repeat \`snapdock list\` (3 runs) | lines listed |"
  echo "|---|---|---|---|"
  IFS='|' read -r cold times rows <<<"$f"; echo "| local folder | $cold | $times | $rows |"
  IFS='|' read -r cold times rows <<<"$s"; echo "| S3 (S3Proxy) | $cold | $times | $rows ($incomplete incomplete) |"
  echo
  echo "How: one listing of \`snapshots/\` with each object's version tag (S3: ETag, one ListObjectsV2"
  echo "request per 1,000 objects; folder: size and modification time) gives the stamps and the tags of"
  echo "each snapshot's \`manifest.json\` and \`validation.json\`. Lines kept in the local list cache"
  echo "(\`<state-dir>/list-cache/\`) under the same tags are used as they are; the others are read by"
  echo "\`snapdock.list.readers\` (16) readers in parallel, the order kept."
} >"$out"
cat "$out"
