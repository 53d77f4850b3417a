// Page loads with and without the extension, in the same run (issue 12's
// budget: all page-world work <= 1 ms of main-thread time per load of the
// stand-in, at the median). Nothing is marked inside the page: everything
// is read from outside, per load, in Chromium:
//   - a trace (devtools.timeline): the tasks that ran the extension's
//     scripts (evaluating each content script, its listeners and timers),
//     split by script, and the renderer main thread's total busy time;
//   - a CPU profile sampled every 100 µs: the time spent inside the
//     page-world observers while the page's own scripts call the functions
//     they wrap (work a trace cannot split from the page's own call).
// Loads alternate between a browser with the extension and one without, so
// both see the same moments of a shared machine. Run alone with
// `BENCH_ONLY=pages node scripts/bench-browser.mjs`.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { launch } from "../tests/e2e/harness.mjs";
import { HOSTS, chromiumHostRules } from "../www/server.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
// "median (lowest–highest)": the machine is shared, one figure alone says
// too little.
const spread = (xs) => `${f2(median(xs))} (${f2(Math.min(...xs))}–${f2(Math.max(...xs))})`;

async function plainChromium() {
  const profile = mkdtempSync(join(tmpdir(), "tw-plain-"));
  mkdirSync(join(profile, "Default"), { recursive: true });
  writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    pipe: true,
    args: [`--host-resolver-rules=${chromiumHostRules(HOSTS)}`, "--ignore-certificate-errors", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return { browser, close: async () => (await browser.close(), rmSync(profile, { recursive: true, force: true })) };
}

// The renderer main thread of the page's process: the thread named
// CrRendererMain that ran the document's parsing.
function mainThread(events) {
  const parse = events.filter((e) => e.name === "ParseHTML").sort((a, b) => a.ts - b.ts)[0];
  return parse ? { pid: parse.pid, tid: parse.tid } : null;
}

// Top-level tasks only (one inside another is counted once).
function busy(events, keep) {
  const top = [];
  for (const e of events.filter((x) => x.ph === "X" && keep(x)).sort((a, b) => a.ts - b.ts)) {
    const outer = top.at(-1);
    if (outer && outer.tid === e.tid && e.ts < outer.ts + outer.dur) continue;
    top.push(e);
  }
  // Thread time where the trace has it: the machine is shared, and wall
  // time counts the moments another process had the core.
  return top.reduce((n, e) => n + (e.tdur ?? e.dur) / 1000, 0);
}

function traceFigures(events, base) {
  const thread = mainThread(events);
  const onMain = (e) => thread && e.pid === thread.pid && e.tid === thread.tid;
  const total = busy(events, (e) => onMain(e) && (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask"));
  const ours = {};
  const scriptOf = (e) => String(e.args?.data?.url || e.args?.data?.scriptName || "");
  for (const e of events) {
    if (e.ph !== "X" || !["EvaluateScript", "FunctionCall", "v8.evaluateModule"].includes(e.name)) continue;
    const url = scriptOf(e);
    if (!url.startsWith(base) || !thread || e.pid !== thread.pid) continue;
    const name = url.slice(base.length);
    (ours[name] ??= []).push(e);
  }
  const perScript = {};
  for (const [name, list] of Object.entries(ours)) perScript[name] = busy(list, () => true);
  // The observers' evaluation at document_start apart from their later
  // tasks (timers, and the bridge's handling of their events).
  const pw = ours["content/page-world.js"] || [];
  const evaluation = busy(pw, (e) => e.name === "EvaluateScript");
  return { total, perScript, evaluation, extension: busy(Object.values(ours).flat(), () => true) };
}

// Time inside the page-world observers while the page's own scripts call
// what they wrap, from a sampled profile: samples whose nearest script
// frame is ours, under a call that started in a page script. Samples in the
// Proxy trap itself ("apply") are the wrapped original running (the DOM's
// built-ins have no frame of their own), so they are the page's; samples
// of a task that started in our script (evaluation, timers) are the
// trace's to count.
function profileFigures(profile, file) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const memo = new Map();
  const inCall = (leaf) => {
    if (memo.has(leaf)) return memo.get(leaf);
    let nearest = null;
    let outer = null;
    for (let cur = leaf; cur !== undefined; cur = parent.get(cur)) {
      const cf = nodes.get(cur).callFrame;
      if (!cf.url) continue;
      nearest ??= cf;
      outer = cf;
    }
    const answer = !!nearest && nearest.url.endsWith(file) && nearest.functionName !== "apply" && !outer.url.endsWith(file);
    memo.set(leaf, answer);
    return answer;
  };
  // Which of our functions the samples were in (the nearest of our frames,
  // as "name@line:column" of the bundle), for BENCH_PAGE_DETAIL=1.
  const where = (leaf) => {
    for (let cur = leaf; cur !== undefined; cur = parent.get(cur)) {
      const cf = nodes.get(cur).callFrame;
      if (cf.url) return `${cf.functionName || "(anonymous)"}@${cf.lineNumber}:${cf.columnNumber}`;
    }
    return "?";
  };
  let ms = 0;
  const detail = {};
  const deltas = profile.timeDeltas || [];
  for (let i = 0; i < profile.samples.length; i++) {
    if (!inCall(profile.samples[i])) continue;
    const d = (deltas[i + 1] ?? 0) / 1000;
    ms += d;
    const w = where(profile.samples[i]);
    detail[w] = (detail[w] ?? 0) + d;
  }
  return { ms, detail };
}

// How many times each of the observers' functions that take a stack ran in
// one load (V8's precise coverage, with call counts): a count, not a time,
// so it does not move with the machine's load. Named by their text in the
// bundle, which is read from the build's own folder.
async function stackCalls(browser, url, dir, settleMs) {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
  await page.goto(url, { waitUntil: "load" });
  await new Promise((r) => setTimeout(r, settleMs));
  const { result } = await cdp.send("Profiler.takePreciseCoverage");
  await page.close();
  const source = readFileSync(join(dir, "content", "page-world.js"), "utf8");
  const counts = [];
  const busiest = [];
  for (const script of result.filter((r) => r.url.endsWith("content/page-world.js"))) {
    for (const fn of script.functions) {
      const [whole] = fn.ranges;
      const text = source.slice(whole.startOffset, whole.endOffset);
      if (/\.stack\b/.test(text) && whole.count && text.length < 600) counts.push(`${fn.functionName || "(anonymous)"}×${whole.count}`);
      if (whole.count && whole.startOffset > 0) busiest.push([whole.count, `${JSON.stringify(text.slice(0, 70))}×${whole.count}`]);
    }
  }
  const most = busiest.sort((a, b) => b[0] - a[0]).slice(0, 15).map(([, t]) => t);
  return (counts.join(", ") || "none") + (process.env.BENCH_PAGE_DETAIL ? `; the most called: ${most.join(", ")}` : "");
}

async function load(browser, url, base, settleMs, { profiled = false } = {}) {
  const page = await browser.newPage();
  let cdp = null;
  if (profiled) {
    cdp = await page.createCDPSession();
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
  } else {
    await page.tracing.start({ categories: ["devtools.timeline", "toplevel"] });
  }
  await page.goto(url, { waitUntil: "load" });
  await new Promise((r) => setTimeout(r, settleMs));
  let out;
  if (profiled) {
    const { profile } = await cdp.send("Profiler.stop");
    const { ms, detail } = profileFigures(profile, "content/page-world.js");
    out = { inCalls: ms, detail };
  } else {
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString("utf8"));
    out = traceFigures(trace.traceEvents || trace, base || "\u0000");
  }
  await page.close();
  return out;
}

// Adds its rows to `table` (scripts/bench-report.mjs) and prints lines.
// BENCH_PAGE_BASELINE=<variant> also loads dist/chrome-<variant> (an
// earlier build copied there) in the same rounds, for before/after figures.
export async function pageFigures(table, { loads = Number(process.env.BENCH_PAGE_LOADS || 7), settleMs = 3000 } = {}) {
  const variants = [["this build", await launch("chromium"), "chrome"]];
  if (process.env.BENCH_PAGE_BASELINE) variants.push([`dist/chrome-${process.env.BENCH_PAGE_BASELINE}`, await launch("chromium", { variant: process.env.BENCH_PAGE_BASELINE }), `chrome-${process.env.BENCH_PAGE_BASELINE}`]);
  const plain = await plainChromium();
  const lines = [];
  try {
    for (const [, b] of variants) await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const url = (path) => variants[0][1].url(SITE, path);
    // One load each first, so caches are alike (every browser fetches each
    // script once before the measured loads).
    for (const path of ["/", "/monitoring/"]) {
      for (const [, b] of variants) await load(b.browser, url(path), b.base, 500);
      await load(plain.browser, url(path), null, 500);
    }
    for (const [name, path] of [["stand-in", "/"], ["monitoring stand-in", "/monitoring/"]]) {
      const runs = variants.map(() => []);
      const without = [];
      for (let i = 0; i < loads; i++) {
        for (const [v, [, b]] of variants.entries()) runs[v].push(await load(b.browser, url(path), b.base, settleMs));
        without.push(await load(plain.browser, url(path), null, settleMs));
      }
      // Profiled loads apart: the sampling slows everything it watches.
      for (const [v, [, b]] of variants.entries()) {
        for (const l of runs[v]) Object.assign(l, await load(b.browser, url(path), b.base, settleMs, { profiled: true }));
      }
      const mainWithout = median(without.map((l) => l.total));
      for (const [v, [label]] of variants.entries()) {
        const withExt = runs[v];
        const pw = withExt.map((l) => (l.perScript["content/page-world.js"] || 0) + l.inCalls);
        const pwEval = median(withExt.map((l) => l.perScript["content/page-world.js"] || 0));
        const pwCalls = median(withExt.map((l) => l.inCalls));
        const ext = median(withExt.map((l) => l.extension + l.inCalls));
        const mainWith = median(withExt.map((l) => l.total));
        const scripts = new Set(withExt.flatMap((l) => Object.keys(l.perScript)));
        const split = [...scripts].sort().map((s) => `${s} ${f2(median(withExt.map((l) => l.perScript[s] || 0)))}`).join(", ");
        lines.push(
          `page loads of the ${name}, ${label} (median of ${loads}, load average ${loadavg()[0].toFixed(1)}; thread time): page-world work ${f2(median(pw))} ms ` +
            `(its own tasks ${f2(pwEval)} ms, with the bridge's handling of its events; inside the page's calls ${f2(pwCalls)} ms, sampled; target <= 1 ms); all of the extension's scripts ${f2(ext)} ms (${split}); ` +
            `ranges (median, lowest–highest): page-world ${spread(pw)}, own tasks ${spread(withExt.map((l) => l.perScript["content/page-world.js"] || 0))} (evaluation ${spread(withExt.map((l) => l.evaluation || 0))}), inside calls ${spread(withExt.map((l) => l.inCalls))}; ` +
            `renderer main thread busy ${f1(mainWith)} ms with the extension, ${f1(mainWithout)} ms without (ratio ${f2(mainWith / mainWithout)})`,
        );
        lines.push(`  stacks taken in one load of the ${name}, ${label} (the functions that read one, as named in the bundle, and their calls): ${await stackCalls(variants[v][1].browser, url(path), join(root, "dist", variants[v][2]), settleMs)}`);
        if (process.env.BENCH_PAGE_DETAIL) {
          const sum = {};
          for (const l of withExt) for (const [k, ms] of Object.entries(l.detail || {})) sum[k] = (sum[k] ?? 0) + ms / withExt.length;
          const top = Object.entries(sum).sort((a, b) => b[1] - a[1]).slice(0, 12);
          lines.push(`  inside the page's calls, ${label}, mean per load by function: ${top.map(([k, ms]) => `${k} ${f2(ms)}`).join(", ")}`);
        }
        if (v === 0) table.row(`page-world work per load of the ${name} <= 1 ms (median)`, `${f2(median(pw))} ms; main thread ${f1(mainWith)} vs ${f1(mainWithout)} ms without the extension`, median(pw) <= 1);
      }
    }
  } finally {
    for (const [, b] of variants) await b.close();
    await plain.close();
  }
  for (const l of lines) console.log(l);
  return lines;
}
