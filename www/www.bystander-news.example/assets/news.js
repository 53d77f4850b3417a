// Bystander news (stand-in): remembers that the reader has been here, plus
// the page-ready signal used by tests (<html data-stand-in-ready="true">).
(function () {
  'use strict';
  var tasks = (window.__standInTasks = window.__standInTasks || []);
  try {
    if (!localStorage.getItem('bystander_seen')) localStorage.setItem('bystander_seen', String(Date.now()));
  } catch (e) { /* storage disabled */ }

  window.__standInReady = new Promise(function (resolve) {
    window.addEventListener('load', function () {
      Promise.allSettled(tasks).then(function (results) {
        document.documentElement.setAttribute('data-stand-in-ready', 'true');
        resolve(results.map(function (r) { return r.status; }));
      });
    });
  });
})();
