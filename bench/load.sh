#!/usr/bin/env bash
# Load test on loopback: IndexHub on a throwaway PostgreSQL (or SQLite with --sqlite), 64 clients
# for DURATION seconds, reads with imports mixed in. Prints errors, latency percentiles and the
# service's memory before and after; exits non-zero on any error.
#   bash bench/load.sh [DURATION_SECONDS=30] [CONCURRENCY=64] [--sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30}
concurrency=${2:-64}
engine=postgres
[[ " $* " == *" --sqlite "* ]] && engine=sqlite
source bench/lib.sh
work=$(mktemp -d)
port=$(free_port)
pgport=$(free_port)
service=""
cleanup() {
  [ -n "$service" ] && kill "$service" 2>/dev/null || true
  stop_postgres "$work"
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/IndexHub.Api -v q -nologo >/dev/null
dotnet build -c Release bench/IndexHub.LoadTest -v q -nologo >/dev/null
export ASPNETCORE_ENVIRONMENT=Production Limits__ReadsPerMinute=100000000 Limits__WritesPerMinute=1000000
export Logging__LogLevel__Default=Warning
if [ "$engine" = postgres ]; then
  start_postgres "$work" "$pgport"
  export Database__Provider=Postgres ConnectionStrings__IndexHub="$PG_CONNECTION"
else
  export Database__Provider=Sqlite ConnectionStrings__IndexHub="Data Source=$work/indexhub.db"
fi
api=src/IndexHub.Api/bin/Release/net10.0
key=$( (cd "$api" && dotnet IndexHub.Api.dll keys create --role editor --name load-test) | tail -1)
(cd "$api" && exec dotnet IndexHub.Api.dll --urls "http://127.0.0.1:$port") >"$work/service.log" 2>&1 &
service=$!
wait_for "http://127.0.0.1:$port/health/ready"
echo "engine             $engine"
dotnet bench/IndexHub.LoadTest/bin/Release/net10.0/IndexHub.LoadTest.dll "http://127.0.0.1:$port" "$key" "$service" "$duration" "$concurrency"
