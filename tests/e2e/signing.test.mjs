// Issue 10: the installation's signing key, signed exports and receipts, in
// both browsers. The key is made once and journaled once; the options page
// shows the fingerprint the journal records; a JSON export is signed (the
// signature is checked here with Node's own Ed25519, over a canonical header
// built here from the contract) and tw-verify agrees and prints the same
// fingerprint; a receipt is journaled, pins its own entry, and tw-verify
// accepts a later export against it but refuses the same file cut short
// before the receipt with its header rewritten. After an archive, the
// export made for it and the next one join (tw-verify a.json b.json), and a
// forged archive.checkpoint opening b.json is named.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server } from "./harness.mjs";
import { verifyChain, canonical, fingerprintOf } from "./chain.mjs";
import { otherKey, rechain, resign, writeExport } from "./forge.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = mkdtempSync(join(tmpdir(), "tw-signing-"));
let twVerify = null;

before(() => {
  // Built once, natively, from the same core; the test runs the binary.
  execFileSync("cargo", ["build", "--release", "--quiet", "--bin", "tw-verify"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  twVerify = join(root, "target", "release", "tw-verify");
});

function runVerify(file, ...args) {
  const r = spawnSync(twVerify, [file, ...args], { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const shortOf = (hash) => hash.slice(0, 16).match(/.{4}/g).join("-");

function signedHeader(doc) {
  const { prevHash, count, omitted, firstSeq, lastSeq, headHash } = doc.journal;
  return {
    format: doc.format, version: doc.version, generatedAt: doc.generatedAt, generator: doc.generator,
    filter: doc.filter, withheld: doc.withheld, journal: { prevHash, count, omitted, firstSeq, lastSeq, headHash },
    publicKey: doc.signature.publicKey,
  };
}

function assertSignedBy(doc, key) {
  assert.ok(doc.signature, "the file is signed");
  assert.equal(doc.signature.algorithm, "Ed25519");
  assert.equal(doc.signature.publicKey, key.publicKey);
  assert.equal(doc.signature.fingerprint, key.fingerprint);
  assert.equal(Object.keys(doc).at(-1), "signature", "signature is the last member");
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: doc.signature.publicKey }, format: "jwk" });
  const message = Buffer.from(canonical(signedHeader(doc)), "utf8");
  assert.ok(verifySignature(null, message, publicKey, Buffer.from(doc.signature.value, "base64url")), "the signature verifies over the canonical header");
}

async function journalOf(b, type) {
  const out = [];
  let before = null;
  for (;;) {
    const page = await b.sendOk({ type: "journal.page", limit: 500, before, filter: { type } });
    out.push(...page.entries);
    if (page.next === null) return out;
    before = page.next;
  }
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: one key, signed exports, receipts that pin the log`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    // The key is made once, on first run, and journaled once. (signing.key
    // waits in the queue behind the start-up's making of the key.)
    const first = await b.sendOk({ type: "signing.key" });
    let keys = await journalOf(b, "key.created");
    assert.equal(keys.length, 1, `key.created entries: ${JSON.stringify(keys)}`);
    const created = keys[0];
    assert.equal(created.site, null);
    assert.deepEqual(Object.keys(created.data).sort(), ["algorithm", "fingerprint", "publicKey"], "nothing but the public half is journaled");
    assert.equal(created.data.algorithm, "Ed25519");
    assert.match(created.data.publicKey, /^[A-Za-z0-9_-]{43}$/);
    const key = { publicKey: created.data.publicKey, fingerprint: fingerprintOf(created.data.publicKey) };
    assert.equal(created.data.fingerprint, key.fingerprint, "the core's fingerprint is the contract's");
    assert.deepEqual([first.publicKey, first.fingerprint], [key.publicKey, key.fingerprint]);

    // Waking again uses the stored key instead of making another.
    if (browserName === "chromium") {
      await b.stopBackground();
      const info = await b.sendOk({ type: "signing.key" });
      assert.equal(info.publicKey, key.publicKey, "the same key after a restart");
      keys = await journalOf(b, "key.created");
      assert.equal(keys.length, 1, "still one key.created after the worker restarted");
    }

    // The private key is a non-extractable CryptoKey in the extension's database.
    const stored = await (await b.extensionPage()).evaluate(async () => {
      const { openStore } = await import("../store.js");
      const store = await openStore();
      const { signingKey } = await store.getMeta(["signingKey"]);
      store.close();
      let exported = "refused";
      try {
        await crypto.subtle.exportKey("pkcs8", signingKey.privateKey);
        exported = "exported";
      } catch {}
      return { type: signingKey.privateKey.type, extractable: signingKey.privateKey.extractable, exported };
    });
    assert.deepEqual(stored, { type: "private", extractable: false, exported: "refused" });

    // The options page shows that fingerprint and saves the public key file.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    assert.ok((await options.$eval("#key-fingerprint", (n) => n.textContent)).includes(key.fingerprint), "options page fingerprint");
    await options.evaluate(() => {
      globalThis.__saved = [];
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        blob.text().then((text) => globalThis.__saved.push(text));
        return original(blob);
      };
    });
    await options.click("#key-save");
    await options.waitForFunction(() => globalThis.__saved.length === 1, { timeout: 10000 });
    const keyFile = JSON.parse(await options.evaluate(() => globalThis.__saved[0]));
    assert.equal(keyFile.format, "tracking-witness/public-key");
    assert.equal(keyFile.publicKey, key.publicKey);
    assert.equal(keyFile.fingerprint, key.fingerprint);
    await options.close();

    // Some tracking to have a log worth pinning.
    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length > 5);
    await page.close();

    // A receipt through the message: journaled first, and it pins that entry.
    const receipt = await b.sendOk({ type: "evidence.receipt" });
    assert.deepEqual(Object.keys(receipt).sort(), ["fingerprint", "hash", "seq", "text", "time"]);
    assert.equal(receipt.fingerprint, key.fingerprint);
    const lines = receipt.text.split("\n");
    assert.equal(lines.at(-1), `tw-receipt:1:${receipt.seq}:${receipt.hash}`, "the machine line is last");
    assert.ok(lines.some((l) => l.includes(shortOf(receipt.hash))), "the short form is in the text");
    assert.ok(lines.some((l) => l.includes(key.fingerprint)) && lines.some((l) => l.includes(receipt.time)));
    const issued = (await journalOf(b, "receipt.issued")).find((e) => e.seq === receipt.seq);
    assert.ok(issued, "receipt.issued journaled");
    assert.equal(issued.hash, receipt.hash);
    assert.equal(issued.time, receipt.time);
    assert.deepEqual(issued.data, { fingerprint: key.fingerprint });

    // The log page: the head in its short form, and a receipt from the button.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    let stats = await b.sendOk({ type: "journal.stats" });
    assert.equal(stats.headShort, shortOf(stats.head.hash));
    assert.ok((await log.$eval("#head", (n) => n.textContent)).includes(shortOf(stats.head.hash)), "log page shows the head's short form");
    assert.equal(await log.$eval("#head-full", (n) => n.textContent), stats.head.hash, "and the full hash");
    await log.click("#receipt-get");
    await log.waitForFunction(() => !document.getElementById("receipt").hidden && document.getElementById("receipt-text").value.includes("tw-receipt:1:"), { timeout: 10000 });
    const pageReceipt = await log.$eval("#receipt-text", (n) => ({ value: n.value, readOnly: n.readOnly }));
    assert.ok(pageReceipt.readOnly, "the receipt field is read-only");
    const [, seq, hash] = /tw-receipt:1:(\d+):([0-9a-f]{64})$/.exec(pageReceipt.value);
    stats = await b.sendOk({ type: "journal.stats" });
    assert.deepEqual({ seq: Number(seq), hash }, stats.head, "the page's receipt pins the new head");
    await log.waitForFunction((short) => document.getElementById("head").textContent.includes(short), { timeout: 10000 }, shortOf(hash));
    await log.click("#receipt-copy");
    await log.waitForFunction(() => document.getElementById("status").textContent.length > 0 && !/receipt made/i.test(document.getElementById("status").textContent), { timeout: 10000 });
    const copied = await log.evaluate(() => {
      const f = document.getElementById("receipt-text");
      return { status: document.getElementById("status").textContent, selected: f.value.slice(f.selectionStart, f.selectionEnd) === f.value };
    });
    assert.ok(/copied/i.test(copied.status) || copied.selected, `copy did something: ${JSON.stringify(copied)}`);

    // A JSON export made after the receipt is signed by the installation's key.
    const exported = await b.sendOk({ type: "evidence.export", format: "json" });
    const doc = JSON.parse(exported.text);
    assert.ok(verifyChain(doc) > 0);
    assertSignedBy(doc, key);
    assert.deepEqual(doc.withheld, []);

    // export.made records where the file ended.
    const made = (await journalOf(b, "export.made")).find((e) => e.time >= doc.generatedAt && e.data.format === "json");
    assert.ok(made, "export.made journaled");
    assert.equal(made.data.headHash, doc.journal.headHash);
    assert.equal(made.data.firstSeq, doc.journal.firstSeq);
    assert.equal(made.data.lastSeq, doc.journal.lastSeq);

    // The log page's export is signed too.
    await log.evaluate(() => {
      globalThis.__saved = [];
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        blob.text().then((text) => globalThis.__saved.push({ type: blob.type, text }));
        return original(blob);
      };
    });
    await log.click("button.export[data-format=json]");
    await log.waitForFunction(() => globalThis.__saved.length === 1, { timeout: 15000 });
    assertSignedBy(JSON.parse(await log.evaluate(() => globalThis.__saved[0].text)), key);

    // tw-verify: the same fingerprint, exit 0, and the receipt is in the file.
    const file = join(work, `${browserName}-evidence.json`);
    writeFileSync(file, exported.text);
    let r = runVerify(file);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.out.includes(key.fingerprint), `tw-verify prints the fingerprint:\n${r.out}`);
    r = runVerify(file, "--receipt", receipt.text);
    assert.equal(r.code, 0, r.out);
    const receiptFile = join(work, `${browserName}-receipt.txt`);
    writeFileSync(receiptFile, receipt.text);
    assert.equal(runVerify(file, "--receipt", receiptFile).code, 0, "the receipt given as a file");

    // Cut the file short before the receipt and rewrite its header to match:
    // the chain alone still holds together, the receipt does not.
    const cut = structuredClone(doc);
    cut.journal.entries = cut.journal.entries.filter((e) => e.seq < receipt.seq);
    const last = cut.journal.entries.at(-1);
    Object.assign(cut.journal, { count: cut.journal.entries.length, omitted: 0, lastSeq: last.seq, headHash: last.hash });
    delete cut.signature;
    assert.ok(verifyChain(cut) > 0, "the truncated chain is consistent by itself");
    const cutFile = join(work, `${browserName}-truncated.json`);
    writeFileSync(cutFile, JSON.stringify(cut));
    assert.equal(runVerify(cutFile).code, 0, "without the receipt the cut file looks whole");
    r = runVerify(cutFile, "--receipt", receipt.text);
    assert.equal(r.code, 1, `a receipt against the cut file:\n${r.out}`);
    assert.match(r.out, /NOT VERIFIED/);

    // A lost key (the browser's data cleared, say) is replaced on the next
    // wake, and the replacement shows in the chain.
    if (browserName === "chromium") {
      await (await b.extensionPage()).evaluate(async () => {
        const { openStore } = await import("../store.js");
        const store = await openStore();
        await store.commit({ meta: { signingKey: null } });
        store.close();
      });
      await b.stopBackground();
      const renewed = await b.sendOk({ type: "signing.key" });
      assert.notEqual(renewed.publicKey, key.publicKey, "a new key");
      keys = await journalOf(b, "key.created");
      assert.deepEqual(keys.map((e) => e.data.publicKey).sort(), [key.publicKey, renewed.publicKey].sort(), "both keys are in the chain");
      const laterText = (await b.sendOk({ type: "evidence.export", format: "json" })).text;
      const later = JSON.parse(laterText);
      assertSignedBy(later, { publicKey: renewed.publicKey, fingerprint: fingerprintOf(renewed.publicKey) });
      const laterFile = join(work, `${browserName}-later.json`);
      writeFileSync(laterFile, laterText);
      r = runVerify(laterFile);
      assert.equal(r.code, 0, r.out);
      assert.ok(r.out.includes(renewed.fingerprint) && !r.out.includes(key.fingerprint), `tw-verify prints the new fingerprint:\n${r.out}`);
      // The receipt names the old key, so the file signed by the new one
      // fails against it, although the pinned entry is in it.
      r = runVerify(laterFile, "--receipt", receipt.text);
      assert.equal(r.code, 1, r.out);
      assert.ok(r.out.includes(`NOT VERIFIED: ${laterFile} is signed by the key with fingerprint ${renewed.fingerprint}, not by the key the receipt names (${key.fingerprint})`), r.out);
      assert.ok(r.out.includes(`Receipt:     entry ${receipt.seq} with hash ${shortOf(receipt.hash)} is in ${laterFile}, as the receipt says`), r.out);
    }

    // Archive: the export made for it (a.json, whose end is the head the
    // archive clears to), then the clear. After it the log page shows the
    // checkpoint the log starts from.
    assert.equal(await log.$eval("#checkpoint", (n) => n.hidden), true, "no checkpoint before any archive");
    const saved = await b.sendOk({ type: "evidence.export", format: "json", forArchive: true });
    const archived = JSON.parse(saved.text);
    const head = { seq: saved.headSeq, hash: archived.journal.headHash };
    assert.equal(archived.journal.lastSeq, head.seq);
    const { checkpoint } = await b.sendOk({ type: "journal.archive", headSeq: head.seq });
    const log2 = await b.openExtensionPage("report/log.html");
    await log2.waitForSelector("main[aria-busy=false]");
    const shown = await log2.$eval("#checkpoint", (n) => ({ hidden: n.hidden, text: n.textContent }));
    assert.equal(shown.hidden, false, "the checkpoint is shown");
    assert.ok(shown.text.includes(String(checkpoint.seq)) && shown.text.includes(String(head.seq)) && shown.text.includes(shortOf(head.hash)), shown.text);

    // Archive continuity: the file after the archive (b.json) joins a.json.
    const bText = (await b.sendOk({ type: "evidence.export", format: "json" })).text;
    const bDoc = JSON.parse(bText);
    assert.equal(bDoc.journal.entries[0].type, "archive.checkpoint");
    const fileA = join(work, `${browserName}-a.json`);
    const fileB = join(work, `${browserName}-b.json`);
    writeFileSync(fileA, saved.text);
    writeFileSync(fileB, bText);
    r = runVerify(fileA, fileB);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.out.includes(`Archive:     ${fileB} continues ${fileA} (its chain starts where ${fileA} ends, hash ${shortOf(head.hash)})`), r.out);

    // A forged checkpoint: it names another entry as the archive's end, its
    // hash and every later one recomputed. It fails alone (a checkpoint's
    // previousHash is its own prevHash) and beside a.json; it would fail the
    // signature too, but the entries are checked first and this is named.
    const forged = structuredClone(bDoc);
    forged.journal.entries[0].data.previousHash = archived.journal.prevHash;
    rechain(forged, 0);
    const forgedFile = join(work, `${browserName}-b-forged.json`);
    writeFileSync(forgedFile, writeExport(forged));
    r = runVerify(forgedFile);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`^NOT VERIFIED: entry ${checkpoint.seq} \\(number 1 in the file\\) is an archive checkpoint that does not match its own place in the chain: `, "m"));
    r = runVerify(fileA, forgedFile);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /is an archive checkpoint that does not match its own place in the chain/);

    // A checkpoint forged to say fewer entries were archived, the file
    // rechained and signed again by another key: consistent alone, so only
    // a.json beside it shows the forgery.
    const fewer = structuredClone(bDoc);
    fewer.journal.entries[0].data.archivedCount -= 1;
    rechain(fewer, 0);
    resign(fewer, otherKey());
    const fewerFile = join(work, `${browserName}-b-fewer.json`);
    writeFileSync(fewerFile, writeExport(fewer));
    r = runVerify(fewerFile);
    assert.equal(r.code, 0, `alone, the re-signed file is consistent:\n${r.out}`);
    r = runVerify(fileA, fewerFile);
    assert.equal(r.code, 1, r.out);
    assert.ok(
      r.out.includes(`NOT VERIFIED: the archive checkpoint that opens ${fewerFile} (entry ${checkpoint.seq}) says ${checkpoint.data.archivedCount - 1} entries were archived, but ${fileA} holds ${archived.journal.count}`),
      r.out,
    );
  });
}

after(async () => {
  rmSync(work, { recursive: true, force: true });
  (await server()).close();
});
