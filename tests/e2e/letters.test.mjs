// Letters drafted from the evidence, in both browsers: letter.draft for Find
// a job names DWP's right-of-access address, the dates seen and the
// journal head; the draft is journaled by its hash only; the letter page
// drafts one from the form and passes axe. The expected words are the
// published facts (DWP's address, the law in force), not the code's.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: letters drafted from the evidence name the controller, the dates and the head`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.consentBreach));
    const today = new Date();
    const longDate = `${today.getUTCDate()} ${today.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${today.getUTCFullYear()}`;

    const { head } = await b.sendOk({ type: "journal.stats" });
    const sar = await b.sendOk({ type: "letter.draft", kind: "subject-access", site: "uk-find-a-job", sender: { name: "Ann Example" } });
    assert.equal(sar.kind, "subject-access");
    assert.equal(sar.site, "uk-find-a-job");
    assert.equal(sar.headHash, head.hash, "the letter cites the head as it was");
    for (const expected of ["Department for Work and Pensions", "Right of Access Requests", "WV98 2EF", "Article 15", "Ann Example", head.hash, longDate]) {
      assert.ok(sar.text.includes(expected), `missing ${expected}: ${sar.text}`);
    }
    const vendor = summary.findings.find((f) => f.consentBreach).vendorName;
    assert.ok(sar.text.includes(vendor), `names ${vendor}`);
    assert.match(sar.html, /^<!DOCTYPE html>/);

    // Journaled by hash only: the name typed into it is not in the log.
    const page = await b.sendOk({ type: "journal.page", limit: 5 });
    const entry = page.entries.find((e) => e.type === "letter.drafted");
    assert.ok(entry, "a letter.drafted entry");
    assert.deepEqual(entry.data, { kind: "subject-access", sha256: sha256(sar.text) });
    assert.ok(!JSON.stringify(page.entries).includes("Ann Example"));

    const complaint = await b.sendOk({ type: "letter.draft", kind: "complaint-organisation", site: "uk-find-a-job" });
    assert.ok(complaint.text.includes("From 5 February 2026"), "observations made now fall under the amended regulation 6");
    assert.ok(!complaint.text.includes("Before 5 February 2026"), "and not under the old one");

    const refused = await b.send({ type: "letter.draft", kind: "threat", site: "uk-find-a-job" });
    assert.equal(refused.ok, false, "an unknown kind is refused");

    const letterPage = await b.openExtensionPage("report/letter.html?kind=complaint-regulator&site=uk-find-a-job");
    await letterPage.waitForSelector("main[aria-busy=false]");
    assert.equal(await letterPage.$eval("#regulator", (f) => f.hidden), false, "the regulator's questions are shown");
    await letterPage.type("#s-name", "Ann Example");
    await letterPage.type("#r-reply", "They did not answer.");
    await letterPage.click("button[type=submit]");
    await letterPage.waitForFunction(() => document.getElementById("letter").value.length > 200, { timeout: 15000 });
    const drafted = await letterPage.$eval("#letter", (a) => a.value);
    for (const expected of ["Information Commissioner's Office", "SK9 5AF", "Ann Example", "They did not answer."]) {
      assert.ok(drafted.includes(expected), `missing ${expected}: ${drafted}`);
    }
    assert.deepEqual(await audit(letterPage), [], "letter page");
  });
}

after(async () => (await server()).close());
