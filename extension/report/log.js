import { t, localize, el, clear, bdi, visible, send } from "../ui/dom.js";
import { openStore } from "../store.js";
import { showProblem } from "../ui/problem.js";
import { entrySentence, localTime } from "./entry-words.js";
import { drawTimeline } from "./timeline.js";
import { drawGraph } from "./graph.js";
import { timelineData } from "./timeline-data.js";
import { showTimestamps, wireTimestamps, exportStamp, stampedMessage } from "./timestamp.js";
import { followHead } from "./follow-head.js";

const M = globalThis.twMessages;
const $ = (id) => document.getElementById(id);
const TYPES = [
  "cookie", "storage", "request.seen", "consent.changed", "site", "cleanup", "export.made",
  "evidence.recorded", "archive.checkpoint", "settings.changed", "timestamp.added",
];
let next = null;
// The filter the rows on screen were found with.
let shownFilter = null;

function filters() {
  return {
    site: $("f-site").value || null,
    type: $("f-type").value || null,
    from: $("f-from").value ? `${$("f-from").value}T00:00:00.000Z` : null,
    to: $("f-to").value ? `${$("f-to").value}T23:59:59.999Z` : null,
  };
}

// The watched sites' names by id, for the sentences; rows are drawn once
// they are in (asked for beside the first page, not before it).
const siteNames = new Map();
let namesReady = Promise.resolve();

// The entry as it was recorded, one click away: its type, site id, time in
// UTC, hash and every data field. Site-supplied strings (cookie names, keys,
// hosts) go in as text only, each in its own isolate, controls visible.
function rawFields(entry) {
  const list = el("dl", { class: "raw" });
  const add = (name, value) => list.append(el("dt", {}, name), el("dd", {}, bdi(value && typeof value === "object" ? JSON.stringify(value) : String(value))));
  add("type", entry.type);
  if (entry.site) add("site", entry.site);
  add(t("logRawTime"), entry.time);
  for (const [k, v] of Object.entries(entry.data || {})) if (v !== undefined && v !== null) add(k, v);
  if (entry.hash) add("hash", entry.hash);
  return el("details", {}, el("summary", {}, t("logRawFields", [String(entry.seq)])), list);
}

function row(e) {
  return el(
    "tr",
    { "data-seq": e.seq, "data-type": e.type, "data-site": e.site ?? "" },
    el("td", {}, e.seq),
    el("td", {}, el("time", { datetime: e.time }, localTime(e.time))),
    el("td", { class: "sentence" }, ...entrySentence(e, siteNames)),
    el("td", { class: "detail" }, rawFields(e)),
  );
}

// Loads counted on the table (data-loads), so that a test can wait for the
// answer to a search rather than guess how long it takes.
let loads = 0;

async function load(reset) {
  $("entries").setAttribute("aria-busy", "true");
  try {
    await loadPage(reset);
  } finally {
    $("entries").setAttribute("aria-busy", "false");
    $("entries").dataset.loads = String(++loads);
  }
}

async function loadPage(reset) {
  // The filter is read before the answer comes, so a page of older
  // entries continues the search the rows above came from.
  const filter = reset ? filters() : shownFilter;
  const page = await send({ type: M.JOURNAL_PAGE, before: reset ? null : next, limit: 100, filter });
  await namesReady;
  if (reset) {
    clear($("rows"));
    shownFilter = filter;
  }
  for (const e of page.entries) $("rows").append(row(e));
  next = page.next;
  $("more").hidden = !next;
  if (reset && !page.entries.length) $("status").textContent = t("logEmpty");
  else $("status").textContent = "";
}

async function main() {
  localize();
  send({ type: M.STATUS }).then((s) => showProblem($("problem"), s), () => {});
  // The first page is asked for at once (no filter is chosen yet), beside
  // the size and the sites; its rows are drawn once the sites' names are in.
  const sites = send({ type: M.SITES_LIST });
  namesReady = sites.then((config) => config.sites.forEach((s) => siteNames.set(s.id, s.name))).catch(() => {});
  const firstPage = load(true);
  const [stats, config] = await Promise.all([send({ type: M.JOURNAL_STATS }), sites]);
  showStats(stats);
  showTimestamps(config, stats);
  for (const s of config.sites) $("f-site").append(el("option", { value: s.id }, visible(s.name)));
  for (const ty of TYPES) $("f-type").append(el("option", { value: ty }, ty));
  await firstPage;
  $("main").setAttribute("aria-busy", "false");
  // For `make bench`: when the first page and the size are on screen.
  performance.mark("tw-log-ready");
  // The pictures come after the entries, which do not wait for them; both
  // are drawn from one walk of the journal.
  const boxes = [$("timeline"), $("graph")];
  try {
    const data = await timelineData(send);
    drawTimeline($("timeline"), data, siteNames);
    drawGraph($("graph"), data, siteNames);
  } catch (e) {
    for (const box of boxes) if (box.dataset.drawn !== "true") box.textContent = t("errorGeneric", [e.message]);
  }
  for (const box of boxes) box.setAttribute("aria-busy", "false");
}

