// Asks for the popup's data as soon as the page starts, before its modules
// have loaded and the document is parsed: when the service worker is asleep,
// waking it then overlaps with building the page. popup.js awaits the answer.
(function () {
  const params = new URLSearchParams(location.search);
  const request = globalThis.twBrowser.sendMessage({ type: globalThis.twMessages.TAB_SITE, url: params.get("url") || undefined });
  // popup.js reports a failure; this only keeps it from being "unhandled"
  // while the modules load.
  request.catch(() => {});
  // `make bench` reads these marks: when the request left, when it came back.
  performance.mark("tw-popup-asked");
  request.then(() => performance.mark("tw-popup-answered"), () => {});
  globalThis.twPopupData = request;
})();
