// The popup: the tab's site at a glance (site-view.js), its cleanup
// (cleanup-panel.js) and its buttons. `popup.html?url=<page URL>` shows it
// for that page (docs/messages.md), for the log page, tests and screenshots.
import { t, tNodes, localize, bdi, send } from "../ui/dom.js";
import { showProblem } from "../ui/problem.js";
import { canonical, setHidden, setText, sync } from "./morph.js";
import { renderSite } from "./site-view.js";
import { setUpCleanup } from "./cleanup-panel.js";
import { lookUpOnce } from "./ocd.js";

const M = globalThis.twMessages;
const api = globalThis.twBrowser;
const $ = (id) => document.getElementById(id);

// The answer on screen, and the one the buttons act on.
let info = null;
let shownKey = null;

// A valid cached answer and the background's answer (asked for by early.js)
// are each shown as they come, so a sleeping worker does not hold the popup
// up. The cached answer is what the background would say, so usually the
// second is identical and changes nothing on screen (a screen reader does
// not read the popup twice); when it differs, only what differs changes.
function answers() {
  // Read by early.js, which started before this module loaded.
  const cached = globalThis.twPopupKept;
  let first = true;
  let fromCore = false;
  const take = (answer, mark) => {
    // The background's answer is the state of record: a cached answer read
    // after it and differing from it is not shown over it.
    if (!answer || (fromCore && mark === "tw-popup-kept-shown" && canonical(answer) !== shownKey)) return;
    if (mark === "tw-popup-answer-shown") fromCore = true;
    try {
      show(answer);
    } catch (e) {
      $("status").textContent = t("errorGeneric", [e.message]);
      $("status").className = "error";
    }
    performance.mark(mark);
    if (first) {
      first = false;
      // From now on a change to the verdict is news, said once, politely;
      // the first one is read with the page.
      $("verdict").setAttribute("aria-live", "polite");
      $("main").setAttribute("aria-busy", "false");
      // `make bench` reads this mark: the time from opening to data shown.
      performance.mark("tw-popup-ready");
    }
  };
  const fromCache = cached.then((answer) => {
    performance.mark("tw-popup-kept-read", { detail: { found: !!answer } });
    take(answer, "tw-popup-kept-shown");
  });
  const fromBackground = globalThis.twPopupData.then(
    (answer) => take(answer, "tw-popup-answer-shown"),
    async (e) => {
      // The cached answer, if there is one, stays; else the error is said.
      if (await cached) return;
      $("status").textContent = t("errorGeneric", [e.message]);
      $("status").className = "error";
      if (first) {
        first = false;
        $("main").setAttribute("aria-busy", "false");
        performance.mark("tw-popup-ready");
      }
    },
  );
  return Promise.all([fromCache, fromBackground]);
}

async function main() {
  localize();
  setUpButtons();
  // Not awaited: the site's picture does not wait for this.
  send({ type: M.STATUS }).then(
    (s) => {
      showProblem($("problem"), s);
      performance.mark("tw-popup-status-shown");
    },
    () => {},
  );
  // ?url= lets the log page or a test show the popup for a given page.
  await answers();
}

// Draws `answer`, touching only what differs from what is on screen.
function show(answer) {
  const key = canonical(answer);
  if (key === shownKey) return;
  shownKey = key;
  info = answer;
  setHidden($("site"), !answer.site);
  setHidden($("unwatched"), !!answer.site);
  if (answer.site) showSite(answer.summary);
  else renderUnwatched(answer);
}

function renderUnwatched(answer) {
  const page = !!answer.host && /^https?:/.test(answer.url);
  setHidden($("watch"), !page);
  sync($("unwatched-text"), page ? tNodes("popupNotWatchedText", [bdi(answer.host)]) : [document.createTextNode(t("popupNotAWebPage"))]);
}

// The buttons are wired once; each acts on the answer on screen when it is
// pressed.
function setUpButtons() {
  // Opening "Not recognised" asks the Open Cookie Database about its items
  // (toggle does not bubble: listened for on the way down).
  $("company-list").addEventListener(
    "toggle",
    (e) => {
      if (!e.target.open || !e.target.closest("#unknown") || !info?.summary) return;
      const names = info.summary.findings.filter((f) => !f.vendor && f.category === "unknown").map((f) => f.name);
      lookUpOnce(names).then((found) => found && showSite(info.summary));
    },
    true,
  );
  $("watch").addEventListener("click", async () => {
    // The permission prompt must come straight from the click.
    const { host, origins } = info;
    try {
      const granted = await api.requestPermissions({ origins });
      if (!granted) {
        $("status").textContent = t("popupPermissionRefused");
        return;
      }
      await send({ type: M.SITES_ADD, name: host, hosts: [host] });
      location.reload();
    } catch (e) {
      $("status").textContent = t("errorGeneric", [e.message]);
    }
  });
  $("record").addEventListener("click", async () => {
    $("record").disabled = true;
    try {
      const r = await send({ type: M.EVIDENCE_RECORD, url: info.url, tabId: info.tabId || undefined });
      $("status").textContent = t("popupRecorded", [String(r.seq)]);
    } catch (e) {
      $("status").textContent = t("errorGeneric", [e.message]);
    } finally {
      $("record").disabled = false;
    }
  });
  setUpCleanup(() => info);
}

// What the status line says about the site, kept so that an update clears
// it only if the popup put it there.
let siteStatus = "";

function showSite(summary) {
  renderSite(summary);
  // A later answer that finds something clears "nothing yet", and only that.
  const status = summary.findings.length ? "" : t("popupNothingYet");
  if (status !== siteStatus && $("status").textContent === siteStatus) setText($("status"), status);
  siteStatus = status;
}

main();
