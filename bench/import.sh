#!/usr/bin/env bash
# Import benchmark: one 1,000,000-value table (100,000 synthetic communes x 10 components, never shipped data)
# imported through the API on a throwaway PostgreSQL, once by binary COPY (the default for large tables) and once
# through EF Core (Imports__BulkCopyFromRows raised above the table's size). Each import changes every value, so
# each is a full write: validation, snapshots, the write, recomputed ranks and statistics, revision and history.
#   bash bench/import.sh [COMMUNES=100000] [COMPONENTS=10]     (IMPORT_PATHS=copy: the COPY path alone)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
communes=${1:-100000}
components=${2:-10}
work=$(mktemp -d)
service=""
cleanup() {
  [ -n "$service" ] && kill "$service" 2>/dev/null
  # IMPORT_PLANS=FILE: keep the plans of statements slower than a second (auto_explain) in FILE.
  [ -n "${IMPORT_PLANS:-}" ] && cp "$work/pg.log" "$IMPORT_PLANS"
  stop_postgres "$work"; rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/IndexHub.Api -v q -nologo >/dev/null
dotnet build -c Release bench/IndexHub.Synthetic -v q -nologo >/dev/null
api=$PWD/src/IndexHub.Api/bin/Release/net10.0
start_postgres "$work" "$(free_port)"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__LogLevel__IndexHub=Information Database__Provider=Postgres ConnectionStrings__IndexHub="$PG_CONNECTION"
export Imports__MaxRows=$((communes + 1)) Imports__MaxBodyBytes=1000000000 Limits__WritesPerMinute=1000
(cd "$api" && dotnet IndexHub.Api.dll migrate >/dev/null)
if [ -n "${IMPORT_PLANS:-}" ]; then
  psql_indexhub -c "ALTER DATABASE indexhub SET session_preload_libraries = 'auto_explain'" -c "ALTER DATABASE indexhub SET auto_explain.log_min_duration = 1000" \
    -c "ALTER DATABASE indexhub SET auto_explain.log_analyze = on"
fi
dotnet bench/IndexHub.Synthetic/bin/Release/net10.0/IndexHub.Synthetic.dll "$PG_CONNECTION" "$communes" 1 "$components" PAPI | tail -1
key=$( (cd "$api" && dotnet IndexHub.Api.dll keys create --role editor --name import-bench) | tail -1)

table() { # table SEED: a CSV with new figures for every commune and component
  python3 - "$1" "$communes" "$components" >"$work/table.csv" <<'PY'
import random, sys
seed, communes, components = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
print(",".join(["unit", "score", "rank"] + [f"syn_c{c + 1}" for c in range(components)]))
for i in range(communes):
    print(",".join([f"SYN{i + 1:05d}", f"{rnd.uniform(10, 80):.2f}", str(i + 1)] + [f"{rnd.uniform(0, 10):.4f}" for _ in range(components)]))
PY
}

run() { # run LABEL THRESHOLD SEED
  local port
  port=$(free_port)
  (cd "$api" && exec env Imports__BulkCopyFromRows="$2" dotnet IndexHub.Api.dll --urls "http://127.0.0.1:$port") >"$work/service.log" 2>&1 &
  service=$!
  wait_for "http://127.0.0.1:$port/health/ready"
  table "$3"
  local started elapsed status
  started=$(date +%s%N)
  status=$(curl -s -o "$work/outcome.json" -w '%{http_code}' -X POST -H "X-Api-Key: $key" -H 'Content-Type: text/csv' --data-binary @"$work/table.csv" \
    "http://127.0.0.1:$port/api/v1/indices/PAPI/imports?year=2005&edition=PAPI-SYNTHETIC&cohort=communes-synthetic&sourceUrl=https://example.org/synthetic")
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  kill "$service"; wait "$service" 2>/dev/null || true; service=""
  grep -aoE "Import of [A-Z][^\"]*|Derived [0-9c][^\"]*|Write import[^\"]*|will be retried[^\"]*" "$work/service.log" | grep -v "{" | sed "s/^/  $1: /" >&2 || true
  [[ $status == 200 ]] || { echo "$1: HTTP $status"; head -c 600 "$work/outcome.json"; echo; tail -5 "$work/service.log"; return 1; }
  python3 - "$1" "$elapsed" "$communes" "$components" "$work/outcome.json" <<'PY'
import json, sys
label, ms, communes, components, outcome = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), json.load(open(sys.argv[5]))
values = communes * components
print(f"| {label} | {communes:,} rows, {values:,} component values | {ms / 1000:.1f} s | {values / (ms / 1000):,.0f} values/s | {outcome['message']} |")
PY
}

echo "| path | table | whole import (HTTP, end to end) | component values/s | outcome |"
echo "|---|---|---|---|---|"
run "binary COPY" 500 1
if [[ ${IMPORT_PATHS:-copy,ef} == *ef* ]]; then run "EF Core" 1000000000 2; fi
