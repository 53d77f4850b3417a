// Tells the user, in plain words, what the background reported as wrong in
// status.get's `problem` (a change that could not be saved, a start-up that
// failed, a core that could not be restarted). Shared by the popup and the
// log page.
import { t } from "./dom.js";

const KEYS = {
  storage: { quota: "problemStorageQuota", other: "problemStorageOther" },
  startup: { quota: "problemStartup", other: "problemStartup" },
  core: { quota: "problemCore", other: "problemCore" },
};

// Fills `node` (a role=alert element) with the status's problem, if any.
// Only what differs is touched: an alert that is set again is read again.
export function showProblem(node, status) {
  const p = status?.problem;
  const key = p && KEYS[p.kind]?.[p.reason];
  const text = key ? t(key, [p.message]) : "";
  if (node.hidden !== !key) node.hidden = !key;
  if (node.textContent !== text) node.textContent = text;
  if (key) {
    if (node.dataset.problem !== `${p.kind}:${p.reason}`) node.dataset.problem = `${p.kind}:${p.reason}`;
  } else if ("problem" in node.dataset) delete node.dataset.problem;
}
