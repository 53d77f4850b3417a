// The numbers behind the log page's timeline: tracking items per watched
// site per day (the reader's days, in their time zone), and the days the
// site's consent record changed or the site was cleaned. Read from the
// journal through journal.page, newest first, up to a bound: the timeline
// says when it counted only the latest entries.
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

// {days: [dayKey], sites: [{id, days: Map(day -> {items, consent: [state], cleanups})}], counted, truncated}
// for the DAYS days up to `now`.
export async function timelineData(send, now = new Date()) {
  const days = [];
  for (let i = DAYS - 1; i >= 0; i--) days.push(dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - i)));
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS - 1));
  const filter = { from: first.toISOString() };
  const sites = new Map();
  const cell = (site, day) => {
    if (!sites.has(site)) sites.set(site, new Map());
    const m = sites.get(site);
    if (!m.has(day)) m.set(day, { items: 0, consent: [], cleanups: 0 });
    return m.get(day);
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
  return { days, sites: [...sites].map(([id, m]) => ({ id, days: m })), counted, truncated };
}
