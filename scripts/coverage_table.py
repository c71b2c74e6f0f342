#!/usr/bin/env python3
"""Rewrites the area coverage table in corpus/README.md from a `pyref-harness run --report` JSON.

Usage: python3 scripts/coverage_table.py REPORT.json [corpus/README.md]

The table sits between the markers `<!-- coverage:begin -->` and `<!-- coverage:end -->`.
Area descriptions are kept from the existing table (column "covers"); a new area gets "?".
Counts (cases, pass, fail, xfail, unsupported, conformance) come only from the report.
"""
import json
import re
import sys

BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"


def main():
    report = json.load(open(sys.argv[1]))
    readme = sys.argv[2] if len(sys.argv) > 2 else "corpus/README.md"
    text = open(readme).read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{readme}: no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    covers = {}
    for line in old.splitlines():
        m = re.match(r"\| `([^`]+)` \|[^|]*\| (.*?) \|", line)
        if m:
            covers[m.group(1)] = m.group(2)
    areas = report["areas"]
    areas = areas.items() if isinstance(areas, dict) else areas
    rows = [
        "| area | cases | covers | pass | fail | xfail | unsupported | conformance |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for name, a in areas:
        conf = 100.0 * a["conforming"] / a["cases"] if a["cases"] else 0.0
        rows.append(
            f"| `{name}` | {a['cases']} | {covers.get(name, '?')} | {a['pass']} | {a['fail']} "
            f"| {a['xfail']} | {a['unsupported']} | {conf:.1f}% |"
        )
    t = report["totals"]
    conf = 100.0 * t["conforming"] / t["cases"] if t["cases"] else 0.0
    rows.append(
        f"| **total** | {t['cases']} | | {t['pass']} | {t['fail']} | {t['xfail']} "
        f"| {t['unsupported']} | {conf:.1f}% |"
    )
    open(readme, "w").write(head + BEGIN + "\n" + "\n".join(rows) + "\n" + END + tail)


if __name__ == "__main__":
    main()
