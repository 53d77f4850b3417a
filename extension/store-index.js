// @ts-check
// The search index of the journal's segments (the segmentIndex store): what
// each segment holds, so that a search can skip a segment without reading
// it (docs/architecture.md, "The log searches a summary per segment").
import { SEP, promisify, done, unpack, edgeKey } from "./store-idb.js";

// The layout of a segmentIndex record. A record with another number (or
// none) is not trusted: the search reads that segment instead, and the
// record is written again.
export const INDEX_FORMAT = 1;
// A kind with at most this many entries in a segment is copied into its
// summary, up to this many bytes of JSON per summary.
const RARE_ENTRIES = 4;
const RARE_BYTES = 8192;

// What a search needs to know about a segment to skip it: every (site,
// type) pair its entries have, as "site\u001ftype" (site "" for entries
// without one), the days their times fall on ("YYYY-MM-DD", the first ten
// characters of the time) and the earliest and latest times. A search can
// then tell "no entry here can match" without reading the entries.
export function segmentSummary(first, last, entries) {
  const byKind = new Map();
  const days = new Set();
  let minTime = null;
  let maxTime = null;
  for (const e of entries) {
    const kind = `${e.site ?? ""}${SEP}${e.type}`;
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind).push(e);
    if (typeof e.time !== "string") continue;
    days.add(e.time.slice(0, 10));
    if (minTime === null || e.time < minTime) minTime = e.time;
    if (maxTime === null || e.time > maxTime) maxTime = e.time;
  }
  // The entries of the rarest kinds are copied in whole (as JSON text, the
  // segment's own form), so that a search for them needs no segment at all:
  // the kinds people look for (a cleanup, an export, a consent change) are
  // few among the many cookie entries.
  const rare = {};
  let room = RARE_BYTES;
  for (const [kind, list] of [...byKind].sort((a, b) => a[1].length - b[1].length)) {
    if (list.length > RARE_ENTRIES) break;
    const text = list.map((e) => JSON.stringify(e)).join(",");
    if (text.length > room) break;
    rare[kind] = text;
    room -= text.length;
  }
  // And what an export's plan needs (export-stream.js): the first entry's
  // prevHash and the screenshots the segment's evidence.recorded entries
  // name, so an export without a filter plans the segment from this record
  // alone. (Records written before these members existed lack them: the
  // export then reads that segment.)
  const prevHash = entries.length ? entries[0].prevHash : null;
  const shots = entries.filter((e) => e.type === "evidence.recorded").map((e) => e.data.screenshotSha256);
  return { first, last, format: INDEX_FORMAT, count: entries.length, minTime, maxTime, kinds: [...byKind.keys()].sort(), days: [...days].sort(), rare, prevHash, shots };
}

// Whether summary `s` can stand in for its segment in an export's plan.
export const plannable = (s) =>
  trusted(s) && typeof s.prevHash === "string" && Array.isArray(s.shots) && s.shots.every((x) => typeof x === "string") && s.count === s.last - s.first + 1;

const kindMatches = (k, site, type) => {
  const at = k.indexOf(SEP);
  const kSite = k.slice(0, at);
  const kType = k.slice(at + 1);
  return (!site || kSite === site) && (!type || kType === type || kType.startsWith(type + "."));
};

// The entries of `s` that may match, when every kind that matches is one
// whose entries the summary holds whole (else null: read the segment).
export function fromSummary(s, { site, type }) {
  if (!site && !type) return null;
  const texts = [];
  for (const k of s.kinds) {
    if (!kindMatches(k, site, type)) continue;
    if (!s.rare || !Object.hasOwn(s.rare, k) || typeof s.rare[k] !== "string") return null;
    texts.push(s.rare[k]);
  }
  try {
    return JSON.parse(`[${texts.join(",")}]`).sort((a, b) => a.seq - b.seq);
  } catch {
    // Unreadable: the segment itself is read instead.
    return null;
  }
}

