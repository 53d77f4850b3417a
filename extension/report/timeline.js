// The log page's timeline, drawn here as SVG (no charting library, nothing
// fetched): one lane per watched site, a bar per day for the tracking
// items seen, a diamond on a day the site's consent record changed, a
// triangle on a day it was cleaned. The picture has a text alternative (its
// <title> and <desc>), and the same numbers are in a table behind a toggle.
import { t, el, visible } from "../ui/dom.js";
import { DAYS } from "./timeline-data.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 720;
const LEFT = 150;
const LANE = 64;
const TOP = 8;
const CONSENT_STATES = ["accepted", "refused", "partial"];

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const dayFormat = () => new Intl.DateTimeFormat(document.documentElement.lang || undefined, { day: "numeric", month: "short" });
const parseDay = (key) => {
  const [y, m, d] = key.split("-").map(Number);
  return new Date(y, m - 1, d);
};

// The sentence a screen reader hears for the picture.
function describe(data, names, fmt) {
  if (!data.sites.length) return t("timelineNone", [String(DAYS)]);
  const parts = data.sites.map((s) => {
    let items = 0;
    let consent = 0;
    let cleanups = 0;
    let busiest = null;
    for (const [day, c] of s.days) {
      items += c.items;
      consent += c.consent.length;
      cleanups += c.cleanups;
      if (!busiest || c.items > s.days.get(busiest).items) busiest = day;
    }
    return t("timelineSite", [visible(names.get(s.id) ?? s.id), String(items), busiest ? fmt.format(parseDay(busiest)) : "", String(consent), String(cleanups)]);
  });
  return [t("timelineSummary", [String(DAYS)]), ...parts].join(" ");
}

function picture(data, names, fmt, description) {
  const height = TOP + Math.max(1, data.sites.length) * LANE + 24;
  const root = svg("svg", { viewBox: `0 0 ${W} ${height}`, role: "img", "aria-labelledby": "timeline-title timeline-desc", class: "timeline" });
  root.append(svg("title", { id: "timeline-title" }, t("timelineTitle", [String(DAYS)])), svg("desc", { id: "timeline-desc" }, description));
  const col = (W - LEFT) / data.days.length;
  data.sites.forEach((s, lane) => {
    const y0 = TOP + lane * LANE;
    const base = y0 + LANE - 12;
    const max = Math.max(1, ...[...s.days.values()].map((c) => c.items));
    const g = svg("g", { "data-site": s.id });
    g.append(svg("text", { x: 0, y: y0 + LANE / 2, class: "lane-name", "unicode-bidi": "isolate" }, visible(names.get(s.id) ?? s.id)));
    g.append(svg("line", { x1: LEFT, y1: base, x2: W, y2: base, class: "axis" }));
    data.days.forEach((day, i) => {
      const c = s.days.get(day);
      if (!c) return;
      const x = LEFT + i * col;
      if (c.items) {
        const h = Math.max(2, (c.items / max) * (LANE - 36));
        g.append(svg("rect", { x: x + col * 0.15, y: base - h, width: col * 0.7, height: h, class: "bar", "data-day": day, "data-items": c.items }));
      }
      const mid = x + col / 2;
      if (c.consent.length) g.append(svg("path", { d: `M${mid} ${y0 + 2}l5 5-5 5-5-5z`, class: "mark-consent", "data-day": day }));
      if (c.cleanups) g.append(svg("path", { d: `M${mid} ${y0 + 14}l5 9h-10z`, class: "mark-cleanup", "data-day": day }));
    });
    root.append(g);
  });
  const yAxis = TOP + Math.max(1, data.sites.length) * LANE + 14;
  root.append(svg("text", { x: LEFT, y: yAxis, class: "day" }, fmt.format(parseDay(data.days[0]))));
  root.append(svg("text", { x: W, y: yAxis, class: "day", "text-anchor": "end" }, fmt.format(parseDay(data.days.at(-1)))));
  return root;
}

function table(data, names, fmt) {
  const body = el("tbody", {});
  for (const s of data.sites) {
    for (const day of data.days) {
      const c = s.days.get(day);
      if (!c) continue;
      const consent = c.consent.map((state) => (CONSENT_STATES.includes(state) ? t(`timelineConsent_${state}`) : state)).join(", ");
      body.append(el("tr", { "data-site": s.id, "data-day": day }, el("th", { scope: "row" }, fmt.format(parseDay(day))), el("td", {}, el("bdi", {}, visible(names.get(s.id) ?? s.id))), el("td", {}, String(c.items)), el("td", {}, consent), el("td", {}, String(c.cleanups))));
    }
  }
  const head = el("tr", {}, ...["timelineColDay", "timelineColSite", "timelineColItems", "timelineColConsent", "timelineColCleanups"].map((k) => el("th", { scope: "col" }, t(k))));
  return el("table", { id: "timeline-table", hidden: true }, el("caption", {}, t("timelineTitle", [String(DAYS)])), el("thead", {}, head), body);
}

// Draws the timeline of `data` (timelineData's) into `box` (the section on
// the log page).
export function drawTimeline(box, data, names) {
  const fmt = dayFormat();
  const description = describe(data, names, fmt);
  const shown = [];
  if (data.truncated) shown.push(el("p", { id: "timeline-truncated" }, t("timelineTruncated", [String(data.counted)])));
  if (!data.sites.length) shown.push(el("p", { id: "timeline-empty" }, description));
  else {
    const tab = table(data, names, fmt);
    const toggle = el("button", { type: "button", id: "timeline-toggle", "aria-expanded": "false", "aria-controls": "timeline-table" }, t("timelineShowTable"));
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = t(open ? "timelineHideTable" : "timelineShowTable");
      tab.hidden = !open;
    });
    shown.push(picture(data, names, fmt, description), el("p", { class: "legend" }, el("span", { class: "key-bar", "aria-hidden": "true" }), ` ${t("timelineKeyItems")} `, el("span", { class: "key-consent", "aria-hidden": "true" }), ` ${t("timelineKeyConsent")} `, el("span", { class: "key-cleanup", "aria-hidden": "true" }), ` ${t("timelineKeyCleanup")}`), el("p", {}, toggle), tab);
  }
  box.replaceChildren(...shown);
  box.dataset.drawn = "true";
}
