#!/usr/bin/env bash
# Performance harness: IndexHub on a throwaway PostgreSQL, loaded by wrk from a separate process on loopback,
# side by side with two baselines measured in the same run (bench/IndexHub.Baselines):
#   ceiling  the same response bytes, pre-serialised, from a bare Kestrel endpoint;
#   raw      the same reads by hand with Npgsql and System.Text.Json (no EF Core, no mediator).
# Prints one table per scenario: requests/s, p50/p99, database round trips and allocated bytes per request,
# and the ratios to the baselines; then memory and the first response after a cold start.
#   bash bench/perf.sh [SECONDS_PER_RUN=10] [CONNECTIONS=64] [--synthetic]
# --synthetic adds the commune-scale synthetic data set (bench/IndexHub.Synthetic; never shipped) as a second scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-10}
connections=${2:-64}
warmup=${PERF_WARMUP_SECONDS:-2}
synthetic=false
[[ " $* " == *" --synthetic "* ]] && synthetic=true
command -v wrk >/dev/null || { echo "perf: installing wrk"; apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }

work=$(mktemp -d)
pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for file in "$work"/*.pid; do [ -f "$file" ] && { kill "$(cat "$file")" 2>/dev/null || true; rm -f "$file"; }; done
  wait 2>/dev/null || true
  pids=()
}
cleanup() {
  stop_services
  wait 2>/dev/null || true
  stop_postgres "$work"
  rm -rf "$work"
}
trap cleanup EXIT

echo "perf: building (Release)"
dotnet build -c Release src/IndexHub.Api -v q -nologo >/dev/null
dotnet build -c Release bench/IndexHub.Baselines -v q -nologo >/dev/null
$synthetic && dotnet build -c Release bench/IndexHub.Synthetic -v q -nologo >/dev/null
api=$PWD/src/IndexHub.Api/bin/Release/net10.0

start_postgres "$work" "$(free_port)"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export Database__Provider=Postgres ConnectionStrings__IndexHub="$PG_CONNECTION"
export Limits__ReadsPerMinute=1000000000 Telemetry__Prometheus=true
(cd "$api" && dotnet IndexHub.Api.dll migrate >"$work/migrate.log" 2>&1)

# service NAME PORT [settings...]: starts IndexHub with extra environment settings; prints ms to its first answer.
service() {
  local name=$1 port=$2; shift 2
  local started
  started=$(date +%s%N)
  (cd "$api" && exec env "$@" dotnet IndexHub.Api.dll --urls "http://127.0.0.1:$port") >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$name.pid"
  wait_for "http://127.0.0.1:$port/api/v1/regions" || { cat "$work/$name.log"; exit 1; }
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

endpoints=(
  "ranking|/api/v1/indices/PAPI/results?year=2023|/raw/indices/PAPI/results?year=2023"
  "series|/api/v1/provinces/92/results|/raw/provinces/92/results"
  "scorecard|/api/v1/provinces/92/scorecard?year=2022|/raw/provinces/92/scorecard?year=2022"
  "compare|/api/v1/compare?index=PAPI&year=2023&units=79,01,92|/raw/compare?index=PAPI&year=2023&units=79,01,92"
  "provinces|/api/v1/provinces?year=2023|/raw/provinces?year=2023"
)

# plans SCENARIO: one request per endpoint on a fresh instance with auto_explain on; which scans each query used.
plans() {
  local scenario=$1 port
  port=$(free_port)
  : >"$work/pg.log"
  psql_indexhub -c "ALTER DATABASE indexhub SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER DATABASE indexhub SET auto_explain.log_min_duration = 0"
  service "plans-$scenario" "$port" Http__ServerCacheSeconds=0 Http__DataVersionPollMilliseconds=600000 \
    Database__ApplyMigrationsOnStartup=false Database__LoadDataOnStartup=false >/dev/null
  # The reference catalogue is read once per data version, on the first read: read it before the plans are taken.
  curl -fs "http://127.0.0.1:$port/api/v1/provinces?year=2023" >/dev/null
  for entry in "${endpoints[@]}"; do
    IFS='|' read -r name path _ <<<"$entry"
    echo "-- endpoint $name" >>"$work/pg.log"
    sleep 0.3
    curl -fs "http://127.0.0.1:$port$path" >/dev/null
    sleep 0.3
  done
  stop_services
  psql_indexhub -c "ALTER DATABASE indexhub RESET session_preload_libraries" -c "ALTER DATABASE indexhub RESET auto_explain.log_min_duration"
  python3 bench/plans.py "$work/pg.log" >"$work/results/$scenario/plans"
}

measure() { # measure SCENARIO: one table of figures into $work/results/SCENARIO
  local scenario=$1 out="$work/results/$1"
  mkdir -p "$out"
  local cached_port uncached_port baseline_port cold
  cached_port=$(free_port); uncached_port=$(free_port); baseline_port=$(free_port)
  # The data is in place (as for a restarted replica): time the cold start to the first answer.
  cold=$(service "cached-$scenario" "$cached_port" Database__ApplyMigrationsOnStartup=false Database__LoadDataOnStartup=false)
  echo "$cold" >"$out/cold-start-ms"
  service "uncached-$scenario" "$uncached_port" Http__ServerCacheSeconds=0 Database__ApplyMigrationsOnStartup=false Database__LoadDataOnStartup=false >/dev/null
  local capture=""
  for entry in "${endpoints[@]}"; do IFS='|' read -r _ path _ <<<"$entry"; capture+="$path "; done
  (cd bench/IndexHub.Baselines/bin/Release/net10.0 && exec dotnet IndexHub.Baselines.dll --urls "http://127.0.0.1:$baseline_port" \
      --IndexHub "http://127.0.0.1:$cached_port" --Postgres "$PG_CONNECTION" --Capture "$capture") >"$work/baselines-$scenario.log" 2>&1 &
  echo $! >"$work/baselines-$scenario.pid"
  wait_for "http://127.0.0.1:$baseline_port/raw/provinces?year=2023" || { cat "$work/baselines-$scenario.log"; exit 1; }

  for entry in "${endpoints[@]}"; do
    IFS='|' read -r name path raw <<<"$entry"
    echo "perf: $scenario $name"
    for target in "cached|$cached_port|$path" "ceiling|$baseline_port|/static$path" "uncached|$uncached_port|$path" "raw|$baseline_port|$raw"; do
      IFS='|' read -r kind port url <<<"$target"
      curl -fs "http://127.0.0.1:$port$url" >/dev/null
      # Warm every target alike (JIT tiers, pools, caches) so that the run measures the steady state.
      wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$port$url" >/dev/null
      local metrics_port=""
      [[ $kind == cached ]] && metrics_port=$cached_port
      [[ $kind == uncached ]] && metrics_port=$uncached_port
      [[ -n $metrics_port ]] && curl -fs "http://127.0.0.1:$metrics_port/metrics" >"$out/$name.$kind.metrics-before"
      wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$url" >"$out/$name.$kind.wrk"
      [[ -n $metrics_port ]] && curl -fs "http://127.0.0.1:$metrics_port/metrics" >"$out/$name.$kind.metrics-after"
    done
    # As a browser asks: Brotli, from the output cache's compressed bytes.
    wrk -t2 -c"$connections" -d"${warmup}s" -H 'Accept-Encoding: br' "http://127.0.0.1:$cached_port$path" >/dev/null
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept-Encoding: br' "http://127.0.0.1:$cached_port$path" >"$out/$name.cached-br.wrk"
    # The answer's size: plain, gzip, Brotli.
    for coding in identity gzip br; do
      curl -fs -o /dev/null -w '%{size_download} ' -H "Accept-Encoding: $coding" "http://127.0.0.1:$cached_port$path"
    done >"$out/$name.sizes"
  done
  # The service's own floor in the same run: the liveness probe (no data, no cache), against which the cached ranking is held.
  wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$cached_port/health/live" >/dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$cached_port/health/live" >"$out/health.live.wrk"
  for kind in cached uncached; do
    ps -o rss= -p "$(cat "$work/$kind-$scenario.pid")" >"$out/rss-$kind-kb"
  done
  stop_services
}

measure shipped
plans shipped
if $synthetic; then
  echo "perf: generating the synthetic commune data set (not shipped data)"
  dotnet bench/IndexHub.Synthetic/bin/Release/net10.0/IndexHub.Synthetic.dll "$PG_CONNECTION" | tee "$work/synthetic.log"
  endpoints+=("communes|/api/v1/indices/PAPI/results?year=2020&cohort=communes-synthetic|/raw/indices/PAPI/results?year=2020&cohort=communes-synthetic")
  measure synthetic
  tail -1 "$work/synthetic.log" >"$work/results/synthetic/load"
  plans synthetic
fi
python3 bench/report.py "$work/results" "$seconds" "$connections"
