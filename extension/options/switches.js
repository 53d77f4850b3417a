// The options page's on/off settings that have a section of their own: each
// is a checkbox sending settings.update {name, value}, which the core
// journals as settings.changed. All are off until the user ticks them.
import { t, send } from "../ui/dom.js";

const M = globalThis.twMessages;
const status = document.getElementById("status");

const SWITCHES = [
  // The work-search diary (docs/diary.md).
  { box: "diary-on", name: "diary", on: "diaryOptionOn", off: "diaryOptionOff" },
  // Private windows: only where the browser also lets the extension run there.
  { box: "private-on", name: "watchPrivateWindows", on: "privateOptionOn", off: "privateOptionOff" },
];

send({ type: M.SITES_LIST })
  .then((config) => {
    for (const s of SWITCHES) document.getElementById(s.box).checked = config[s.name] === true;
  })
  .catch(() => {});

for (const s of SWITCHES) {
  const box = document.getElementById(s.box);
  box.addEventListener("change", async () => {
    try {
      const config = await send({ type: M.SETTINGS_UPDATE, name: s.name, value: box.checked });
      box.checked = config[s.name] === true;
      status.textContent = t(box.checked ? s.on : s.off);
    } catch (err) {
      status.textContent = t("errorGeneric", [err.message]);
    }
  });
}
