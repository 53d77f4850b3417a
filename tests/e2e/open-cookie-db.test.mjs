// Issue 11: items the catalog does not know get a second opinion from the
// Open Cookie Database (data/open-cookie-database.tsv, in the actions
// module), shown in the popup once the user opens "Not recognised". In both
// browsers: a cookie the database lists by name and one it lists by prefix
// are named with the database's platform and category; a name it does not
// list gets nothing; the popup passes axe with the row open. Expectations
// are read from the data file itself, not from the extension.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const en = JSON.parse(readFileSync(join(root, "extension/_locales/en/messages.json"), "utf8"));
const rows = readFileSync(join(root, "data/open-cookie-database.tsv"), "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));
const listed = (name) => rows.find((r) => r[0] === name);
// The sentence the popup should show for a listing, from the English messages.
const sentence = (row) => en.popupOcdListed.message.replace("$PLATFORM$", row[1]).replace("$CATEGORY$", en[`category_${row[2]}`].message);

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: "Not recognised" items named by the Open Cookie Database when opened, and only those it lists`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE, "/storage-report.html", { waitFor: "html[data-report-ready=true]" });
    const cookies = { cookiePreferences: listed("cookiePreferences"), "wp-settings-1": listed("wp-settings-"), tw_nobody_lists_this: null };
    assert.ok(cookies.cookiePreferences && cookies["wp-settings-1"], "the data file lists the test's names");
    await page.evaluate((names) => names.forEach((n) => (document.cookie = `${n}=1; path=/; max-age=600; Secure; SameSite=Lax`)), Object.keys(cookies));
    await b.waitForSummary(SITE, (s) => Object.keys(cookies).every((n) => s.findings.some((f) => f.name === n && !f.vendor && f.category === "unknown")));

    const popup = await b.popup(b.url(SITE, "/storage-report.html"));
    assert.equal(await popup.$$eval("#unknown .ocd", (n) => n.length), 0, "nothing asked before the row is opened");
    await popup.click("#unknown summary");
    await popup.waitForSelector(`#unknown li[data-name="cookiePreferences"] .ocd`, { timeout: 15000 });
    const shown = await popup.$$eval("#unknown li", (lis) => Object.fromEntries(lis.map((li) => [li.dataset.name, li.querySelector(".ocd")?.textContent.trim() ?? null])));
    t.diagnostic(JSON.stringify(shown));
    for (const [name, row] of Object.entries(cookies)) assert.equal(shown[name], row ? sentence(row) : null, name);
    assert.deepEqual(await audit(popup), [], "popup with the row open");
    await popup.close();
    await page.close();
  });
}

after(async () => (await server()).close());
