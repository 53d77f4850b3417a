// "Check a file": an evidence file someone sent — JSON evidence, or a case
// file (the .zip "Save a case file" makes) — is checked by the core's
// verifier (the actions module, the same checks as tw-verify), through the
// background. Nothing is sent anywhere and nothing is journaled: the file
// is someone else's. Every fact shown comes from the verifier's answer;
// text from the file (a file name in the zip, the verifier's sentence
// quoting it) only ever reaches the page as text.
import { t, tNodes, localize, el, clear, send, bdi } from "../ui/dom.js";

const M = globalThis.twMessages;
const $ = (id) => document.getElementById(id);
// A runtime message carries at most 64 MiB. JSON text travels as UTF-16
// inside it; a case file's bytes as base64 (4 characters for 3 bytes, so
// 32 MiB is about 43 MiB of text). Larger files are for tw-verify.
const MAX_JSON_BYTES = 24 * 1024 * 1024;
const MAX_ZIP_BYTES = 32 * 1024 * 1024;
// The problems the core names for a case file (CaseFileProblem::kind),
// each with a sentence in the reader's language.
const PROBLEM_KINDS = new Set(["notAZip", "noManifest", "badManifest", "manifestSignature", "otherKey", "missing", "extra", "altered", "evidence", "headHash", "timestamp", "receipt"]);

function say(text) {
  $("status").textContent = text;
}

function fact(list, label, ...value) {
  list.append(el("dt", {}, label), el("dd", {}, ...value));
}

// A zip starts with a file's local header ("PK\3\4"), or, when it holds
// nothing, with the end of its directory ("PK\5\6"); whatever its name.
async function isZip(file) {
  const b = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

// The file's bytes as base64, read by the browser (no byte loop here).
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// What a verified JSON evidence file holds (also the evidence inside a case file).
function evidenceFacts(facts, r) {
  fact(facts, t("checkSignature"), r.signature ? t("checkSigned", [r.signature.fingerprint]) : t("checkUnsigned"));
  fact(facts, t("checkEntries"), r.count ? t("checkEntriesRange", [String(r.count), String(r.firstSeq), String(r.lastSeq)]) : "0");
  if (r.firstTime) fact(facts, t("checkPeriod"), t("checkPeriodRange", [r.firstTime, r.lastTime]));
  fact(facts, t("checkWithheld"), r.omitted ? t("checkWithheldSome", [String(r.omitted)]) : t("checkWithheldNone"));
  fact(facts, t("checkSites"), r.sites.length ? r.sites.map((s) => `${s.name} (${s.id})`).join(", ") : "-");
  fact(facts, t("checkHead"), el("code", {}, r.headShort ?? ""), " ", el("code", { class: "hash" }, r.headHash));
  fact(facts, t("checkMade"), r.generatedAt);
  if (r.clockSteps) fact(facts, t("checkClock"), t("checkClockSteps", [String(r.clockSteps)]));
}

function showEvidence(r) {
  const facts = clear($("facts"));
  $("verdict").textContent = r.verified ? t("checkVerified") : t("checkNotVerified");
  $("verdict").className = r.verified ? "ok" : "error";
  if (!r.verified) {
    // The verifier's own sentence, in English: it names the entry and what is wrong with it.
    fact(facts, t("checkReason"), bdi(r.reason));
    if (r.badEntry !== null && r.badEntry !== undefined) fact(facts, t("checkBadEntry"), String(r.badEntry));
  } else {
    evidenceFacts(facts, r);
  }
}

// One problem of a case file: which file in it, what is wrong, in the
// reader's language; then the verifier's own sentence (English), as tw-verify prints it.
function problemItem(p) {
  const kind = PROBLEM_KINDS.has(p.kind) ? p.kind : "other";
  const file = el("code", {}, bdi(p.file ?? ""));
  return el("li", {},
    el("p", { class: "problem" }, ...tNodes("checkProblem_" + kind, [file])),
    el("p", {}, t("checkProblemDetail"), " ", bdi(p.reason)));
}

function showCaseFile(r) {
  const facts = clear($("facts"));
  const problems = clear($("problems"));
  $("verdict").textContent = r.verified ? t("checkCaseVerified") : t("checkCaseNotVerified");
  $("verdict").className = r.verified ? "ok" : "error";
  for (const p of r.problems) problems.append(problemItem(p));
  $("problems-part").hidden = r.problems.length === 0;
  const c = r.caseFile;
  if (c) {
    const signature = c.signature ? t("checkSigned", [c.signature.fingerprint]) : c.signed ? t("checkCaseSignatureBad") : t("checkCaseUnsigned");
    fact(facts, t("checkCaseSignature"), signature);
    fact(facts, t("checkCaseFiles"), t("checkCaseFilesMatch", [String(c.matched), String(c.files)]));
    for (const rc of c.receipts) {
      fact(facts, t("checkCaseReceipt"), ...tNodes("checkCaseReceiptHeld", [el("code", {}, bdi(rc.file)), String(rc.seq), el("code", {}, rc.headShort)]));
    }
    fact(facts, t("checkCaseMade"), c.generatedAt);
  }
  // Then the evidence inside, as for a JSON file checked alone.
  const ev = r.evidence;
  if (!ev) return;
  fact(facts, t("checkCaseEvidence"), ev.verified ? t("checkCaseEvidenceVerified") : t("checkCaseEvidenceNotVerified"));
  if (ev.verified) evidenceFacts(facts, ev);
  else if (ev.badEntry !== null && ev.badEntry !== undefined) fact(facts, t("checkBadEntry"), String(ev.badEntry));
}

$("check-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("result").hidden = true;
  $("problems-part").hidden = true;
  const file = $("file").files[0];
  if (!file) return say(t("checkNoFile"));
  try {
    // By its bytes first: a case file renamed .json is still a zip. A file
    // named .zip that is not one goes to the case file check, which says so.
    const zipped = (await isZip(file)) || /\.zip$/i.test(file.name);
    const max = zipped ? MAX_ZIP_BYTES : MAX_JSON_BYTES;
    if (file.size > max) return say(t("checkTooLarge", [String(Math.ceil(file.size / 1e6)), String(Math.floor(max / 1e6))]));
    say(t(zipped ? "checkCheckingCaseFile" : "checkChecking"));
    const r = zipped
      ? await send({ type: M.EVIDENCE_CHECK, zip: await base64Of(file) })
      : await send({ type: M.EVIDENCE_CHECK, text: await file.text() });
    say("");
    if (zipped) showCaseFile(r);
    else showEvidence(r);
    $("result").hidden = false;
  } catch (e) {
    say(t("errorGeneric", [e.message]));
  }
});

localize();
$("main").setAttribute("aria-busy", "false");
