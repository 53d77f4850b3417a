// The installation's signing key (made and journaled on first use), the
// receipts signed for the journal's head, and the public key file. The
// WebCrypto side is in signing.js.
import { fingerprint } from "./pkg/tracking_witness.js";
import { api, actionsModule, persist, named } from "./boot.js";
import { makeKeyPair, usable as usableKey } from "./signing.js";

// The installation's key pair, made (and its creation journaled, both in
// one transaction) if there is none yet; null if this browser cannot make
// an Ed25519 key, and the extension carries on unsigned. Call it from the
// queue only: it may write.
export async function signingKeyOf(ctx) {
  if (usableKey(ctx.signingKey)) return ctx.signingKey;
  let pair;
  try {
    pair = await makeKeyPair();
  } catch (e) {
    console.error("Tracking Witness: this browser cannot make an Ed25519 key; exports will not be signed", e);
    return null;
  }
  const now = Date.now();
  const commit = ctx.witness.keyCreated(pair.publicKeyB64, now);
  const record = { ...pair, fingerprint: commit.entries[0].data.fingerprint, createdAt: now, seq: commit.entries[0].seq };
  await persist(ctx.store, commit, { meta: { signingKey: record } });
  ctx.signingKey = record;
  return record;
}

async function requireSigningKey(ctx) {
  const key = await signingKeyOf(ctx);
  if (!key) throw named("NoKey", "this browser cannot make the signing key (Ed25519)");
  return key;
}

// {type: "evidence.receipt"} -> {text, seq, hash, time, fingerprint}: the
// receipt names the receipt.issued entry that journals its own issuing.
export async function issueReceipt(ctx) {
  const key = await requireSigningKey(ctx);
  const { commit, receipt } = ctx.witness.issueReceipt(key.publicKeyB64, Date.now());
  await persist(ctx.store, commit);
  return { text: receiptText(receipt), seq: receipt.seq, hash: receipt.hash, time: receipt.time, fingerprint: receipt.fingerprint };
}

// A receipt's text, in the user's language: `r` is the core's receipt
// ({seq, hash, shortHash, time, fingerprint, line}). A case file writes
// each receipt the journal holds again with it (casefile.js).
export function receiptText(r) {
  return [
    api.i18n("receiptTitle"),
    api.i18n("receiptPosition", [String(r.seq)]),
    api.i18n("receiptHead", [r.hash]),
    api.i18n("receiptShort", [r.shortHash]),
    api.i18n("receiptTime", [r.time]),
    api.i18n("receiptKey", [r.fingerprint]),
    api.i18n("receiptHowToCheck"),
    // Always last, always this form: tw-verify reads it.
    r.line,
  ].join("\n");
}

// {type: "signing.key"} -> {algorithm, publicKey, fingerprint, createdAt, file: {filename, text}}
export async function signingKeyInfo(ctx) {
  const key = await requireSigningKey(ctx);
  const text = (await actionsModule()).publicKeyFile(key.publicKeyB64, key.createdAt ?? null);
  return {
    algorithm: "Ed25519",
    publicKey: key.publicKeyB64,
    fingerprint: fingerprint(key.publicKeyB64),
    createdAt: key.createdAt ?? null,
    file: { filename: `tracking-witness-public-key-${key.fingerprint}.json`, mimeType: "application/json", text },
  };
}
