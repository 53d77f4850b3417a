// The evidence commands beside the export (evidence-export.js): record
// evidence now (a screenshot and the findings), the journal's figures for
// the log page, and the archive that clears the journal after an export.
import { api, persist, twoPhase, named } from "./boot.js";
import { shortHash } from "./pkg/tracking_witness.js";
import { hostOf } from "./answer-cache-read.js";

// "Record evidence now": a screenshot of the visible tab and the site's
// current findings, chained into the journal.
export async function recordEvidence({ witness, store }, msg) {
  const tab = msg.tabId ? await api.getTab(msg.tabId) : await api.activeTab();
  const url = msg.url || tab?.url || "";
  const host = hostOf(url);
  if (!host || !witness.siteForHost(host)) throw named("UnknownSite", `${host || "this page"} is not one of the watched sites`);
  const dataUrl = await api.captureVisibleTab(tab?.windowId);
  const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0));
  const page = new URL(url);
  const { commit, sha256 } = witness.recordEvidence(host, page.origin + page.pathname, bytes, Date.now());
  await persist(store, commit, { screenshots: { [sha256]: dataUrl } });
  return { seq: commit.entries[0].seq, sha256 };
}

// Archive: the page has just saved an export ending at `headSeq`; clear the
// journal and start it again from a checkpoint. Refused if entries arrived
// since, so nothing is cleared that the user has not saved.
export async function archiveJournal({ witness, store }, msg) {
  const head = JSON.parse(witness.headJson());
  if (msg.headSeq !== head.seq) {
    throw named("Conflict", `the log has changed since that export (now ${head.seq} entries, export ended at ${msg.headSeq}); export again first`);
  }
  const count = await store.journalCount();
  const commit = witness.archive(count, Date.now());
  // The log page shows the last checkpoint (see journalStats).
  await twoPhase(commit, () => store.replaceJournalWith(commit.entries[0], { head: JSON.stringify(commit.head), lastCheckpoint: commit.entries[0] }));
  return { archived: count, checkpoint: commit.entries[0] };
}

// {type: "journal.stats"} -> {count, head: {seq, hash}, headShort, checkpoint}
// (`checkpoint`: the archive.checkpoint the last archive left, or null)
export async function journalStats({ store, witness }) {
  const head = JSON.parse(witness.headJson());
  const [count, { lastCheckpoint }] = await Promise.all([store.journalCount(), store.getMeta(["lastCheckpoint"])]);
  const cp = lastCheckpoint;
  const checkpoint = cp
    ? { seq: cp.seq, time: cp.time, hash: cp.hash, archivedCount: cp.data.archivedCount, previousSeq: cp.data.previousSeq, previousHash: cp.data.previousHash, previousShort: shortHash(cp.data.previousHash) }
    : null;
  return { count, head, headShort: shortHash(head.hash), checkpoint };
}
