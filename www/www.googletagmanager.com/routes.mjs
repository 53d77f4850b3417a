// The tag is requested as /gtag/js?id=G-XXXX (no file extension), like Google's.
export default [
  { path: '/gtag/js', method: 'GET', respond: () => ({ file: '/gtag.js' }) },
];
