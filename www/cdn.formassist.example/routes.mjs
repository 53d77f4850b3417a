// The form assistant's endpoint: takes what it is sent, answers 204.
export default [
  {
    path: '/v2/suggest',
    method: 'POST',
    respond: (ctx) => ({ status: 204, headers: { 'access-control-allow-origin': ctx.headers.origin || '*' } }),
  },
];
