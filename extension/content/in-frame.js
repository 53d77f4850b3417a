// First of the isolated-world scripts registered for other origins' frames
// inside watched sites (deep inspection's host access): in a top-level page
// of a site nobody watches they must do nothing, so the observer and the
// bridge are told they have already run.
(() => {
  if (globalThis.top === globalThis.window) {
    globalThis.__twObserver = true;
    globalThis.__twBridge = true;
  }
})();
