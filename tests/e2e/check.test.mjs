// "Check a file" (log page): an evidence file someone sent is checked in the
// page by the core's verifier. The file this browser exported is verified,
// with the file's own head and count and the signing key's fingerprint; the
// same file with one entry changed is NOT VERIFIED, with the first bad
// entry named; checking journals nothing. The page passes axe with each
// result on screen.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the log page checks an evidence file someone sent`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));
    const exported = await b.sendOk({ type: "evidence.export", format: "json" });
    const doc = JSON.parse(exported.text);
    const dir = mkdtempSync(join(tmpdir(), "tw-check-"));
    const good = join(dir, "evidence.json");
    writeFileSync(good, exported.text);
    // One entry's recorded host changed, its hashes left as they were.
    const i = doc.journal.entries.findIndex((e) => e.type === "cookie.set");
    assert.ok(i >= 0, "the export holds a cookie.set entry to alter");
    const altered = structuredClone(doc);
    altered.journal.entries[i].data.name = "edited";
    const bad = join(dir, "altered.json");
    writeFileSync(bad, JSON.stringify(altered));

    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    await log.click('a[href="check.html"]');
    await log.waitForSelector("#check-form");
    const before = (await b.sendOk({ type: "journal.stats" })).count;

    const check = async (path) => {
      await log.$eval("#result", (r) => (r.hidden = true));
      const input = await log.$("#file");
      await input.uploadFile(path);
      await log.click('#check-form button[type="submit"]');
      await log.waitForSelector("#result:not([hidden])", { timeout: 30000 });
      return log.evaluate(() => ({
        verdict: document.getElementById("verdict").textContent,
        facts: [...document.querySelectorAll("#facts dd")].map((d) => d.textContent),
      }));
    };

    const ok = await check(good);
    assert.equal(ok.verdict, "Verified: nothing in the chain was changed, removed or reordered.");
    const text = ok.facts.join("\n");
    assert.ok(text.includes(doc.journal.headHash), `the file's head hash is shown: ${text}`);
    assert.ok(text.includes(`${doc.journal.count} (entry ${doc.journal.firstSeq} to ${doc.journal.lastSeq})`), text);
    assert.ok(text.includes(exported.fingerprint), `the signing key's fingerprint is shown: ${text}`);
    assert.deepEqual(await audit(log), [], "check page showing a verified file");

    const no = await check(bad);
    assert.equal(no.verdict, "NOT VERIFIED. Do not rely on this file.");
    assert.ok(no.facts.includes(String(doc.journal.entries[i].seq)), `the first bad entry is named: ${no.facts}`);
    assert.ok(no.facts[0].length > 10, "the verifier says why");
    assert.deepEqual(await audit(log), [], "check page showing a file that does not verify");

    assert.equal((await b.sendOk({ type: "journal.stats" })).count, before, "checking a file journals nothing");
  });
}

after(async () => (await server()).close());
