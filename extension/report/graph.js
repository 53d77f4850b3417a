// The log page's third-party graph, drawn here as SVG (no charting library,
// nothing fetched): each watched site in the middle, the other companies
// its pages contacted around it, each a circle whose area grows with how
// often it was contacted, coloured by what the company does (the category
// is written beside it too, so colour is never the only way to tell). The
// picture has a text alternative (its <title> and <desc>); the same
// numbers are in a table behind a toggle. The HTML report draws the same
// picture in the core (src/export/pictures.rs).
import { t, el, bdi, visible, categoryName } from "../ui/dom.js";
import { DAYS } from "./timeline-data.js";
import { VENDORS } from "./vendor-names.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 900;
const H = 460;
const CX = 450;
const CY = 230;
const RING = 160;
// The most circles around one site; the least contacted share the last.
export const MAX_COMPANIES = 12;

// The same colours as the report's (src/export/pictures.rs), each at least
// 3:1 against white.
export const COLOURS = {
  analytics: "#1d70b8",
  advertising: "#d4351c",
  social: "#4c2c92",
  "session-replay": "#b45309",
  fingerprinting: "#00707a",
  "key-logging": "#5c0f00",
  "performance-monitoring": "#505a5f",
  "tag-manager": "#5a6b1f",
  essential: "#00703c",
  functional: "#00703c",
  consent: "#00703c",
  unknown: "#6f777b",
};
const ORDER = Object.keys(COLOURS);

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

// Text from the journal inside SVG text: its controls visible, in its own
// bidirectional isolate (SVG text has no <bdi>).
const isolated = (text) => svg("tspan", { "unicode-bidi": "isolate", class: "site" }, visible(text));

const categoryOf = (c) => (COLOURS[c] ? c : "unknown");

// A site's companies, most contacted first (the unrecognised addresses
// after a named company on a tie), each with the name it is shown by and
// whether that name came from the journal rather than the catalog.
export function companyList(companies) {
  const list = [...companies.values()].map((c) => {
    const known = VENDORS[c.vendor];
    const name = !c.vendor ? t(c.hosts.size === 1 ? "graphUnknownOne" : "graphUnknown", [String(c.hosts.size)]) : known ? known[0] : c.vendor;
    return { ...c, category: c.vendor ? categoryOf(c.category) : "unknown", name, untrusted: !!c.vendor && !known };
  });
  return list.sort((a, b) => b.count - a.count || (a.vendor === "") - (b.vendor === "") || a.vendor.localeCompare(b.vendor));
}

// The sentence a screen reader hears for one site's picture.
function describe(siteName, list) {
  const items = list.map((c) => (c.vendor ? t("graphItem", [visible(c.name), categoryName(c.category), String(c.count)]) : t("graphItemUnknown", [c.name, String(c.count)])));
  return `${t("graphSummary", [visible(siteName), String(DAYS), String(list.length)])} ${items.join("; ")}`;
}

