"""Summarises the plans auto_explain logged during bench/perf.sh's one-request-per-endpoint pass:
for each endpoint, how many queries ran, and which tables each scanned by index and which sequentially."""
import re
import sys
from collections import Counter

SMALL = 5000  # a sequential scan of a table estimated below this many rows is a lookup table, not a problem
sections = re.split(r"^-- endpoint (\S+)$", open(sys.argv[1], errors="replace").read(), flags=re.M)
print("Query plans (auto_explain, one uncached request per endpoint):")
print()
print("| endpoint | queries | index scans | sequential scans |")
print("|---|---|---|---|")
for name, log in zip(sections[1::2], sections[2::2]):
    queries = len(re.findall(r"duration: [\d.]+ ms\s+plan:", log))
    index = Counter()
    for kind, index_name, table in re.findall(r"(Index Only Scan|Index Scan) using (\S+) on (\w+)", log):
        index[f"{table} ({index_name})"] += 1
    for index_name in re.findall(r"Bitmap Index Scan on (\S+)", log):
        index[f"bitmap {index_name}"] += 1
    seq = []
    for table, rows in re.findall(r"Seq Scan on (\w+)\s+\w*\s*\(cost=[\d.]+\.\.[\d.]+ rows=(\d+)", log):
        seq.append((table, int(rows)))
    large = sorted({f"**{t} ~{r:,} rows**" for t, r in seq if r >= SMALL})
    small = sorted({t for t, r in seq if r < SMALL})
    print(f"| {name} | {queries} | {', '.join(sorted(index)) or '-'} | {', '.join(large + small) or '-'} |")
print()
print(f"Sequential scans in bold read a table estimated at {SMALL:,} rows or more; the others are lookup tables (regions, cohorts, editions).")
