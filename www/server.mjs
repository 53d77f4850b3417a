// Stand-in web server for the Tracking Witness demo and end-to-end tests.
//
// Serves imitation job sites and imitation third-party trackers over HTTPS on
// loopback. Every stand-in host shares one port; the browser under test maps
// the host names to 127.0.0.1 (see chromiumHostRules / firefoxLocalDomains).
//
//   www/<host name>/            document root of that host
//   www/<host name>/routes.mjs  optional per-host behaviours (Set-Cookie etc.):
//       export default [{ path, prefix?, method?, respond(ctx) }]
//       respond returns { file | body, type?, status?, headers?, cookies? };
//       ctx = { host, port, method, url, query, headers, body, bytes, id(), link() }
//       (body: the request body as text; bytes: the same as a Buffer)
//   www/_shared/                files every host serves when its own folder
//                               lacks them (e.g. /storage-report.html)
//
// No dependencies beyond Node itself; the certificate is made with openssl.

import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WWW_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(WWW_DIR, '..');
const SHARED_DIR = path.join(WWW_DIR, '_shared');

/** Sites the extension is configured to watch and clean. */
export const JOB_SITES = [
  'findajob.dwp.gov.uk',
  'www.universal-credit.service.gov.uk',
];

/** Sites the extension must leave alone. */
export const BYSTANDER_SITES = ['www.bystander-news.example'];

/** Imitation third-party tracker / embed hosts. */
export const THIRD_PARTY_HOSTS = [
  'www.googletagmanager.com',
  'region1.google-analytics.com',
  'connect.facebook.net',
  'www.facebook.com',
  'static.hotjar.com',
  'in.hotjar.com',
  'embed.jobs-widget.example',
  // Monitoring seen by its behaviour (issue 12): a fingerprinter, a session
  // recorder on a generic CDN and its collector, a form assistant.
  'openfpcdn.io',
  'cdn.jsdelivr.net',
  'ingest.replaykit.example',
  'cdn.formassist.example',
];

/** Services the user may choose to use: a stand-in RFC 3161 timestamp
 *  authority (issue 10), asked only when the user presses "Timestamp now". */
export const SERVICE_HOSTS = ['timestamp.authority.example'];

/** Every stand-in host name (each one has a folder under www/). */
export const HOSTS = [...JOB_SITES, ...BYSTANDER_SITES, ...THIRD_PARTY_HOSTS, ...SERVICE_HOSTS];

/** Names a hostile stand-in floods with (h0.flood.example, ...): all of
 *  them loopback too, answered by the server as unknown hosts. */
export const FLOOD_DOMAIN = 'flood.example';

/** Value for Chromium's --host-resolver-rules flag: the stand-ins and the
 *  flood names on loopback, and every other name unresolvable, so a page
 *  can never reach the network through the test browser. */
