// The work-search diary, background side (docs/diary.md). The content
// script asks which elements of the page to read (content.diaryFields) and
// sends their text (content.diary); the core decides whether the page is an
// activity and writes the entry. Pages list, add, edit, remove and export.
// Nothing here shapes a diary entry: the core's recorder writes each one.
//
// The diary is its journal entries (diary.added, diary.edited,
// diary.removed); the actions module folds them into the diary as it stands.

import { api, persist, actionsModule, named, requireString } from "./boot.js";

const DIARY_TYPES = ["diary.added", "diary.edited", "diary.removed"];
const FORMATS = { html: "text/html;charset=utf-8", csv: "text/csv;charset=utf-8" };

// Every diary entry in the journal, as UTF-8 JSON for the actions module.
async function diaryEntries(store) {
  const all = [];
  for (const type of DIARY_TYPES) {
    let before = null;
    do {
      const page = await store.journalPage({ type, before, limit: 500 });
      all.push(...page.entries);
      before = page.next;
    } while (before !== null && before !== undefined);
  }
  return new TextEncoder().encode(JSON.stringify(all));
}

const day = (v, field) => {
  if (v === undefined || v === null || v === "") return null;
  return requireString(v, field);
};

function requireOn(witness) {
  if (!witness.config().diary) throw named("DiaryOff", "the work-search diary is off: turn it on in the options first");
}

// {type: "diary.list", from?, to?} -> {on, entries, removed, weeks}
export async function listDiary({ witness, store }, msg) {
  const module = await actionsModule();
  const listing = module.diaryList(await diaryEntries(store), day(msg.from, "from"), day(msg.to, "to"));
  return { on: witness.config().diary, ...listing };
}

// The actions module makes and checks the entry's data; the main module
// journals it (it refuses while the diary is off).
async function record(ctx, type, data) {
  const commit = ctx.witness.diaryRecord(type, data, Date.now());
  await persist(ctx.store, commit);
  return commit.entries[0].seq;
}

// {type: "diary.add", kind, ...details} -> {id}
export async function addToDiary(ctx, msg) {
  requireOn(ctx.witness);
  const { type: _type, ...activity } = msg;
  const data = (await actionsModule()).diaryPrepareAdd(JSON.stringify(activity));
  return { id: await record(ctx, "diary.added", data) };
}

// {type: "diary.edit", id, changes, reason} -> {id, seq}
export async function editDiary(ctx, msg) {
  requireOn(ctx.witness);
  const reason = requireString(msg.reason, "reason");
  const changes = JSON.stringify(msg.changes && typeof msg.changes === "object" ? msg.changes : {});
  const data = (await actionsModule()).diaryPrepareEdit(await diaryEntries(ctx.store), Number(msg.id), changes, reason);
  return { id: Number(msg.id), seq: await record(ctx, "diary.edited", data) };
}

// {type: "diary.remove", id, reason} -> {id, seq}
export async function removeFromDiary(ctx, msg) {
  requireOn(ctx.witness);
  const reason = requireString(msg.reason, "reason");
  const data = (await actionsModule()).diaryPrepareRemove(await diaryEntries(ctx.store), Number(msg.id), reason);
  return { id: Number(msg.id), seq: await record(ctx, "diary.removed", data) };
}

// One diary file (the weekly summary in HTML, or the CSV) from the stored
// entries, in the user's language: {bytes, count, sha256}.
function diaryFile(module, format, entries, from, to, now) {
  const labels = {};
  for (const key of module.diaryLabelKeys()) {
    const text = api.i18n(`diary_report_${key}`);
    if (text) labels[key] = text;
  }
  return module.diaryExport(format, entries, from, to, api.uiLanguage() || "en", labels, now);
}

// The whole diary's two files for the case file (none when the diary holds
// nothing): [[name, bytes]]. The case file's own export.made and signed
// manifest cover them.
export async function diaryFilesForCaseFile(module, store, now) {
  const entries = await diaryEntries(store);
  const out = [];
  for (const format of Object.keys(FORMATS)) {
    const file = diaryFile(module, format, entries, null, null, now);
    if (file.count) out.push([`diary/work-search-diary.${format}`, file.bytes]);
  }
  return out;
}

// {type: "diary.export", format: "html" | "csv", from?, to?}
// -> {format, mimeType, filename, text, count, sha256}; journaled as
// export.made with format "diary-html" or "diary-csv" and the file's hash.
export async function exportDiary({ witness, store }, msg) {
  const format = msg.format;
  if (!Object.hasOwn(FORMATS, format)) throw named("InvalidInput", "format must be html or csv");
  const [from, to] = [day(msg.from, "from"), day(msg.to, "to")];
  const module = await actionsModule();
  const now = Date.now();
  const out = diaryFile(module, format, await diaryEntries(store), from, to, now);
  const text = new TextDecoder().decode(out.bytes);
  const head = JSON.parse(witness.headJson());
  const data = { format: `diary-${format}`, count: out.count, sha256: out.sha256, headHash: head.hash, filter: { from, to } };
  await persist(store, witness.diaryExportMade(data, now));
  const stamp = new Date(now).toISOString().slice(0, 10);
  return { format, mimeType: FORMATS[format], filename: `work-search-diary-${stamp}.${format}`, text, count: out.count, sha256: out.sha256 };
}

// Only the tab's own page, never a frame inside it, is read.
const topPage = (sender) => (sender.frameId ? null : sender.url);

// content.diaryFields -> {fields: {name: selector} | null}
export function diaryFields({ witness }, _msg, sender) {
  const url = topPage(sender);
  return { fields: url ? witness.diaryFields(url) : null };
}

// content.diary {page, fields} -> {recorded}
export async function diaryPageSeen({ witness, store }, msg, sender) {
  const url = topPage(sender);
  if (!url) return { recorded: false };
  const page = requireString(msg.page, "page");
  const fields = msg.fields && typeof msg.fields === "object" ? msg.fields : {};
  const text = (name) => (typeof fields[name] === "string" ? fields[name] : null);
  const commit = witness.diaryPage(url, page, text("title"), text("employer"), text("reference"), Date.now());
  if (!commit) return { recorded: false };
  await persist(store, commit);
  return { recorded: true };
}
