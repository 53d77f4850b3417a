// Session-recording glue, as a site would paste it or load it from a CDN:
// start the rrweb recorder and post its events in batches to a collector.
(() => {
  if (!globalThis.rrweb) return;
  const events = [];
  globalThis.rrweb.record({ emit: (event) => events.push(event) });
  const flush = () => {
    if (!events.length) return;
    const batch = events.splice(0, events.length);
    fetch('https://ingest.replaykit.example:{{PORT}}/v1/batch', { method: 'POST', body: JSON.stringify(batch) }).catch(() => {});
  };
  setInterval(flush, 1000);
  addEventListener('pagehide', flush);
})();
