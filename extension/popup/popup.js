import { t, tNodes, localize, el, clear, bdi, humanDuration, categoryName, send } from "../ui/dom.js";
import { showProblem } from "../ui/problem.js";

const M = globalThis.twMessages;
const api = globalThis.twBrowser;
const $ = (id) => document.getElementById(id);

// The answer on screen, and the one the buttons act on.
let info = null;
let shownKey = null;

// A valid kept answer and the background's answer (asked for by early.js)
// are each shown as they come, so a sleeping worker does not hold the popup
// up. The kept answer is what the background would say, so usually the
// second is identical and changes nothing on screen (a screen reader does
// not read the popup twice); when it differs, only what differs changes.
function answers() {
  // Read by early.js, which started before this module loaded.
  const kept = globalThis.twPopupKept;
  let first = true;
  let fromCore = false;
  const take = (answer, mark) => {
    // The background's answer is the state of record: a kept answer read
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
  const fromKept = kept.then((answer) => {
    performance.mark("tw-popup-kept-read", { detail: { found: !!answer } });
    take(answer, "tw-popup-kept-shown");
  });
  const fromBackground = globalThis.twPopupData.then(
    (answer) => take(answer, "tw-popup-answer-shown"),
    async (e) => {
      // The kept answer, if there is one, stays; else the error is said.
      if (await kept) return;
      $("status").textContent = t("errorGeneric", [e.message]);
      $("status").className = "error";
      if (first) {
        first = false;
        $("main").setAttribute("aria-busy", "false");
        performance.mark("tw-popup-ready");
      }
    },
  );
  return Promise.all([fromKept, fromBackground]);
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
  if (answer.site) renderSite(answer.summary);
  else renderUnwatched(answer);
}

// The same JSON text for equal values, whatever the order of their keys.
function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

// Small setters that leave the DOM alone when it already says that: each
// change is a mutation an assistive technology may announce.
function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// Makes `live`'s children look like `fresh` (an array of detached nodes),
// keeping every node that already matches: same tag and attributes, same
// text. The lists here carry no listeners, so a node may be replaced.
function sync(live, fresh) {
  const have = [...live.childNodes];
  fresh.forEach((node, i) => {
    const old = have[i];
    if (!old) live.append(node);
    else if (!morph(old, node)) live.replaceChild(node, old);
  });
  for (const extra of have.slice(fresh.length)) extra.remove();
}
function morph(old, node) {
  if (old.nodeType !== node.nodeType) return false;
  if (node.nodeType === Node.TEXT_NODE) {
    if (old.data !== node.data) old.data = node.data;
    return true;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || old.tagName !== node.tagName) return false;
  for (const { name, value } of node.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  for (const { name } of [...old.attributes]) if (!node.hasAttribute(name)) old.removeAttribute(name);
  sync(old, [...node.childNodes]);
  return true;
}

function renderUnwatched(answer) {
  const page = !!answer.host && /^https?:/.test(answer.url);
  setHidden($("watch"), !page);
  sync($("unwatched-text"), page ? tNodes("popupNotWatchedText", [bdi(answer.host)]) : [document.createTextNode(t("popupNotAWebPage"))]);
}

// The buttons are wired once; each acts on the answer on screen when it is
// pressed.
function setUpButtons() {
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
  setUpCleanup();
}

// The core counts; the popup only words it.
function verdictText(verdict) {
  if (!verdict.trackers) return t("verdictNone");
  const parts = verdict.byCategory.map(([cat, n]) => `${categoryName(cat)} ${n}`);
  return t("verdictTrackers", [String(verdict.trackers), parts.join(", ")]);
}

// The name and host come from the site: each in its own isolate, so a
// right-to-left override in a name cannot reorder the rest of the line.
function findingLine(f) {
  const what = t("kind_" + f.kind);
  const where = f.kind === "cookie" ? (f.detail.domain || f.host) : f.host;
  const pieces = [t("party_" + f.party)];
  if (f.kind !== "request") pieces.push(t("keptFor", [humanDuration(f.retentionSeconds)]));
  if (f.partitioned) pieces.push(t("partitioned"));
  if (f.kind === "request") pieces.push(t("requestCount", [String(f.count)]));
  return el("li", { "data-kind": f.kind, "data-name": f.name }, `${what}: `, bdi(f.name), " · ", bdi(where), ` · ${pieces.join(" · ")}`);
}

// "This site stores unusually many items (N)": the core went past one of
// its limits for this site, so not everything is listed one by one.
const LIMIT_MESSAGES = {
  "storage-items-per-origin": "popupLimitItems",
  "items-per-site": "popupLimitItems",
  "third-party-hosts": "popupLimitHosts",
  "entries-per-minute": "popupLimitRate",
};
function showLimits(limits) {
  const shown = new Map();
  for (const l of limits || []) {
    const key = LIMIT_MESSAGES[l.limit] || "popupLimitOdd";
    const n = l.limit === "entries-per-minute" ? l.max : l.seen;
    shown.set(key, Math.max(shown.get(key) || 0, n));
  }
  sync($("limits"), [...shown].map(([key, n]) => el("li", { "data-limit": key }, t(key, [String(n)]))));
  setHidden($("limits-box"), !shown.size);
}

// What scripts were seen doing, in plain words, first: "Records your
// screen and typing — script from cdn.jsdelivr.net". Hosts and field names
// come from the page, so each is its own text node in a <bdi>.
function renderBehaviour(list) {
  setHidden($("behaviour"), !list.length);
  const order = ["session-replay", "key-logging", "fingerprinting"];
  list.sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
  const items = list.map((f) => {
    const d = f.detail;
    const what = f.category === "key-logging" ? t("behaviour_key_logging", [d.field || ""]) : t("behaviour_" + f.category.replace(/-/g, "_"));
    const li = el("li", { "data-category": f.category, "data-script": d.script || "" }, what, " — ");
    li.append(d.script ? t("behaviourScriptFrom") : t("behaviourScriptUnknown"));
    if (d.script) li.append(" ", el("bdi", {}, f.host), f.vendorName ? ` (${f.vendorName})` : "");
    if (d.sentTo?.length) li.append("; ", t("behaviourSentTo"), " ", el("bdi", {}, d.sentTo.join(", ")));
    if (d.frame) li.append("; ", t("behaviourInFrame"), " ", el("bdi", {}, d.frame));
    return li;
  });
  sync($("behaviour-list"), items);
}

// "Clean this site": show what goes and what stays, then clean.
function setUpCleanup() {
  let suggested = [];
  // Other companies' cookies the user ticked: never removed otherwise.
  const ticked = new Map();
  const tickKey = (k) => `${k.name}\u0000${k.host}\u0000${k.path || "/"}`;
  const currentOptions = () => ({
    removeConsentRefusal: $("opt-consent").checked,
    removeSharedThirdParty: $("opt-shared").checked,
    removeThirdParty: [...ticked.values()],
  });
  const showPlan = async () => {
    const options = currentOptions();
    const plan = await send({ type: M.CLEAN_PLAN, host: info.host, options });
    const s = plan.summary;
    $("confirm-removes").textContent = t("popupCleanWillRemove", [String(s.cookies), String(s.thirdPartyCookies), String(s.partitionedCookies), String(s.origins)]);
    const kept = clear($("confirm-kept"));
    if (!plan.kept.length) kept.append(el("li", {}, t("popupCleanNothingStays")));
    for (const k of plan.kept) kept.append(el("li", { "data-reason": k.reason }, bdi(k.name), " (", bdi(k.host), `): ${t("keep_" + k.reason.replace(/-/g, "_"))}`));
    // Each can be ticked, with what it does said next to it.
    const optional = plan.kept.filter((k) => k.optional);
    for (const [i, k] of optional.entries()) {
      const id = `opt-third-${i}`;
      const box = el("input", { type: "checkbox", id, "data-name": k.name, "data-domain": k.host });
      box.checked = ticked.has(tickKey(k));
      box.addEventListener("change", () => {
        if (box.checked) ticked.set(tickKey(k), { name: k.name, domain: k.host, path: k.path || "/" });
        else ticked.delete(tickKey(k));
      });
      kept.append(el("li", { class: "tick" }, box, " ", el("label", { for: id }, ...tNodes("popupCleanAlsoRemove", [bdi(k.name), bdi(k.host.replace(/^\./, ""))]))));
    }
    for (const k of plan.cookies.filter((c) => ticked.has(tickKey({ name: c.name, host: c.domain, path: c.path })))) {
      const id = `opt-third-on-${k.id}`;
      const box = el("input", { type: "checkbox", id, checked: true });
      box.addEventListener("change", () => {
        ticked.delete(tickKey({ name: k.name, host: k.domain, path: k.path }));
        showPlan().catch(() => {});
      });
      kept.append(el("li", { class: "tick" }, box, " ", el("label", { for: id }, ...tNodes("popupCleanAlsoRemove", [bdi(k.name), bdi(k.domain.replace(/^\./, ""))]))));
    }
    suggested = s.suggestedKeep;
    if (suggested.length) {
      const names = suggested.flatMap((n, i) => (i ? [", ", bdi(n)] : [bdi(n)]));
      clear($("opt-keep-label")).append(...tNodes("popupCleanKeepSignedIn", [el("span", {}, ...names)]));
      $("opt-keep-row").hidden = false;
    }
    if (plan.kept.some((k) => k.reason === "consent-refusal") || $("opt-consent").checked) $("opt-consent-row").hidden = false;
    if (plan.kept.some((k) => k.reason === "shared-third-party") || $("opt-shared").checked) $("opt-shared-row").hidden = false;
    return options;
  };
  $("clean").addEventListener("click", async () => {
    try {
      await showPlan();
      $("confirm").hidden = false;
      $("confirm-clean").focus();
    } catch (e) {
      $("status").textContent = t("errorGeneric", [e.message]);
    }
  });
  for (const box of ["opt-consent", "opt-shared"]) $(box).addEventListener("change", () => showPlan().catch(() => {}));
  $("confirm-cancel").addEventListener("click", () => {
    $("confirm").hidden = true;
    $("clean").focus();
  });
  $("confirm-clean").addEventListener("click", async () => {
    const options = currentOptions();
    $("confirm").hidden = true;
    $("clean-result").textContent = t("popupCleaning");
    try {
      // "Stay signed in": the session cookies the catalog knows join the keep-list.
      if (suggested.length && $("opt-keep").checked) {
        await send({ type: M.SITES_UPDATE, site: { ...info.site, keep: [...new Set([...info.site.keep, ...suggested])] } });
      }
      const r = await send({ type: M.SITE_CLEAN, host: info.host, options });
      $("clean-result").textContent = r.text;
      if (r.summary.openTabsWarning && info.tabId) {
        $("reload").hidden = false;
        $("reload").onclick = () => api.reloadTab(info.tabId);
      }
    } catch (e) {
      $("clean-result").textContent = t("errorGeneric", [e.message]);
    }
  });
}

// What the status line says about the site, kept so that an update clears
// it only if the popup put it there.
let siteStatus = "";

function renderSite(summary) {
  sync($("site-name"), [bdi(summary.site.name)]);
  const findings = summary.findings;
  setText($("verdict"), verdictText(summary.verdict));
  showLimits(summary.verdict.limits);

  renderBehaviour(findings.filter((f) => f.kind === "behaviour"));

  const breaches = findings.filter((f) => f.consentBreach && f.kind !== "behaviour");
  setHidden($("breaches"), !breaches.length);
  setText($("consent-line"), breaches.length ? t(summary.consent.usage === false ? "consentRefused" : "consentNotGiven") : "");
  sync(
    $("breach-list"),
    breaches.map((f) => {
      const who = f.vendorName || t("unknownVendor");
      const li = findingLine(f);
      li.prepend(bdi(who), ` (${categoryName(f.category)}) — `);
      return li;
    }),
  );

  // Grouped by vendor; items the catalog knows by name but not by company
  // (session ids, consent records, load balancers) are grouped by category.
  const groups = new Map();
  for (const f of findings) {
    if ((!f.vendor && f.category === "unknown") || f.kind === "behaviour") continue;
    const key = f.vendor || `category:${f.category}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const sections = [];
  for (const [id, list] of groups) {
    const generic = id.startsWith("category:");
    const vendor = generic ? { name: t("genericGroup", [categoryName(list[0].category)]) } : summary.vendors[id] || {};
    const headingId = `vendor-${id.replace(/[^a-z0-9-]/gi, "-")}`;
    const categories = [...new Set(list.map((f) => categoryName(f.category)))].join(", ");
    const parties = [...new Set(list.map((f) => t("party_" + f.party)))].join(", ");
    sections.push(
      el(
        "section",
        { class: "vendor", "aria-labelledby": headingId, "data-vendor": id },
        el("h3", { id: headingId }, bdi(vendor.name || list[0].vendorName || id)),
        el("p", { class: "meta" }, `${categories} · ${parties}${vendor.owner ? " · " + vendor.owner : ""}`),
        el("ul", {}, ...list.map(findingLine)),
      ),
    );
  }
  sync($("vendors"), sections);

  const unknown = findings.filter((f) => !f.vendor && f.category === "unknown");
  setHidden($("unknown"), !unknown.length);
  sync($("unknown-list"), unknown.map(findingLine));

  // A later answer that finds something clears "nothing yet", and only that.
  const status = findings.length ? "" : t("popupNothingYet");
  if (status !== siteStatus && $("status").textContent === siteStatus) setText($("status"), status);
  siteStatus = status;
}

main();
