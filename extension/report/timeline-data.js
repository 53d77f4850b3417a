// The numbers behind the log page's pictures: tracking items per watched
// site per day (the reader's days, in their time zone), the days the
// site's consent record changed or the site was cleaned (the timeline),
// and the other companies each site's pages contacted, how often (the
// third-party graph). Read from the journal through journal.page, newest
// first, up to a bound: the pictures say when they counted only the latest
// entries.
const M = globalThis.twMessages;

// What counts as tracking seen: the core's EntryType::is_tracking list.
const TRACKING = new Set(["cookie.set", "cookie.changed", "storage.added", "storage.changed", "request.seen", "behaviour.seen"]);
export const DAYS = 30;
export const MAX_ENTRIES = 5000;
const PAGE = 500;

// "2026-12-02" for the reader's own calendar day of `date`.
export function dayKey(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// {days: [dayKey], sites: [{id, days: Map(day -> {items, consent: [state], cleanups}),
// companies: Map(vendor or "" -> {vendor, category, count, hosts: Set})}], counted, truncated}
// for the DAYS days up to `now`. A site's companies are those of its
// request.seen entries (the site's own addresses left out); "" gathers the
// addresses nobody recognised.
export async function timelineData(send, now = new Date()) {
  const days = [];
  for (let i = DAYS - 1; i >= 0; i--) days.push(dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - i)));
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS - 1));
  const filter = { from: first.toISOString() };
  const sites = new Map();
  const ofSite = (site) => {
    if (!sites.has(site)) sites.set(site, { days: new Map(), companies: new Map() });
    return sites.get(site);
  };
  const cell = (site, day) => {
    const m = ofSite(site).days;
    if (!m.has(day)) m.set(day, { items: 0, consent: [], cleanups: 0 });
    return m.get(day);
  };
  const company = (site, data) => {
    const m = ofSite(site).companies;
    const vendor = typeof data.vendor === "string" ? data.vendor : "";
    if (!m.has(vendor)) m.set(vendor, { vendor, category: "unknown", count: 0, hosts: new Set() });
    const c = m.get(vendor);
    // Newest first: the first category met is the latest verdict.
    if (!c.count && vendor && typeof data.category === "string") c.category = data.category;
    c.count += data.count ?? 1;
    c.hosts.add(String(data.host ?? ""));
  };
  let before = null;
  let counted = 0;
  let truncated = false;
  for (;;) {
    const page = await send({ type: M.JOURNAL_PAGE, before, limit: PAGE, filter });
    for (const e of page.entries) {
      counted++;
      if (!e.site) continue;
      const day = dayKey(new Date(e.time));
      if (!days.includes(day)) continue;
      if (TRACKING.has(e.type)) cell(e.site, day).items += e.type === "request.seen" ? (e.data?.count ?? 1) : 1;
      if (e.type === "request.seen" && e.data && e.data.party !== "first") company(e.site, e.data);
      else if (e.type === "consent.changed") cell(e.site, day).consent.push(String(e.data?.state));
      else if (e.type === "cleanup.result") cell(e.site, day).cleanups++;
    }
    before = page.next;
    if (!before) break;
    if (counted >= MAX_ENTRIES) {
      truncated = true;
      break;
    }
  }
  return { days, sites: [...sites].map(([id, m]) => ({ id, days: m.days, companies: m.companies })), counted, truncated };
}
