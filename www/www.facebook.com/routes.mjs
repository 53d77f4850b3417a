// Tracking pixel endpoint for the imitation Meta pixel: a 1x1 GIF whose
// response sets the third-party browser-id cookie "fr" on .facebook.com.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function pixel(ctx) {
  const seconds = Math.floor(Date.now() / 1000);
  return {
    type: 'image/gif',
    body: GIF,
    cookies: [
      `fr=0${ctx.id(12)}..${seconds}.0.0.${seconds}.; Domain=.facebook.com; Path=/; Max-Age=7776000; Secure; HttpOnly; SameSite=None`,
    ],
  };
}

export default [
  { path: '/tr', method: 'GET', respond: pixel },
  { path: '/tr/', method: 'GET', respond: pixel },
];
