// Bystander news site: the extension must never touch anything it sets.
export default [
  {
    path: '/',
    method: 'GET',
    respond: () => ({
      file: '/index.html',
      cookies: ['bystander_pref=edition-uk; Path=/; Max-Age=31536000; Secure; SameSite=Lax'],
    }),
  },
];
