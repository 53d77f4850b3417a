// The work-search diary (issue 13), in both browsers. Off by default, and
// while off nothing is recorded; turned on (settings.update {name: "diary"}),
// a search and an application made on the Find a job stand-in are recorded
// by the core from the pages' addresses and the elements its rules name; a
// manual activity is added on the diary page and changed there with a
// reason; diary.list gives them back with the time per day; the evidence
// file holds the diary entries and tw-verify accepts its chain; the diary
// page passes axe.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until } from "./harness.mjs";
import { verifyChain } from "./chain.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIARY_TYPES = ["diary.added", "diary.edited", "diary.removed"];

const ofType = async (b, type, limit = 500) => (await b.sendOk({ type: "journal.page", limit, filter: { type } })).entries;
const diaryEntries = async (b) => (await Promise.all(DIARY_TYPES.map((type) => ofType(b, type)))).flat();
const listed = (b) => b.sendOk({ type: "diary.list" });

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the work-search diary records a search, an application and a manual entry, and verifies in the chain`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    // Off by default: a search made now leaves no trace, and nothing can be added.
    assert.equal((await b.sendOk({ type: "sites.list" })).diary, false, "off by default");
    const off = await b.visit(SITE, "/search?q=offterms&w=Nowhere");
    await b.waitForSummary(SITE, (s) => s.findings.length > 0);
    await off.close();
    const refused = await b.send({ type: "diary.add", kind: "manual", note: "while off" });
    assert.equal(refused.name, "DiaryOff", JSON.stringify(refused));

    const config = await b.sendOk({ type: "settings.update", name: "diary", value: true });
    assert.equal(config.diary, true);
    const [switched] = await ofType(b, "settings.changed", 1);
    assert.deepEqual(switched.data, { setting: "diary", value: true }, "switching it on is journaled");

    // A search, made with the site's own form.
    const page = await b.visit(SITE, "/");
    await page.type("#q", "care");
    await page.type("#w", "Bradford");
    await page.click("button[type=submit]");
    await until("the search results", () => page.evaluate(() => location.pathname + "|" + document.documentElement.dataset.standInReady), (v) => v === "/search|true");
    const search = await until("the search in the diary", () => listed(b), (l) => l.entries?.some((e) => e.kind === "search"));
    const s = search.entries.find((e) => e.kind === "search");
    assert.deepEqual([s.details.terms, s.details.place, s.source, s.site], ["care", "Bradford", "page", "uk-find-a-job"]);

    // The job, then an application sent from it.
    await page.click('a[href="/details/1002"]');
    await page.waitForSelector("#job-company", { timeout: 15000 });
    await page.click("#apply");
    await page.waitForSelector("#applicant", { timeout: 15000 });
    await page.type("#applicant", "Ann Example");
    await page.click("#send");
    const sent = await until("the application in the diary", () => listed(b), (l) => l.entries?.some((e) => e.details.status === "submitted"));
    const view = sent.entries.find((e) => e.kind === "view");
    assert.deepEqual([view.details.title, view.details.employer, view.details.reference], ["Care Assistant", "Moorside Care Home", "1002"]);
    assert.deepEqual(sent.entries.filter((e) => e.kind === "application").map((e) => e.details.status), ["started", "submitted"]);
    assert.equal(sent.weeks.flatMap((w) => w.days).reduce((n, d) => n + d.activities, 0), 4, "the four pages count in their weeks");

    // A manual activity, added on the diary page, then changed there with a reason.
    const diary = await b.openExtensionPage("report/diary.html");
    await diary.waitForSelector("main[aria-busy=false]");
    await diary.select("#a-kind", "manual");
    await diary.select("#a-method", "phone");
    await diary.type("#a-note", "Phoned Moorside about the care job");
    await diary.type("#a-minutes", "15");
    await diary.click("#add-form button[type=submit]");
    const withCall = await until("the call in the diary", () => listed(b), (l) => l.entries?.some((e) => e.kind === "manual"));
    const call = withCall.entries.find((e) => e.kind === "manual");
    assert.deepEqual([call.source, call.details.method, call.details.minutes], ["user", "phone", 15]);
    await diary.waitForSelector(`button.edit[data-id="${call.id}"]`, { timeout: 15000 });
    // By keyboard: the row's Change button, then the form's Save.
    await diary.focus(`button.edit[data-id="${call.id}"]`);
    await diary.keyboard.press("Enter");
    assert.equal(await diary.evaluate(() => document.activeElement?.id), "change-heading", "focus moves to the form");
    await diary.evaluate(() => (document.getElementById("e-minutes").value = ""));
    await diary.type("#e-minutes", "25");
    await diary.type("#e-reason", "The call was longer than I first wrote");
    await diary.focus("#edit-form button[type=submit]");
    await diary.keyboard.press("Enter");
    const edited = await until("the edit", () => listed(b), (l) => l.entries?.find((e) => e.id === call.id)?.details.minutes === 25);
    assert.equal(edited.entries.find((e) => e.id === call.id).edits[0].reason, "The call was longer than I first wrote");
    await until("focus back on the row", () => diary.evaluate(() => document.activeElement?.className), (c) => c === "edit");
    assert.deepEqual(await audit(diary), [], "diary page");

    // An edit needs a reason; a removal says why; an unknown entry is refused.
    assert.equal((await b.send({ type: "diary.edit", id: call.id, changes: { minutes: 5 } })).name, "InvalidInput");
    assert.equal((await b.send({ type: "diary.remove", id: 99999, reason: "x" })).name, "UnknownEntry");
    await b.sendOk({ type: "diary.remove", id: s.id, reason: "That search was for my brother" });
    const final = await listed(b);
    assert.deepEqual(final.removed.map((e) => [e.id, e.removed.reason]), [[s.id, "That search was for my brother"]]);
    assert.equal(final.entries.length, 4);

    // The journal: nothing before the switch, nothing of the search made while off,
    // nothing the applicant typed, each change naming its entry.
    const journal = await diaryEntries(b);
    assert.ok(journal.every((e) => e.seq > switched.seq), "no diary entry before the diary was on");
    const text = JSON.stringify(journal);
    for (const absent of ["offterms", "Ann Example", "applicant="]) assert.ok(!text.includes(absent), `${absent} is not in the journal`);
    assert.deepEqual(journal.filter((e) => e.type !== "diary.added").map((e) => [e.type, e.data.id]).sort(), [["diary.edited", call.id], ["diary.removed", s.id]]);

    // The evidence file holds them, and both checkers accept its chain.
    const doc = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);
    const inFile = doc.journal.entries.filter((e) => DIARY_TYPES.includes(e.type));
    assert.deepEqual(inFile.map((e) => e.hash).sort(), journal.map((e) => e.hash).sort(), "every diary entry is in the evidence file");
    assert.ok(verifyChain(doc) > 0);
    const file = join(mkdtempSync(join(tmpdir(), "tw-diary-")), "evidence.json");
    writeFileSync(file, JSON.stringify(doc));
    const run = spawnSync("cargo", ["run", "--quiet", "--bin", "tw-verify", "--", file], { cwd: root, encoding: "utf8" });
    assert.equal(run.status, 0, `tw-verify: ${run.stdout}${run.stderr}`);

    // The diary's own files, each journaled with its hash.
    const csv = await b.sendOk({ type: "diary.export", format: "csv" });
    assert.ok(csv.text.includes("Moorside Care Home") && csv.text.includes("That search was for my brother"), csv.text);
    const html = await b.sendOk({ type: "diary.export", format: "html" });
    assert.match(html.text, /Week from Monday \d{4}-\d\d-\d\d to Sunday/);
    const made = (await ofType(b, "export.made", 2)).map((e) => [e.data.format, e.data.sha256]);
    assert.deepEqual(made, [["diary-html", html.sha256], ["diary-csv", csv.sha256]]);
  });
}

after(async () => (await server()).close());
