// A generic CDN, as jsdelivr serves npm packages: the real rrweb recorder
// from node_modules (the version package.json pins). No catalog names this
// host, so only the recorder's behaviour can give it away.
import { readFileSync } from 'node:fs';

const RRWEB = new URL('../../node_modules/rrweb/dist/rrweb.umd.min.cjs', import.meta.url);
const VERSION = JSON.parse(readFileSync(new URL('../../node_modules/rrweb/package.json', import.meta.url), 'utf8')).version;

export default [
  {
    path: `/npm/rrweb@${VERSION}/dist/rrweb.umd.min.cjs`,
    respond: () => ({ type: 'text/javascript; charset=utf-8', body: readFileSync(RRWEB) }),
  },
];
