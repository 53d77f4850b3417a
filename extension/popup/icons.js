// One small picture per category, drawn here as inline SVG (no image files,
// nothing fetched). Each is decorative: the category's name is always
// written beside it, so the picture is hidden from assistive technology.
const SVG = "http://www.w3.org/2000/svg";

// Each shape: [element, attributes]. Drawn on a 20 × 20 grid with the
// current text colour, so the row's colour (popup.css) paints it.
const line = (d) => ["path", { d }];
const dot = (cx, cy, r) => ["circle", { cx, cy, r }];
const ICONS = {
  analytics: [line("M4 17V11M10 17V4M16 17V8"), line("M2 18h16")],
  advertising: [line("M3 8v4h3l8 4V4L6 8z"), line("M17 7v6")],
  social: [dot(7, 7, 3), dot(14, 8, 2.5), line("M2 17c0-4 2.5-6 5-6s5 2 5 6M12 13c1-1.5 4-2 6 2")],
  "session-replay": [line("M1 10s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6z"), dot(10, 10, 2.5)],
  fingerprinting: [line("M5 16c0-6 2-10 5-10s5 4 5 10"), line("M8.5 17c0-5 .5-7 1.5-7s1.5 2 1.5 7"), line("M2 12c0-6 3-10 8-10s8 4 8 10")],
  "key-logging": [["rect", { x: 1.5, y: 5, width: 17, height: 10, rx: 1.5 }], line("M5 8.5h1M9.5 8.5h1M14 8.5h1M6 12h8")],
  "performance-monitoring": [line("M1 10h4l2-6 3 12 3-9 2 3h4")],
  "tag-manager": [line("M2 3h7l9 8-7 7-9-8z"), dot(6, 6.5, 1.3)],
  essential: [["rect", { x: 4, y: 9, width: 12, height: 9, rx: 1 }], line("M7 9V6a3 3 0 0 1 6 0v3")],
  functional: [dot(10, 10, 3), line("M10 2v3M10 15v3M2 10h3M15 10h3M4.3 4.3l2.1 2.1M13.6 13.6l2.1 2.1M4.3 15.7l2.1-2.1M13.6 6.4l2.1-2.1")],
  consent: [["rect", { x: 2, y: 2, width: 16, height: 16, rx: 2 }], line("M5.5 10l3 3 6-6.5")],
  unknown: [dot(10, 10, 8.5), line("M7.5 7.8a2.5 2.5 0 1 1 3.4 2.3c-.6.3-.9.8-.9 1.5v.6M10 14.6v.4")],
};

// The picture for `category` (the unknown one for a category it does not
// know), as a detached <svg> element.
export function categoryIcon(category) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ viewBox: "0 0 20 20", width: "20", height: "20", "aria-hidden": "true", focusable: "false", class: `icon cat-${ICONS[category] ? category : "unknown"}` })) svg.setAttribute(k, v);
  for (const [tag, attrs] of ICONS[category] || ICONS.unknown) {
    const shape = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, String(v));
    svg.append(shape);
  }
  return svg;
}
