// Trusted timestamps (RFC 3161, docs/evidence-format.md section 12): the
// journal's head hash sent to the timestamp authority the user named in
// the options, when the user asks and never otherwise. The actions module
// writes the request and reads the reply (the core's src/timestamp.rs);
// the core journals the token as timestamp.added. Only the 32-byte hash
// and a random nonce leave the browser: no cookie, no referrer, no other
// header the extension could leave out.
import { api, actionsModule, persist, named } from "./boot.js";
import { shortHash } from "./pkg/tracking_witness.js";
import { authorityOrigin } from "./tsa-origin.js";

// A real authority answers in a second or two; past this the user is told.
const TIMEOUT_MS = 30000;
// A timestamp reply is a few kilobytes; the core refuses more than 64 KiB.
const REPLY_MAX = 64 * 1024;

// {type: "evidence.timestamp"} -> {seq, headSeq, headHash, headShort,
// genTime, authority, signer}. Runs in the background's queue, so the head
// cannot move between the request and the journaling of its token.
export async function timestampHead(ctx) {
  const { witness, store } = ctx;
  const authority = witness.config().timestampAuthority;
  if (!authority) throw named("NoAuthority", "no timestamp authority is named in the options");
  const origin = authorityOrigin(authority);
  // The page asks for the permission when the user presses the button;
  // without it, nothing is sent.
  if (!(await api.hasPermissions({ origins: [origin] }))) {
    throw named("PermissionNeeded", `the extension may not contact ${origin} (the browser's permission was not given)`);
  }
  const head = JSON.parse(witness.headJson());
  if (!head.seq) throw named("InvalidInput", "the log is empty: there is nothing to timestamp yet");
  const module = await actionsModule();
  const { query, nonce } = module.timestampQuery(head.hash, crypto.getRandomValues(new Uint8Array(8)));
  let reply;
  try {
    reply = await fetch(authority, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: query,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw named("TimestampFailed", `the timestamp authority could not be reached (${e.message})`, e);
  }
  if (!reply.ok) throw named("TimestampFailed", `the timestamp authority answered ${reply.status} ${reply.statusText}`.trim());
  const bytes = new Uint8Array(await reply.arrayBuffer());
  if (bytes.length > REPLY_MAX) throw named("TimestampRefused", `the answer is ${bytes.length} bytes, far more than a timestamp`);
  // Throws TimestampRefused: not granted, another hash or nonce, or a signature that does not verify.
  const read = module.timestampReply(bytes, head.hash, nonce);
  const commit = witness.timestampAdded(head.seq, head.hash, authority, read.token, read.genTime, read.signer, Date.now());
  await persist(store, commit);
  return { seq: commit.entries[0].seq, headSeq: head.seq, headHash: head.hash, headShort: shortHash(head.hash), genTime: read.genTime, authority, signer: read.signer };
}

// Every timestamp.added entry in the journal, oldest first (for the case file).
export async function timestampEntries(store) {
  const out = [];
  let before = null;
  do {
    const page = await store.journalPage({ type: "timestamp.added", limit: 500, before });
    out.push(...page.entries);
    before = page.next;
  } while (before);
  return out.sort((a, b) => a.seq - b.seq);
}

// A token's bytes from the journal's base64.
export function tokenBytes(b64) {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
