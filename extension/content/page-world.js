// Page-world observers (MAIN world, document_start, every frame of a watched
// site). They watch what the page's own scripts do with the APIs that
// monitoring relies on and report plain facts, with the calling script's URL,
// to the isolated-world bridge (content/bridge.js). They decide nothing: the
// core does (src/behaviour.rs). The one judgement made here is key-logging,
// because only the page holds both what is sent and what was typed; even
// then only the field's name and the destination leave this file, never the
// typed text nor any hash of it.
//
// Rules this file keeps (tested in tests/e2e/behaviour.test.mjs):
// - it runs before any page script, takes its own copies of every built-in
//   it needs, and leaves no global name and no timeline entry behind;
// - a wrapped function keeps its name, length and native toString();
// - an observer never throws into the page nor changes what a call returns;
// - the work per call is a few comparisons unless the call is one we report.
//
// The observers are modules under page-world/, bundled by the build
// (scripts/build-extension.mjs) into this one classic script: a content
// script in the page's world cannot be a module, and one function scope
// keeps every name out of the page's reach. Imported in the order they
// must run: the built-ins are taken first.
import "./page-world/intrinsics.js";
import "./page-world/channel.js";
import "./page-world/wrap.js";
import "./page-world/storage.js";
import "./page-world/canvas.js";
import "./page-world/probing.js";
import "./page-world/page-input.js";
import "./page-world/outgoing.js";
