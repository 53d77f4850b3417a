// Imitation of a Hotjar-style session-recording tag, written for Tracking
// Witness. No Hotjar code. The site id is taken from the file name
// (hotjar-<id>.js). On the page's own (first-party) origin it sets:
//   cookie _hjTLDTest             set and removed while probing the domain
//   cookie _hjSessionUser_<id>    1 year, Domain=<registrable domain>
//   cookie _hjSession_<id>        30 minutes, same domain
//   localStorage _hjSessionUser_<id>
//   IndexedDB database "hotjar" (object store "events", one record)
// and POSTs visit data to in.hotjar.com/api/v2/client/sites/<id>/visit-data.
(function () {
  'use strict';
  var script = document.currentScript;
  var match = script && /hotjar-(\d+)\.js/.exec(script.src);
  var siteId = match ? match[1] : '0';
  var secure = location.protocol === 'https:' ? '; Secure' : '';

  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : null;
  }
  function uuid() {
    return crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
  }

  var domain = location.hostname;
  var labels = location.hostname.split('.');
  for (var i = labels.length - 2; i >= 0; i--) {
    var d = labels.slice(i).join('.');
    document.cookie = '_hjTLDTest=1; path=/; domain=' + d + '; SameSite=Lax' + secure;
    var ok = readCookie('_hjTLDTest') === '1';
    document.cookie = '_hjTLDTest=; path=/; domain=' + d + '; max-age=0; SameSite=Lax' + secure;
    if (ok) { domain = d; break; }
  }
  function set(name, value, seconds) {
    document.cookie = name + '=' + value + '; path=/; domain=' + domain +
      '; max-age=' + seconds + '; SameSite=Lax' + secure;
  }

  var now = Date.now();
  var userKey = '_hjSessionUser_' + siteId;
  var user = readCookie(userKey) || btoa(JSON.stringify({ id: uuid(), created: now, existing: false }));
  var session = btoa(JSON.stringify({ id: uuid(), c: now, s: 0, r: 0, sb: 0, sr: 0, se: 0, fs: 1 }));
  set(userKey, user, 365 * 86400);
  set('_hjSession_' + siteId, session, 30 * 60);
  try { localStorage.setItem(userKey, user); } catch (e) { /* storage disabled */ }

  // Buffer for recorded events, kept in IndexedDB on the page's origin.
  var stored = new Promise(function (resolve) {
    if (!window.indexedDB) return resolve('no indexedDB');
    var req = indexedDB.open('hotjar', 1);
    req.onupgradeneeded = function () { req.result.createObjectStore('events', { autoIncrement: true }); };
    req.onerror = function () { resolve('open failed'); };
    req.onsuccess = function () {
      var db = req.result;
      var tx = db.transaction('events', 'readwrite');
      tx.objectStore('events').add({ type: 'page_view', url: location.href, time: now });
      tx.oncomplete = function () { db.close(); resolve('stored'); };
      tx.onerror = function () { db.close(); resolve('write failed'); };
    };
  });

  var sentVisit = fetch('https://in.hotjar.com:{{PORT}}/api/v2/client/sites/' + siteId + '/visit-data?sv=7', {
    method: 'POST',
    mode: 'cors',
    credentials: 'include',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ user_id: JSON.parse(atob(user)).id, url: location.href, r_value: 1 })
  }).then(function (r) { return r.status; }).catch(function () { return 'failed'; });

  (window.__standInTasks = window.__standInTasks || []).push(Promise.all([stored, sentVisit]));
})();
