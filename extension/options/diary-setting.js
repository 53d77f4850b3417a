// The work-search diary's switch on the options page: off until the user
// ticks it (settings.update {name: "diary"}), which the core journals as
// settings.changed.
import { t, send } from "../ui/dom.js";

const M = globalThis.twMessages;
const box = document.getElementById("diary-on");
const status = document.getElementById("status");

send({ type: M.SITES_LIST })
  .then((config) => {
    box.checked = config.diary === true;
  })
  .catch(() => {});

box.addEventListener("change", async () => {
  try {
    const config = await send({ type: M.SETTINGS_UPDATE, name: "diary", value: box.checked });
    box.checked = config.diary === true;
    status.textContent = t(box.checked ? "diaryOptionOn" : "diaryOptionOff");
  } catch (err) {
    status.textContent = t("errorGeneric", [err.message]);
  }
});
