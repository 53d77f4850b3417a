#!/usr/bin/env python3
"""Writes data/open-cookie-database.tsv from the Open Cookie Database's CSV.

Usage: data/import-ocd.py path/to/open-cookie-database.csv COMMIT DATE

Only facts are kept: each entry's name, platform, category (in this
project's words), retention as written, and whether the name is a prefix
(the database's "wildcard match"). Descriptions are dropped: this project
says what things do in its own words. See data/README.md.
"""
import csv
import sys

# The database's categories, in the words of src/model.rs's Category.
CATEGORIES = {
    "Functional": "functional",
    "Marketing": "advertising",
    "Analytics": "analytics",
    "Security": "essential",
    "Necessary": "essential",
    "Personalization": "functional",
}


def clean(text):
    # One line, no tab: the file is tab-separated.
    return " ".join(text.replace("\t", " ").split())


def main(path, commit, date):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = clean(r["Cookie / Data Key name"])
            platform = clean(r["Platform"])
            category = CATEGORIES.get(r["Category"].strip())
            if not name or not platform or category is None:
                continue
            wildcard = "1" if r["Wildcard match"].strip() == "1" else "0"
            # A name listed twice keeps its first entry.
            rows.setdefault((name, wildcard), (name, platform, category, clean(r["Retention period"]), wildcard))
    out = sys.stdout
    out.write(f"# Open Cookie Database, https://github.com/jkwakman/Open-Cookie-Database, commit {commit} ({date}).\n")
    out.write("# Licensed under the Apache License 2.0 (data/LICENSE-open-cookie-database). Facts only: name,\n")
    out.write("# platform, category (this project's words), retention, prefix (1 = the name is a prefix).\n")
    for name, platform, category, retention, wildcard in sorted(rows.values()):
        out.write("\t".join([name, platform, category, retention, wildcard]) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
