#!/usr/bin/env bash
# Benchmark of the repository format: Snapdock (content-addressed, encrypted) against restic fed
# an uncompressed dump and against a plain `pg_dump -Fc | aws s3 cp -` upload, on the same
# PostgreSQL database (~0.5 GiB on disk) and the same S3 server (S3Proxy), in one run:
#   1. first backup, 2. repeat backup of the unchanged database, 3. backup after ~1 % of the rows
#   changed; wall time of each and the size of each repository afterwards.
# Writes the table to docs/benchmarks/repository.md (and prints it).
#   scripts/bench-repository.sh            (ROWS=3500000 by default: ~0.55 GiB on disk)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rows=${ROWS:-3500000}
work=$(mktemp -d -t snapdock-bench.XXXXXX)
name=snapdock-bench-pg-$$
out="$here/docs/benchmarks/repository.md"
log() { echo "[bench] $*" >&2; }

cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  [ -n "${s3pid:-}" ] && kill "$s3pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bash "$here/scripts/test-env.sh" >&2
command -v restic >/dev/null || { apt-get install -y -qq restic >/dev/null; }
. "$here/scripts/lib/s3proxy.sh"
build_for_bench
start_s3proxy bench

# --- The database ------------------------------------------------------------------------
log "starting PostgreSQL and loading $rows rows"
docker run -d --name "$name" -l com.docker.compose.project=snapdock-bench -l com.docker.compose.service=db \
  -l snapdock.type=postgres -e POSTGRES_PASSWORD=bench snapdock-test/postgres:latest >/dev/null
# Over TCP: the image's first-start server (setting the password) listens on the socket only.
for _ in $(seq 1 200); do docker exec "$name" pg_isready -q -h 127.0.0.1 2>/dev/null && break; sleep 0.3; done
psql() { docker exec -i "$name" psql -q -v ON_ERROR_STOP=1 "$@"; }
psql postgres -c "CREATE DATABASE app"
psql app -c "CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, kind text NOT NULL, payload text NOT NULL)"
psql app -c "INSERT INTO events SELECT g, timestamp '2026-01-01' + g * interval '1 second',
  (ARRAY['click','view','buy','login'])[1 + g % 4],
  md5(g::text) || md5((g * 31)::text) || ' ' || repeat(chr(97 + g % 26), 20) FROM generate_series(1, $rows) g"
psql app -c "VACUUM ANALYZE events"
dbsize=$(psql app -At -c "SELECT pg_size_pretty(pg_database_size('app'))")
fcsize=$(docker exec "$name" sh -c 'pg_dump -Fc app | wc -c')
log "database app: $dbsize on disk, pg_dump -Fc: $fcsize bytes"

change() {   # ~1 % of the rows: a contiguous range updated, as many new rows inserted
  local n=$((rows / 200))
  psql app -c "UPDATE events SET payload = payload || ' edited' WHERE id BETWEEN $((rows / 2)) AND $((rows / 2 + n))"
  psql app -c "INSERT INTO events SELECT g, now(), 'new', md5(g::text) FROM generate_series($((rows + 1)), $((rows + n))) g"
}
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); elapsed "$s" "$e"; }
size_of() { du -sb "$work/s3/bench/$1" | cut -f1 | awk '{printf "%.1f MiB", $1 / 1048576}'; }