function picture(n, siteName, list, description) {
  const nodes = list.slice(0, list.length > MAX_COMPANIES ? MAX_COMPANIES - 1 : MAX_COMPANIES);
  if (list.length > MAX_COMPANIES) {
    const rest = list.slice(MAX_COMPANIES - 1);
    nodes.push({ name: t("graphOthers", [String(rest.length)]), category: "unknown", count: rest.reduce((sum, c) => sum + c.count, 0), shared: true });
  }
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `graph-title-${n} graph-desc-${n}`, class: "graph" });
  root.append(svg("title", { id: `graph-title-${n}` }, t("graphTitle", [visible(siteName), String(DAYS)])), svg("desc", { id: `graph-desc-${n}` }, description));
  const max = Math.max(1, ...nodes.map((c) => c.count));
  const placed = nodes.map((c, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / nodes.length;
    // Area grows with the count: the radius with its square root.
    return { c, angle, x: CX + RING * Math.cos(angle), y: CY + RING * Math.sin(angle), r: 10 + 22 * Math.sqrt(c.count / max) };
  });
  for (const p of placed) root.append(svg("line", { x1: CX, y1: CY, x2: p.x.toFixed(1), y2: p.y.toFixed(1), class: "spoke", "stroke-width": (1 + (3 * p.c.count) / max).toFixed(1) }));
  const centre = svg("text", { x: CX, y: CY + 5, class: "centre", "text-anchor": "middle" }, isolated(siteName));
  if ([...siteName].length > 24) {
    centre.setAttribute("textLength", "170");
    centre.setAttribute("lengthAdjust", "spacingAndGlyphs");
  }
  root.append(svg("rect", { x: CX - 90, y: CY - 20, width: 180, height: 40, rx: 6, class: "centre" }), centre);
  for (const { c, angle, x, y, r } of placed) {
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    // Straight above or below: the words above or below the circle;
    // otherwise beside it, away from the middle.
    const [anchor, lx, ly] = Math.abs(cos) < 0.1 ? ["middle", x, sin < 0 ? y - r - 20 : y + r + 14] : cos > 0 ? ["start", x + r + 6, y - 2] : ["end", x - r - 6, y - 2];
    const times = c.count === 1 ? t("graphTimesOne") : t("graphTimes", [String(c.count)]);
    const words = c.shared ? times : `${categoryName(c.category)} · ${times}`;
    const label = svg("text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": anchor }, c.untrusted ? isolated(c.name) : c.name, svg("tspan", { x: lx.toFixed(1), dy: 14, class: "words" }, words));
    const g = svg("g", { "data-category": c.shared ? "shared" : c.category, "data-vendor": c.shared ? "" : c.vendor, "data-count": c.count });
    g.append(svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), fill: COLOURS[c.category] }), label);
    root.append(g);
  }
  return root;
}

function legend(list) {
  const shown = new Set(list.map((c) => c.category));
  const p = el("p", { class: "legend" });
  for (const c of ORDER.filter((c) => shown.has(c))) p.append(el("span", { class: "key-colour", style: `border-color: ${COLOURS[c]}`, "aria-hidden": "true" }), ` ${categoryName(c)} `);
  return p;
}

function table(n, siteName, list) {
  const head = el("tr", {}, ...["graphColCompany", "graphColCategory", "graphColCount", "graphColHosts"].map((k) => el("th", { scope: "col" }, t(k))));
  const body = el("tbody", {});
  for (const c of list) {
    const hosts = el("td", {});
    [...c.hosts].sort().forEach((h, i) => hosts.append(...(i ? [", "] : []), bdi(h)));
    body.append(el("tr", { "data-vendor": c.vendor }, el("th", { scope: "row" }, c.untrusted ? bdi(c.name) : c.name), el("td", {}, categoryName(c.category)), el("td", {}, String(c.count)), hosts));
  }
  return el("table", { id: `graph-table-${n}`, class: "graph-table", hidden: true }, el("caption", {}, t("graphCaption", [visible(siteName), String(DAYS)])), el("thead", {}, head), body);
}

function toggleFor(tab, n) {
  const toggle = el("button", { type: "button", id: `graph-toggle-${n}`, class: "graph-toggle", "aria-expanded": "false", "aria-controls": tab.id }, t("timelineShowTable"));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = t(open ? "timelineHideTable" : "timelineShowTable");
    tab.hidden = !open;
  });
  return toggle;
}

// Draws one graph per site of `data` (timelineData's) that contacted any
// other company into `box` (the section on the log page).
export function drawGraph(box, data, names) {
  const shown = [];
  if (data.truncated) shown.push(el("p", {}, t("timelineTruncated", [String(data.counted)])));
  const sites = data.sites.filter((s) => s.companies.size);
  if (!sites.length) shown.push(el("p", { id: "graph-empty" }, t("graphNone", [String(DAYS)])));
  else shown.push(el("p", {}, t("graphIntro")));
  sites.forEach((s, n) => {
    const siteName = names.get(s.id) ?? s.id;
    const list = companyList(s.companies);
    const tab = table(n, siteName, list);
    const part = el("div", { class: "graph-site", "data-site": s.id }, el("h3", {}, bdi(siteName)), picture(n, siteName, list, describe(siteName, list)), legend(list), el("p", {}, toggleFor(tab, n)), tab);
    shown.push(part);
  });
  box.replaceChildren(...shown);
  box.dataset.drawn = "true";
}
