// @ts-check
// The options page's shared handles: the message names, the shim, the
// element lookup and the status line.
export const M = globalThis.twMessages;
export const api = globalThis.twBrowser;
export const $ = (id) => document.getElementById(id);

export function say(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}
