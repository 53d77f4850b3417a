// The work-search diary page: entries by week with the time per day, forms
// to add an activity, change one (with a reason) or remove one (with a
// reason), and the weekly summary and CSV to save. Every change goes to the
// background, whose core journals it; this page draws what diary.list says.
// Text a site or the user chose is shown with textContent, in its own <bdi>.
import { t, localize, el, clear, bdi, send } from "../ui/dom.js";

const M = globalThis.twMessages;
const $ = (id) => document.getElementById(id);
const TEXTS = ["title", "employer", "reference", "terms", "place", "note"];
const LABELS = { terms: "diaryFieldTerms", place: "diaryFieldPlace", title: "diaryFieldTitle", employer: "diaryFieldEmployer", reference: "diaryFieldReference", note: "diaryFieldNote" };
let listing = null;
let changing = null;

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}
const fail = (err) => say(t("errorGeneric", [err.message]), true);

const duration = (minutes) => t("diaryHoursMinutes", [String(Math.floor(minutes / 60)), String(minutes % 60).padStart(2, "0")]);

function period() {
  return { from: $("p-from").value || undefined, to: $("p-to").value || undefined };
}

async function load() {
  listing = await send({ type: M.DIARY_LIST, ...period() });
  $("diary-off").hidden = listing.on;
  draw();
}

function detailsCell(item) {
  const td = el("td");
  const d = item.details;
  for (const key of TEXTS) {
    if (d[key]) td.append(el("span", { class: "detail" }, `${t(LABELS[key])}: `, bdi(d[key])), el("br"));
  }
  if (d.method) td.append(`${t("diaryFieldMethod")}: ${t("diary_method_" + d.method)}`, el("br"));
  if (d.minutes !== undefined) td.append(`${t("diaryFieldMinutes")}: ${d.minutes}`, el("br"));
  for (const edit of item.edits) td.append(el("span", {}, `${t("diaryEditedBecause")} `, bdi(edit.reason)), el("br"));
  return td;
}

function what(item) {
  const kind = t("diary_kind_" + item.kind);
  return item.details.status ? `${kind} (${t("diary_status_" + item.details.status)})` : kind;
}

function entryRow(item) {
  const number = String(item.id);
  return el(
    "tr",
    {},
    el("td", {}, item.day),
    el("td", {}, item.time.slice(11, 16)),
    el("td", {}, what(item)),
    detailsCell(item),
    el("td", {}, t("diary_source_" + item.source)),
    el(
      "td",
      { class: "actions" },
      el("button", { type: "button", class: "edit", "data-id": number, "aria-label": t("diaryEditEntry", [number]), onclick: () => openChange(item, "edit") }, t("diaryEdit")),
      el("button", { type: "button", class: "remove", "data-id": number, "aria-label": t("diaryRemoveEntry", [number]), onclick: () => openChange(item, "remove") }, t("diaryRemove")),
    ),
  );
}

function head(...keys) {
  return el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", { scope: "col" }, t(k)))));
}

function drawWeek(week) {
  const items = listing.entries.filter((i) => i.day >= week.start && i.day <= week.end);
  const headingId = `week-${week.start}`;
  return el(
    "section",
    { "aria-labelledby": headingId, class: "week" },
    el("h2", { id: headingId }, t("diaryWeek", [week.start, week.end])),
    el("p", {}, t("diaryWeekTotal", [duration(week.minutes)])),
    el(
      "table",
      { class: "days" },
      el("caption", {}, t("diaryDaysCaption", [week.start])),
      head("diaryColDay", "diaryColOnSite", "diaryColAdded", "diaryColTotal", "diaryColActivities"),
      el("tbody", {}, ...week.days.map((d) =>
        el("tr", {}, el("th", { scope: "row" }, d.date), el("td", {}, duration(d.onSiteMinutes)), el("td", {}, duration(d.addedMinutes)), el("td", {}, duration(d.minutes)), el("td", {}, String(d.activities))),
      )),
    ),
    el(
      "table",
      { class: "entries" },
      el("caption", {}, t("diaryEntriesCaption", [week.start])),
      head("diaryColDay", "diaryColTime", "diaryColWhat", "diaryColDetails", "diaryColRecorded", "diaryColActions"),
      el("tbody", {}, ...items.map(entryRow)),
    ),
  );
}

