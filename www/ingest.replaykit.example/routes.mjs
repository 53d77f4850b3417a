// The recorder's collector: takes batches, answers 204.
export default [
  {
    path: '/v1/batch',
    method: 'POST',
    respond: (ctx) => ({ status: 204, headers: { 'access-control-allow-origin': ctx.headers.origin || '*' } }),
  },
];
