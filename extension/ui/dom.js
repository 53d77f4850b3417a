// Shared page helpers. Untrusted text (anything a website chose: cookie
// names, storage keys, hosts) only ever reaches the DOM through
// `textContent`; nothing here parses HTML.
const api = globalThis.twBrowser;

// The language chosen in the options page, if any. The configuration holds
// it for the background; pages keep a copy in this extension's own
// localStorage so they can apply it before drawing anything.
export const LANGUAGE_KEY = "tw-language";
await api.useLanguage(localStorage.getItem(LANGUAGE_KEY)).catch(() => localStorage.removeItem(LANGUAGE_KEY));

export function t(key, subs) {
  const text = api.i18n(key, subs);
  return text || key;
}

// Fills every element carrying data-i18n (text) or data-i18n-<attr>.
export function localize(root = document) {
  document.documentElement.lang = api.uiLanguage() || "en";
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
}

// el("li", {class: "x"}, "text", child...) with text set via textContent.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export function humanDuration(seconds) {
  if (seconds === null || seconds === undefined) return t("retentionSession");
  const day = 86400;
  if (seconds < 3600) return t("retentionMinutes", [String(Math.max(1, Math.round(seconds / 60)))]);
  if (seconds < 2 * day) return t("retentionHours", [String(Math.round(seconds / 3600))]);
  if (seconds < 60 * day) return t("retentionDays", [String(Math.round(seconds / day))]);
  if (seconds < 700 * day) return t("retentionMonths", [String(Math.round(seconds / (30 * day)))]);
  return t("retentionYears", [String(Math.round(seconds / (365 * day)))]);
}

export function categoryName(category) {
  return t("category_" + category.replace(/-/g, "_"));
}

export const send = (message) => api.sendMessage(message);
