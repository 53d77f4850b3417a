// The closed list of runtime message types. Anything else is refused by the
// background's dispatcher. Documented in docs/messages.md; the names in the
// first group are public contracts for automation.
//
// A plain script, like browser-api.js, so content scripts can load it too.
(() => {
  if (globalThis.twMessages) return;
  const PUBLIC = Object.freeze({
    SITE_SUMMARY: "site.summary",
    SITE_CLEAN: "site.clean",
    EVIDENCE_EXPORT: "evidence.export",
    EVIDENCE_RECEIPT: "evidence.receipt",
    EVIDENCE_TIMESTAMP: "evidence.timestamp",
    DIARY_LIST: "diary.list",
    DIARY_ADD: "diary.add",
    DIARY_EDIT: "diary.edit",
    DIARY_REMOVE: "diary.remove",
  });
  const PAGES = Object.freeze({
    STATUS: "status.get",
    CLEAN_PLAN: "site.cleanPlan",
    TAB_SITE: "tab.site",
    SITES_LIST: "sites.list",
    SITES_ADD: "sites.add",
    SITES_CHECK: "sites.check",
    SITES_UPDATE: "sites.update",
    SITES_REMOVE: "sites.remove",
    PRESETS_LIST: "presets.list",
    ONBOARDING_CHOOSE: "onboarding.choose",
    SETTINGS_EXPORT: "settings.export",
    SETTINGS_IMPORT: "settings.import",
    SETTINGS_UPDATE: "settings.update",
    FILTERS_LIST: "filters.list",
    FILTERS_IMPORT: "filters.import",
    FILTERS_REMOVE: "filters.remove",
    EVIDENCE_RECORD: "evidence.record",
    JOURNAL_PAGE: "journal.page",
    JOURNAL_STATS: "journal.stats",
    JOURNAL_ARCHIVE: "journal.archive",
    SIGNING_KEY: "signing.key",
    LETTER_DRAFT: "letter.draft",
    EVIDENCE_CHECK: "evidence.check",
    DIARY_EXPORT: "diary.export",
    CATALOG_LOOKUP: "catalog.lookup",
  });
  // Sent by the content script from a web page: accepted from any tab, but
  // only ever about that tab's own origin.
  const CONTENT = Object.freeze({
    STORAGE_SNAPSHOT: "content.storage",
    REQUESTS_SEEN: "content.requests",
    BEHAVIOUR_SEEN: "content.behaviour",
    DIARY_FIELDS: "content.diaryFields",
    DIARY_SEEN: "content.diary",
  });
  globalThis.twMessages = Object.freeze({
    ...PUBLIC,
    ...PAGES,
    ...CONTENT,
    PUBLIC_TYPES: Object.freeze(Object.values(PUBLIC)),
    PAGE_TYPES: Object.freeze([...Object.values(PUBLIC), ...Object.values(PAGES)]),
    CONTENT_TYPES: Object.freeze(Object.values(CONTENT)),
    // Not a message: the BroadcastChannel on which the background tells open
    // pages of each new journal head, {seq}, once it is stored.
    HEAD_CHANNEL: "tw-journal-head",
  });
})();
