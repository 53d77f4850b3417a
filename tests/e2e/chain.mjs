// An independent check of an exported evidence file, written without the
// crate, from docs/evidence-format.md: strict JSON (no repeated member
// names, whole numbers only), RFC 8785 canonical JSON + SHA-256 per entry,
// links between entries, the header's counts and head, omitted stubs only
// where filter.site and withheld allow them, and the Ed25519 signature over
// the signed header (node's own crypto).
import { createHash, createPublicKey, verify as verifySignature } from "node:crypto";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const ZERO = "0".repeat(64);

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

// JSON.parse keeps the last of two members with one name, so the text is
// first scanned for repeated names (at any depth) and for numbers with a
// fraction or exponent; then parsed. Throws naming the problem.
export function parseStrict(text) {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (m) => {
    throw new Error(`${m} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("the file ends inside a string");
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (depth) => {
    if (depth > 128) fail("nested too deeply");
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const names = new Set();
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a member name");
        const name = string();
        if (names.has(name)) fail(`the name ${JSON.stringify(name)} appears twice in one object`);
        names.add(name);
        ws();
        if (text[i++] !== ":") fail("expected :");
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail("expected , or }");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail("expected , or ]");
      }
    }
    if (c === '"') return void string();
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 40));
    if (m) {
      if (m[2] || m[3]) fail(`the number ${m[0]} is not a whole number`);
      i += m[0].length;
      return;
    }
    for (const w of ["true", "false", "null"]) if (text.startsWith(w, i)) return void (i += w.length);
    fail("not JSON");
  };
  value(0);
  ws();
  if (i !== text.length) fail("text after the end of the document");
  return JSON.parse(text);
}

// §6.2: the signed message (canonical text) from the file's own members.
export function signedHeader(doc) {
  const j = doc.journal;
  return canonical({
    format: doc.format,
    version: doc.version,
    generatedAt: doc.generatedAt,
    generator: doc.generator,
    filter: doc.filter,
    withheld: doc.withheld,
    journal: { prevHash: j.prevHash, count: j.count, omitted: j.omitted, firstSeq: j.firstSeq, lastSeq: j.lastSeq, headHash: j.headHash },
    publicKey: doc.signature.publicKey,
  });
}

// §6.3: a public key's fingerprint.
export function fingerprintOf(publicKeyB64) {
  return createHash("sha256").update(Buffer.from(publicKeyB64, "base64url")).digest("hex").slice(0, 20).match(/.{4}/g).join("-");
}

// Throws unless the signature verifies; returns the key's fingerprint.
export function checkSignature(doc) {
  const s = doc.signature;
  if (s.algorithm !== "Ed25519") throw new Error(`signature algorithm ${s.algorithm} is not Ed25519`);
  const raw = Buffer.from(s.publicKey, "base64url");
  if (raw.length !== 32 || raw.toString("base64url") !== s.publicKey) throw new Error("the public key is not base64url of 32 bytes");
  const fp = fingerprintOf(s.publicKey);
  if (fp !== s.fingerprint) throw new Error("the fingerprint is not that of the public key");
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: s.publicKey }, format: "jwk" });
  if (!verifySignature(null, Buffer.from(signedHeader(doc), "utf8"), key, Buffer.from(s.value, "base64url"))) {
    throw new Error("the signature does not match the file's header and key");
  }
  return fp;
}

// Returns the number of entries checked; throws naming the first problem.
// `pin` ({seq, hash}, as a receipt gives) must be an entry of the file.
export function verifyChain(doc, { pin } = {}) {
  if (doc.format !== "tracking-witness/evidence" || ![1, 2].includes(doc.version)) throw new Error("not an evidence file of version 1 or 2");
  const j = doc.journal;
  const filtered = doc.filter.site !== null;
  const withheld = new Set();
  for (const [a, b] of doc.withheld ?? []) for (let s = a; s <= b; s++) withheld.add(s);
  if (!filtered && withheld.size > 0) throw new Error("an export of the whole journal withholds nothing");
  let prev = j.prevHash;
  let expectSeq = prev === ZERO ? 1 : null;
  let stubs = 0;
  let pinned = false;
  for (const e of j.entries) {
    if (!Number.isSafeInteger(e.seq) || e.seq < 1 || e.seq > MAX_SAFE) throw new Error(`seq ${e.seq} is not a whole number from 1`);
    if (expectSeq !== null && e.seq !== expectSeq) throw new Error(`seq ${e.seq}: expected ${expectSeq}`);
    if (e.prevHash !== prev) throw new Error(`seq ${e.seq}: prevHash does not link`);
    if (e.omitted !== undefined) {
      if (e.omitted !== true || Object.keys(e).sort().join() !== "hash,omitted,prevHash,seq") throw new Error(`seq ${e.seq}: malformed stub`);
      if (!filtered) throw new Error(`seq ${e.seq}: an omitted stub in an export of the whole journal`);
      if (doc.version >= 2 && !withheld.has(e.seq)) throw new Error(`seq ${e.seq}: an omitted stub the withheld list does not name`);
      stubs++;
    } else {
      if (doc.version >= 2 && withheld.has(e.seq)) throw new Error(`seq ${e.seq}: withheld, yet shown`);
      if (entryHash(e) !== e.hash) throw new Error(`seq ${e.seq}: hash does not match its content`);
    }
    if (pin && e.seq === pin.seq) {
      if (e.hash !== pin.hash) throw new Error(`seq ${e.seq}: not the entry the pin names`);
      pinned = true;
    }
    prev = e.hash;
    expectSeq = e.seq + 1;
  }
  if (prev !== j.headHash) throw new Error("head hash differs from the last entry's hash");
  if (j.entries.length !== j.count) throw new Error(`${j.entries.length} entries where the header says ${j.count}`);
  if (stubs !== j.omitted || (doc.version >= 2 && stubs !== withheld.size)) throw new Error("omitted stubs do not match the header's omitted and withheld");
  if ((j.entries.at(-1)?.seq ?? null) !== j.lastSeq || (j.entries[0]?.seq ?? null) !== j.firstSeq) throw new Error("firstSeq or lastSeq differs from the entries");
  if (pin && !pinned) throw new Error(`the file does not contain entry ${pin.seq}, which the pin names`);
  if (doc.signature !== undefined) checkSignature(doc);
  return j.entries.length;
}

// The whole check from the file's text.
export function verifyText(text, options) {
  return verifyChain(parseStrict(text), options);
}
