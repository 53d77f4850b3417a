// Issue 10: the case file. Evidence is recorded (a screenshot of the site's
// tab) and a receipt issued; the log page's "Save a case file" button makes
// one .zip, saved by the browser's own download. tw-verify accepts it
// (exit 0) and names the receipt inside; the zip holds the evidence, the
// report, the screenshot, the receipt, the work-search diary's weekly
// summary and CSV, and the README, and the journal
// records the export with the manifest's hash. Then one file in it is
// changed with a zip tool (Python's zipfile, so the zip's own checksums are
// right and only the signed manifest can tell) and tw-verify refuses it
// (exit 1), naming the file. The log page's "Check a file" says the same
// of both zips, in the browser, in the same words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until, firefoxDownloadPrefs, finishedDownload } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const twVerify = join(root, "target", "release", "tw-verify");

before(() => {
  execFileSync("cargo", ["build", "--quiet", "--release", "--bin", "tw-verify"], { cwd: root, stdio: "inherit" });
});

function verify(path) {
  const r = spawnSync(twVerify, [path], { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

// Python's standard zipfile: the names in a zip, one file's SHA-256, and
// a copy of the zip with one file's bytes replaced (CRCs written anew).
const PY = `
import sys, zipfile, hashlib, json
cmd, path = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(path)
if cmd == "list":
    print(json.dumps({i.filename: [i.compress_type, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()}))
elif cmd == "cat":
    sys.stdout.write(z.read(sys.argv[3]).decode("utf-8"))
elif cmd == "replace":
    name, out = sys.argv[3], sys.argv[4]
    with zipfile.ZipFile(out, "w") as w:
        for i in z.infolist():
            data = z.read(i)
            w.writestr(i, data.replace(b"<html", b"<html data-changed", 1) if i.filename == name else data)
`;
const python = (...args) => execFileSync("python3", ["-c", PY, ...args], { encoding: "utf8" });

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: a case file from the log page verifies whole, and one changed file fails it`, { timeout: 300000 }, async (t) => {
    const downloads = mkdtempSync(join(tmpdir(), `tw-casefile-${browserName}-`));
    t.after(() => rmSync(downloads, { recursive: true, force: true }));
    // A screenshot needs the site's host permission: deep inspection
    // (the deep build in Chromium, the options page's toggle in Firefox).
    const b = await launch(browserName, {
      variant: browserName === "chromium" ? "deep" : null,
      firefoxPrefs: firefoxDownloadPrefs(downloads),
    });
    t.after(() => b.close());
    if (browserName === "chromium") {
      const cdp = await b.browser.target().createCDPSession();
      await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
    }
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.enableDeepInspection();
    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length >= 1);
    await page.bringToFront();
    const recorded = await b.sendOk({ type: "evidence.record", url: b.url(SITE) });
    const receipt = await b.sendOk({ type: "evidence.receipt" });
    // Issue 13: the work-search diary goes into the same bundle.
    await b.sendOk({ type: "settings.update", name: "diary", value: true });
    const NOTE = "Phoned Moorside Care about the interview";
    await b.sendOk({ type: "diary.add", kind: "manual", note: NOTE, method: "phone", minutes: 15 });

    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    await log.click("button.export[data-format=casefile]");
    const file = await until("the case file is downloaded", async () => {
      const f = finishedDownload(downloads, ".zip");
      if (!f.ok) f.detail = { files: f.detail, status: await log.$eval("#status", (s) => s.textContent).catch(() => "") };
      return f;
    }, (f) => f.ok, 60000);

    const good = verify(file.path);
    assert.equal(good.code, 0, `tw-verify: ${good.out}`);
    assert.match(good.out, /Manifest: +signature valid, made by the key with fingerprint /);
    assert.ok(good.out.includes(`receipts/receipt-${receipt.seq}.txt: entry ${receipt.seq}`), good.out);
    assert.ok(good.out.includes(`fingerprint ${receipt.fingerprint}`), good.out);

    const files = JSON.parse(python("list", file.path));
    const shot = `screenshots/${recorded.sha256}.png`;
    for (const name of ["README.txt", "evidence.json", "report.html", shot, `receipts/receipt-${receipt.seq}.txt`, "diary/work-search-diary.html", "diary/work-search-diary.csv", "manifest.json"]) {
      assert.ok(files[name], `${name} is in the zip: ${Object.keys(files)}`);
    }
    assert.equal(files[shot][1], recorded.sha256, "the screenshot is the picture the journal names");
    for (const name of ["diary/work-search-diary.html", "diary/work-search-diary.csv"]) assert.ok(python("cat", file.path, name).includes(NOTE), `${name} holds the diary's entry`);
    assert.ok(JSON.parse(python("cat", file.path, "manifest.json")).files.some((f) => f.name === "diary/work-search-diary.csv"), "the signed manifest covers the diary");
    assert.ok(Object.values(files).every(([method]) => method === 0), "every entry is stored, not compressed");

    // The journal records the export, with the manifest's hash.
    const made = (await b.sendOk({ type: "journal.page", limit: 5, filter: { type: "export.made" } })).entries[0];
    assert.equal(made?.data.format, "casefile");
    assert.equal(made.data.manifestSha256, files["manifest.json"][1]);
    assert.ok(made.data.lastSeq >= receipt.seq, "the case file holds the receipt's entry");

    // One file changed with a zip tool: the zip is sound, the manifest is not.
    const changed = join(downloads, "changed.zip.bad");
    python("replace", file.path, "report.html", changed);
    const bad = verify(changed);
    assert.equal(bad.code, 1, `tw-verify: ${bad.out}`);
    assert.ok(bad.out.includes("report.html was changed after the case file was made"), bad.out);

    // The log page's "Check a file" says the same, in the browser: the zip
    // verified whole, then the changed copy refused, naming report.html.
    // The copy's name does not end in .zip: the page knows it by its bytes.
    await log.click('a[href="check.html"]');
    await log.waitForSelector("#check-form");
    const before = (await b.sendOk({ type: "journal.stats" })).head.seq;
    const checkOnPage = async (path) => {
      await log.$eval("#result", (r) => (r.hidden = true));
      await (await log.$("#file")).uploadFile(path);
      await log.click('#check-form button[type="submit"]');
      await log.waitForSelector("#result:not([hidden])", { timeout: 60000 });
      return log.evaluate(() => ({
        verdict: document.getElementById("verdict").textContent,
        facts: [...document.querySelectorAll("#facts dd")].map((d) => d.textContent),
        problemsShown: !document.getElementById("problems-part").hidden,
        problems: [...document.querySelectorAll("#problems li")].map((li) => [...li.querySelectorAll("p")].map((p) => p.textContent)),
      }));
    };
    const onPage = await checkOnPage(file.path);
    assert.equal(onPage.verdict, "Verified: every file in this case file is the one that was signed, and nothing in the evidence's log was changed, removed or reordered.", JSON.stringify(onPage));
    assert.equal(onPage.problemsShown, false);
    const shown = onPage.facts.join("\n");
    const fingerprint = /fingerprint (\S+)/.exec(good.out)[1];
    assert.ok(shown.includes(`valid, made by the key with fingerprint ${fingerprint}`), shown);
    const listed = Object.keys(files).length - 1; // all but the manifest itself
    assert.ok(shown.includes(`${listed} of the ${listed} files the signed list names match it`), shown);
    assert.ok(shown.includes(`receipts/receipt-${receipt.seq}.txt: entry ${receipt.seq}`), shown);
    const head = JSON.parse(python("cat", file.path, "manifest.json")).headHash;
    assert.ok(shown.includes(head), `the evidence's head is shown: ${shown}`);
    assert.deepEqual(await audit(log), [], "check page showing a verified case file");

    const refused = await checkOnPage(changed);
    assert.equal(refused.verdict, "NOT VERIFIED. Do not rely on this case file.", JSON.stringify(refused));
    assert.equal(refused.problems.length, 1, JSON.stringify(refused.problems));
    const [what, detail] = refused.problems[0];
    assert.equal(what, "report.html was changed after the case file was made.");
    const said = bad.out.split("\n").find((l) => l.startsWith("NOT VERIFIED: ")).slice("NOT VERIFIED: ".length);
    assert.equal(detail, `In detail (in English): ${said}`, "the page gives tw-verify's own sentence");
    assert.deepEqual(await audit(log), [], "check page showing a case file that does not verify");
    // The site may still be heard from (a late cookie or request) while the
    // page checks; what the check itself could write is a global entry.
    const since = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text).journal.entries.filter((e) => e.seq > before);
    assert.deepEqual(since.filter((e) => e.site === null).map((e) => e.type), [], `checking a case file journals nothing: ${JSON.stringify(since.map((e) => e.type))}`);
  });
}

after(async () => (await server()).close());