// Whether a segment with summary `s` may hold an entry that `matches` (in
// journalPage) accepts. Never false for a segment that holds one: an entry
// whose site and type match has its pair in `kinds`; a time t with
// from <= t <= to lies within [minTime, maxTime], and its first ten
// characters lie between those of `from` and `to` (comparing strings by
// their first ten characters keeps their order).
export function mayMatch(s, { site, type, from, to }) {
  if (site || type) {
    if (!s.kinds.some((k) => kindMatches(k, site, type))) return false;
  }
  if (from || to) {
    if (s.minTime === null) return false;
    if (from && s.maxTime < from) return false;
    if (to && s.minTime > to) return false;
    const lo = from ? from.slice(0, 10) : "";
    const hi = to ? to.slice(0, 10) : "\uffff";
    if (!s.days.some((d) => d >= lo && d <= hi)) return false;
  }
  return true;
}

const trusted = (s) => s?.format === INDEX_FORMAT && Array.isArray(s.kinds) && Array.isArray(s.days) && Number.isInteger(s.first) && Number.isInteger(s.last);

// The runs of seqs from `lowest` to `highest` that no trusted summary
// covers, newest first, interleaved with the summaries themselves: each
// unit is {summary} or {gap: [first, last]}. A gap holds segments packed
// before the index existed, or whose summary is lost or of another format.
// (A search adds each summary's `entries` when the summary holds them.)
/** @typedef {{gap?: [number, number], summary?: any, entries?: object[] | null}} Unit */
/** @returns {Unit[]} */
export function unitsOf(summaries, lowest, highest) {
  /** @type {Unit[]} */
  const units = [];
  let hi = highest;
  const usable = summaries.filter(trusted);
  for (let i = usable.length - 1; i >= 0; i--) {
    const s = usable[i];
    if (s.last < hi) units.push({ gap: [s.last + 1, hi] });
    units.push({ summary: s });
    hi = s.first - 1;
  }
  if (lowest !== null && lowest <= hi) units.push({ gap: [lowest, hi] });
  return units;
}

// Writes the summary of every segment that has none of the current
// format (segments packed before the index existed, or whose record was
// lost), newest first. One transaction per segment, reading it and
// writing its summary together, so an archive in between cannot leave a
// summary without its segment. Returns how many it wrote; one run at a
// time. With `quick` (each start-up), it first compares the oldest and
// newest keys of the two stores (four keys) and stops there when they
// agree: a journal from before the index, or a run stopped half-way
// (the oldest are done last), differs at the oldest end; a summary lost
// in the middle is found by the next search that meets its gap.
export function indexSegments(store, { quick = false } = {}) {
  store.indexing ??= (async () => {
    let written = 0;
    try {
      if (quick) {
        const tx = store.db.transaction(["segments", "segmentIndex"]);
        const [a, b, c, d] = await Promise.all(
          ["segments", "segmentIndex"].flatMap((name) => ["next", "prev"].map((dir) => edgeKey(tx.objectStore(name), dir))),
        );
        if (a === c && b === d) return 0;
      }
      // Only the gaps between trusted summaries are looked into.
      const tx = store.db.transaction(["segments", "segmentIndex"]);
      const segments = tx.objectStore("segments");
      const [summaries, firstSegment] = await Promise.all([promisify(tx.objectStore("segmentIndex").getAll()), edgeKey(segments, "next")]);
      const gaps = unitsOf(summaries, firstSegment, Infinity).filter((u) => u.gap);
      // Gaps come newest first; so do the keys within each.
      const firsts = (await Promise.all(gaps.map((u) => promisify(segments.getAllKeys(IDBKeyRange.bound(...u.gap)))))).flatMap((keys) => keys.reverse());
      for (const first of firsts) {
        if (store.closed) break;
        const wtx = store.db.transaction(["segments", "segmentIndex"], "readwrite");
        const segment = await promisify(wtx.objectStore("segments").get(first));
        if (segment) {
          wtx.objectStore("segmentIndex").put(segmentSummary(segment.first, segment.last, unpack(segment.bytes)));
          written++;
        }
        await done(wtx);
      }
      return written;
    } finally {
      store.indexing = null;
    }
  })();
  return store.indexing;
}
