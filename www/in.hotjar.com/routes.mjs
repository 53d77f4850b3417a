// Ingestion endpoint for the imitation Hotjar tag. Answers CORS (with
// credentials) for any page origin. Sets no cookies.
function cors(ctx) {
  return {
    'access-control-allow-origin': ctx.headers.origin || '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    vary: 'Origin',
  };
}

export default [
  { path: '/api/v2/client/', prefix: true, method: 'OPTIONS', respond: (ctx) => ({ status: 204, headers: cors(ctx) }) },
  {
    path: '/api/v2/client/',
    prefix: true,
    method: 'POST',
    respond: (ctx) => ({
      type: 'application/json; charset=utf-8',
      headers: cors(ctx),
      body: JSON.stringify({ success: true, visit_id: ctx.id(8) }) + '\n',
    }),
  },
];
