// Universal Credit (stand-in): consent record with usage refused, plus the
// page-ready signal used by tests (<html data-stand-in-ready="true">).
(function () {
  'use strict';
  var tasks = (window.__standInTasks = window.__standInTasks || []);
  document.cookie = 'uc_cookies_policy=' +
    encodeURIComponent(JSON.stringify({ essential: true, usage: false })) +
    '; path=/; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString() +
    (location.protocol === 'https:' ? '; Secure' : '');

  window.__standInReady = new Promise(function (resolve) {
    window.addEventListener('load', function () {
      Promise.allSettled(tasks).then(function (results) {
        document.documentElement.setAttribute('data-stand-in-ready', 'true');
        resolve(results.map(function (r) { return r.status; }));
      });
    });
  });
})();
