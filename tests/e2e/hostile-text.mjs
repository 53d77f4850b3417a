// What the hostile-input tests (hostile.test.mjs, corpus.test.mjs) judge
// text by, written here independently of the extension's own escaping.

// Controls that act on text instead of being seen (the list in extension/ui/dom.js).
// eslint-disable-next-line no-control-regex -- matching controls is the point
export const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

// The form the pages show a site's text in: every C0/C1 control, bidi
// control, invisible separator and interlinear annotation as a visible
// "\uXXXX" escape, so none can reorder or hide what a reader sees.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
export const shown = (text) => text.replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);

// RFC 4180 cells.
export function csvCells(text) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (cells.push(cell), (cell = ""));
    else if (c === "\r" && text[i + 1] === "\n") (cells.push(cell), (cell = ""), i++);
    else cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}

// What a spreadsheet could run: a leading tab or line break, or a formula
// sign (ASCII or full-width) after leading whitespace.
export const liveFormula = (c) => /^[\t\r\n]/.test(c) || /^[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212]/.test(c);

