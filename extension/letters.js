// Letters: a complaint or a subject access request drafted by the core
// from a site's findings and journal (docs/letters.md).
import { api, actionsModule, persist, named, requireString } from "./boot.js";

// {type: "letter.draft", kind, site, sender?, complainedOn?, reply?, evidenceFile?}
// -> {text, html, kind, site, headHash}. The core drafts the letter from the
// site's findings and journal; the draft is journaled by its hash only (it
// may hold the user's name and address) and is never sent anywhere.
export async function draftLetter({ witness, store }, msg) {
  const siteId = requireString(msg.site, "site");
  const site = witness.config().sites.find((s) => s.id === siteId);
  if (!site) throw named("UnknownSite", `no site has the id ${JSON.stringify(siteId)}`);
  const summary = witness.summaries(siteId)[0] ?? { findings: [], consent: {} };
  const cleanups = (await store.journalPage({ site: siteId, type: "cleanup.result", limit: 500 })).entries
    .reverse()
    .map((e) => ({ time: e.time, removed: e.data.removed, failed: e.data.failed }));
  const receipt = (await store.journalPage({ type: "receipt.issued", limit: 1 })).entries[0];
  const input = {
    kind: requireString(msg.kind, "kind"),
    site: { id: site.id, name: site.name, hosts: site.hosts, preset: site.preset ?? null },
    findings: summary.findings,
    consent: summary.consent,
    cleanups,
    head: JSON.parse(witness.headJson()),
    receipt: receipt ? { seq: receipt.seq, hash: receipt.hash, time: receipt.time } : null,
    sender: msg.sender ?? {},
    complainedOn: msg.complainedOn ?? null,
    reply: msg.reply ?? null,
    evidenceFile: msg.evidenceFile ?? null,
    nowMs: Date.now(),
  };
  const module = await actionsModule();
  const texts = {};
  for (const key of module.letterTextKeys()) {
    const text = api.i18n(`letter_${key}`);
    if (text) texts[key] = text;
  }
  for (const f of summary.findings) {
    const key = `category_${f.category.replace(/-/g, "_")}`;
    texts[key] ??= api.i18n(key);
  }
  const letter = module.draftLetter(JSON.stringify(input), api.uiLanguage() || "en", texts);
  await persist(store, witness.letterDrafted(siteId, { kind: letter.kind, sha256: letter.sha256 }, Date.now()));
  return { text: letter.text, html: letter.html, kind: letter.kind, site: letter.site, headHash: letter.headHash };
}