export function chromiumHostRules(hosts = HOSTS) {
  return [...hosts.map((h) => `MAP ${h} 127.0.0.1`), `MAP *.${FLOOD_DOMAIN} 127.0.0.1`, 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1', 'MAP * ~NOTFOUND'].join(', ');
}

/** Value for Firefox's network.dns.localDomains pref. */
export function firefoxLocalDomains(hosts = HOSTS) {
  return hosts.join(',');
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Files whose text gets {{PORT}} replaced by the listening port.
const TEMPLATED = new Set(['.html', '.js', '.mjs']);

// ---------------------------------------------------------------------------
// Certificate

function certCovers(certPem, keyPem, hosts) {
  try {
    const cert = new crypto.X509Certificate(certPem);
    // Two processes generating at once could leave a key from one and a
    // certificate from the other; treat that as "absent" and make a new pair.
    if (!cert.checkPrivateKey(crypto.createPrivateKey(keyPem))) return false;
    const names = (cert.subjectAltName || '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.startsWith('DNS:'))
      .map((s) => s.slice(4));
    const stillValid = Date.parse(cert.validTo) > Date.now() + 24 * 3600 * 1000;
    return stillValid && hosts.every((h) => names.includes(h));
  } catch {
    return false;
  }
}

/**
 * Make (once) a self-signed certificate naming every stand-in host.
 * Reused when already present and still covering all hosts.
 */
export function ensureCertificate(certDir = path.join(REPO_ROOT, '.cache', 'certs'), hosts = HOSTS) {
  const certPath = path.join(certDir, 'stand-ins.cert.pem');
  const keyPath = path.join(certDir, 'stand-ins.key.pem');
  if (fs.existsSync(certPath) && fs.existsSync(keyPath) &&
      certCovers(fs.readFileSync(certPath), fs.readFileSync(keyPath), hosts)) {
    return { certPath, keyPath };
  }
  fs.mkdirSync(certDir, { recursive: true });
  // Generate into a private temporary folder, then rename into place, so that
  // two servers starting at once never read a half-written file.
  const tmp = fs.mkdtempSync(path.join(certDir, '.tmp-'));
  try {
    const san = [...hosts.map((h) => `DNS:${h}`), 'DNS:localhost', 'IP:127.0.0.1'].join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650',
      '-subj', '/CN=tracking-witness-stand-in',
      '-addext', `subjectAltName=${san}`,
      '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', path.join(tmp, 'key.pem'),
      '-out', path.join(tmp, 'cert.pem'),
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.renameSync(path.join(tmp, 'key.pem'), keyPath);
    fs.renameSync(path.join(tmp, 'cert.pem'), certPath);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { certPath, keyPath };
}

/** base64 SHA-256 of the certificate's public key, for
 *  Chromium's --ignore-certificate-errors-spki-list. */
export function spkiHash(certPem) {
  const der = new crypto.X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64');
}

// ---------------------------------------------------------------------------
// Per-host route tables

async function loadRoutes(hosts) {
  const tables = new Map();
  for (const host of hosts) {
    const file = path.join(WWW_DIR, host, 'routes.mjs');
    if (fs.existsSync(file)) {
      const mod = await import(pathToFileURL(file).href);
      tables.set(host, mod.default || []);
    } else {
      tables.set(host, []);
    }
  }
  return tables;
}

function findRoute(table, method, pathname) {
  return table.find((r) => {
    const pathOk = r.prefix ? pathname.startsWith(r.path) : r.path === pathname;
    const methodOk = !r.method || r.method === method || (r.method === 'GET' && method === 'HEAD');
    return pathOk && methodOk;
  });
}

// ---------------------------------------------------------------------------
// Static files

function resolveFile(host, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const root of [path.join(WWW_DIR, host), SHARED_DIR]) {
    let file = path.resolve(root, '.' + decoded);
    if (file !== root && !file.startsWith(root + path.sep)) return null; // escapes the root
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    // routes.mjs is server code, not content.
    if (path.basename(file) === 'routes.mjs') continue;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

function readForServing(file, port) {
  const ext = path.extname(file).toLowerCase();
  let body = fs.readFileSync(file);
  if (TEMPLATED.has(ext)) body = Buffer.from(body.toString('utf8').replaceAll('{{PORT}}', String(port)));
  return { body, type: CONTENT_TYPES[ext] || 'application/octet-stream' };
}

// ---------------------------------------------------------------------------
// Server

/**
 * Start the stand-in server.
 * @returns {Promise<{port:number, url:(host:string, p?:string)=>string, close:()=>Promise<void>,
 *   certPath:string, keyPath:string, spki:string, hosts:string[], log:object[], clearLog:()=>void}>}
 */
export async function startServer({ port = 0, host = '127.0.0.1', certDir } = {}) {
  for (const h of HOSTS) {
    if (!fs.existsSync(path.join(WWW_DIR, h))) throw new Error(`stand-in folder missing: www/${h}`);
  }
  const { certPath, keyPath } = ensureCertificate(certDir);
  const routes = await loadRoutes(HOSTS);
  const log = [];
  let actualPort = port;

  const server = https.createServer({ cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) }, (req, res) => {
    const hostName = String(req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url, 'https://placeholder');
    const entry = {
      host: hostName,
      path: url.pathname,
      query: url.search,
      method: req.method,
      time: Date.now(),
      status: 0,
      referer: req.headers.referer || null,
      cookie: req.headers.cookie || null,
      // `script` on a browser's own fetch of a service worker's script.
      serviceWorker: req.headers['service-worker'] || null,
    };
    log.push(entry);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const bytes = Buffer.concat(chunks);
      entry.body = bytes.toString('utf8');
      try {
        const reply = await handle(req, hostName, url, entry.body, bytes);
        entry.status = reply.status;
        send(res, req, reply);
      } catch (err) {
        entry.status = 500;
        send(res, req, { status: 500, type: 'text/plain; charset=utf-8', body: `stand-in error: ${err.message}\n` });
      }
    });
  });

  async function handle(req, hostName, url, requestBody, requestBytes) {
    if (!HOSTS.includes(hostName)) {
      return { status: 404, type: 'text/plain; charset=utf-8', body: `unknown stand-in host: ${hostName}\n` };
    }
    const ctx = {
      host: hostName,
      port: actualPort,
      method: req.method,
      url,
      query: url.searchParams,
      headers: req.headers,
      body: requestBody,
      bytes: requestBytes,
      id: (bytes = 8) => crypto.randomBytes(bytes).toString('hex'),
      // Cross-host URL helper for route code.
      link: (h, p = '/') => `https://${h}:${actualPort}${p}`,
    };
    const route = findRoute(routes.get(hostName), req.method, url.pathname);
    let reply = route ? await route.respond(ctx) : { file: url.pathname };
    reply = { status: 200, headers: {}, cookies: [], ...reply };
    if (reply.file !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return { status: 405, type: 'text/plain; charset=utf-8', body: 'method not allowed\n', headers: { allow: 'GET, HEAD' } };
      }
      const file = resolveFile(hostName, reply.file);
      if (!file) return { status: 404, type: 'text/plain; charset=utf-8', body: `not found: ${hostName}${url.pathname}\n` };
      const { body, type } = readForServing(file, actualPort);
      reply = { ...reply, body, type: reply.type || type };
    }
    return reply;
  }

  function send(res, req, reply) {
    const headers = {
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(reply.type ? { 'content-type': reply.type } : {}),
      ...reply.headers,
    };
    if (reply.cookies && reply.cookies.length) headers['set-cookie'] = reply.cookies;
    const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
    headers['content-length'] = body.length;
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  actualPort = server.address().port;

  return {
    port: actualPort,
    url: (hostName, p = '/') => `https://${hostName}:${actualPort}${p}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
    certPath,
    keyPath,
    spki: spkiHash(fs.readFileSync(certPath)),
    hosts: [...HOSTS],
    log,
    clearLog: () => { log.length = 0; },
  };
}

// ---------------------------------------------------------------------------
// Command line: node www/server.mjs [--port N] [--host ADDR]

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--port') opts.port = Number(value());
    else if (flag === '--host') opts.host = value();
    else if (flag === '--cert-dir') opts.certDir = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: node www/server.mjs [--port N] [--host 127.0.0.1] [--cert-dir DIR]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const opts = parseArgs(process.argv.slice(2));
  const s = await startServer(opts);
  console.log(`stand-ins listening on https://${opts.host || '127.0.0.1'}:${s.port}`);
  console.log('hosts:');
  for (const h of s.hosts) console.log(`  ${s.url(h)}`);
  console.log(`certificate: ${s.certPath}`);
  console.log(`certificate SPKI sha256: ${s.spki}`);
  console.log(`chromium: --host-resolver-rules="${chromiumHostRules()}" --ignore-certificate-errors-spki-list=${s.spki}`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
