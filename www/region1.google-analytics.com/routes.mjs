// Collection endpoint for the imitation GA tag. Accepts GET or POST (beacon).
// Its response sets a third-party cookie on .google-analytics.com.
export default [
  {
    path: '/g/collect',
    respond: (ctx) => ({
      status: 204,
      headers: {
        'access-control-allow-origin': ctx.headers.origin || '*',
        'access-control-allow-credentials': 'true',
      },
      cookies: [
        // Attribution-reporting debug flag, as Google's ad/analytics hosts set it.
        'ar_debug=1; Domain=.google-analytics.com; Path=/; Max-Age=7776000; Secure; HttpOnly; SameSite=None',
      ],
    }),
  },
];
