// Issue 13: the third-party graph, on the log page and in the HTML report
// (with the report's timeline). After a visit of the Find a job stand-in,
// the log page's SVG puts the site in the middle of a circle for each
// company the journal's request.seen entries name (worked out here from
// journal.page, independently), each carrying that company's count; it is
// an image whose title names the site and whose description names every
// company with its count; the table behind the toggle (opened with the
// keyboard) says the same. The HTML report draws the same companies and a
// timeline lane for the site, each picture with its words. axe finds
// nothing on either page.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
// The companies whose stand-ins the Find a job page loads (docs/stand-ins.md).
const STAND_IN_COMPANIES = { "google-tag-manager": "Google Tag Manager", "google-analytics": "Google Analytics", "meta-pixel": "Meta Pixel", hotjar: "Hotjar" };

// The companies of the site's request.seen entries, from the whole journal:
// vendor id ("" for addresses nobody recognised) -> times contacted.
async function companiesInJournal(b, siteId) {
  const counts = new Map();
  let before = null;
  do {
    const page = await b.sendOk({ type: "journal.page", before, limit: 500, filter: { site: siteId, type: "request.seen" } });
    for (const e of page.entries) {
      if (e.data.party === "first") continue;
      const v = e.data.vendor ?? "";
      counts.set(v, (counts.get(v) ?? 0) + (e.data.count ?? 1));
    }
    before = page.next;
  } while (before);
  return counts;
}

