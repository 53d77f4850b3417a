// What a forger holding an exported evidence file and an Ed25519 key of
// their own can do to it, written from docs/evidence-format.md: recompute
// the hashes and links after an edited entry (§1.1, §1.2), sign the header
// again (§6.2, §6.3), and write the file back in the export's own layout.
// The tamper tests use it to show that tw-verify's later checks (archive
// checkpoints, timestamps, the key a reader expects) catch what the hashes
// and the signature, made consistent again, no longer do.
import { generateKeyPairSync, sign } from "node:crypto";
import { entryHash, fingerprintOf, signedHeader } from "./chain.mjs";

// A fresh key pair: {privateKey (a KeyObject), publicKey (base64url of
// the 32 raw bytes), fingerprint}.
export function otherKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "jwk" }).x;
  return { privateKey, publicKey: raw, fingerprint: fingerprintOf(raw) };
}

// The signature's value replaced by one `key` makes over the file's
// message; the file's public key stays (unless the caller changed it).
export function signValue(doc, key) {
  doc.signature.value = sign(null, Buffer.from(signedHeader(doc), "utf8"), key.privateKey).toString("base64url");
}

// Signed again, wholly, by `key`: its public key, fingerprint and value.
export function resign(doc, key) {
  doc.signature = { algorithm: "Ed25519", publicKey: key.publicKey, fingerprint: key.fingerprint, value: "" };
  signValue(doc, key);
}

// After entry `from` was edited: that entry's hash, every later link and
// hash, and the header's head hash made to agree again.
export function rechain(doc, from) {
  const entries = doc.journal.entries;
  for (let i = from; i < entries.length; i++) {
    if (i > from) entries[i].prevHash = entries[i - 1].hash;
    entries[i].hash = entryHash(entries[i]);
  }
  doc.journal.headHash = entries.at(-1).hash;
}

// The file as the export writes it: the members in the format's order
// (JSON.parse kept them), each entry on its own line in its own member
// order, so tw-verify reads the untouched entries as it reads an export.
export function writeExport(doc) {
  const mark = '"entries-go-here"';
  const text = JSON.stringify({ ...doc, journal: { ...doc.journal, entries: "entries-go-here" } });
  const lines = doc.journal.entries.map((e) => JSON.stringify(e)).join(",\n");
  // (A function, so that a "$" in an entry is not read as a pattern.)
  return text.replace(mark, () => `[\n${lines}\n]`);
}
