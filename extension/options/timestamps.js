// @ts-check
// The options page's trusted timestamps: the address of the RFC 3161
// timestamp authority, or none (the default: timestamps off). Saving it
// sends nothing anywhere and asks for no permission; the log page asks for
// the authority's host permission, and sends the log's latest hash, only
// when the user presses "Timestamp now" or "Timestamp this export".
import { t, send } from "../ui/dom.js";
import { M, $, say } from "./page.js";

/** @param {string | null | undefined} url */
function show(url) {
  /** @type {HTMLInputElement} */ ($("tsa-url")).value = url ?? "";
  $("tsa-state").textContent = url ? t("tsaStateOn", [url]) : t("tsaStateOff");
  $("tsa-clear").hidden = !url;
}

/** @param {string | null} value */
async function save(value) {
  $("tsa-error").textContent = "";
  try {
    const config = await send({ type: M.SETTINGS_UPDATE, name: "timestampAuthority", value });
    show(config.timestampAuthority);
    say(config.timestampAuthority ? t("tsaSaved") : t("tsaCleared"));
  } catch (err) {
    $("tsa-error").textContent = t("tsaInvalid", [err.message]);
  }
}

send({ type: M.SITES_LIST })
  .then((config) => show(config.timestampAuthority))
  .catch(() => {});

$("tsa-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($("tsa-url")).value.trim();
  save(value || null);
});
$("tsa-clear").addEventListener("click", () => save(null));
