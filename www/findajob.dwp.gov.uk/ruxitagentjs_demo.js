// Imitation of a first-party real-user-monitoring (RUM) agent in the style of
// Dynatrace's "ruxitagentjs". Written for Tracking Witness; no vendor code.
// Served by the site itself, so everything it sets is first-party:
//   cookies  dtCookie, rxVisitor, dtSa, rxvt   (session cookies, Domain=<registrable domain>)
//            dtValidationCookie                (set and removed while probing the domain)
//   sessionStorage  rxVisitor, rxvisitid
//   localStorage    rxVisitor
// and posts a beacon to /rb_demo on the same origin.
(function () {
  'use strict';

  function hex(n) {
    var a = new Uint8Array(n);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('').toUpperCase();
  }
  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : null;
  }

  // Find the widest domain that accepts a cookie, the way RUM agents do:
  // try "uk", then "gov.uk", then "dwp.gov.uk", ... keep the first that sticks.
  function probeDomain() {
    var labels = location.hostname.split('.');
    for (var i = labels.length - 2; i >= 0; i--) {
      var d = labels.slice(i).join('.');
      document.cookie = 'dtValidationCookie=1; path=/; domain=' + d;
      var ok = readCookie('dtValidationCookie') === '1';
      document.cookie = 'dtValidationCookie=; path=/; domain=' + d + '; max-age=0';
      if (ok) return d;
    }
    return location.hostname;
  }

  var domain = probeDomain();
  var secure = location.protocol === 'https:' ? '; Secure' : '';
  function set(name, value) {
    document.cookie = name + '=' + value + '; path=/; domain=' + domain + secure;
  }

  var now = Date.now();
  var visitor = readCookie('rxVisitor') || (function () {
    try { return localStorage.getItem('rxVisitor'); } catch (e) { return null; }
  })() || (now + hex(12) + 'V2');
  var sessionId = hex(16);

  set('dtCookie', 'v_4_srv_1_sn_' + sessionId + '_perc_100000_ol_0_mul_1_app-3Afindajob_1');
  set('rxVisitor', visitor);
  set('dtSa', '-');
  set('rxvt', (now + 30 * 60 * 1000) + '|' + now);

  try {
    sessionStorage.setItem('rxVisitor', visitor);
    sessionStorage.setItem('rxvisitid', sessionId);
    localStorage.setItem('rxVisitor', visitor);
  } catch (e) { /* storage disabled */ }

  // Page-load beacon, first-party.
  var beacon = fetch('/rb_demo?type=js&flavor=post&vi=' + encodeURIComponent(visitor), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: '$a=1|1|_load_|_load_|-|' + now + '|' + now + '|0$url=' + encodeURIComponent(location.href),
    credentials: 'same-origin'
  }).catch(function () {});
  (window.__standInTasks = window.__standInTasks || []).push(beacon);
})();
