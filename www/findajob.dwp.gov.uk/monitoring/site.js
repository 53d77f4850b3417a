// The site's own script on the monitoring stand-in. It does what ordinary
// sites do and must NOT be flagged: draws a chart with labels (saving and
// restoring its context, listening for hover) and reads it back for a
// download link; sends its own analytics beacon without any input; and runs
// its search when the form is submitted. Then it runs FingerprintJS the way
// a site embedding it does, and says it is ready.
(() => {
  const canvas = document.getElementById('chart');
  const ctx = canvas.getContext('2d');
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
  const counts = [12, 19, 7, 15, 10];
  canvas.addEventListener('mousemove', () => {});
  days.forEach((day, i) => {
    ctx.save();
    ctx.fillStyle = i % 2 ? '#1d70b8' : '#00703c';
    ctx.fillRect(20 + i * 60, 100 - counts[i] * 4, 40, counts[i] * 4);
    ctx.fillStyle = '#0b0c0c';
    ctx.fillText(day, 28 + i * 60, 115);
    ctx.restore();
  });
  canvas.toDataURL();

  navigator.sendBeacon('/monitoring/analytics', JSON.stringify({ page: location.pathname, t: Date.now() }));

  document.getElementById('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('q').value;
    fetch(`/monitoring/search?q=${encodeURIComponent(q)}`).then(() => {
      document.getElementById('results').textContent = 'Search sent.';
      document.documentElement.dataset.searched = 'true';
    });
  });

  const fingerprint = globalThis.FingerprintJS
    ? globalThis.FingerprintJS.load({ monitoring: false }).then((agent) => agent.get())
    : Promise.resolve(null);
  fingerprint
    .catch(() => null)
    .then(() => document.documentElement.setAttribute('data-stand-in-ready', 'true'));
})();
