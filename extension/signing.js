// @ts-check
// The installation's signing key, through WebCrypto (a web platform API,
// not an extension API, so it lives here rather than in browser-api.js).
//
// The key pair is Ed25519. The private key is made non-extractable: the
// browser can sign with it but never hands its bytes to any script, so it
// cannot leave the browser, and it is never journaled. CryptoKey objects
// are structured-cloneable, so the background keeps the pair itself in
// IndexedDB (meta "signingKey", see store.js). Only the public key leaves
// this file, as base64url of its 32 raw bytes, for the core to fingerprint
// and journal and for exports to carry.

const ALGORITHM = { name: "Ed25519" };

// Bytes -> base64url without padding (RFC 4648 section 5).
export function base64url(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// A new key pair: {privateKey, publicKey, publicKeyB64}. The private key
// is not extractable; a public key always is.
export async function makeKeyPair() {
  const pair = /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey(ALGORITHM, false, ["sign", "verify"]));
  const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyB64: base64url(raw) };
}

// Whether a stored record is a usable key: what IndexedDB gave back is a
// private CryptoKey for signing, and its public half.
export function usable(record) {
  return (
    !!record &&
    record.privateKey instanceof CryptoKey &&
    record.privateKey.type === "private" &&
    record.privateKey.algorithm?.name === ALGORITHM.name &&
    record.privateKey.usages.includes("sign") &&
    typeof record.publicKeyB64 === "string"
  );
}

// Signs the UTF-8 bytes of `text`; returns the 64-byte signature as base64url.
export async function signText(privateKey, text) {
  const signature = await crypto.subtle.sign(ALGORITHM, privateKey, new TextEncoder().encode(text));
  return base64url(signature);
}
