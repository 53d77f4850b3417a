// Find a job (stand-in), account pages: starts the real Mixpanel SDK with the
// project token and cookie setting named on this script's tag, sends one
// event, and marks the page ready once Mixpanel has loaded, has written its
// persistence cookie and the partner iframe (if any) has loaded.
(function () {
  'use strict';
  var tag = document.currentScript;
  var token = tag.getAttribute('data-token');
  var crossSubdomain = tag.getAttribute('data-cross-subdomain') === 'true';
  var cookieName = 'mp_' + token + '_mixpanel';

  var loaded = new Promise(function (resolve) {
    window.mixpanel.init(token, {
      // Events go to this site (Mixpanel documents proxying through your own
      // domain), so nothing leaves the loopback stand-ins.
      api_host: location.origin + '/mp',
      cross_subdomain_cookie: crossSubdomain,
      loaded: resolve
    });
  });
  window.mixpanel.track('Account page viewed', { page: location.pathname });

  function hasCookie() {
    return document.cookie.split('; ').some(function (c) { return c.indexOf(cookieName + '=') === 0; });
  }
  var cookieWritten = loaded.then(function () {
    return new Promise(function (resolve) {
      (function poll() { if (hasCookie()) resolve(); else setTimeout(poll, 20); })();
    });
  });

  var pageLoaded = new Promise(function (resolve) {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', resolve);
  });
  window.__standInReady = Promise.all([cookieWritten, pageLoaded]).then(function () {
    document.documentElement.setAttribute('data-stand-in-ready', 'true');
    return { mixpanelCookie: cookieName };
  });
})();
