// `make demo`: a real Chromium with the built extension visits the local
// stand-in of the DWP "Find a job" site (and a bystander news site), then
// prints what the extension found there and writes out/:
//   out/popup.png          the popup for findajob.dwp.gov.uk, 400 px wide (as it opens)
//   out/timeline.png       the log page's timeline of tracking per day
//   out/graph.png          the log page's graph of the companies the site sent data to
//   out/onboarding.png     the page the extension opens on first install
//   out/letter-subject-access.txt  a subject access request drafted from the evidence (letter.draft)
//   out/diary-week.html    the work-search diary's weekly summary, after a search and a job viewed on the stand-in
//   out/summary.json       the site.summary reply
//   out/evidence.json|.csv|.html  the evidence exports (the JSON checks with tw-verify)
import { mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server } from "../tests/e2e/harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "out");
mkdirSync(out, { recursive: true });
const SITE = "findajob.dwp.gov.uk";

const b = await launch("chromium", { variant: "deep" });
try {
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job", "uk-universal-credit"] });
  // The work-search diary is off until the user turns it on.
  await b.sendOk({ type: "settings.update", name: "diary", value: true });
  console.log(`Visiting https://${SITE}/ and https://www.bystander-news.example/ (local stand-ins)...`);
  await b.visit("www.bystander-news.example");
  const page = await b.visit(SITE);
  await new Promise((r) => setTimeout(r, 5000));
  // A search with the site's own form, then one of the jobs found.
  await page.type("#q", "care");
  await page.type("#w", "Bradford");
  await page.click("button[type=submit]");
  await page.waitForFunction(() => location.pathname === "/search" && document.documentElement.dataset.standInReady === "true", { timeout: 15000 });
  await page.click('a[href="/details/1002"]');
  await page.waitForSelector("#job-company", { timeout: 15000 });
  for (const end = Date.now() + 20000; ; ) {
    const kinds = (await b.sendOk({ type: "diary.list" })).entries.map((e) => e.kind);
    if (kinds.includes("search") && kinds.includes("view")) break;
    if (Date.now() > end) throw new Error(`the diary has ${kinds.join(", ") || "nothing"}, not a search and a view`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.close();
  const summary = await b.sendOk({ type: "site.summary", host: SITE });
  writeFileSync(join(out, "summary.json"), JSON.stringify(summary, null, 2));

  console.log(`\n${summary.site.name} (${summary.site.hosts.join(", ")}): ${summary.findings.length} items`);
  const c = summary.consent;
  console.log(`Consent recorded by the site: usage=${c.usage} campaigns=${c.campaigns} (from ${c.source ?? "no consent cookie"})`);
  const rows = summary.findings.map((f) => ({
    kind: f.kind,
    name: f.name.length > 40 ? f.name.slice(0, 37) + "..." : f.name,
    host: f.host,
    party: f.party,
    vendor: f.vendorName ?? "unknown",
    category: f.category,
    breach: f.consentBreach ? "YES" : "",
  }));
  console.table(rows);

  const popup = await b.popup(b.url(SITE));
  await popup.setViewport({ width: 400, height: 600 });
  await popup.screenshot({ path: join(out, "popup.png"), fullPage: true });
  console.log(`\nVerdict: ${await popup.$eval("#verdict", (e) => e.textContent)}`);
  const log = await b.openExtensionPage("report/log.html");
  await log.setViewport({ width: 1000, height: 800 });
  await log.waitForSelector("#timeline[data-drawn=true]", { timeout: 30000 });
  await (await log.$("#timeline-section")).screenshot({ path: join(out, "timeline.png") });
  await log.waitForSelector("#graph[data-drawn=true]", { timeout: 30000 });
  await (await log.$("#graph-section")).screenshot({ path: join(out, "graph.png") });
  const welcome = await b.openExtensionPage("onboarding/onboarding.html");
  await welcome.setViewport({ width: 800, height: 900 });
  await welcome.waitForSelector("main[aria-busy=false]");
  await welcome.screenshot({ path: join(out, "onboarding.png") });

  const letter = await b.sendOk({ type: "letter.draft", kind: "subject-access", site: summary.site.id });
  writeFileSync(join(out, "letter-subject-access.txt"), letter.text);
  console.log(`wrote out/letter-subject-access.txt (${letter.text.length} characters, evidence head ${letter.headHash.slice(0, 16)}...)`);
  const diary = await b.sendOk({ type: "diary.export", format: "html" });
  writeFileSync(join(out, "diary-week.html"), diary.text);
  console.log(`wrote out/diary-week.html (${diary.text.length} characters)`);

  for (const format of ["json", "csv", "html"]) {
    const r = await b.send({ type: "evidence.export", format });
    if (!r.ok) throw new Error(`evidence.export ${format}: ${r.name}: ${r.message}`);
    writeFileSync(join(out, `evidence.${format}`), r.value.text);
    console.log(`wrote out/evidence.${format} (${r.value.text.length} characters)`);
  }
  console.log("wrote out/popup.png, out/timeline.png, out/graph.png, out/onboarding.png and out/summary.json");
} finally {
  await b.close();
  (await server()).close();
}
