// The names the extension's modules find on globalThis, for `tsc --noEmit`
// (tsconfig.json): the shim (browser-api.js) and the message names
// (messages.js), both plain scripts, and the build's TW_FAULTS flag.
declare var twBrowser: any;
declare var twMessages: any;
declare const TW_FAULTS: boolean;
