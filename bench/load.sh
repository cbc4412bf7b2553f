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
work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
pgport=$((port + 1))
service=""
cleanup() {
  [ -n "$service" ] && kill "$service" 2>/dev/null || true
  if [ -f "$work/pg/postmaster.pid" ]; then run_pg pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bindir/$1" "${@:2}"; else "$bindir/$1" "${@:2}"; fi; }

dotnet build -c Release src/IndexHub.Api -v q -nologo >/dev/null
dotnet build -c Release bench/IndexHub.LoadTest -v q -nologo >/dev/null
export ASPNETCORE_ENVIRONMENT=Production Limits__ReadsPerMinute=100000000 Limits__WritesPerMinute=1000000
export Logging__LogLevel__Default=Warning
if [ "$engine" = postgres ]; then
  bindir=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  run_pg initdb -D "$work/pg" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  run_pg pg_ctl -D "$work/pg" -o "-p $pgport -k $work -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$work/pg.log" -w start >/dev/null
  "$bindir/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE indexhub" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__IndexHub="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=indexhub;Maximum Pool Size=100"
else
  export Database__Provider=Sqlite ConnectionStrings__IndexHub="Data Source=$work/indexhub.db"
fi
api=src/IndexHub.Api/bin/Release/net10.0
key=$( (cd "$api" && dotnet IndexHub.Api.dll keys create --role editor --name load-test) | tail -1)
(cd "$api" && exec dotnet IndexHub.Api.dll --urls "http://127.0.0.1:$port") >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
echo "engine             $engine"
dotnet bench/IndexHub.LoadTest/bin/Release/net10.0/IndexHub.LoadTest.dll "http://127.0.0.1:$port" "$key" "$service" "$duration" "$concurrency"
