// Imitation of a Google Analytics 4 tag (gtag.js), written for Tracking Witness.
// No Google code. Does what the real tag is documented to do on page load:
//   _ga          client id, 2 years, Domain=<registrable domain of the page>
//   _ga_<ID>     session state for measurement id G-<ID>, 2 years, same domain
//   _gcl_au      conversion linker (advertising), 90 days, same domain
// then sends a page_view beacon to region1.google-analytics.com/g/collect,
// whose response sets the third-party cookie ar_debug on .google-analytics.com.
(function () {
  'use strict';
  var script = document.currentScript;
  var src = script ? new URL(script.src) : null;
  var measurementId = (src && src.searchParams.get('id')) || 'G-UNKNOWN';
  var streamSuffix = measurementId.replace(/^G-/, '');
  var nowS = Math.floor(Date.now() / 1000);
  var secure = location.protocol === 'https:' ? '; Secure' : '';

  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : null;
  }
  function randomInt() {
    return Math.floor(Math.random() * 2147483647);
  }
  function write(name, value, days, domain) {
    document.cookie = name + '=' + value + '; path=/; domain=' + domain +
      '; max-age=' + Math.round(days * 86400) + '; SameSite=Lax' + secure;
  }

  // "cookie_domain: auto": write _ga at the widest level the browser accepts
  // (e.g. "uk" and "gov.uk" are refused, "dwp.gov.uk" is accepted).
  var clientId = (readCookie('_ga') || '').split('.').slice(2).join('.') || (randomInt() + '.' + nowS);
  var domain = location.hostname;
  var labels = location.hostname.split('.');
  for (var i = labels.length - 2; i >= 0; i--) {
    var candidate = labels.slice(i).join('.');
    var probe = 'GA1.1.probe' + i + '.' + randomInt(); // unique, so an old _ga cannot fool the check
    write('_ga', probe, 730, candidate);
    if (readCookie('_ga') === probe) { domain = candidate; break; }
  }
  write('_ga', 'GA1.1.' + clientId, 730, domain);

  write('_ga_' + streamSuffix, 'GS1.1.' + nowS + '.1.0.' + nowS + '.0.0.0', 730, domain);
  if (!readCookie('_gcl_au')) write('_gcl_au', '1.1.' + randomInt() + '.' + nowS, 90, domain);

  // Drain the dataLayer queue so the inline gtag() calls are "handled".
  var dataLayer = (window.dataLayer = window.dataLayer || []);
  var events = [];
  dataLayer.forEach(function (args) { events.push(String(args[0])); });

  var query = new URLSearchParams({
    v: '2',
    tid: measurementId,
    cid: clientId,
    sid: String(nowS),
    en: 'page_view',
    dl: location.href,
    dt: document.title,
    _p: String(randomInt())
  });
  navigator.sendBeacon('https://region1.google-analytics.com:{{PORT}}/g/collect?' + query.toString());
})();
