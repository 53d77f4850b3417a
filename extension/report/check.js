// "Check a file": an evidence file someone sent is checked by the core's
// verifier (the actions module, the same checks as tw-verify), through the
// background. Nothing is sent anywhere and nothing is journaled: the file
// is someone else's. Every fact shown comes from the verifier's answer;
// text from the file only ever reaches the page as text.
import { t, localize, el, clear, send, bdi } from "../ui/dom.js";

const M = globalThis.twMessages;
const $ = (id) => document.getElementById(id);
// A runtime message carries at most 64 MiB; the text travels as UTF-16
// inside it, so files are refused well before that.
const MAX_BYTES = 24 * 1024 * 1024;

function say(text) {
  $("status").textContent = text;
}

function fact(list, label, ...value) {
  list.append(el("dt", {}, label), el("dd", {}, ...value));
}

function show(r) {
  const facts = clear($("facts"));
  $("verdict").textContent = r.verified ? t("checkVerified") : t("checkNotVerified");
  $("verdict").className = r.verified ? "ok" : "error";
  if (!r.verified) {
    // The verifier's own sentence, in English: it names the entry and what is wrong with it.
    fact(facts, t("checkReason"), bdi(r.reason));
    if (r.badEntry !== null && r.badEntry !== undefined) fact(facts, t("checkBadEntry"), String(r.badEntry));
  } else {
    fact(facts, t("checkSignature"), r.signature ? t("checkSigned", [r.signature.fingerprint]) : t("checkUnsigned"));
    fact(facts, t("checkEntries"), r.count ? t("checkEntriesRange", [String(r.count), String(r.firstSeq), String(r.lastSeq)]) : "0");
    if (r.firstTime) fact(facts, t("checkPeriod"), t("checkPeriodRange", [r.firstTime, r.lastTime]));
    fact(facts, t("checkWithheld"), r.omitted ? t("checkWithheldSome", [String(r.omitted)]) : t("checkWithheldNone"));
    fact(facts, t("checkSites"), r.sites.length ? r.sites.map((s) => `${s.name} (${s.id})`).join(", ") : "-");
    fact(facts, t("checkHead"), el("code", {}, r.headShort ?? ""), " ", el("code", { class: "hash" }, r.headHash));
    fact(facts, t("checkMade"), r.generatedAt);
    if (r.clockSteps) fact(facts, t("checkClock"), t("checkClockSteps", [String(r.clockSteps)]));
  }
  $("result").hidden = false;
}

$("check-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("result").hidden = true;
  const file = $("file").files[0];
  if (!file) return say(t("checkNoFile"));
  if (file.size > MAX_BYTES) return say(t("checkTooLarge", [String(Math.ceil(file.size / 1e6))]));
  say(t("checkChecking"));
  try {
    const r = await send({ type: M.EVIDENCE_CHECK, text: await file.text() });
    say("");
    show(r);
  } catch (e) {
    say(t("errorGeneric", [e.message]));
  }
});

localize();
$("main").setAttribute("aria-busy", "false");