function draw() {
  const weeks = clear($("weeks"));
  for (const week of [...listing.weeks].reverse()) weeks.append(drawWeek(week));
  $("none").hidden = listing.weeks.length > 0;
  const removed = clear($("removed-list"));
  for (const item of listing.removed) {
    removed.append(el("li", {}, `${item.day} ${what(item)} — ${t("diaryRemovedBecause")} `, bdi(item.removed.reason)));
  }
  $("removed").hidden = listing.removed.length === 0;
}

function openChange(item, mode) {
  changing = item;
  $("change").hidden = false;
  $("edit-form").hidden = mode !== "edit";
  $("remove-form").hidden = mode !== "remove";
  $("change-heading").textContent = t(mode === "edit" ? "diaryEditHeading" : "diaryRemoveHeading", [String(item.id), what(item)]);
  if (mode === "edit") {
    for (const key of TEXTS) $(`e-${key}`).value = item.details[key] ?? "";
    $("e-date").value = item.details.date ?? "";
    $("e-minutes").value = item.details.minutes ?? "";
    $("e-reason").value = "";
  } else {
    $("r-reason").value = "";
  }
  $("change-heading").focus();
}

function closeChange() {
  const id = changing?.id;
  changing = null;
  $("change").hidden = true;
  const back = document.querySelector(`button.edit[data-id="${id}"]`);
  if (back) back.focus();
}

$("edit-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const now = changing.details;
  const changes = {};
  for (const key of [...TEXTS, "date"]) {
    const value = $(`e-${key}`).value.trim();
    if (value !== (now[key] ?? "")) changes[key] = value;
  }
  const minutes = $("e-minutes").value;
  if (minutes !== "" && Number(minutes) !== now.minutes) changes.minutes = Number(minutes);
  try {
    await send({ type: M.DIARY_EDIT, id: changing.id, changes, reason: $("e-reason").value });
    await load();
    closeChange();
    say(t("diaryChanged"));
  } catch (err) {
    fail(err);
  }
});

$("remove-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    await send({ type: M.DIARY_REMOVE, id: changing.id, reason: $("r-reason").value });
    changing = null;
    $("change").hidden = true;
    await load();
    say(t("diaryRemovedDone"));
    $("status").focus();
  } catch (err) {
    fail(err);
  }
});

for (const button of document.querySelectorAll("#change button.cancel")) button.addEventListener("click", closeChange);

$("add-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const activity = { kind: $("a-kind").value };
  for (const key of TEXTS) {
    const value = $(`a-${key}`).value.trim();
    if (value) activity[key] = value;
  }
  if ($("a-method").value) activity.method = $("a-method").value;
  if ($("a-date").value) activity.date = $("a-date").value;
  if ($("a-minutes").value !== "") activity.minutes = Number($("a-minutes").value);
  try {
    await send({ type: M.DIARY_ADD, ...activity });
    $("add-form").reset();
    await load();
    say(t("diaryAdded"));
  } catch (err) {
    fail(err);
  }
});

$("period").addEventListener("submit", (ev) => {
  ev.preventDefault();
  load().catch(fail);
});

for (const button of document.querySelectorAll("button.export")) {
  button.addEventListener("click", async () => {
    try {
      const file = await send({ type: M.DIARY_EXPORT, format: button.dataset.format, ...period() });
      const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
      const a = el("a", { href: url, download: file.filename });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say(t("diarySaved", [file.filename]));
    } catch (err) {
      fail(err);
    }
  });
}

async function main() {
  localize();
  await load();
  $("main").setAttribute("aria-busy", "false");
}

main().catch((err) => {
  fail(err);
  $("main").setAttribute("aria-busy", "false");
});
