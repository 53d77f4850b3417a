// Issues 8 and 10: a JSON evidence file exported from the browser, altered
// as a sceptic would — a value edited, entries cut off with the header
// rewritten to match, two entries swapped, an entry replaced by an omitted
// stub, the signature replaced by one another key made — fails both the
// independent JS checker (chain.mjs) and tw-verify (exit code 1, with its
// plain-words reason), while the untouched file passes both (exit code 0).
// A file signed again, wholly, by another key is consistent in itself:
// tw-verify passes it but names the other key's fingerprint, and refuses it
// when given the extension's public key file (--key).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server } from "./harness.mjs";
import { verifyText } from "./chain.mjs";
import { otherKey, resign, signValue, writeExport } from "./forge.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const twVerify = join(root, "target", "release", "tw-verify");

before(() => {
  execFileSync("cargo", ["build", "--quiet", "--release", "--bin", "tw-verify"], { cwd: root, stdio: "inherit" });
});

// The file's text with its top-level and journal members in the format's
// order (JSON.stringify keeps insertion order, which JSON.parse preserved).
const write = (doc) => JSON.stringify(doc, null, 1);

function runVerify(dir, name, text, args = []) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(twVerify, [...args, file], { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function jsFails(text, options) {
  try {
    verifyText(text, options);
  } catch (e) {
    return e.message;
  }
  return null;
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: an exported file, altered, fails both checkers; untouched, passes both`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "tw-tamper-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length >= 3);
    await page.close();

    // Poll until the journal holds enough entries to alter, then export.
    let text = null;
    let count = 0;
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      text = (await b.sendOk({ type: "evidence.export", format: "json" })).text;
      count = JSON.parse(text).journal.count;
      if (count >= 6) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(count >= 6, `the journal holds ${count} entries`);
    const good = JSON.parse(text);
    const last = good.journal.entries.at(-1);
    const pin = { seq: last.seq, hash: last.hash };
    const pinArgs = ["--pin", `${pin.seq}:${pin.hash}`];

    // Untouched: both pass.
    assert.equal(jsFails(text, { pin }), null);
    const ok = runVerify(dir, "good.json", text, pinArgs);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /^Signature:/m);
    assert.match(ok.out, /^Withheld: {4}none$/m);

    // Which entry to edit: one with a string somewhere in its data.
    const target = good.journal.entries.findIndex((e, i) => i > 0 && Object.values(e.data).some((v) => typeof v === "string"));
    assert.ok(target > 0, "an entry with a string in its data");

    const alterations = {
      "a value edited": [
        (d) => {
          const e = d.journal.entries[target];
          const k = Object.keys(e.data).find((k) => typeof e.data[k] === "string");
          e.data[k] = `${e.data[k]}x`;
        },
        /was changed after it was written/,
      ],
      "entries cut off, header rewritten": [
        (d) => {
          const j = d.journal;
          j.entries.splice(-2);
          j.count = j.entries.length;
          j.lastSeq = j.entries.at(-1).seq;
          j.headHash = j.entries.at(-1).hash;
        },
        d_or_signature(/does not contain the entry the pin pins|cut short or rewritten/),
      ],
      "two entries swapped": [
        (d) => {
          const e = d.journal.entries;
          [e[2], e[3]] = [e[3], e[2]];
        },
        /out of order|does not follow on/,
      ],
      "an entry replaced by an omitted stub": [
        (d) => {
          const e = d.journal.entries[target];
          d.journal.entries[target] = { seq: e.seq, omitted: true, prevHash: e.prevHash, hash: e.hash };
          d.journal.omitted += 1;
        },
        /hidden \(an omitted stub\) in an export of the whole journal/,
      ],
      "the stub listed as withheld too": [
        (d) => {
          const e = d.journal.entries[target];
          d.journal.entries[target] = { seq: e.seq, omitted: true, prevHash: e.prevHash, hash: e.hash };
          d.journal.omitted += 1;
          if (d.version >= 2) d.withheld = [[e.seq, e.seq]];
        },
        /export of the whole journal/,
      ],
    };
    for (const [what, [alter, reason]] of Object.entries(alterations)) {
      const doc = JSON.parse(text);
      alter(doc);
      const altered = write(doc);
      assert.ok(jsFails(altered, { pin }), `chain.mjs accepted the file with ${what}`);
      const r = runVerify(dir, "altered.json", altered, pinArgs);
      assert.equal(r.code, 1, `tw-verify with ${what}: ${r.out}`);
      assert.match(r.out, /NOT VERIFIED/, what);
      assert.match(r.out, reason, `${what}: ${r.out}`);
    }

    // A member name written twice (JSON.parse would keep the second).
    const twice = text.replace('"format":', '"format":"tracking-witness/evidence",\n"format":');
    assert.match(jsFails(twice) ?? "", /appears twice/);
    const r = runVerify(dir, "twice.json", twice);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /appears twice in one object/);

    // The file written back by the forger's own writer, unchanged, passes:
    // what fails below fails for the signature alone.
    const forger = otherKey();
    const same = runVerify(dir, "rewritten.json", writeExport(JSON.parse(text)));
    assert.equal(same.code, 0, same.out);

    // The signature replaced by one another key made over the right message,
    // the file's own public key kept.
    const replaced = JSON.parse(text);
    signValue(replaced, forger);
    const replacedText = writeExport(replaced);
    assert.match(jsFails(replacedText) ?? "", /the signature does not match/, "chain.mjs on a signature by another key");
    const other = runVerify(dir, "other-signature.json", replacedText);
    assert.equal(other.code, 1, other.out);
    assert.match(
      other.out,
      /^NOT VERIFIED: the signature does not match: the file's header was changed after it was signed, or the signature was not made by the key in this file$/m,
    );

    // Signed again, wholly, by another key: the file is consistent in
    // itself (chain.mjs has no key to compare with, and passes it), and
    // tw-verify passes it too, naming the other key. Given the public-key
    // file the extension hands out (--key), it refuses the file and still
    // passes the untouched one.
    const own = await b.sendOk({ type: "signing.key" });
    assert.equal(own.fingerprint, good.signature.fingerprint);
    const keyFile = join(dir, own.file.filename);
    writeFileSync(keyFile, own.file.text);
    const resigned = JSON.parse(text);
    resign(resigned, forger);
    const resignedText = writeExport(resigned);
    assert.equal(jsFails(resignedText), null);
    const alone = runVerify(dir, "resigned.json", resignedText);
    assert.equal(alone.code, 0, alone.out);
    assert.ok(alone.out.includes(`Signature:   valid, made by the key with fingerprint ${forger.fingerprint}`), alone.out);
    assert.ok(!alone.out.includes(own.fingerprint), alone.out);
    const keyed = runVerify(dir, "resigned.json", resignedText, ["--key", keyFile]);
    assert.equal(keyed.code, 1, keyed.out);
    assert.ok(
      keyed.out.includes(
        `NOT VERIFIED: ${join(dir, "resigned.json")} is signed by the key with fingerprint ${forger.fingerprint}, not by the key you named (${own.fingerprint}): it was not signed by that installation, or someone signed it again after it was made`,
      ),
      keyed.out,
    );
    const ownKeyed = runVerify(dir, "good.json", text, ["--key", keyFile]);
    assert.equal(ownKeyed.code, 0, ownKeyed.out);
    assert.ok(ownKeyed.out.includes(`Key:         ${join(dir, "good.json")} is signed by the key you named (${own.fingerprint})`), ownKeyed.out);
  });
}

after(async () => (await server()).close());

// A truncated file whose header was rewritten is caught by the pin, or,
// once files are signed, already by the signature.
function d_or_signature(re) {
  return new RegExp(`${re.source}|the signature does not match`);
}
