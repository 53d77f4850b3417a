// @ts-check
// The host permission a timestamp authority's address needs: its scheme
// and host name, any path (match patterns carry no port). Shared by the
// log page, which asks for it, and the background, which checks it.
/** @param {string} url */
export function authorityOrigin(url) {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
