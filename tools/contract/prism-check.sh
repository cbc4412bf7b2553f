#!/usr/bin/env bash
# The independent check of the contract: Stoplight Prism, in proxy mode with --errors, in front of a running IndexHub,
# validates every answer against openapi.yaml (status, media type, body schema, declared headers) while this calls
#   1. every curl example of README.md,
#   2. docs/check.sh: every example of docs/README.md and the checks of what it promises (the writes with KEY),
#   3. every read operation with its Swagger parameter examples (tools/contract/swagger_examples.py; admin reads with
#      ADMIN_KEY), and once more as CSV where it has a CSV form;
# and fails on any violation Prism reports, including an answer whose status the operation does not declare.
#
#   bash tools/contract/prism-check.sh http://127.0.0.1:5181
#   KEY=<editor key> ADMIN_KEY=<admin key> bash tools/contract/prism-check.sh http://127.0.0.1:5181
#
# Requests are not validated (--validate-request=false): the guide shows malformed requests on purpose (year=1890)
# and the point is that the service's answer to them (a 400 problem) matches the contract, which Prism would never
# see if it refused them itself. Prism still checks security itself: a call without a key to an operation that needs
# one is answered 401 by Prism. Needs node (npm ci in tools/contract) and python3 with PyYAML.
set -euo pipefail
base="${1:?usage: prism-check.sh SERVICE_URL (e.g. http://127.0.0.1:5181)}"
base="${base%/}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PRISM_PORT:-4010}"
proxy="http://127.0.0.1:$port"

python3 -c 'import yaml' 2>/dev/null || { echo "prism check: python3 needs PyYAML (apt-get install python3-yaml, or pip install pyyaml)" >&2; exit 1; }
[[ -x "$here/node_modules/.bin/prism" ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
log="$(mktemp)"
"$here/node_modules/.bin/prism" proxy "$root/openapi.yaml" "$base" --errors --validate-request=false --cors=false \
  --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
prism=$!
stop() { kill "$prism" 2>/dev/null || true; wait "$prism" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT
for _ in $(seq 1 60); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$proxy/api/v1/regions")" != 000 ]] && break
  sleep 1
done
grep -q 'Prism is listening' "$log" || { cat "$log"; echo "prism check: Prism did not start" >&2; exit 1; }
echo "prism check: Prism $("$here/node_modules/.bin/prism" --version) at $proxy, in front of $base"

failed=0

# 1. README.md's examples: each one-line curl of its bash blocks, with the address replaced. (A command continued on the
#    next line is the import example, which reads a file the reader has: the guide's write examples run instead, in 2.)
examples=0
while IFS= read -r line; do
  if [[ "$line" == *'\' ]]; then
    echo "prism check: (not run, it reads a file of the reader's: ${line:0:90}...)"
    continue
  fi
  bash -euo pipefail -c "${line//http:\/\/localhost:5080/$proxy}" >/dev/null 2>&1 || { echo "prism check: this README.md example failed: $line"; failed=1; }
  examples=$((examples + 1))
done < <(awk '/^```bash$/ { inside = 1; next } /^```$/ { inside = 0; next } inside && /^curl .*http:\/\/localhost:5080\/api\// { print }' "$root/README.md")
echo "prism check: ran $examples examples from README.md"
[[ $examples -ge 5 ]] || { echo "prism check: expected README.md's examples, found $examples"; failed=1; }

# 2. The guide, its examples and its promises, with the API calls through Prism.
API_BASE="$proxy" bash "$root/docs/check.sh" "$base" || failed=1

# 3. Every read with its Swagger examples.
python3 "$here/swagger_examples.py" "$root/openapi.yaml" "$proxy" || failed=1

# 4. Whatever Prism saw: an answer that breaks the contract is an error (Prism answers 500 instead, with the violations);
#    one with a status the operation does not declare, or other warnings, is logged as a violation. (Prism's own 401 to
#    a call without a key, the guide's "401 without a key", is its security check, not a violation.) Each is shown with
#    its method and path and, for a GET, the violations themselves, asked for again.
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
reported="$(grep -E 'Violation:|Request terminated with error' <<<"$plain" | grep -v 'errors#UNAUTHORIZED' || true)"
if [[ -n "$reported" ]]; then
  failed=1
  echo "prism check: Prism reported violations:"
  sed -E 's/^.*\] › +//' <<<"$reported" | sort | uniq -c
  # The GETs among them, with every query they were sent with, asked again to show the violations.
  for path in $(sed -nE 's/.*\[HTTP SERVER\] get ([^ ]+) .*/\1/p' <<<"$reported" | sort -u); do
    grep -oE "Forwarding \"get\" request to [^ ]+" <<<"$plain" | sed -E 's/^Forwarding "get" request to //; s/\.\.\.$//' \
      | awk -v want="$base$path" '{ split($0, part, "?") } part[1] == want' | sort -u | while IFS= read -r url; do
        echo "  GET ${url#"$base"}:"
        headers="$(mktemp)"
        curl -s -D "$headers" "$proxy${url#"$base"}" | python3 "$here/swagger_examples.py" --explain "$headers" || true
        rm -f "$headers"
      done
  done
fi

if [[ $failed -ne 0 ]]; then
  echo "prism check FAILED"
  exit 1
fi
echo "prism check passed: every answer matched openapi.yaml"
exit 0
