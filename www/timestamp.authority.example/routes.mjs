// A stand-in RFC 3161 timestamp authority: OpenSSL's `ts -reply` behind
// one route. POST /tsr with a TimeStampReq (application/timestamp-query)
// is answered with a TimeStampResp (application/timestamp-reply) signed by
// a throwaway authority that scripts/test-tsa.sh makes, once per process,
// in a private temporary folder (never under www/, never committed). Like
// a real authority it sends no CORS headers: only an extension holding the
// host permission can read its answer.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'test-tsa.sh');
let made = null;

/** The authority's files: {dir, caPath (its CA), certPath (its signing certificate)}. */
export function authorityFiles() {
  if (!made) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-stand-in-tsa-'));
    execFileSync('sh', [SCRIPT, dir, 'rsa', 'Stand-in Timestamp Authority'], { stdio: ['ignore', 'ignore', 'pipe'] });
    made = { dir, caPath: path.join(dir, 'ca.pem'), certPath: path.join(dir, 'tsa.pem') };
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return made;
}

let requests = 0;
const queries = [];

/** Every request body the authority was sent, oldest first (for tests). */
export function received() {
  return [...queries];
}

function reply(ctx) {
  if (!String(ctx.headers['content-type'] || '').startsWith('application/timestamp-query')) {
    return { status: 415, type: 'text/plain; charset=utf-8', body: 'send a TimeStampReq as application/timestamp-query\n' };
  }
  const { dir } = authorityFiles();
  const n = ++requests;
  const query = path.join(dir, `q${n}.tsq`);
  const answer = path.join(dir, `r${n}.tsr`);
  queries.push(Buffer.from(ctx.bytes));
  fs.writeFileSync(query, ctx.bytes);
  try {
    execFileSync('openssl', ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', query, '-out', answer], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    return { status: 400, type: 'text/plain; charset=utf-8', body: `openssl ts -reply refused the request: ${e.stderr}\n` };
  }
  return { type: 'application/timestamp-reply', body: fs.readFileSync(answer) };
}

export default [
  { path: '/tsr', method: 'POST', respond: reply },
];
