// Content script (isolated world, top frame) on watched sites, for the
// work-search diary. It asks the background which elements of this page it
// may read; the answer is null while the diary is off, and for pages the
// site's diary rules do not name, and then nothing is read. Otherwise it
// reads the text of those elements only (textContent, never markup; cut to a
// few hundred characters; lone surrogates replaced) and sends it with a
// random id for this page load. The core decides whether the page is a
// search, a job looked at or an application, and records it.
(() => {
  if (globalThis.__twDiary) return;
  globalThis.__twDiary = true;
  const api = globalThis.twBrowser;
  const M = globalThis.twMessages;
  const TEXT_CHARS = 1000;
  const wellFormed = String.prototype.toWellFormed
    ? (s) => s.toWellFormed()
    : (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const page = crypto.randomUUID();

  function read(fields) {
    const out = {};
    for (const [name, selector] of Object.entries(fields)) {
      let node = null;
      try {
        node = document.querySelector(String(selector));
      } catch {
        continue;
      }
      if (node) out[name] = wellFormed(String(node.textContent ?? "").slice(0, TEXT_CHARS));
    }
    return out;
  }

  // A message the background did not answer (it was stopping) is sent
  // again a few times with the same page id, which the core takes once.
  async function send(message, tries = 3) {
    for (let i = 0; ; i++) {
      try {
        return await api.sendMessage(message);
      } catch (e) {
        if (i + 1 >= tries) throw e;
        await new Promise((r) => setTimeout(r, 1000 * (i + 1)));
      }
    }
  }

  async function run() {
    const reply = await send({ type: M.DIARY_FIELDS });
    if (!reply || !reply.fields) return;
    await send({ type: M.DIARY_SEEN, page, fields: read(reply.fields) });
  }
  run().catch(() => {});
})();
