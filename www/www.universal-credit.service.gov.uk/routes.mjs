// Universal Credit sign-in stand-in: the server sets the session cookie.
export default [
  {
    path: '/',
    method: 'GET',
    respond: (ctx) => ({
      file: '/index.html',
      cookies: [`_universal_credit_session=${ctx.id(16)}; Path=/; Secure; HttpOnly; SameSite=Lax`],
    }),
  },
];
