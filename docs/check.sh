#!/usr/bin/env bash
# Follows docs/README.md against a running IndexHub: runs every curl example of the guide as written
# (with the base address replaced), then checks what each step promises.
#   bash docs/check.sh http://localhost:5080          # KEY=<editor key> also runs the write examples
# Without KEY the write examples are skipped (each says so) and everything else runs. API_BASE=<address> sends the
# API calls there instead (tools/contract/prism-check.sh puts a validating proxy in front of the API this way);
# the explorer's pages are still read from the base.
set -euo pipefail
base="${1:-http://localhost:5080}"
base="${base%/}"
api="${API_BASE:-$base}"
api="${api%/}"
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "docs check FAILED: $*" >&2; exit 1; }

# 1. Every example block that starts with curl, etag= or printf, exactly as the guide shows it.
blocks=0
skipped=0
while IFS= read -r -d '' block; do
  if [[ "$block" == *'$KEY'* && -z "${KEY:-}" ]]; then
    echo "(skipped a write example: set KEY to an editor key to run it)"
    skipped=$((skipped + 1))
    continue
  fi
  text="${block//http:\/\/localhost:5080\/api\//$api/api/}"
  (cd "$(mktemp -d)" && bash -euo pipefail -c "${text//http:\/\/localhost:5080/$base}" >/dev/null) || fail "this example failed:
$block"
  blocks=$((blocks + 1))
done < <(awk '
  /^```bash$/ { inside = 1; text = ""; next }
  /^```$/ && inside { inside = 0; if (text ~ /^(curl|etag=|printf)/) printf "%s%c", text, 0; next }
  inside { text = text $0 "\n" }
' "$here/README.md")
[[ $((blocks + skipped)) -ge 8 ]] || fail "expected at least 8 runnable examples in docs/README.md, found $((blocks + skipped))"
echo "ran $blocks examples from docs/README.md${KEY:+ (writes included)}"

# 2. What the guide promises.
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[[ $(curl -s "$api/api/v1/provinces?asOf=2025-07-01" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalCount"])') == 34 ]] || fail "34 provinces on 2025-07-01"
[[ $(curl -s "$api/api/v1/provinces?year=2023&page=2&pageSize=20" | python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["pageNumber"], len(p["items"]), p["totalCount"])') == "2 20 63" ]] || fail "paging"
head -c 3 < <(curl -s "$api/api/v1/indices/PAPI/results?year=2022&format=csv") | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV starts with a byte-order mark"
etag=$(curl -s -D - -o /dev/null "$api/api/v1/indices/PAPI/results?year=2022" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}')
[[ -n "$etag" ]] || fail "an ETag"
[[ $(status -H "If-None-Match: $etag" "$api/api/v1/indices/PAPI/results?year=2022") == 304 ]] || fail "304 for a matching If-None-Match"
curl -s "$api/api/v1/indices/PAPI/results?year=1890" | grep -q '"errors":{"year"' || fail "a 400 naming year"
[[ $(status "$api/api/v1/provinces/00") == 404 ]] || fail "404 for an unknown code"
curl -s -D - -o /dev/null "$api/api/v1/regions" | grep -qi '^IndexHub-Version: ' || fail "IndexHub-Version header"
curl -s -D - -o /dev/null "$api/api/v1/regions" | grep -qi '^X-RateLimit-Limit: ' || fail "X-RateLimit-Limit header"
# Writes need an editor key: without one, a 401 (this needs no key to check).
[[ $(status -X POST -H 'Content-Type: text/csv' --data-binary 'unit,score' "$api/api/v1/indices/PCI/imports?year=2024") == 401 ]] || fail "401 without a key"
if [[ -n "${KEY:-}" ]]; then
  [[ $(printf 'unit,score,rank\nTP.HCM,67.89,29\n' | status -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/csv' --data-binary @- \
    "$api/api/v1/indices/PCI/imports?year=2024&dryRun=true&sourceUrl=https://example.org/pci-2024&sourceKind=press") == 200 ]] || fail "the dry-run import"
else
  echo "(skipped the dry-run import check: set KEY to an editor key to run it)"
fi

# 3. The dashboard example's code, as a browser page runs it.
node "$here/dashboard/check.mjs" "$api" >/dev/null || fail "docs/dashboard/check.mjs"
echo "docs check passed against $base${API_BASE:+ (API through $api)}"
