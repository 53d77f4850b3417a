// Issue 14: exports are streamed. A journal of a million entries (a heavy
// year) with a valid chain is written straight into IndexedDB, exported
// through the log page's button as a person would, saved by the browser's
// own download, and the file is checked natively by tw-verify. Functional,
// not timed: make bench measures the time and memory.
// TW_BIG_ENTRIES / TW_BIG_ENTRIES_FIREFOX change the sizes.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, openSync, readSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { launch, server, until, firefoxDownloadPrefs, finishedDownload } from "./harness.mjs";
import { writeBigJournal } from "./big-journal.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SIZES = { chromium: Number(process.env.TW_BIG_ENTRIES || 1_000_000), firefox: Number(process.env.TW_BIG_ENTRIES_FIREFOX || 20_000) };

// Waits until fn() says {ok: true}, through the harness's until().
const poll = (what, fn, timeout) => until(what, fn, (r) => r.ok, timeout);

function tail(path, n) {
  const size = statSync(path).size;
  const buf = Buffer.alloc(Math.min(n, size));
  const fd = openSync(path, "r");
  readSync(fd, buf, 0, buf.length, size - buf.length);
  closeSync(fd);
  return buf.toString("utf8");
}

function twVerify(path) {
  const build = spawnSync("cargo", ["build", "--quiet", "--release", "--bin", "tw-verify"], { cwd: root, encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
  return spawnSync(join(root, "target", "release", "tw-verify"), [path], { encoding: "utf8" });
}

for (const browserName of ["chromium", "firefox"]) {
  const n = SIZES[browserName];
  test(`${browserName}: a journal of ${n} entries exports through the log page as a file tw-verify accepts`, { timeout: 30 * 60 * 1000 }, async (t) => {
    const downloads = mkdtempSync(join(tmpdir(), `tw-downloads-${browserName}-`));
    t.after(() => rmSync(downloads, { recursive: true, force: true }));
    const b = await launch(browserName, {
      firefoxPrefs: {
        // The background stops when idle, so it starts again on the new head.
        "extensions.background.idle.timeout": 1000,
        ...firefoxDownloadPrefs(downloads),
      },
    });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.extensionPage();
    // deliver: "page": Chromium's service worker posts the file to its pages
    // as a Blob; Firefox's event page cannot, and stores it instead.
    const handed = await page.evaluate(async () => {
      const ticket = crypto.randomUUID();
      const posted = new Promise((resolve) => {
        navigator.serviceWorker?.addEventListener("message", (e) => e.data?.twExport === ticket && resolve(e.data.blob));
        navigator.serviceWorker?.startMessages();
      });
      const out = await globalThis.twBrowser.sendMessage({ type: "evidence.export", format: "json", deliver: "page", ticket });
      const blob = out.posted ? await posted : null;
      return { posted: out.posted ?? null, stored: typeof out.stored === "string", size: out.size, blobSize: blob?.size ?? null, head: blob ? (await blob.text()).slice(0, 40) : null };
    });
    if (browserName === "chromium") {
      assert.ok(handed.posted && !handed.stored, `posted, not stored: ${JSON.stringify(handed)}`);
      assert.equal(handed.blobSize, handed.size, "the posted Blob is the whole file");
      assert.match(handed.head, /^\{\s*"format":/);
    } else {
      assert.ok(handed.stored && !handed.posted, `stored: ${JSON.stringify(handed)}`);
    }
    const before = await b.sendOk({ type: "journal.stats" });
    const written = await writeBigJournal(page, n);
    assert.equal(written.first, before.head.seq + 1, "the synthetic entries follow the extension's own");
    if (browserName === "chromium") {
      // Woken (it may have gone idle while the journal was written), then
      // stopped, proven gone: the next start reads the new head.
      await b.sendOk({ type: "status.get" });
      await b.stopBackground();
      const cdp = await b.browser.target().createCDPSession();
      await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
    } else {
      await poll("the background stops when idle", async () => {
        const state = await b.firefoxBackgroundState();
        return { ok: state === "stopped", detail: state };
      }, 60000);
    }
    const stats = await b.sendOk({ type: "journal.stats" });
    assert.equal(stats.head.seq, written.last, "the background reads the new head");
    assert.equal(stats.count, written.last);

    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]", { timeout: 120000 });
    await log.click("button.export[data-format=json]");
    const file = await poll("the JSON export is downloaded", async () => {
      const f = finishedDownload(downloads, ".json");
      if (!f.ok) f.detail = { files: f.detail, status: await log.$eval("#status", (s) => s.textContent).catch(() => "") };
      return f;
    }, 15 * 60 * 1000);
    const status = await log.$eval("#status", (s) => s.textContent);
    assert.ok(status.includes(String(written.last)), `the page says how many entries it saved: ${status}`);

    const out = twVerify(file.path);
    assert.equal(out.status, 0, `tw-verify: ${out.stdout}\n${out.stderr}`);
    assert.ok(out.stdout.includes(String(written.last)), `tw-verify counts every entry: ${out.stdout}`);
    // The file is signed and ends where the journal did.
    const end = tail(file.path, 4096);
    assert.ok(end.includes(`"hash":"${written.head}"}\n]}`), "the last entry is the journal's head");
    assert.match(end, /"signature":\{"algorithm":"Ed25519"/);

    // The CSV too, through the same path: one row per entry.
    await log.click("button.export[data-format=csv]");
    const csv = await poll("the CSV export is downloaded", async () => finishedDownload(downloads, ".csv"), 15 * 60 * 1000);
    const rows = await new Promise((resolve, reject) => {
      let lines = 0;
      import("node:fs").then(({ createReadStream }) =>
        createReadStream(csv.path)
          .on("data", (c) => {
            for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
          })
          .on("end", () => resolve(lines))
          .on("error", reject),
      );
    });
    // Header, one row per entry, a blank line, the findings table's header
    // and its rows (the stand-in was not visited: none).
    assert.ok(rows >= written.last + 3, `${rows} CSV lines for ${written.last} entries`);
    assert.ok(tail(csv.path, 4096).includes(written.head), "the CSV ends with the journal's head");
  });
}

after(async () => (await server()).close());
