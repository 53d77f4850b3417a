// Issue 3: a filter list the user imports (Adblock Plus syntax, from a
// file) classifies requests the catalog does not know, the finding names
// the list and the filter, and the engine is loaded only once a list exists.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const LIST = ["[Adblock Plus 2.0]", "! Title: Test privacy list", "||jobs-widget.example^$third-party", "||nothing-here.example^"].join("\n");

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: an imported filter list classifies unknown requests`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    const first = await b.visit(SITE);
    const before = await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.host === "embed.jobs-widget.example" && f.kind === "request"));
    assert.equal(before.findings.find((f) => f.host === "embed.jobs-widget.example" && f.kind === "request").category, "unknown");
    await first.close();
    assert.equal((await b.sendOk({ type: "status.get" })).filtersLoaded, false, "no engine before a list is imported");

    const dir = mkdtempSync(join(tmpdir(), "tw-list-"));
    writeFileSync(join(dir, "privacy.txt"), LIST);
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.type("#list-name", "Test list");
    const input = await options.$("#list-file");
    await input.uploadFile(join(dir, "privacy.txt"));
    await options.click("#list-form button[type=submit]");
    await options.waitForFunction(() => document.querySelector("#lists li[data-list]") !== null, { timeout: 15000 });
    assert.match(await options.$eval("#lists", (e) => e.innerText), /Test list: 2 rules/);

    // A file that is no filter list is refused, and nothing changes.
    const refused = await b.send({ type: "filters.import", name: "Bad", text: "<html><body>not a list</body></html>" });
    assert.equal(refused.ok, false);
    assert.equal((await b.sendOk({ type: "filters.list" })).length, 1);

    await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) =>
      s.findings.some((f) => f.kind === "request" && f.host === "embed.jobs-widget.example" && f.reason.startsWith("filter-list:")),
    );
    const widget = summary.findings.find((f) => f.kind === "request" && f.host === "embed.jobs-widget.example");
    assert.equal(widget.reason, "filter-list:Test list:||jobs-widget.example^$third-party");
    assert.equal(widget.category, "analytics");
    assert.equal(widget.vendor, null, "a list never names a vendor");
    const hotjar = summary.findings.find((f) => f.kind === "request" && f.host === "static.hotjar.com");
    assert.ok(hotjar.reason.startsWith("domain:") || hotjar.reason.startsWith("request:"), "the catalog still decides what it knows");
    assert.equal((await b.sendOk({ type: "status.get" })).filtersLoaded, true);
  });
}

after(async () => (await server()).close());