# --- Snapdock ----------------------------------------------------------------------------
java -jar "$here/target/snapdock.jar" keygen --output "$work/snapdock.key" 2>/dev/null
cat > "$work/snapdock.properties" <<EOF
snapdock.repository=s3://bench/snapdock
snapdock.s3.endpoint=http://127.0.0.1:$port
snapdock.s3.access-key=bench
snapdock.s3.secret-key=bench-secret
snapdock.encryption.key-file=$work/snapdock.key
snapdock.compose-project=snapdock-bench
snapdock.state-dir=$work/state
EOF
snapdock() { java -jar "$here/target/snapdock.jar" "$@" --config "$work/snapdock.properties"; }
# The wall time of the whole command (JVM and Camel start, the run, the verification of what it
# wrote), the run alone as its log reports it, and the new data it stored.
snap_run() {
  local s e logf="$work/snapdock-$1.log"
  s=$(date +%s.%N); snapdock backup >"$work/stamp-$1" 2>"$logf"; e=$(date +%s.%N)
  local total; total=$(elapsed "$s" "$e")
  local dump; dump=$(grep -o 'bytes ([0-9]* new to the repository) in [0-9]* ms' "$logf" \
    | awk '{gsub(/\(/,"",$2); ms+=$(NF-1); new+=$2} END {printf "%.1f|%.1f", ms/1000, new/1048576}')
  # The run as the service sees it: from the first dump to the end of the verification (no JVM start).
  local run; run=$(grep -E 'Backing up|backup run .* succeeded' "$logf" | awk '{split($2, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3];
    if (first == "") first = s; last = s} END {printf "%.1f", last - first}')
  echo "$total|$run|$dump"
}
# --- restic --------------------------------------------------------------------------------
export RESTIC_PASSWORD=bench-restic RESTIC_REPOSITORY="s3:http://127.0.0.1:$port/bench/restic"
restic init >/dev/null
restic_run() { seconds sh -c "docker exec $name pg_dump -Fc -Z0 app | restic backup --stdin --stdin-filename app.dump -q"; }
# --- plain upload --------------------------------------------------------------------------
plain_run() {
  if command -v aws >/dev/null; then
    seconds sh -c "docker exec $name pg_dump -Fc app | aws --endpoint-url http://127.0.0.1:$port s3 cp - s3://bench/plain/app-$1.dump"
  else echo "-"; fi
}

results=()
for round in first repeat changed; do
  [ "$round" = changed ] && change
  log "round $round: Snapdock"
  s=$(snap_run "$round")
  log "round $round: restic"
  r=$(restic_run)
  log "round $round: plain pg_dump -Fc upload"
  p=$(plain_run "$round")
  results+=("$round|$s|$r|$p|$(size_of snapdock)|$(size_of restic)|$(size_of plain 2>/dev/null || echo -)")
done
snapdock list >"$work/list.txt" 2>/dev/null
check=$( (time -p snapdock check --read-data) 2>&1 | awk '/^ok|^damaged/ {st=$1} /^real/ {t=$2} END {print st " in " t " s"}')

mkdir -p "$(dirname "$out")"
{
  echo "# Repository benchmark"
  echo
  echo "Produced by \`scripts/bench-repository.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1 | tr -d '"'),"
  echo "$(restic version | cut -d' ' -f1-2), S3Proxy filesystem backend on the same machine)."
  echo "Database \`app\`: $rows rows, $dbsize on disk; \`pg_dump -Fc\` of it: $((fcsize / 1048576)) MiB."
  echo "Rounds: the first backup; a repeat of the unchanged database; a backup after ~1 % of the rows"
  echo "changed (a contiguous range updated, as many rows inserted). Times are wall-clock seconds."
  echo
  echo "| Round | Snapdock run (dump → manifest → verification) | Snapdock command (JVM start included) | Snapdock new data | restic (\`pg_dump -Fc -Z0 \| restic backup --stdin\`) | \`pg_dump -Fc \| aws s3 cp -\` | Snapdock repository | restic repository | plain uploads |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for line in "${results[@]}"; do
    IFS='|' read -r round total run step new r p ss rs ps <<<"$line"
    echo "| $round | $run s | $total s | $new MiB | $r s | $p s | $ss | $rs | $ps |"
  done
  echo
  echo "\`snapdock check --read-data\` afterwards: $check."
  echo
  echo '```'
  cat "$work/list.txt"
  echo '```'
} >"$out"
cat "$out"
