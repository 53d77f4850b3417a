// Find a job (stand-in) service worker: pre-caches two static files.
// It has no fetch handler, so every request still reaches the server (and the
// server's request log), which keeps test assertions simple.
const CACHE = 'findajob-static-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(['/assets/govuk-lite.css', '/assets/icon.svg']))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
