// The options page's sites: the welcome's preset choice, the list of
// watched sites with each one's keep-list and automatic cleanup, and adding
// a site (with the host permission it needs).
import { t, tNodes, el, clear, bdi, visible, send } from "../ui/dom.js";
import { M, api, $, say } from "./page.js";

export async function showWelcome(config) {
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

export function renderSites(config) {
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

// Where the new site's addresses overlap another site's: which site gets
// the pages they share (the more specific address wins).
const overlapText = (o) =>
  t(o.sharedHostsGoTo === "this" ? "addOverlapThis" : "addOverlapOther", [o.pattern, o.otherPattern, o.otherName]);

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
  // What the origins were worked out for (tests wait for it rather than sleep).
  $("add-form").dataset.checked = hosts.join(" ");
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
      say([t("addDone", [site.name]), ...(site.overlaps || []).map(overlapText)].join(" "));
      renderSites(await send({ type: M.SITES_LIST }));
    })
    .catch((e) => {
      $("add-error").textContent = e.message;
    });
});
