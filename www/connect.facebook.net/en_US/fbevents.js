// Imitation of a Meta (Facebook) pixel base script, written for Tracking
// Witness. No Meta code. On load it:
//   sets _fbp = fb.<subdomain index>.<ms>.<random>, 90 days, Domain=<registrable domain>
//   sends each queued fbq('track', ...) as a 1x1 image request to
//   www.facebook.com/tr, whose response sets the third-party cookie "fr".
(function () {
  'use strict';
  var secure = location.protocol === 'https:' ? '; Secure' : '';

  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : null;
  }

  // Widest domain that accepts a cookie; the pixel records how many labels
  // it had to drop as the "subdomain index" in the _fbp value.
  var fbp = readCookie('_fbp');
  if (!fbp) {
    var labels = location.hostname.split('.');
    var value = null;
    for (var i = labels.length - 2; i >= 0; i--) {
      var domain = labels.slice(i).join('.');
      value = 'fb.' + i + '.' + Date.now() + '.' + Math.floor(Math.random() * 2147483647);
      document.cookie = '_fbp=' + value + '; path=/; domain=' + domain +
        '; max-age=' + 90 * 86400 + '; SameSite=Lax' + secure;
      if (readCookie('_fbp') === value) break;
    }
    fbp = value;
  }

  var pixelId = null;
  var sent = [];
  function send(eventName) {
    var q = new URLSearchParams({
      id: pixelId || '0',
      ev: eventName,
      dl: location.href,
      rl: document.referrer,
      fbp: fbp || '',
      ts: String(Date.now())
    });
    var img = new Image(1, 1);
    sent.push(new Promise(function (resolve) {
      img.onload = img.onerror = function () { resolve(eventName); };
    }));
    img.src = 'https://www.facebook.com:{{PORT}}/tr?' + q.toString();
  }
  function handle(args) {
    if (args[0] === 'init') pixelId = String(args[1]);
    else if (args[0] === 'track') send(String(args[1]));
  }

  var queued = (window.fbq && window.fbq.queue) || [];
  window.fbq = function () { handle(arguments); };
  window.fbq.loaded = true;
  queued.forEach(handle);

  (window.__standInTasks = window.__standInTasks || []).push(Promise.all(sent));
})();
