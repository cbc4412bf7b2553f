#!/usr/bin/env python3
"""Calls every read operation of openapi.yaml with its parameters' examples, as Swagger UI's "Try it out" would.

    python3 tools/contract/swagger_examples.py openapi.yaml http://127.0.0.1:4010   # ADMIN_KEY=<admin key> also calls the admin reads
    curl -s -D headers URL | python3 tools/contract/swagger_examples.py --explain headers   # the violations Prism found in an answer

Path and query parameters take their `example`, header parameters are sent as headers; an operation with a CSV form is
called once more with format=csv. Each call must answer 2xx, and carry no `sl-violations` header (what Stoplight Prism
adds when it is the proxy in front and the answer breaks the contract). Operations that need a key are called with
ADMIN_KEY when it is set and they take an admin key, and are listed as skipped otherwise; writes are not called here
(the guide's write examples are, with KEY). Exit 1 on any failure.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

import yaml


def calls(document, admin_key):
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        schemes = {name for requirement in operation.get("security", []) for name in requirement}
        headers = {}
        if schemes:
            if admin_key and any(name.startswith("Admin") for name in schemes):
                headers["X-Api-Key"] = admin_key
            else:
                yield operation["operationId"], None, None, f"needs a key ({', '.join(sorted(schemes))})"
                continue
        url, query, csv = path, [], False
        for parameter in operation.get("parameters", []):
            if "example" not in parameter:
                yield operation["operationId"], None, None, f"parameter {parameter['name']} has no example"
                continue
            example = parameter["example"]
            value = example if isinstance(example, str) else json.dumps(example)
            where = parameter["in"]
            if where == "path":
                url = url.replace("{" + parameter["name"] + "}", urllib.parse.quote(value, safe=""))
            elif where == "query":
                query.append((parameter["name"], value))
                csv = csv or (parameter["name"] == "format" and "csv" in parameter.get("schema", {}).get("enum", []))
            elif where == "header":
                headers[parameter["name"]] = value
        yield operation["operationId"], url + ("?" + urllib.parse.urlencode(query) if query else ""), headers, None
        if csv:
            with_csv = [(name, "csv" if name == "format" else value) for name, value in query]
            yield operation["operationId"] + " (CSV)", url + "?" + urllib.parse.urlencode(with_csv), headers, None


def listed(header, body):
    """The violations Prism reports: in the body of the error it answers with under --errors, else in its header."""
    try:
        found = json.loads(body).get("validation")
        if isinstance(found, list):
            return found
    except (ValueError, AttributeError):
        pass
    try:
        # A long list is cut short in the header, behind this prefix.
        found = json.loads((header or "[]").removeprefix("Too many violations! "))
        return found if isinstance(found, list) else []
    except ValueError:
        return [{"message": header}]


def show(violations, limit=12):
    for violation in violations[:limit]:
        print(f"    {'.'.join(str(part) for part in violation.get('location', []))}: {violation.get('message')}")
    if len(violations) > limit:
        print(f"    ... and {len(violations) - limit} more")


def explain(headers_file):
    """--explain HEADERS: the violations of an answer whose headers are in the file and whose body is on standard input."""
    header = None
    with open(headers_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name.strip().lower() == "sl-violations":
                header = value.strip()
    show(listed(header, sys.stdin.buffer.read()))
    return 0


def main():
    if sys.argv[1] == "--explain":
        return explain(sys.argv[2])
    contract, base = sys.argv[1], sys.argv[2].rstrip("/")
    with open(contract, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    failed = called = 0
    for operation, url, headers, problem in calls(document, os.environ.get("ADMIN_KEY")):
        if url is None:
            if problem.startswith("needs a key"):
                print(f"skipped {operation}: {problem}; set ADMIN_KEY to call it")
            else:
                print(f"FAILED {operation}: {problem}")
                failed += 1
            continue
        request = urllib.request.Request(base + url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, violations, body = response.status, response.headers.get("sl-violations"), response.read()
        except urllib.error.HTTPError as error:
            status, violations, body = error.code, error.headers.get("sl-violations"), error.read()
        called += 1
        if violations or not 200 <= status < 300:
            failed += 1
            print(f"FAILED {operation}: GET {url} answered {status}")
            found = listed(violations, body)
            show(found)
            if not found:
                print("  " + body.decode("utf-8", "replace")[:2000])
        else:
            print(f"ok {operation}: GET {url} {status}")
    print(f"called {called} operations' examples, {failed} failed")
    return 1 if failed or called == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
