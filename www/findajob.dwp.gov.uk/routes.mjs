// Special behaviours of the findajob.dwp.gov.uk stand-in.
// Each entry: { path, method?, respond(ctx) } -> { file | body, type?, status?, headers?, cookies? }

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DAY = 24 * 60 * 60;

// The real Mixpanel SDK, from the npm package pinned in package.json.
const MIXPANEL_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'mixpanel-browser', 'dist');
const vendorFile = (name) => () => ({
  type: 'text/javascript; charset=utf-8',
  body: fs.readFileSync(path.join(MIXPANEL_DIST, name)),
});

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/; // RFC 6265 cookie-octet
const DOMAIN = /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
const SAME_SITE = ['Strict', 'Lax', 'None'];

function searchPage(ctx) {
  return {
    file: '/index.html',
    cookies: [
      `findajob_session=${ctx.id(16)}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      // AWS Application Load Balancer style: opaque value, 7 days, Expires form.
      `AWSALB=${Buffer.from(ctx.id(48), 'hex').toString('base64').replace(/=+$/, '')}; ` +
        `Expires=${new Date(Date.now() + 7 * DAY * 1000).toUTCString()}; Path=/`,
    ],
  };
}

// The five jobs of the search page, for its job and application pages
// (the work-search diary reads their title, employer and reference).
const JOBS = {
  1001: ['Warehouse Operative', 'Northgate Logistics', 'Leeds, LS10'],
  1002: ['Care Assistant', 'Moorside Care Home', 'Bradford, BD3'],
  1003: ['Customer Service Adviser', 'Aire Energy', 'Leeds, LS1'],
  1004: ['Kitchen Porter', 'The Old Mill Kitchen', 'Wakefield, WF1'],
  1005: ['Delivery Driver', 'Swift Parcels Ltd', 'Leeds, LS9'],
};
const escHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function page(title, body) {
  return {
    type: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html>\n<html lang="en" data-stand-in-ready="true">\n<head>\n<meta charset="utf-8">\n` +
      `<title>${escHtml(title)} - Find a job - GOV.UK (stand-in)</title>\n<link rel="stylesheet" href="/assets/govuk-lite.css">\n</head>\n` +
      `<body class="govuk-template__body">\n<a href="#main-content" class="govuk-skip-link">Skip to main content</a>\n` +
      `<header class="govuk-header"><div class="govuk-width-container govuk-header__inner"><a href="/" class="govuk-header__logo">GOV.UK</a>` +
      `<span class="govuk-header__service">Find a job</span></div></header>\n` +
      `<div class="govuk-width-container"><main id="main-content" class="govuk-main-wrapper">\n${body}\n</main></div>\n</body>\n</html>\n`,
  };
}
function jobFacts(id, [, company, place]) {
  return `<dl class="govuk-summary-list">` +
    `<dt>Company</dt><dd id="job-company">${escHtml(company)}</dd>` +
    `<dt>Location</dt><dd>${escHtml(place)}</dd>` +
    `<dt>Job reference</dt><dd id="job-reference">${escHtml(id)}</dd></dl>`;
}
const notFound = () => ({ status: 404, type: 'text/plain; charset=utf-8', body: 'not found\n' });
// /details/<id>, /apply/<id> (a form) and /apply/<id>/sent (its confirmation).
function jobPage(ctx) {
  const parts = ctx.url.pathname.split('/').filter(Boolean);
  const [what, id, tail] = parts;
  const job = Object.hasOwn(JOBS, id) ? JOBS[id] : null;
  if (!job) return notFound();
  if (what === 'details' && parts.length === 2) {
    return page(job[0], `<h1 class="govuk-heading-l">${escHtml(job[0])}</h1>\n${jobFacts(id, job)}\n` +
      `<p><a class="govuk-button" id="apply" href="/apply/${id}">Apply for this job</a></p>`);
  }
  if (what === 'apply' && parts.length === 2) {
    return page(`Apply: ${job[0]}`, `<h1 class="govuk-heading-l">Apply for this job</h1>\n` +
      `<p class="govuk-body" id="apply-title">${escHtml(job[0])}</p>\n${jobFacts(id, job)}\n` +
      `<form action="/apply/${id}/sent" method="get">\n` +
      `<div class="govuk-form-group"><label class="govuk-label" for="applicant">Your name</label>` +
      `<input class="govuk-input" id="applicant" name="applicant" autocomplete="name"></div>\n` +
      `<div class="govuk-form-group"><label class="govuk-label" for="why">Why you want this job</label>` +
      `<textarea class="govuk-textarea" id="why" name="why" rows="4"></textarea></div>\n` +
      `<button class="govuk-button" type="submit" id="send">Send application</button>\n</form>`);
  }
  if (what === 'apply' && tail === 'sent' && parts.length === 3) {
    return page('Application sent', `<h1 class="govuk-heading-l">Application sent</h1>\n` +
      `<p class="govuk-body">Your application for <span id="apply-title">${escHtml(job[0])}</span> has been sent to the employer.</p>\n` +
      jobFacts(id, job));
  }
  return notFound();
}

function json(status, value) {
  return { status, type: 'application/json; charset=utf-8', body: JSON.stringify(value) + '\n' };
}

export default [
  {
    // Account pages: the first response after signing up sets the site's
    // HttpOnly session cookie; the page then runs the real Mixpanel SDK.
    path: '/account/welcome',
    respond: (ctx) => ({
      file: '/account/welcome.html',
      cookies: [`faj_session=${ctx.id(16)}; Path=/; Secure; HttpOnly; SameSite=Lax`],
    }),
  },
  // Mixpanel's snippet and library, served from this site as a self-hosting
  // deployment would (the snippet loads MIXPANEL_CUSTOM_LIB_URL).
  { path: '/vendor/mixpanel-snippet.js', method: 'GET', respond: vendorFile('mixpanel-jslib-snippet.min.js') },
  { path: '/vendor/mixpanel.min.js', method: 'GET', respond: vendorFile('mixpanel.min.js') },
  {
    // A file the browser may keep in its HTTP cache for an hour (every
    // other response here says no-store): tests fetch it twice to see it is
    // cached, and again after a cleanup to see whether the cache was cleared.
    path: '/assets/cache-probe.txt',
    method: 'GET',
    respond: (ctx) => ({ type: 'text/plain; charset=utf-8', body: `${ctx.id(8)}\n`, headers: { 'cache-control': 'max-age=3600' } }),
  },
  {
    // Mixpanel's ingestion API behind the site's own proxy path: accepts
    // everything, as the real API does for a valid token.
    path: '/mp/',
    prefix: true,
    respond: () => json(200, { status: 1, error: null }),
  },
  // Job pages and applications (see jobPage).
  { path: '/details/', prefix: true, method: 'GET', respond: jobPage },
  { path: '/apply/', prefix: true, method: 'GET', respond: jobPage },
  // The search results: the same page as `/`, its listings filtered by ?q=&w=.
  { path: '/search', method: 'GET', respond: searchPage },
  // The search page. The server sets the essential session cookie and the
  // load balancer's stickiness cookie; everything else is set by scripts.
  { path: '/', respond: searchPage },
  {
    // Test helper: /set-cookie?name=N&value=V[&domain=D][&maxAge=S][&path=/]
    //   [&sameSite=Lax|Strict|None][&httpOnly=1][&secure=0][&partitioned=1]
    path: '/set-cookie',
    respond: (ctx) => {
      const q = ctx.query;
      const name = q.get('name') || '';
      const value = q.get('value') ?? '';
      if (!COOKIE_NAME.test(name)) return json(400, { error: 'bad or missing name' });
      if (!COOKIE_VALUE.test(value)) return json(400, { error: 'value has characters a cookie cannot hold' });
      const cookiePath = q.get('path') || '/';
      if (!/^\/[^;\s]*$/.test(cookiePath)) return json(400, { error: 'bad path' });
      const parts = [`${name}=${value}`, `Path=${cookiePath}`];
      if (q.has('domain')) {
        if (!DOMAIN.test(q.get('domain'))) return json(400, { error: 'bad domain' });
        parts.push(`Domain=${q.get('domain')}`);
      }
      if (q.has('maxAge')) {
        if (!/^-?\d+$/.test(q.get('maxAge'))) return json(400, { error: 'maxAge must be an integer' });
        parts.push(`Max-Age=${q.get('maxAge')}`);
      }
      const sameSite = q.get('sameSite') || 'Lax';
      if (!SAME_SITE.includes(sameSite)) return json(400, { error: 'sameSite must be Strict, Lax or None' });
      parts.push(`SameSite=${sameSite}`);
      if (q.get('secure') !== '0') parts.push('Secure');
      if (q.get('httpOnly') === '1') parts.push('HttpOnly');
      if (q.get('partitioned') === '1') parts.push('Partitioned');
      const header = parts.join('; ');
      return { ...json(200, { set: header }), cookies: [header] };
    },
  },
  {
    // Beacon endpoint of the first-party RUM agent (ruxitagentjs_demo.js).
    path: '/rb_demo',
    method: 'POST',
    respond: () => ({ type: 'text/plain; charset=utf-8', body: 'OK(BF)|name=ruxitagentjs_demo\n' }),
  },
];
