// Drawing without redrawing: each change to the popup's DOM is a mutation
// an assistive technology may announce, so an answer equal to the one on
// screen must change nothing, and a different one only what differs.

// The same JSON text for equal values, whatever the order of their keys.
export function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

export function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// Attributes the user changes by using the page: a row the user opened
// stays open when a new answer arrives.
const USER_STATE = new Set(["open"]);

// Makes `live`'s children look like `fresh` (an array of detached nodes),
// keeping every node that already matches: same tag and attributes, same
// text. The lists here carry no listeners, so a node may be replaced.
export function sync(live, fresh) {
  const have = [...live.childNodes];
  fresh.forEach((node, i) => {
    const old = have[i];
    if (!old) live.append(node);
    else if (!morph(old, node)) live.replaceChild(node, old);
  });
  for (const extra of have.slice(fresh.length)) extra.remove();
}

function morph(old, node) {
  if (old.nodeType !== node.nodeType) return false;
  if (node.nodeType === Node.TEXT_NODE) {
    if (old.data !== node.data) old.data = node.data;
    return true;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || old.tagName !== node.tagName || old.namespaceURI !== node.namespaceURI) return false;
  // A row stands for one company: another company's row is a new node, so
  // the first one's open state does not pass to it.
  if (old.getAttribute("data-key") !== node.getAttribute("data-key")) return false;
  for (const { name, value } of node.attributes) if (!USER_STATE.has(name) && old.getAttribute(name) !== value) old.setAttribute(name, value);
  for (const { name } of [...old.attributes]) if (!USER_STATE.has(name) && !node.hasAttribute(name)) old.removeAttribute(name);
  sync(old, [...node.childNodes]);
  return true;
}
