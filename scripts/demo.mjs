// `make demo`: a real Chromium with the built extension visits the local
// stand-in of the DWP "Find a job" site (and a bystander news site), then
// prints what the extension found there and writes out/:
//   out/popup.png          the popup for findajob.dwp.gov.uk, 400 px wide (as it opens)
//   out/timeline.png       the log page's timeline of tracking per day
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
  console.log(`Visiting https://${SITE}/ and https://www.bystander-news.example/ (local stand-ins)...`);
  await b.visit("www.bystander-news.example");
  const page = await b.visit(SITE);
  await new Promise((r) => setTimeout(r, 5000));
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

  for (const format of ["json", "csv", "html"]) {
    const r = await b.send({ type: "evidence.export", format });
    if (!r.ok) throw new Error(`evidence.export ${format}: ${r.name}: ${r.message}`);
    writeFileSync(join(out, `evidence.${format}`), r.value.text);
    console.log(`wrote out/evidence.${format} (${r.value.text.length} characters)`);
  }
  console.log("wrote out/popup.png, out/timeline.png and out/summary.json");
} finally {
  await b.close();
  (await server()).close();
}
