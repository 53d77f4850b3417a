import { t, tNodes, localize, el, clear, bdi, visible, send, LANGUAGE_KEY } from "../ui/dom.js";

const M = globalThis.twMessages;
const api = globalThis.twBrowser;
const $ = (id) => document.getElementById(id);
const DEEP = { origins: ["<all_urls>"] };

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

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

async function showWelcome(config) {
  const presets = await send({ type: M.PRESETS_LIST });
  const byCountry = new Map();
  for (const p of presets) {
    if (!byCountry.has(p.country)) byCountry.set(p.country, []);
    byCountry.get(p.country).push(p);
  }
  const groups = clear($("preset-groups"));
  const watched = new Set(config.sites.map((s) => s.id));
  const countryNames = new Intl.DisplayNames([api.uiLanguage() || "en"], { type: "region" });
  for (const [country, list] of byCountry) {
    groups.append(
      el(
        "fieldset",
        {},
        el("legend", {}, countryNames.of(country) || country),
        ...list.map((p) =>
          el(
            "p",
            {},
            el("input", { type: "checkbox", id: `preset-${p.id}`, name: "preset", value: p.id, checked: watched.has(p.id) || (!config.onboarded && p.country === "GB" && p.confirmed) }),
            " ",
            el("label", { for: `preset-${p.id}` }, `${p.name} (${p.hosts.join(", ")})${p.confirmed ? "" : " " + t("presetUnconfirmed")}`),
          ),
        ),
      ),
    );
  }
  $("welcome").hidden = false;
}

$("welcome-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const ids = [...document.querySelectorAll("input[name=preset]:checked")].map((i) => i.value);
  try {
    const config = await send({ type: M.ONBOARDING_CHOOSE, presets: ids });
    renderSites(config);
    $("welcome").hidden = true;
    say(t("welcomeDone"));
  } catch (e) {
    say(t("errorGeneric", [e.message]), true);
  }
});

function renderSites(config) {
  const list = clear($("sites"));
  if (!config.sites.length) list.append(el("li", {}, t("sitesEmpty")));
  for (const site of config.sites) {
    const id = `site-${site.id}`;
    list.append(
      el(
        "li",
        { "data-site": site.id },
        el("input", {
          type: "checkbox",
          id,
          checked: site.enabled,
          "aria-label": t("siteEnabledLabel", [visible(site.name)]),
          onchange: (e) => updateSite({ ...site, enabled: e.target.checked }),
        }),
        " ",
        el("label", { for: id }, bdi(site.name)),
        " ",
        el("span", { class: "hosts" }, ...site.hosts.flatMap((h, i) => (i ? [", ", bdi(h)] : [bdi(h)]))),
        " ",
        el("button", { type: "button", "aria-label": t("siteRemoveLabel", [visible(site.name)]), onclick: () => removeSite(site) }, t("siteRemove")),
        siteDetails(site),
      ),
    );
  }
}

// Keep-list and automatic cleanup of one site.
function siteDetails(site) {
  const p = `site-${site.id}`;
  const keep = el("textarea", { id: `${p}-keep`, rows: 2, cols: 30 });
  keep.value = site.keep.join("\n");
  const mode = el(
    "select",
    { id: `${p}-auto` },
    ...[["off", "siteAutoOff"], ["last-tab-closed", "siteAutoLastTab"], ["idle", "siteAutoIdle"], ["browser-start", "siteAutoStart"]].map(([v, k]) =>
      el("option", { value: v, selected: site.autoClean === v }, t(k)),
    ),
  );
  const minutes = el("input", { id: `${p}-minutes`, type: "number", min: 1, max: 1440, value: site.autoCleanMinutes });
  const save = async () => {
    const updated = {
      ...site,
      keep: keep.value.split("\n").map((x) => x.trim()).filter(Boolean),
      autoClean: mode.value,
      autoCleanMinutes: Number(minutes.value) || 30,
    };
    try {
      await send({ type: M.SITES_UPDATE, site: updated });
      say(t("siteSaved", [site.name]));
    } catch (e) {
      say(t("errorGeneric", [e.message]), true);
    }
  };
  return el(
    "div",
    { class: "site-details" },
    el("p", {}, el("label", { for: `${p}-keep` }, ...tNodes("siteKeepLabel", [bdi(site.name)])), el("br"), keep),
    el("p", {}, el("label", { for: `${p}-auto` }, ...tNodes("siteAutoLabel", [bdi(site.name)])), " ", mode),
    el("p", {}, el("label", { for: `${p}-minutes` }, ...tNodes("siteIdleMinutes", [bdi(site.name)])), " ", minutes),
    el("p", {}, el("button", { type: "button", "aria-label": t("siteSaveLabel", [visible(site.name)]), onclick: save }, t("siteSave"))),
  );
}

async function updateSite(site) {
  try {
    await send({ type: M.SITES_UPDATE, site });
    renderSites(await send({ type: M.SITES_LIST }));
  } catch (e) {
    say(t("errorGeneric", [e.message]), true);
  }
}

async function removeSite(site) {
  try {
    await send({ type: M.SITES_REMOVE, id: site.id });
    renderSites(await send({ type: M.SITES_LIST }));
  } catch (e) {
    say(t("errorGeneric", [e.message]), true);
  }
}