const sameCounts = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the third-party graph on the log page and in the HTML report`, { timeout: 180000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) => Object.keys(STAND_IN_COMPANIES).every((v) => s.findings.some((f) => f.kind === "request" && f.vendor === v)));
    await page.close();
    const siteId = summary.site.id;

    // Counted before and after the page is drawn until the two agree: then
    // no request came in while it was drawn.
    let log = null;
    let expected = await companiesInJournal(b, siteId);
    let settled = false;
    for (const end = Date.now() + 30000; Date.now() < end && !settled; ) {
      await log?.close();
      log = await b.openExtensionPage("report/log.html");
      await log.waitForSelector("#graph[data-drawn=true]", { timeout: 30000 });
      const now = await companiesInJournal(b, siteId);
      settled = sameCounts(now, expected);
      expected = now;
    }
    assert.ok(settled, "the journal settled");
    for (const v of Object.keys(STAND_IN_COMPANIES)) assert.ok(expected.has(v), `the journal has ${v}'s requests`);

    const drawn = await log.evaluate(() => {
      const svg = document.querySelector("#graph svg");
      const [title, desc] = svg.getAttribute("aria-labelledby").split(" ").map((id) => document.getElementById(id));
      return {
        role: svg.getAttribute("role"),
        titleTag: title.tagName,
        title: title.textContent,
        desc: desc.textContent,
        centre: svg.querySelector("text.centre").textContent,
        nodes: [...svg.querySelectorAll("g[data-vendor]")].map((g) => ({ vendor: g.dataset.vendor, count: Number(g.dataset.count), r: Number(g.querySelector("circle").getAttribute("r")), fill: g.querySelector("circle").getAttribute("fill"), text: g.querySelector("text").textContent })),
        toggle: document.querySelector(".graph-toggle").getAttribute("aria-expanded"),
        tableHidden: document.querySelector(".graph-table").hidden,
      };
    });
    assert.equal(drawn.role, "img");
    assert.equal(drawn.titleTag, "title");
    assert.ok(drawn.title.includes(summary.site.name), `the title names the site: ${drawn.title}`);
    assert.equal(drawn.centre, summary.site.name, "the site in the middle");
    assert.ok(expected.size <= 12, `${expected.size} companies: one circle each`);
    assert.deepEqual(new Map(drawn.nodes.map((n) => [n.vendor, n.count])), expected, "a circle per company, with its times contacted");
    // Sized by how often: more contacts, no smaller a circle.
    for (const a of drawn.nodes) for (const c of drawn.nodes) if (a.count > c.count) assert.ok(a.r > c.r, `${a.vendor} (${a.count}) bigger than ${c.vendor} (${c.count})`);
    const ga = drawn.nodes.find((n) => n.vendor === "google-analytics");
    assert.equal(ga.fill, "#1d70b8", "coloured by category (analytics)");
    assert.match(ga.text, /^Google Analytics\s*analytics · (\d+ times|once)$/);
    assert.equal(drawn.nodes.find((n) => n.vendor === "hotjar").fill, "#b45309", "session recording's colour");
    for (const [v, name] of Object.entries(STAND_IN_COMPANIES)) assert.ok(drawn.desc.includes(`${name} (`) && drawn.desc.includes(`): ${expected.get(v)}`), `the description names ${name} with its count: ${drawn.desc}`);
    assert.equal(drawn.toggle, "false");
    assert.equal(drawn.tableHidden, true, "the table starts behind its toggle");

    await log.focus(".graph-toggle");
    await log.keyboard.press("Enter");
    await log.waitForFunction(() => !document.querySelector(".graph-table").hidden, { timeout: 5000 });
    const rows = await log.$$eval(".graph-table tbody tr", (trs) => trs.map((tr) => ({ vendor: tr.dataset.vendor, cells: [...tr.cells].map((c) => c.textContent) })));
    assert.deepEqual(new Map(rows.map((r) => [r.vendor, Number(r.cells[2])])), expected, "the table's counts");
    assert.equal(rows.find((r) => r.vendor === "hotjar").cells[0], "Hotjar");
    assert.equal(rows.find((r) => r.vendor === "hotjar").cells[1], "session recording");
    assert.deepEqual(await audit(log), [], "log page with the graph and its table");

    // The HTML report, made after the page was drawn: the same companies.
    const report = await b.sendOk({ type: "evidence.export", format: "html" });
    assert.ok(!/<script/i.test(report.text), "no script in the report");
    const view = await b.browser.newPage();
    // Without its CSP (which would refuse axe's script), as the evidence test does.
    await view.setContent(report.text.replace(/<meta[^>]+Content-Security-Policy[^>]*>/i, ""));
    const inReport = await view.evaluate(() => {
      const svgs = [...document.querySelectorAll("svg[role=img]")];
      const words = (svg) => svg.getAttribute("aria-labelledby").split(" ").map((id) => document.getElementById(id)?.textContent);
      const graph = svgs.find((s) => s.classList.contains("graph"));
      const timeline = svgs.find((s) => s.classList.contains("timeline"));
      return {
        graph: graph && words(graph),
        timeline: timeline && words(timeline),
        lanes: timeline?.querySelectorAll("g").length,
        bars: timeline?.querySelectorAll("rect").length,
        circles: graph?.querySelectorAll("circle").length,
        // The picture, its key, then the table behind its toggle.
        rows: [...(graph?.nextElementSibling?.nextElementSibling?.querySelectorAll("tbody tr") ?? [])].map((tr) => [...tr.cells].map((c) => c.textContent)),
      };
    });
    assert.ok(inReport.graph, "the report has the graph");
    assert.ok(inReport.graph[0].includes(summary.site.name), `its title names the site: ${inReport.graph[0]}`);
    for (const name of Object.values(STAND_IN_COMPANIES)) assert.ok(inReport.graph[1].includes(`${name} (`), `the report's description names ${name}: ${inReport.graph[1]}`);
    assert.equal(inReport.circles, expected.size, "a circle per company in the report");
    const onPage = new Map(rows.map((r) => [r.cells[0], Number(r.cells[2])]));
    assert.deepEqual(new Map(inReport.rows.map((r) => [r[0], Number(r[2])])), onPage, "the report's table: the same companies, names and counts as the page's");
    assert.ok(inReport.timeline, "the report has the timeline");
    assert.ok(inReport.timeline[1].includes(`${summary.site.name}:`), `its description names the site: ${inReport.timeline[1]}`);
    assert.equal(inReport.lanes, 1, "one lane, for the site");
    assert.ok(inReport.bars >= 1, "today's bar");
    assert.deepEqual(await audit(view), [], "the HTML report with its pictures");
    await view.close();
  });
}

after(async () => (await server()).close());
