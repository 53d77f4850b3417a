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

// Characters that would act on the text around them instead of being seen
// (controls, bidirectional overrides and isolates, zero-width characters):
// the same list as the core's `untrusted::is_invisible_control`.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

// The text with each invisible control written as a visible escape
// ("\u202E"), so a right-to-left override cannot reorder what a reader sees.
export function visible(text) {
  return String(text ?? "").replace(INVISIBLE, (c) => "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"));
}

// A string a website (or a settings file) chose, in its own bidirectional
// isolate, controls made visible.
export function bdi(text) {
  const node = document.createElement("bdi");
  node.textContent = visible(text);
  return node;
}

// A translated message whose $1, $2... are nodes (for example `bdi(name)`):
// each node goes where its placeholder is, as a node, never as markup.
export function tNodes(key, nodes) {
  const marks = nodes.map((_, i) => `\uE000${i}\uE001`);
  const text = t(key, marks);
  const out = [];
  for (const part of text.split(/(\uE000\d+\uE001)/)) {
    const m = /^\uE000(\d+)\uE001$/.exec(part);
    if (m) out.push(nodes[Number(m[1])]);
    else if (part) out.push(document.createTextNode(part));
  }
  return out;
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