// Saves text as a file through a download link (no permission needed).
function save(result) {
  const url = URL.createObjectURL(new Blob([result.bytes ?? result.text], { type: result.mimeType }));
  const a = el("a", { href: url, download: result.filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Listens for a file the background posts to this page (deliver: "page",
// docs/messages.md): `file` is the Blob with this ticket, or null if none
// came before `stopAfter(ms)` ran out. Null where this page cannot receive
// posts from the background (no service worker container).
function postedFile() {
  let container;
  try {
    container = navigator.serviceWorker;
  } catch {
    return null;
  }
  if (!container) return null;
  const ticket = crypto.randomUUID();
  let settle;
  const file = new Promise((resolve) => (settle = resolve));
  const onMessage = (/** @type {MessageEvent} */ e) => {
    if (e.data?.twExport === ticket && e.data.blob instanceof Blob) done(e.data.blob);
  };
  const done = (value) => {
    container.removeEventListener("message", onMessage);
    settle(value);
  };
  container.addEventListener("message", onMessage);
  container.startMessages();
  return { ticket, file, stopAfter: (ms) => setTimeout(() => done(null), ms) };
}

async function exportAs(format, whole = false, stamp = null) {
  const f = filters();
  const request = { type: M.EVIDENCE_EXPORT, format };
  if (stamp) {
    await stamp;
    request.timestamp = true;
  }
  if (whole) request.forArchive = true;
  // A case file is always of the whole log (its button says so).
  else if (format !== "casefile") {
    if (f.site) request.site = f.site;
    if (f.from) request.from = f.from;
    if (f.to) request.to = f.to;
  }
  // The file comes back as a Blob posted to this page where the background
  // is a service worker (Chromium), else through the extension's storage,
  // so that a journal of any size fits (a runtime message is limited to
  // 64 MiB). A case file is always stored.
  const posted = format === "casefile" ? null : postedFile();
  request.deliver = posted ? "page" : "storage";
  if (posted) request.ticket = posted.ticket;
  const result = await send(request).finally(() => posted?.stopAfter(60000));
  if (result.posted) {
    result.bytes = await posted.file;
    if (result.bytes === null) throw new Error(t("logExportMissing"));
  } else if (result.stored) {
    const store = await openStore();
    result.bytes = await store.takeExport(result.stored);
    store.close();
    if (result.bytes === null) throw new Error(t("logExportMissing"));
  }
  save(result);
  $("status").textContent = t("logExported", [String(result.count), result.filename]);
  if (result.timestamp) $("status").textContent += " " + stampedMessage(result.timestamp);
  // An export is journaled, so the head has moved.
  await refreshStats();
  return result;
}

for (const button of document.querySelectorAll("button.export")) {
  // The permission for a timestamp is asked for from the click itself.
  button.addEventListener("click", () =>
    exportAs(button.dataset.format, false, exportStamp(button.dataset.format)).catch((e) => ($("status").textContent = t("errorGeneric", [e.message]))),
  );
}

let archiveHeadSeq = null;
$("archive-export").addEventListener("click", async () => {
  try {
    const result = await exportAs("json", true);
    archiveHeadSeq = result.headSeq;
    $("archive-confirm").hidden = false;
    $("archive-clear").focus();
  } catch (e) {
    $("status").textContent = t("errorGeneric", [e.message]);
  }
});
$("archive-cancel").addEventListener("click", () => {
  $("archive-confirm").hidden = true;
  archiveHeadSeq = null;
});
$("archive-clear").addEventListener("click", async () => {
  try {
    const r = await send({ type: M.JOURNAL_ARCHIVE, headSeq: archiveHeadSeq });
    $("archive-confirm").hidden = true;
    $("status").textContent = t("logArchived", [String(r.archived)]);
    showStats(await send({ type: M.JOURNAL_STATS }));
    await load(true);
  } catch (e) {
    $("status").textContent = t("errorGeneric", [e.message]);
  }
});

$("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  load(true);
});
$("more").addEventListener("click", () => load(false));
main().catch((e) => {
  $("status").textContent = t("errorGeneric", [e.message]);
});

// The log's size, its latest entry in the short form a person can read
// aloud (the full hash one step away), and the checkpoint an archive left.
function showStats(stats) {
  $("size").textContent = t("logSize", [String(stats.count)]);
  const empty = stats.head.seq === 0;
  $("head").textContent = empty ? t("logHeadEmpty") : t("logHead", [String(stats.head.seq), stats.headShort]);
  $("head-full").textContent = stats.head.hash;
  $("head-details").hidden = empty;
  const cp = stats.checkpoint;
  $("checkpoint").hidden = !cp;
  if (cp) {
    $("checkpoint").textContent = t("logCheckpoint", [cp.time, String(cp.seq), String(cp.previousSeq), cp.previousShort, String(cp.archivedCount)]);
  }
}

// The head shown stays the journal's own while the page is open.
followHead(async () => showStats(await send({ type: M.JOURNAL_STATS })));

async function refreshStats() {
  const stats = await send({ type: M.JOURNAL_STATS });
  showStats(stats);
  showTimestamps(await send({ type: M.SITES_LIST }), stats);
}
wireTimestamps(async () => {
  await refreshStats();
  await load(true);
});

$("receipt-get").addEventListener("click", async () => {
  try {
    const receipt = await send({ type: M.EVIDENCE_RECEIPT });
    $("receipt-text").value = receipt.text;
    $("receipt").hidden = false;
    $("status").textContent = t("logReceiptIssued", [String(receipt.seq)]);
    $("receipt-text").focus();
    $("receipt-text").select();
    await refreshStats();
    await load(true);
  } catch (e) {
    $("status").textContent = t("errorGeneric", [e.message]);
  }
});

$("receipt-copy").addEventListener("click", async () => {
  const text = $("receipt-text").value;
  try {
    await navigator.clipboard.writeText(text);
    $("status").textContent = t("logReceiptCopied");
  } catch {
    // Without clipboard access the text is selected for the person to copy.
    $("receipt-text").focus();
    $("receipt-text").select();
    $("status").textContent = t("logReceiptCopyFailed");
  }
});
