#!/usr/bin/env python3
"""Checks a Tracking Witness evidence file with Python 3 and OpenSSL alone.

    python3 docs/check-evidence.py EVIDENCE.json|CASEFILE.zip [--pin SEQ:HASH]

A case file (.zip) is checked as docs/evidence-format.md section 11 says:
its manifest's signature, every file's size and SHA-256, no file missing or
added, the same key on the manifest and the evidence; then the evidence.

The steps of docs/evidence-format.md, written out without any code of
Tracking Witness: strict reading, each entry's hash, the links, the header,
the withheld list, and the Ed25519 signature (checked by `openssl pkeyutl`).
Prints what it checked; exits 0 if the file verifies, 1 if not.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

MAX_SAFE = 2**53 - 1
ZERO = "0" * 64


class NotEvidence(Exception):
    pass


def no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise NotEvidence(f"the name {k!r} appears twice in one object")
        obj[k] = v
    return obj


def no_fractions(text):
    raise NotEvidence(f"the number {text} is not a whole number")


def read(path):
    with open(path, "rb") as f:
        return parse(f.read())


def parse(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_float=no_fractions, parse_constant=no_fractions)


def canonical(v):
    """RFC 8785 for the values evidence holds (no fractions)."""
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in keys) + "}"
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, int):
        if abs(v) > MAX_SAFE:
            raise NotEvidence(f"the number {v} is too large")
        return str(v)
    raise NotEvidence(f"unexpected value {v!r}")


def entry_hash(entry):
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def grouped(hexdigits):
    return "-".join(hexdigits[i : i + 4] for i in range(0, len(hexdigits), 4))


def b64url(text):
    import base64

    if "=" in text:
        raise NotEvidence("base64url here has no padding")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_chain(doc):
    j = doc["journal"]
    filtered = doc["filter"]["site"] is not None
    withheld = set()
    for first, last in doc.get("withheld", []):
        withheld.update(range(first, last + 1))
    prev, seq_before = j["prevHash"], None
    stubs = 0
    for e in j["entries"]:
        seq = e["seq"]
        if not (isinstance(seq, int) and 1 <= seq <= MAX_SAFE):
            raise NotEvidence(f"entry seq {seq!r} is not a whole number from 1")
        want = seq_before + 1 if seq_before is not None else (1 if prev == ZERO else seq)
        if seq != want:
            raise NotEvidence(f"entry {seq} comes where entry {want} should be")
        if e["prevHash"] != prev:
            raise NotEvidence(f"entry {seq} does not follow on from the entry before it")
        if e.get("omitted"):
            if set(e) != {"seq", "omitted", "prevHash", "hash"} or e["omitted"] is not True:
                raise NotEvidence(f"entry {seq} is a malformed stub")
            if not filtered:
                raise NotEvidence(f"entry {seq} is hidden in an export of the whole journal")
            if doc["version"] >= 2 and seq not in withheld:
                raise NotEvidence(f"entry {seq} is hidden but not in the withheld list")
            stubs += 1
        else:
            if doc["version"] >= 2 and seq in withheld:
                raise NotEvidence(f"the withheld list names entry {seq}, which the file shows")
            if entry_hash(e) != e["hash"]:
                raise NotEvidence(f"entry {seq} was changed after it was written")
        prev, seq_before = e["hash"], seq
    if len(j["entries"]) != j["count"] or stubs != j["omitted"]:
        raise NotEvidence("the header's count or omitted does not match the entries")
    if doc["version"] >= 2 and len(withheld) != stubs:
        raise NotEvidence("the withheld list does not match the stubs")
    if prev != j["headHash"] or (j["entries"] and j["entries"][-1]["seq"] != j["lastSeq"]):
        raise NotEvidence("the file ends early, or its header was rewritten")
    return len(j["entries"]), stubs


def signed_header(doc):
    j = doc["journal"]
    return canonical(
        {
            "format": doc["format"],
            "version": doc["version"],
            "generatedAt": doc["generatedAt"],
            "generator": doc["generator"],
            "filter": doc["filter"],
            "withheld": doc["withheld"],
            "journal": {k: j[k] for k in ["prevHash", "count", "omitted", "firstSeq", "lastSeq", "headHash"]},
            "publicKey": doc["signature"]["publicKey"],
        }
    ).encode("utf-8")


def check_signature(doc, message=None):
    sig = doc["signature"]
    if sig["algorithm"] != "Ed25519":
        raise NotEvidence("the signature is not Ed25519")
    raw_key = b64url(sig["publicKey"])
    value = b64url(sig["value"])
    if len(raw_key) != 32 or len(value) != 64:
        raise NotEvidence("the public key or signature has the wrong length")
    fingerprint = grouped(hashlib.sha256(raw_key).hexdigest()[:20])
    if fingerprint != sig["fingerprint"]:
        raise NotEvidence("the fingerprint is not that of the public key")
    message = signed_header(doc) if message is None else message
    # An Ed25519 public key as DER SubjectPublicKeyInfo (RFC 8410): a fixed
    # 12-byte prefix, then the 32 raw bytes.
    spki = bytes.fromhex("302a300506032b6570032100") + raw_key
    with tempfile.TemporaryDirectory() as d:
        paths = {name: os.path.join(d, name) for name in ["key.der", "message.bin", "signature.bin"]}
        for name, data in [("key.der", spki), ("message.bin", message), ("signature.bin", value)]:
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.der"], "-keyform", "DER", "-rawin",
             "-in", paths["message.bin"], "-sigfile", paths["signature.bin"]],
            capture_output=True, text=True,
        )
    if r.returncode != 0:
        raise NotEvidence("the signature does not verify (openssl: " + (r.stdout + r.stderr).strip() + ")")
    return message, fingerprint


def check_case_file(path):
    """The manifest and every file of a case file; returns the evidence."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist()]
        if len(set(names)) != len(names):
            raise NotEvidence("the zip holds two files of one name")
        if "manifest.json" not in names:
            raise NotEvidence("the case file has no manifest.json")
        m = parse(z.read("manifest.json"))
        if m["format"] != "tracking-witness/case-file" or m["version"] != 1:
            raise NotEvidence("manifest.json is not a case file manifest of version 1")
        listed = [f["name"] for f in m["files"]]
        for name in names:
            if name != "manifest.json" and name not in listed:
                raise NotEvidence(f"{name} was added: the manifest does not list it")
        for f in m["files"]:
            if f["name"] not in names:
                raise NotEvidence(f"{f['name']} is missing: the manifest lists it")
            data = z.read(f["name"])
            if len(data) != f["size"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
                raise NotEvidence(f"{f['name']} was changed: its size or SHA-256 is not the manifest's")
        print(f"files: all {len(listed)} match the manifest")
        if "signature" in m:
            body = {k: v for k, v in m.items() if k != "signature"}
            body["publicKey"] = m["signature"]["publicKey"]
            _, fingerprint = check_signature(m, canonical(body).encode("utf-8"))
            print(f"manifest signature: valid, key fingerprint {fingerprint}")
        else:
            print("manifest signature: none")
        doc = parse(z.read(m["evidence"]))
    if doc.get("signature", {}).get("publicKey") != m.get("signature", {}).get("publicKey"):
        raise NotEvidence("the manifest and the evidence are not signed by the same key")
    if doc["journal"]["headHash"] != m["headHash"]:
        raise NotEvidence("the manifest names another head than the evidence ends at")
    return doc


def main(argv):
    import zipfile

    path = argv[1]
    pins = [a.split(":") for a in argv[3::2]] if len(argv) > 2 and argv[2] == "--pin" else []
    try:
        doc = check_case_file(path) if zipfile.is_zipfile(path) else read(path)
        if doc["format"] != "tracking-witness/evidence" or doc["version"] not in (1, 2):
            raise NotEvidence("not a Tracking Witness evidence file of version 1 or 2")
        if doc["version"] == 2 and doc["filter"]["site"] is None and doc["withheld"]:
            raise NotEvidence("a whole-journal export withholds nothing")
        n, stubs = check_chain(doc)
        print(f"chain: {n} entries verified, {stubs} withheld")
        if "signature" in doc:
            message, fingerprint = check_signature(doc)
            print("signed header: " + message.decode("utf-8"))
            print(f"signature: valid, key fingerprint {fingerprint}")
        else:
            print("signature: none")
        for seq, hash_ in pins:
            if not any(e["seq"] == int(seq) and e["hash"] == hash_ for e in doc["journal"]["entries"]):
                raise NotEvidence(f"the file does not contain entry {seq} with hash {hash_}")
            print(f"pin: entry {seq} found")
        print(f"head: {doc['journal']['headHash']} ({grouped(doc['journal']['headHash'][:16])})")
    except (NotEvidence, KeyError, TypeError, ValueError, zipfile.BadZipFile) as e:
        print(f"NOT VERIFIED: {e}")
        return 1
    print("VERIFIED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
