#!/usr/bin/env python3
"""Rebuild data/public_suffix_list.dat from an upstream copy of the list.

Usage: python3 data/update-psl.py UPSTREAM.dat > data/public_suffix_list.dat

Keeps the licence header, the VERSION/COMMIT lines and the section markers,
drops other comments and blank lines, and writes internationalised rules in
their ASCII (punycode) form, since browsers report host names that way.
"""
import sys


def to_ascii(rule):
    labels = []
    for label in rule.split("."):
        bang = ""
        if label.startswith("!"):
            bang, label = "!", label[1:]
        if not label.isascii():
            # Upstream rules are already NFC and lower case, so ToASCII is
            # plain punycode of each label.
            label = "xn--" + label.encode("punycode").decode("ascii")
        labels.append(bang + label.lower())
    return ".".join(labels)


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("//"):
            keep = (
                "Mozilla Public" in line
                or "License, v. 2.0" in line
                or "mozilla.org/MPL" in line
                or "VERSION:" in line
                or "COMMIT:" in line
                or "===" in line
            )
            if keep:
                out.append(line)
            continue
        out.append(to_ascii(line.split()[0]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
