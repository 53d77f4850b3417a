// The cleanup runner: plan (core), journal the request, execute and look
// again (cleanup.js, over the shim), then the core judges the outcome and
// journals the result; and the plan the popup shows before a cleanup. The
// planning and the judging run in the actions module (loaded on first use);
// the main module checks what they wrote and journals it.
import { api, actionsModule, persist, requireString } from "./boot.js";
import { openOrigins, openHelperTabs, closeHelperTabs, executePlan, lookAgain, readJar } from "./cleanup.js";
// Test builds only (TW_FAULTS); the bundler drops it from the shipped ones.
import { cleanupHooks } from "./faults.js";

// One cleanup: plan (core), journal the request, execute and look again
// (shim), then the core judges the outcome and journals the result.
export async function cleanSite({ witness, store }, host, options, trigger, mode = "off") {
  const started = Date.now();
  const knownOrigins = await openOrigins(witness, host);
  // The plan covers what the browser holds now, not only what was recorded.
  const jar = await readJar();
  const module = await actionsModule();
  const plan = module.planCleanup(witness.cleanupInput(host), { ...options, knownOrigins, jar, trigger, mode }, started);
  const planJson = JSON.stringify(plan);
  await persist(store, witness.cleanupRequested(plan.site.id, module.cleanupRequest(planJson), started));
  // An automatic cleanup opens no page of the site to clear and check its
  // storage: that would send the site a request the user did not ask for.
  const automatic = trigger === "automatic";
  const helpers = automatic ? [] : await openHelperTabs(plan);
  let attempts;
  let seen;
  try {
    attempts = await executePlan(plan, TW_FAULTS ? cleanupHooks(store, api) : {});
    seen = await lookAgain(plan, helpers);
  } finally {
    await closeHelperTabs(helpers);
  }
  if (automatic && plan.storage.some((s) => s.dataType !== "cache" && !seen.storageChecked.includes(s.origin))) {
    seen.notChecked.push({ what: "unopened", permission: null });
  }
  const finished = Date.now();
  const outcome = { attempts, ...seen };
  const { data, summary } = module.judgeCleanup(planJson, JSON.stringify(outcome), started, finished);
  const commit = witness.cleanupResult(plan.site.id, data, started, finished);
  const result = commit.entries[0].data;
  await persist(store, commit, { meta: { [`cleaned:${plan.site.id}`]: finished } });
  return { site: plan.site.id, summary, result, text: cleanupText(summary) };
}

// {type: "site.cleanPlan", host, options?} -> the plan, nothing done.
export async function cleanPlan({ witness }, msg) {
  const host = requireString(msg.host, "host");
  const [knownOrigins, jar] = [await openOrigins(witness, host), await readJar()];
  const input = witness.cleanupInput(host);
  return (await actionsModule()).planCleanup(input, { ...(msg.options || {}), knownOrigins, jar }, Date.now());
}

const NOT_CHECKED = {
  "http-cache": "cleanNotCheckedHttpCache",
  "third-party-partitioned": "cleanNotCheckedThirdPartyPartitioned",
  unopened: "cleanNotCheckedUnopened",
};

// The result in the user's language (the core's own text is English).
function cleanupText(s) {
  const parts = [api.i18n("cleanRemoved", [String(s.removedCookies), String(s.storageAreasCleared)])];
  if (s.residue.length) parts.push(api.i18n("cleanResidue", [s.residue.join(", ")]));
  else if (s.clean) parts.push(api.i18n("cleanNothingLeft"));
  else parts.push(api.i18n("cleanNothingFoundWhereLooked"));
  if (s.failed) parts.push(api.i18n("cleanFailed", [String(s.failed)]));
  if (s.unverifiedOrigins.length) parts.push(api.i18n("cleanUnverified"));
  for (const u of s.notChecked || []) parts.push(api.i18n(NOT_CHECKED[u.what] ?? "cleanNotCheckedThirdPartyPartitioned"));
  if (s.openTabsWarning) parts.push(api.i18n("cleanOpenTabs"));
  return parts.join(" ");
}
