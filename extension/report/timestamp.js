// The log page's trusted timestamps: "Timestamp now", and the "Timestamp
// this export" box beside the exports. Both explain first what leaves the
// computer (the SHA-256 of the log's latest entry, to the authority the
// options name), then ask the browser for that one authority's host
// permission from the click itself (Firefox grants a permission only
// from a user's action), and only then ask the background to send.
import { t, send } from "../ui/dom.js";
import { authorityOrigin } from "../tsa-origin.js";

const M = globalThis.twMessages;
const api = globalThis.twBrowser;
const $ = (id) => document.getElementById(id);
let authority = null;
let head = null;

function explanation() {
  const seq = head?.seq ? String(head.seq) : "-";
  return t("logTsaExplain", [authority, seq, head?.short ?? "-", authorityOrigin(authority)]);
}

// Asks for the authority's host permission; call it straight from a
// click. Resolves once granted; rejects, saying so, when it is not.
function permission() {
  const origin = authorityOrigin(authority);
  return api.requestPermissions({ origins: [origin] }).then((granted) => {
    if (!granted) throw new Error(t("logTsaDenied", [origin]));
  });
}

// The section as the options say: off (a pointer to the options), or the
// button. `stats` is journal.stats, for the head the explanation names.
export function showTimestamps(config, stats) {
  authority = config.timestampAuthority ?? null;
  head = { seq: stats.head.seq, short: stats.headShort };
  $("tsa-off").hidden = !!authority;
  $("tsa-on").hidden = !authority;
  $("export-stamp-row").hidden = !authority;
  if (authority) {
    $("tsa-explain-text").textContent = explanation();
    $("export-stamp-explain").textContent = explanation();
  }
}

// "Timestamp this export": for a JSON file or a case file with the box
// ticked, the permission is asked for now (from the click) and the
// export request gets `timestamp: true` once it is granted.
export function exportStamp(format) {
  if (!authority || !$("export-stamp").checked || (format !== "json" && format !== "casefile")) return null;
  return permission();
}

export function stampedMessage(r) {
  return t("logTsaDone", [String(r.headSeq), r.headShort, r.genTime, r.authority]);
}

export function wireTimestamps(onStamped) {
  $("tsa-now").addEventListener("click", () => {
    $("tsa-explain").hidden = false;
    $("tsa-send").focus();
  });
  $("tsa-cancel").addEventListener("click", () => {
    $("tsa-explain").hidden = true;
    $("tsa-now").focus();
  });
  $("export-stamp").addEventListener("change", () => {
    $("export-stamp-explain").hidden = !$("export-stamp").checked;
  });
  $("tsa-send").addEventListener("click", async () => {
    const asked = permission();
    $("status").textContent = t("logTsaSending", [authority]);
    try {
      await asked;
      const r = await send({ type: M.EVIDENCE_TIMESTAMP });
      $("tsa-explain").hidden = true;
      $("status").textContent = stampedMessage(r);
      $("tsa-result").textContent = stampedMessage(r);
      await onStamped();
    } catch (e) {
      $("status").textContent = t("logTsaFailed", [e.message]);
    }
  });
}
