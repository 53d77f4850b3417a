// The options page: the watched sites (sites.js), settings files
// (settings-file.js), filter lists (filter-lists.js), and here the
// language, the settings switches, deep inspection and the signing key.
import { t, localize, el, send, LANGUAGE_KEY } from "../ui/dom.js";
import { M, api, $, say } from "./page.js";
import { showWelcome, renderSites } from "./sites.js";
import "./settings-file.js";
import { renderLists } from "./filter-lists.js";

const DEEP = { origins: ["<all_urls>"] };

async function main() {
  localize();
  const config = await send({ type: M.SITES_LIST });
  // The pages' copy of the language follows the configuration (a settings
  // file may have changed it).
  if ((config.language ?? null) !== localStorage.getItem(LANGUAGE_KEY)) {
    if (config.language) localStorage.setItem(LANGUAGE_KEY, config.language);
    else localStorage.removeItem(LANGUAGE_KEY);
    location.reload();
    return;
  }
  $("language").value = config.language ?? "";
  if (!config.onboarded || location.hash === "#welcome") await showWelcome(config);
  renderSites(config);
  $("keep-raw").checked = config.keepRawValues;
  $("notify-auto").checked = config.notifyAutoClean;
  await renderDeep();
  await renderKey();
  $("main").setAttribute("aria-busy", "false");
}

async function renderDeep() {
  const on = await api.hasPermissions(DEEP);
  $("deep-state").textContent = t(on ? "deepOn" : "deepOff");
  $("deep-toggle").textContent = t(on ? "deepDisable" : "deepEnable");
  $("deep-toggle").dataset.on = String(on);
}

$("deep-toggle").addEventListener("click", () => {
  const on = $("deep-toggle").dataset.on === "true";
  const change = on ? api.removePermissions(DEEP) : api.requestPermissions(DEEP);
  change
    .then(async () => {
      const granted = await api.hasPermissions(DEEP);
      await send({ type: M.SETTINGS_UPDATE, name: "deepInspection", value: granted });
      await renderDeep();
    })
    .catch((e) => say(t("errorGeneric", [e.message]), true));
});

$("language").addEventListener("change", async (e) => {
  const lang = e.target.value || null;
  try {
    await send({ type: M.SETTINGS_UPDATE, name: "language", value: lang });
    if (lang) localStorage.setItem(LANGUAGE_KEY, lang);
    else localStorage.removeItem(LANGUAGE_KEY);
    location.reload();
  } catch (err) {
    say(t("errorGeneric", [err.message]), true);
  }
});

for (const [box, name] of [["keep-raw", "keepRawValues"], ["notify-auto", "notifyAutoClean"]]) {
  $(box).addEventListener("change", (e) =>
    send({ type: M.SETTINGS_UPDATE, name, value: e.target.checked }).catch((err) => say(t("errorGeneric", [err.message]), true)),
  );
}

main()
  .then(async () => renderLists(await send({ type: M.FILTERS_LIST })))
  .catch((e) => say(t("errorGeneric", [e.message]), true));

// The signing key: its fingerprint, and a small file with the public key
// for an adviser to hold before any evidence arrives.
let keyInfo = null;
async function renderKey() {
  try {
    keyInfo = await send({ type: M.SIGNING_KEY });
    $("key-fingerprint").textContent = t("keyFingerprint", [keyInfo.fingerprint]);
    $("key-save").hidden = false;
  } catch (e) {
    keyInfo = null;
    $("key-fingerprint").textContent = e.name === "NoKey" ? t("keyNone") : t("errorGeneric", [e.message]);
    $("key-save").hidden = true;
  }
}

$("key-save").addEventListener("click", () => {
  if (!keyInfo) return;
  const { filename, mimeType, text } = keyInfo.file;
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  say(t("keySaved", [filename]));
});
