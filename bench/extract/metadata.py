#!/usr/bin/env python3
"""Compare precis's article metadata with trafilatura's, field by field.

Usage: metadata.py AEB_DIR PRECIS_BINARY OUT_DIR
"""

import gzip
import json
import os
import re
import subprocess
import sys

import trafilatura

FIELDS = ["title", "authors", "date", "site_name", "language", "url", "description", "image"]


def norm_text(s):
    return re.sub(r"\s+", " ", s).strip().casefold() if s else None


def norm_url(s):
    if not s:
        return None
    s = re.sub(r"^https?://", "", s.strip())
    return s.rstrip("/")


def precis_fields(out):
    return {
        "title": norm_text(out.get("title")),
        "authors": frozenset(norm_text(a) for a in (out.get("authors") or [])) or None,
        "date": (out.get("date") or "")[:10] or None,
        "site_name": norm_text(out.get("site_name")),
        "language": (out.get("language") or "").split("-")[0].lower() or None,
        "url": norm_url(out.get("url")),
        "description": norm_text(out.get("description")),
        "image": (out.get("image") or "").strip() or None,
    }


def trafilatura_fields(out):
    authors = [a for a in re.split(r";\s*", out.get("author") or "") if a.strip()]
    return {
        "title": norm_text(out.get("title")),
        "authors": frozenset(norm_text(a) for a in authors) or None,
        "date": (out.get("date") or "")[:10] or None,
        "site_name": norm_text(out.get("sitename") or out.get("source-hostname")),
        "language": (out.get("language") or "").split("-")[0].lower() or None,
        "url": norm_url(out.get("url") or out.get("source")),
        "description": norm_text(out.get("description") or out.get("excerpt")),
        "image": (out.get("image") or "").strip() or None,
    }


def main(aeb_dir, binary, out_dir):
    ids = []
    with open(os.path.join(aeb_dir, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                v = json.loads(line)
                ids.append((v["id"], v.get("url")))
    counts = {f: {"agree_both_null": 0, "agree_equal": 0, "only_precis": 0,
                  "only_trafilatura": 0, "differ": 0} for f in FIELDS}
    disagreements = []
    for pid, page_url in ids:
        with gzip.open(os.path.join(aeb_dir, "pages", pid + ".html.gz"), "rb") as f:
            html = f.read()
        run = subprocess.run([binary, "extract", "-", "--format", "json"], input=html,
                             capture_output=True, check=False)
        p_raw = json.loads(run.stdout.decode("utf-8") or "{}")
        t_json = trafilatura.extract(html, with_metadata=True, output_format="json",
                                     include_comments=False)
        t_raw = json.loads(t_json) if t_json else {}
        p, t = precis_fields(p_raw), trafilatura_fields(t_raw)
        for field in FIELDS:
            a, b = p[field], t[field]
            if a is None and b is None:
                kind = "agree_both_null"
            elif a == b:
                kind = "agree_equal"
            elif b is None:
                kind = "only_precis"
            elif a is None:
                kind = "only_trafilatura"
            else:
                kind = "differ"
            counts[field][kind] += 1
            if not kind.startswith("agree"):
                raw_p = p_raw.get(field)
                raw_t = {"authors": t_raw.get("author"),
                         "site_name": t_raw.get("sitename") or t_raw.get("source-hostname"),
                         "description": t_raw.get("description") or t_raw.get("excerpt"),
                         "url": t_raw.get("url") or t_raw.get("source")}.get(field, t_raw.get(field))
                disagreements.append({"id": pid, "page_url": page_url, "field": field,
                                      "kind": kind, "precis": raw_p, "trafilatura": raw_t})
    n = len(ids)
    print(f"Metadata agreement, precis vs trafilatura {trafilatura.__version__}, {n} pages")
    print()
    print("| field | agree | both null | equal | only precis | only trafilatura | differ |")
    print("|---|---|---|---|---|---|---|")
    for field in FIELDS:
        c = counts[field]
        agree = c["agree_both_null"] + c["agree_equal"]
        print(f"| {field} | {100 * agree / n:.1f}% | {c['agree_both_null']} | {c['agree_equal']} "
              f"| {c['only_precis']} | {c['only_trafilatura']} | {c['differ']} |")
    path = os.path.join(out_dir, "metadata_disagreements.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for d in disagreements:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print()
    print(f"{len(disagreements)} disagreements written to {path}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
