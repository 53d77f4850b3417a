// Settings files: saving the settings, and importing a file in two steps,
// first what it would change, then, once the user has read it (and ticked
// each option that keeps values in clear or widens host access), the
// import itself.
import { t, tNodes, el, clear, bdi, send } from "../ui/dom.js";
import { M, $, say } from "./page.js";
import { renderSites } from "./sites.js";

$("settings-export").addEventListener("click", async () => {
  const { text } = await send({ type: M.SETTINGS_EXPORT });
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: "tracking-witness-settings.json" });
  document.body.append(a);
  a.click();
  a.remove();
});

const OPTION_NAMES = { keepRawValues: "valuesKeepRaw", deepInspection: "deepHeading", notifyAutoClean: "notifyAutoClean", diary: "diaryOptionLabel", watchPrivateWindows: "privateOptionLabel" };
const CONFIRM_TEXT = { keepRawValues: "importConfirmRaw", deepInspection: "importConfirmDeep", diary: "importConfirmDiary", watchPrivateWindows: "importConfirmPrivate" };
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