// The permission prompt must be opened straight from the click, so the
// origins are worked out while the user types.
let pendingOrigins = [];
$("add-hosts").addEventListener("input", async () => {
  const hosts = $("add-hosts").value.split(/\s+/).filter(Boolean);
  try {
    pendingOrigins = (await send({ type: M.SITES_CHECK, hosts })).origins;
    $("add-error").textContent = "";
  } catch (e) {
    pendingOrigins = [];
    $("add-error").textContent = e.message;
  }
});

$("add-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const name = $("add-name").value;
  const hosts = $("add-hosts").value.split(/\s+/).filter(Boolean);
  const request = pendingOrigins.length ? api.requestPermissions({ origins: pendingOrigins }) : Promise.resolve(true);
  request
    .then(async (granted) => {
      if (!granted) return say(t("addPermissionRefused"), true);
      const site = await send({ type: M.SITES_ADD, name, hosts });
      $("add-form").reset();
      say(t("addDone", [site.name]));
      renderSites(await send({ type: M.SITES_LIST }));
    })
    .catch((e) => {
      $("add-error").textContent = e.message;
    });
});

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

$("settings-export").addEventListener("click", async () => {
  const { text } = await send({ type: M.SETTINGS_EXPORT });
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: "tracking-witness-settings.json" });
  document.body.append(a);
  a.click();
  a.remove();
});

// Importing a settings file: first what it would change, then, once the
// user has read it (and ticked each option that keeps values in clear or
// widens host access), the import itself.
const OPTION_NAMES = { keepRawValues: "valuesKeepRaw", deepInspection: "deepHeading", notifyAutoClean: "notifyAutoClean", diary: "diaryOptionLabel" };
const CONFIRM_TEXT = { keepRawValues: "importConfirmRaw", deepInspection: "importConfirmDeep", diary: "importConfirmDiary" };
let importText = null;

function showImportPreview(diff) {
  const list = clear($("import-changes"));
  for (const [id, name, hosts] of diff.added) {
    list.append(el("li", { "data-change": "added", "data-site": id }, ...tNodes("importAdded", [bdi(name), el("span", {}, ...hosts.flatMap((h, i) => (i ? [", ", bdi(h)] : [bdi(h)])))])));
  }
  for (const [id, name] of diff.removed) list.append(el("li", { "data-change": "removed", "data-site": id }, ...tNodes("importRemoved", [bdi(name)])));
  for (const [id, name] of diff.changed) list.append(el("li", { "data-change": "changed", "data-site": id }, ...tNodes("importChanged", [bdi(name)])));
  for (const [name, , after] of diff.options) {
    list.append(el("li", { "data-change": "option", "data-option": name }, t(after ? "importOptionOn" : "importOptionOff", [t(OPTION_NAMES[name] || name)])));
  }
  if (!list.children.length) list.append(el("li", {}, t("importNothing")));
  const confirm = clear($("import-confirm"));
  for (const name of diff.confirm) {
    const id = `import-confirm-${name}`;
    confirm.append(el("p", {}, el("input", { type: "checkbox", id, "data-option": name }), " ", el("label", { for: id }, t(CONFIRM_TEXT[name] || "importConfirmOther", [name]))));
  }
  $("import-preview").hidden = false;
  $("import-heading").focus?.();
}

$("settings-import").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  try {
    importText = await file.text();
    const { diff } = await send({ type: M.SETTINGS_IMPORT, text: importText, preview: true });
    showImportPreview(diff);
  } catch (err) {
    importText = null;
    say(t("settingsImportFailed", [err.message]), true);
  }
  e.target.value = "";
});

$("import-apply").addEventListener("click", async () => {
  const boxes = [...$("import-confirm").querySelectorAll("input[type=checkbox]")];
  if (boxes.some((b) => !b.checked)) {
    say(t("importConfirmNeeded"), true);
    return;
  }
  try {
    const config = await send({ type: M.SETTINGS_IMPORT, text: importText, confirm: boxes.map((b) => b.dataset.option) });
    $("import-preview").hidden = true;
    importText = null;
    renderSites(config);
    say(t("settingsImported"));
  } catch (err) {
    say(t("settingsImportFailed", [err.message]), true);
  }
});

$("import-cancel").addEventListener("click", () => {
  $("import-preview").hidden = true;
  importText = null;
});

function renderLists(lists) {
  const ul = clear($("lists"));
  if (!lists.length) ul.append(el("li", {}, t("listsNone")));
  for (const l of lists) {
    ul.append(
      el(
        "li",
        { "data-list": l.name },
        ...tNodes("listsEntry", [bdi(l.name), String(l.rules), t("category_" + l.category.replace(/-/g, "_"))]),
        " ",
        el("button", { type: "button", "aria-label": t("listsRemoveLabel", [visible(l.name)]), onclick: () => send({ type: M.FILTERS_REMOVE, name: l.name }).then(renderLists) }, t("siteRemove")),
      ),
    );
  }
}

$("list-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("list-file").files[0];
  if (!file) return;
  $("list-error").textContent = "";
  try {
    const lists = await send({ type: M.FILTERS_IMPORT, name: $("list-name").value, category: $("list-category").value, text: await file.text() });
    renderLists(lists);
    $("list-form").reset();
    say(t("listsImported"));
  } catch (e) {
    $("list-error").textContent = t("listsImportFailed", [e.message]);
  }
});

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
