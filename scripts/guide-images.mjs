// The screenshots in docs/user-guide.md and docs/canllaw-defnyddiwr.md:
// Chromium with the built extension visits the Find a job stand-in, then
// the popup, the log page's graph of companies and the onboarding page are
// saved in English and in Welsh to docs/images/ (`node scripts/guide-images.mjs`
// after `make dist`). Kept small (about 300 KB in all): the popup at
// 400 × 600, the graph as drawn, the top of the onboarding page.
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server } from "../tests/e2e/harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs", "images");
mkdirSync(out, { recursive: true });
const SITE = "findajob.dwp.gov.uk";
const COMPANIES = ["google-analytics", "google-tag-manager", "meta-pixel", "hotjar"];

const b = await launch("chromium", { variant: "deep" });
try {
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const page = await b.visit(SITE);
  await b.waitForSummary(SITE, (s) => COMPANIES.every((v) => s.findings.some((f) => f.kind === "request" && f.vendor === v)));
  await page.close();
  for (const lang of ["en", "cy"]) {
    // The language is chosen in the options, as a user does.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.select("#language", lang);
    await options.waitForFunction((l) => globalThis.document.documentElement.lang.startsWith(l), { timeout: 15000 }, lang);
    await options.close();

    const popup = await b.popup(b.url(SITE));
    await popup.setViewport({ width: 400, height: 600 });
    await popup.screenshot({ path: join(out, `popup-${lang}.png`) });
    const log = await b.openExtensionPage("report/log.html");
    await log.setViewport({ width: 900, height: 800 });
    await log.waitForSelector("#graph[data-drawn=true] svg", { timeout: 30000 });
    await (await log.$("#graph svg")).screenshot({ path: join(out, `graph-${lang}.png`) });
    const welcome = await b.openExtensionPage("onboarding/onboarding.html");
    await welcome.setViewport({ width: 760, height: 380 });
    await welcome.waitForSelector("main[aria-busy=false]");
    await welcome.screenshot({ path: join(out, `onboarding-${lang}.png`) });
    for (const p of [popup, log, welcome]) await p.close();
    console.log(`wrote docs/images/popup-${lang}.png, graph-${lang}.png, onboarding-${lang}.png`);
  }
} finally {
  await b.close();
  (await server()).close();
}
