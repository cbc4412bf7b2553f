"""Reads what bench/perf.sh collected and prints its tables (figures, never pass/fail)."""
import os
import re
import sys

results, seconds, connections = sys.argv[1], sys.argv[2], sys.argv[3]
ORDER = ["ranking", "series", "scorecard", "compare", "provinces", "communes"]


def wrk(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def latency(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*", text)
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "non2xx": int(bad.group(1)) if bad else 0,
            "socket": errors.group(0) if errors else ""}


def metric(path, name):
    total = 0.0
    for line in open(path):
        if line.startswith(name) and (line[len(name)] in " {"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def per_request(directory, name, kind):
    before, after = f"{directory}/{name}.{kind}.metrics-before", f"{directory}/{name}.{kind}.metrics-after"
    if not os.path.exists(after):
        return None, None
    requests = metric(after, "http_server_request_duration_seconds_count") - metric(before, "http_server_request_duration_seconds_count")
    commands = metric(after, "db_client_operation_duration_seconds_count") - metric(before, "db_client_operation_duration_seconds_count")
    allocated = metric(after, "dotnet_gc_heap_total_allocated_bytes_total") - metric(before, "dotnet_gc_heap_total_allocated_bytes_total")
    requests = max(requests - 1, 1)  # the scrape itself
    return commands / requests, allocated / requests


for scenario in sorted(os.listdir(results)):
    directory = f"{results}/{scenario}"
    if not os.path.isdir(directory):
        continue
    print()
    print(f"## {scenario} data: wrk -t2 -c{connections} -d{seconds}s per row, loopback, same machine, same run")
    print()
    print("| endpoint | cached req/s | p50 ms | p99 ms | ceiling req/s | cached / ceiling | cached br req/s | br p99 ms | KB plain / gzip / br | uncached req/s | p50 ms | p99 ms | raw req/s | uncached / raw | round trips | KB alloc/req (uncached) | KB alloc/req (cached) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    health = wrk(f"{directory}/health.live.wrk") if os.path.exists(f"{directory}/health.live.wrk") else None
    targets = []
    problems = []
    names = {f.split(".")[0] for f in os.listdir(directory) if f.endswith(".cached.wrk")}
    for name in sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        r = {kind: wrk(f"{directory}/{name}.{kind}.wrk") for kind in ["cached", "ceiling", "uncached", "raw"]}
        for kind, figures in r.items():
            if figures["non2xx"] or figures["socket"]:
                problems.append(f"{name} {kind}: {figures['non2xx']} non-2xx {figures['socket']}")
        trips, alloc = per_request(directory, name, "uncached")
        _, alloc_cached = per_request(directory, name, "cached")
        def ratio(a, b):
            # A baseline that answered nothing (every request timed out) gives no ratio.
            return f"{a / b:.0%}" if b else "-"
        br = wrk(f"{directory}/{name}.cached-br.wrk") if os.path.exists(f"{directory}/{name}.cached-br.wrk") else None
        sizes = open(f"{directory}/{name}.sizes").read().split() if os.path.exists(f"{directory}/{name}.sizes") else []
        size_text = " / ".join(f"{int(b) / 1024:,.1f}" for b in sizes) if sizes else "-"
        if name == "ranking" and health:
            share = r["cached"]["rps"] / health["rps"]
            targets.append(f"cached PAPI 2023 ranking: p99 {r['cached']['p99']:.1f} ms (target < 20), {share:.0%} of /health/live's "
                           f"{health['rps']:,.0f} req/s (target >= 30%); with Brotli p99 {br['p99'] if br else float('nan'):.1f} ms; "
                           f"size {size_text} KB plain / gzip / br (targets <= 100 KB plain, <= 20 KB compressed): "
                           + ("met" if r["cached"]["p99"] < 20 and share >= 0.3 and sizes and int(sizes[0]) <= 100_000 and int(sizes[2]) <= 20_000 else "GAP"))
        elif name != "ranking":
            share = r["cached"]["rps"] / r["ceiling"]["rps"] if r["ceiling"]["rps"] else 0
            targets.append(f"{name}: cached {share:.0%} of the bare-Kestrel ceiling (target >= 60%): {'met' if share >= 0.6 else 'GAP'}")
        print(f"| {name} | {r['cached']['rps']:,.0f} | {r['cached']['p50']:.1f} | {r['cached']['p99']:.1f} "
              f"| {r['ceiling']['rps']:,.0f} | {ratio(r['cached']['rps'], r['ceiling']['rps'])} "
              f"| {br['rps'] if br else 0:,.0f} | {br['p99'] if br else 0:.1f} | {size_text} "
              f"| {r['uncached']['rps']:,.0f} | {r['uncached']['p50']:.1f} | {r['uncached']['p99']:.1f} "
              f"| {r['raw']['rps']:,.0f} | {ratio(r['uncached']['rps'], r['raw']['rps'])} "
              f"| {trips:.1f} | {alloc / 1024:,.0f} | {alloc_cached / 1024:,.0f} |")
    print()
    if health:
        print(f"- /health/live on the cached instance, same run: {health['rps']:,.0f} req/s, p99 {health['p99']:.1f} ms")
    for line in targets:
        print(f"- target, {line}")
    cold = open(f"{directory}/cold-start-ms").read().strip()
    rss = {k: int(open(f"{directory}/rss-{k}-kb").read().strip()) // 1024 for k in ["cached", "uncached"]}
    print(f"- first answer after a cold start (process start to first 200, data in place): {cold} ms")
    print(f"- resident memory after the runs: cached instance {rss['cached']} MB, uncached instance {rss['uncached']} MB")
    if problems:
        print("- errors: " + "; ".join(problems))
    else:
        print("- errors: none (every response 2xx, no socket errors)")
    for extra in ["load", "plans"]:
        path = f"{directory}/{extra}"
        if os.path.exists(path):
            print()
            print(open(path).read().rstrip())
