// Letters drafted from the evidence (letter.draft): the core writes the
// draft; this page only collects what the user types, shows the draft for
// editing, and prints, saves or copies it. Nothing is sent anywhere.
import { t, localize, el, clear, send } from "../ui/dom.js";

const M = globalThis.twMessages;
const $ = (id) => document.getElementById(id);
let drafted = null;

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

const value = (id) => $(id).value.trim() || null;

async function main() {
  localize();
  const config = await send({ type: M.SITES_LIST });
  const sites = clear($("site"));
  for (const s of config.sites) sites.append(el("option", { value: s.id, dir: "auto" }, s.name));
  const params = new URLSearchParams(location.search);
  if (params.get("site")) sites.value = params.get("site");
  if (params.get("kind")) $("kind").value = params.get("kind");
  showRegulator();
  $("main").setAttribute("aria-busy", "false");
}

function showRegulator() {
  $("regulator").hidden = $("kind").value !== "complaint-regulator";
}

$("kind").addEventListener("change", showRegulator);

$("letter-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  say("");
  try {
    drafted = await send({
      type: M.LETTER_DRAFT,
      kind: $("kind").value,
      site: $("site").value,
      sender: { name: value("s-name"), address: value("s-address"), dateOfBirth: value("s-dob"), nationalInsurance: value("s-nino"), email: value("s-email") },
      complainedOn: value("r-date"),
      reply: value("r-reply"),
      evidenceFile: value("r-file"),
    });
    $("letter").value = drafted.text;
    $("result").hidden = false;
    say(t("letterDrafted"));
    $("letter").focus();
  } catch (err) {
    say(t("errorGeneric", [err.message]), true);
  }
});

$("print").addEventListener("click", () => {
  $("printable").textContent = $("letter").value;
  window.print();
});

$("save").addEventListener("click", () => {
  const blob = new Blob([$("letter").value], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: `letter-${drafted?.kind ?? "draft"}-${new Date().toISOString().slice(0, 10)}.txt` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});

$("copy").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText($("letter").value);
  } catch {
    $("letter").select();
    document.execCommand("copy");
  }
  say(t("letterCopied"));
});

main().catch((err) => say(t("errorGeneric", [err.message]), true));
