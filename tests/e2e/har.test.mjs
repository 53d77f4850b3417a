// The HAR export in both browsers: HAR 1.2 that a HAR reader accepts, one
// entry per request.seen entry of the journal (matched by seq, hash, host
// and path), no query string, and its SHA-256 recorded in export.made.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the HAR export holds the journal's requests and is recorded by its hash`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.kind === "request"));
    // Requests are coalesced for a while before they are journaled; wait
    // until the journal holds some.
    const end = Date.now() + 90000;
    let requests = [];
    while (Date.now() < end) {
      requests = (await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "request.seen" } })).entries;
      if (requests.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(requests.length > 0, "the journal has request.seen entries");

    const out = await b.sendOk({ type: "evidence.export", format: "har" });
    assert.equal(out.mimeType, "application/json");
    assert.match(out.filename, /\.har$/);
    const har = JSON.parse(out.text);
    assert.equal(har.log.version, "1.2");
    const bySeq = new Map(har.log.entries.map((e) => [e._twSeq, e]));
    const journaled = (await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "request.seen" } })).entries;
    assert.equal(har.log.entries.length, journaled.length, "one HAR entry per request.seen entry");
    for (const r of journaled) {
      const e = bySeq.get(r.seq);
      assert.ok(e, `entry ${r.seq} is in the HAR`);
      assert.equal(e._twHash, r.hash);
      const url = new URL(e.request.url);
      assert.equal(url.hostname, r.data.host);
      assert.equal(url.search, "", "no query string");
      assert.ok(Array.isArray(e.request.headers) && e.request.headers.length === 0);
      assert.equal(typeof e.timings.send, "number");
    }
    const page = await b.sendOk({ type: "journal.page", limit: 5, filter: { type: "export.made" } });
    const made = page.entries.find((e) => e.data.format === "har");
    assert.ok(made, "export.made for the HAR");
    assert.equal(made.data.sha256, createHash("sha256").update(out.text, "utf8").digest("hex"));
  });
}

after(async () => (await server()).close());
