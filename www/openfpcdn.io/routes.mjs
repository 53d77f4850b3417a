// The real FingerprintJS (open-source agent) from node_modules, at the path
// its CDN uses.
import { readFileSync } from 'node:fs';

const FP = new URL('../../node_modules/@fingerprintjs/fingerprintjs/dist/fp.umd.min.js', import.meta.url);

export default [
  {
    path: '/fingerprintjs/v5/fp.umd.min.js',
    respond: () => ({ type: 'text/javascript; charset=utf-8', body: readFileSync(FP) }),
  },
];
