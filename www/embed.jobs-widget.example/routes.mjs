// Third-party job widget shown in an iframe. Its document response sets a
// partitioned (CHIPS) cookie, so it is keyed to the embedding top-level site.
export default [
  {
    path: '/widget.html',
    method: 'GET',
    respond: (ctx) => ({
      file: '/widget.html',
      cookies: [`widget_uid=${ctx.id(12)}; Path=/; Max-Age=15552000; Secure; SameSite=None; Partitioned`],
    }),
  },
];
