// The watched sites and the settings: every change the user makes is
// journaled, stored with the new configuration, and followed by the
// content scripts, the idle alarm and the language it implies. Also what
// happens when the extension is installed or updated.
import { Witness } from "./pkg/tracking_witness.js";
import { api, actionsModule, persist, named, requireString } from "./boot.js";
import { syncContentScripts, syncPageWorld } from "./content-scripts.js";
import { syncIdleAlarm } from "./auto-clean.js";

// A first install opens the onboarding page (what is watched, what is never
// sent, why each permission, how to read the popup), which leads on to the
// choice of sites; an update before that choice was made opens the choice.
export async function onInstalled(ctx, reason) {
  const { witness, store } = ctx;
  await syncPageWorld(witness);
  const config = witness.config();
  if (reason === "install") await api.openTab(api.url("onboarding/onboarding.html"));
  else if (!config.onboarded) await api.openTab(api.url("options/options.html#welcome"));
  await store.commit({ meta: { config: witness.configJson() } });
}

// Applies a configuration change, journals what the user did (`journal`
// asks the core for the intent's entry), stores the new configuration, and
// keeps content scripts on the sites the user added.
async function changeConfig({ witness, store }, change, journal) {
  const before = witness.config().sites.map((s) => s.id);
  const result = change(witness);
  const after = new Set(witness.config().sites.map((s) => s.id));
  const dropSites = before.filter((id) => !after.has(id));
  const commit = journal(witness, result, Date.now());
  await persist(store, commit, { meta: { config: witness.configJson() }, dropSites });
  await syncContentScripts(witness);
  await syncPageWorld(witness);
  await syncIdleAlarm(witness);
  await useChosenLanguage(witness);
  return result;
}

// Reports and notifications follow the language chosen in the options
// (config.language); with none chosen, nothing is read.
export async function useChosenLanguage(witness) {
  await api.useLanguage(witness.config().language ?? null).catch((e) => console.error("Tracking Witness:", e));
}

// The page handlers of this concern, by message name (see dispatch.js).
export const listSites = ({ witness }) => witness.config();
export const listPresets = () => Witness.presets();
export const checkHosts = ({ witness }, msg) => ({ origins: witness.checkHosts(msg.hosts || []) });
export const exportSettings = async ({ witness }) => ({ text: (await actionsModule()).settingsFile(witness.configJson()) });

export const choosePresets = (ctx, msg) =>
  changeConfig(ctx, (w) => w.choosePresets(msg.presets || []), (w, _, now) => w.settingsChanged({ setting: "presets", value: msg.presets || [] }, now));

// The site as saved, with `overlaps`: where its addresses overlap another
// site's, and which site the shared hosts go to (the most specific wins).
const withOverlaps = (ctx, site) => ({ ...site, overlaps: ctx.witness.siteOverlaps(site.id) });
// A site sent back as it was received is accepted: `overlaps` is not one
// of its fields.
const siteFields = (site) => {
  const copy = { ...site };
  delete copy.overlaps;
  return copy;
};

export const addSite = async (ctx, msg) =>
  withOverlaps(
    ctx,
    await changeConfig(ctx, (w) => w.addSite(requireString(msg.name, "name"), msg.hosts || []), (w, site, now) => w.siteAdded(site.id, now)),
  );

export const updateSite = async (ctx, msg) =>
  withOverlaps(
    ctx,
    await changeConfig(ctx, (w) => w.updateSite(siteFields(msg.site)), (w, site, now) => w.siteUpdated(site.id, now)),
  );

export const removeSite = (ctx, msg) =>
  changeConfig(ctx, (w) => w.removeSite(requireString(msg.id, "id")), (w, site, now) => w.siteRemoved(site, now));

export async function importSettings(ctx, msg) {
  // The actions module reads the file, refusing a malformed or newer one
  // before anything changes, and says what it would change. `preview`
  // only asks; options that keep values in clear or widen host access
  // are switched on only when `confirm` names them.
  const text = requireString(msg.text, "text");
  const { config, diff } = JSON.parse((await actionsModule()).previewSettingsFile(ctx.witness.configJson(), text));
  if (msg.preview) return { diff };
  const confirmed = Array.isArray(msg.confirm) ? msg.confirm : [];
  const missing = diff.confirm.filter((o) => !confirmed.includes(o));
  if (missing.length) throw named("ConfirmationNeeded", `this file switches on ${missing.join(", ")}: confirm it first`);
  const result = await changeConfig(ctx, (w) => w.setConfigJson(config), (w, c, now) => w.settingsChanged({ setting: "import", value: c.sites.map((site) => site.id) }, now));
  for (const option of diff.confirm) {
    await persist(ctx.store, ctx.witness.settingsChanged({ setting: option, value: true, source: "import" }, Date.now()));
  }
  return result;
}

export const updateSetting = (ctx, msg) =>
  changeConfig(ctx, (w) => w.setOption(requireString(msg.name, "name"), JSON.stringify(msg.value ?? null)), (w, _, now) => w.settingsChanged({ setting: msg.name, value: msg.value ?? null }, now));
