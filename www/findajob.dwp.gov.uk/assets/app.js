// Find a job (stand-in): the site's own first-party script.
// Sets the consent record, remembers searches, seeds hostile storage values for
// escaping tests, registers the service worker, and filters the job list.
(function () {
  'use strict';

  // Other scripts on the page push promises here; when the page has loaded and
  // they have all settled, <html data-stand-in-ready="true"> is set and
  // window.__standInReady resolves. Tests wait for that before inspecting.
  var tasks = (window.__standInTasks = window.__standInTasks || []);

  function setCookie(name, value, days) {
    var s = name + '=' + value + '; path=/';
    if (days) s += '; expires=' + new Date(Date.now() + days * 864e5).toUTCString();
    if (location.protocol === 'https:') s += '; Secure';
    document.cookie = s;
  }

  // Consent record in the style of GOV.UK: host-only, one year, usage refused.
  setCookie('cookies_policy', encodeURIComponent(JSON.stringify({
    essential: true, settings: false, usage: false, campaigns: false
  })), 365);

  // Hostile values. The extension must show these as text, never as markup or
  // spreadsheet formulas. "x" is not a real file, so onerror fires if the key
  // is ever parsed as HTML.
  setCookie('tw_hostile', '+1-1', 1);
  try {
    localStorage.setItem('=HYPERLINK("http://x","y")', '=1+1');
    localStorage.setItem('<img src=x onerror=alert(1)>', '<svg onload=alert(2)>');
  } catch (e) { /* storage disabled */ }

  // Remember the last few searches, as a job site plausibly would.
  var params = new URLSearchParams(location.search);
  try {
    var recent = JSON.parse(localStorage.getItem('findajob_recent_searches') || '[]');
    if (params.get('q') || params.get('w')) {
      recent.unshift({ q: params.get('q') || '', w: params.get('w') || '' });
      recent = recent.slice(0, 5);
    }
    localStorage.setItem('findajob_recent_searches', JSON.stringify(recent));
  } catch (e) { /* storage disabled or bad JSON */ }

  // Service worker that pre-caches a couple of static files.
  if ('serviceWorker' in navigator) {
    tasks.push(
      navigator.serviceWorker.register('/sw.js', { scope: '/' })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function () { return caches.has('findajob-static-v1'); })
    );
  }

  document.addEventListener('DOMContentLoaded', function () {
    var q = (params.get('q') || '').trim().toLowerCase();
    var w = (params.get('w') || '').trim().toLowerCase();
    document.getElementById('q').value = params.get('q') || '';
    document.getElementById('w').value = params.get('w') || '';
    var items = document.querySelectorAll('.search-result');
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute('data-text');
      var match = (!q || text.indexOf(q) !== -1) && (!w || text.indexOf(w) !== -1);
      li.hidden = !match;
      if (match) shown++;
    });
    document.getElementById('results-count').textContent =
      shown + (shown === 1 ? ' job found' : ' jobs found');
  });

  window.__standInReady = new Promise(function (resolve) {
    window.addEventListener('load', function () {
      // Scripts may add tasks while loading; by "load" they have all run.
      Promise.allSettled(tasks).then(function (results) {
        document.documentElement.setAttribute('data-stand-in-ready', 'true');
        resolve(results.map(function (r) { return r.status; }));
      });
    });
  });
})();
