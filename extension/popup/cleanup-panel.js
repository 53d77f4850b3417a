// "Clean this site": the plan first (what goes, what stays, what the user
// may tick), then the cleanup, then what it found left. Wired once; it acts
// on the answer on screen when pressed (`current()`).
import { t, tNodes, el, clear, bdi, send } from "../ui/dom.js";

const M = globalThis.twMessages;
const api = globalThis.twBrowser;
const $ = (id) => document.getElementById(id);

// "Clean this site": show what goes and what stays, then clean.
export function setUpCleanup(current) {
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
    const plan = await send({ type: M.CLEAN_PLAN, host: current().host, options });
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
        await send({ type: M.SITES_UPDATE, site: { ...current().site, keep: [...new Set([...current().site.keep, ...suggested])] } });
      }
      const r = await send({ type: M.SITE_CLEAN, host: current().host, options });
      $("clean-result").textContent = r.text;
      if (r.summary.openTabsWarning && current().tabId) {
        $("reload").hidden = false;
        $("reload").onclick = () => api.reloadTab(current().tabId);
      }
    } catch (e) {
      $("clean-result").textContent = t("errorGeneric", [e.message]);
    }
  });
}
