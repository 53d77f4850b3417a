// A "form assistant" of the kind sold to improve conversion: it sends what
// is typed into the search box, base64-encoded, to its own host on every
// keystroke, before the user submits anything. It also gives the visitor an
// id in a cookie on the site's own domain.
(() => {
  const id = Math.random().toString(36).slice(2);
  document.cookie = `_fa_uid=${id}; domain=.dwp.gov.uk; path=/; max-age=31536000; secure; samesite=lax`;
  const field = document.querySelector('input[name="q"]');
  if (!field) return;
  const toBase64 = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  field.addEventListener('input', () => {
    if (field.value.length < 3) return;
    fetch('https://cdn.formassist.example:{{PORT}}/v2/suggest', {
      method: 'POST',
      body: JSON.stringify({ uid: id, t: toBase64(field.value) }),
    }).catch(() => {});
  });
})();
