// An independent check of an exported evidence file, written without the
// crate: RFC 8785 canonical JSON + SHA-256 per entry, links between entries,
// and the header's counts. Omitted stubs (other sites' entries in a
// one-site export) keep only their place in the chain.
import { createHash } from "node:crypto";

// RFC 8785 for the values evidence holds (objects, arrays, strings,
// integers, booleans, null). ECMAScript's JSON.stringify already escapes
// strings and prints integers the way the scheme asks; keys are sorted by
// UTF-16 code units, which is what Array.prototype.sort compares.
export function canonical(v) {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" && !Number.isSafeInteger(v)) throw new Error(`non-integer number ${v}`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(",")}}`;
}

export function entryHash(entry) {
  const { hash, ...rest } = entry;
  return createHash("sha256").update(canonical(rest), "utf8").digest("hex");
}

// Returns the number of entries checked; throws naming the first bad one.
export function verifyChain(doc) {
  const j = doc.journal;
  let prev = j.prevHash;
  let expectSeq = null;
  for (const e of j.entries) {
    if (expectSeq !== null && e.seq !== expectSeq) throw new Error(`seq ${e.seq}: expected ${expectSeq}`);
    if (e.prevHash !== prev) throw new Error(`seq ${e.seq}: prevHash does not link`);
    if (!e.omitted && entryHash(e) !== e.hash) throw new Error(`seq ${e.seq}: hash does not match its content`);
    prev = e.hash;
    expectSeq = e.seq + 1;
  }
  if (prev !== j.headHash) throw new Error("head hash differs from the last entry's hash");
  return j.entries.length;
}
