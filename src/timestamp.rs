//! Trusted timestamps (RFC 3161): asking an authority to sign "this hash
//! existed at this time", and checking what it signed.
//!
//! What is timestamped is the journal's head: the SHA-256 of the head
//! entry's canonical form, which is its `hash`. So the request carries 32
//! bytes and nothing else about the user, and anyone holding the evidence
//! can check the token with `openssl ts -verify -digest HEAD_HASH`
//! (docs/evidence-format.md, section 12).
//!
//! - [`request`] writes the `TimeStampReq` (DER) for a head hash and a
//!   nonce the caller drew;
//! - [`read_reply`] reads the authority's `TimeStampResp`: granted, for
//!   this hash, with this nonce, signed by the certificate in the token;
//! - [`check_token`] checks a token already journaled (tw-verify): its
//!   message imprint against the head it names, and its CMS signature
//!   against the certificate the reader trusts, or the one in the token.
//!
//! All the ASN.1 goes through RustCrypto's types (`x509-tsp`, `cms`,
//! `x509-cert`, `der`); signatures through `rsa` (PKCS #1 v1.5) and `p256`
//! (ECDSA). Nothing here reads a clock, draws a random number or touches
//! the network: the nonce and the bytes come in. It is compiled natively
//! and into the actions module, never into the main wasm module.

use std::fmt;

use cms::cert::x509::spki;
use cms::cert::x509::Certificate;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{Int, OctetString};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::journal::{hex, is_hash_hex};

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");

/// The largest reply or token read (a real one is a few kilobytes).
pub const TOKEN_MAX: usize = 64 * 1024;

/// Why a timestamp reply or token is not accepted, in words a reader who
/// is not a programmer can follow.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimestampProblem {
    /// The bytes are not a timestamp reply or token at all.
    Unreadable(String),
    /// The authority answered, but did not grant a timestamp.
    Refused(String),
    /// The token is for another hash than the one it should be for.
    OtherHash {
        /// The hash the token is for (hex).
        token: String,
        /// The hash it should be for.
        expected: String,
    },
    /// The reply does not answer this request (its nonce differs).
    OtherRequest,
    /// The token's signature does not verify: it was altered, or not
    /// signed by the certificate it names.
    BadSignature(String),
    /// The token was not signed by the authority certificate the reader
    /// gave.
    NotTheGivenAuthority {
        /// Who did sign it, as far as the token says.
        signer: String,
    },
    /// Something the token uses that this program does not check.
    Unsupported(String),
}

impl fmt::Display for TimestampProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TimestampProblem as P;
        match self {
            P::Unreadable(m) => write!(f, "this is not a readable timestamp ({m})"),
            P::Refused(m) => write!(f, "the timestamp authority did not grant a timestamp ({m})"),
            P::OtherHash { token, expected } => write!(
                f,
                "the timestamp is for a different hash ({}) than the log's entry it should vouch for ({}): it was made for something else, so it says nothing about this log",
                short(token),
                short(expected)
            ),
            P::OtherRequest => write!(f, "the authority's answer does not match the request sent (another nonce): it may be an old or copied answer"),
            P::BadSignature(m) => write!(f, "the timestamp's signature does not match ({m}): it was changed after the authority signed it, or the authority did not sign it"),
            P::NotTheGivenAuthority { signer } => write!(
                f,
                "the timestamp was signed by {signer}, not by the timestamp authority whose certificate was given: do not rely on it"
            ),
            P::Unsupported(m) => write!(f, "the timestamp uses {m}, which this program cannot check"),
        }
    }
}

impl std::error::Error for TimestampProblem {}

fn short(h: &str) -> String {
    crate::journal::short_hash(h).unwrap_or_else(|| h.to_owned())
}

/// Whose certificate the signature was checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerCheck {
    /// The certificate carried inside the token. That it belongs to a real
    /// authority is not shown by the token itself.
    InToken,
    /// A certificate the reader gave (`tw-verify --tsa-cert`).
    Given,
    /// The certificate in the token, itself signed by a certificate the
    /// reader gave (the authority's issuer); that one's subject.
    IssuedByGiven(String),
}

/// What a token says, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The hash the token vouches for (64 lowercase hex digits).
    pub hash: String,
    /// When the authority says it saw it (RFC 3339 UTC, milliseconds).
    pub gen_time: String,
    /// The same, epoch ms.
    pub gen_time_ms: i64,
    /// The authority's policy (an OID, dotted).
    pub policy: String,
    /// The token's serial number (hex).
    pub serial: String,
    /// The subject of the certificate that signed it (RFC 4514 text).
    pub signer: String,
    /// Which certificate the signature was checked against.
    pub checked_against: SignerCheck,
}

fn unreadable(what: &str, e: impl fmt::Display) -> TimestampProblem {
    TimestampProblem::Unreadable(format!("{what}: {e}"))
}

/// The `TimeStampReq` (DER) for `head_hash` (64 lowercase hex digits):
/// SHA-256, the hash's 32 bytes, `nonce` (big-endian, at most 16 bytes, as
/// the caller drew it; the first byte is made 0x40–0x7f so that it is a
/// positive integer of its full length), and a request for the
/// authority's certificate in the token. Returns the request and the
/// nonce as sent.
pub fn request(head_hash: &str, nonce: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let digest = hash_bytes(head_hash).ok_or("the head hash must be 64 lowercase hex digits")?;
    if nonce.is_empty() || nonce.len() > 16 {
        return Err("the nonce must be 1 to 16 bytes".to_owned());
    }
    let mut nonce = nonce.to_vec();
    nonce[0] = (nonce[0] & 0x3f) | 0x40;
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: sha256_imprint(&digest).map_err(|e| e.to_string())?,
        req_policy: None,
        nonce: Some(Int::new(&nonce).map_err(|e| e.to_string())?),
        cert_req: true,
        extensions: None,
    };
    Ok((req.to_der().map_err(|e| e.to_string())?, nonce))
}

fn sha256_imprint(digest: &[u8]) -> der::Result<MessageImprint> {
    Ok(MessageImprint {
        // With NULL parameters, as OpenSSL writes them: some authorities
        // refuse the form without.
        hash_algorithm: spki::AlgorithmIdentifier { oid: ID_SHA256, parameters: Some(Any::null()) },
        hashed_message: OctetString::new(digest)?,
    })
}

fn hash_bytes(h: &str) -> Option<Vec<u8>> {
    is_hash_hex(h).then(|| (0..32).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("checked hex")).collect())
}

/// Reads the authority's `TimeStampResp` to the request [`request`] made
/// for `head_hash` with `nonce` (as it returned it): the status must
/// grant, the token must be for that hash with that nonce, and its
/// signature must verify with the certificate it carries. Returns the
/// token (DER) and what it says.
pub fn read_reply(reply: &[u8], head_hash: &str, nonce: &[u8]) -> Result<(Vec<u8>, Stamp), TimestampProblem> {
    if reply.len() > TOKEN_MAX {
        return Err(TimestampProblem::Unreadable(format!("the answer is {} bytes, far more than a timestamp", reply.len())));
    }
    let resp = TimeStampResp::from_der(reply).map_err(|e| unreadable("the authority's answer", e))?;
    // PKIStatus: 0 granted, 1 granted with modifications; the rest refuse.
    let status = resp.status.status as u8;
    if status > 1 {
        let why = resp.status.status_string.as_ref().and_then(|s| s.first()).map(|s| s.to_string()).unwrap_or_default();
        return Err(TimestampProblem::Refused(format!("status {status}{}{why}", if why.is_empty() { "" } else { ": " })));
    }
    let token = resp.time_stamp_token.ok_or_else(|| TimestampProblem::Refused("the answer holds no token".to_owned()))?;
    let token = token.to_der().map_err(|e| unreadable("the token", e))?;
    let (stamp, tst) = check(&token, head_hash, &[])?;
    let ours = Int::new(nonce).map_err(|e| unreadable("the nonce", e))?;
    if tst.nonce.as_ref() != Some(&ours) {
        return Err(TimestampProblem::OtherRequest);
    }
    Ok((token, stamp))
}

/// Checks a timestamp token (DER `ContentInfo`) for `head_hash`: its
/// message imprint must be SHA-256 of exactly that hash's bytes, and its
/// signature must verify. With `given` certificates (the reader's trusted
/// authority, or the authority's issuer), the signer must be one of them
/// or be certified by one of them; without, the certificate in the token
/// is used, and [`Stamp::checked_against`] says so.
pub fn check_token(token: &[u8], head_hash: &str, given: &[Certificate]) -> Result<Stamp, TimestampProblem> {
    check(token, head_hash, given).map(|(s, _)| s)
}

fn check(token: &[u8], head_hash: &str, given: &[Certificate]) -> Result<(Stamp, TstInfo), TimestampProblem> {
    use TimestampProblem as P;
    if token.len() > TOKEN_MAX {
        return Err(P::Unreadable(format!("the token is {} bytes, far more than a timestamp", token.len())));
    }
    let info = ContentInfo::from_der(token).map_err(|e| unreadable("the token", e))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(P::Unreadable("the token is not CMS signed data".to_owned()));
    }
    let sd: SignedData = info.content.decode_as().map_err(|e| unreadable("the token's signed data", e))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(P::Unreadable("the signed data is not a timestamp (TSTInfo)".to_owned()));
    }
    let content = sd.encap_content_info.econtent.as_ref().ok_or_else(|| P::Unreadable("the token holds no TSTInfo".to_owned()))?;
    let content: OctetString = content.decode_as().map_err(|e| unreadable("the token's content", e))?;
    let tst = TstInfo::from_der(content.as_bytes()).map_err(|e| unreadable("the TSTInfo", e))?;

    let imprint = &tst.message_imprint;
    if imprint.hash_algorithm.oid != ID_SHA256 {
        return Err(P::Unsupported(format!(
            "the hash algorithm {} for its imprint (only SHA-256 is used here)",
            imprint.hash_algorithm.oid
        )));
    }
    let hash = hex(imprint.hashed_message.as_bytes());
    if hash != head_hash {
        return Err(P::OtherHash { token: hash, expected: head_hash.to_owned() });
    }

    let mut signers = sd.signer_infos.0.iter();
    let (Some(si), None) = (signers.next(), signers.next()) else {
        return Err(P::Unsupported("other than exactly one signer".to_owned()));
    };
    // The signed attributes bind the content: its type and digest.
    let attrs = si.signed_attrs.as_ref().ok_or_else(|| P::Unsupported("a signature without signed attributes".to_owned()))?;
    let attr = |oid: ObjectIdentifier| attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.get(0).cloned());
    let content_type: Option<ObjectIdentifier> = attr(ID_CONTENT_TYPE).and_then(|v| v.decode_as().ok());
    if content_type != Some(ID_CT_TST_INFO) {
        return Err(P::BadSignature("the signed content type is not a timestamp".to_owned()));
    }
    let digest: Option<OctetString> = attr(ID_MESSAGE_DIGEST).and_then(|v| v.decode_as().ok());
    let want = digest_of(si.digest_alg.oid, content.as_bytes())?;
    if digest.as_ref().map(OctetString::as_bytes) != Some(want.as_slice()) {
        return Err(P::BadSignature("the timestamp's content is not what was signed".to_owned()));
    }
    let signed = attrs.to_der().map_err(|e| unreadable("the signed attributes", e))?;

    let in_token: Vec<&Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    let named_in_given = given.iter().find(|c| names(si, c));
    let named_in_token = in_token.iter().copied().find(|c| names(si, c));
    let (cert, checked_against) = match (given.is_empty(), named_in_given, named_in_token) {
        (false, Some(c), _) => (c, SignerCheck::Given),
        (false, None, Some(c)) => {
            let issuer = given.iter().find(|ca| verify_certificate(c, ca).is_ok());
            match issuer {
                Some(ca) => (c, SignerCheck::IssuedByGiven(ca.tbs_certificate.subject.to_string())),
                None => return Err(P::NotTheGivenAuthority { signer: c.tbs_certificate.subject.to_string() }),
            }
        }
        (false, None, None) => return Err(P::NotTheGivenAuthority { signer: signer_name(si) }),
        (true, _, Some(c)) => (c, SignerCheck::InToken),
        (true, _, None) => {
            return Err(P::BadSignature("the token does not carry the certificate that signed it; give it with --tsa-cert".to_owned()))
        }
    };
    let ok = verify_signature(
        &cert.tbs_certificate.subject_public_key_info,
        si.digest_alg.oid,
        si.signature_algorithm.oid,
        &signed,
        si.signature.as_bytes(),
    );
    if let Err(e) = ok {
        // Signed by a key other than the given certificate's.
        if checked_against == SignerCheck::Given && matches!(e, P::BadSignature(_)) {
            return Err(P::NotTheGivenAuthority { signer: signer_name(si) });
        }
        return Err(e);
    }
    let gen_time_ms = i64::try_from(tst.gen_time.to_unix_duration().as_millis()).unwrap_or(i64::MAX);
    let stamp = Stamp {
        hash,
        gen_time: crate::time::rfc3339(gen_time_ms),
        gen_time_ms,
        policy: tst.policy.to_string(),
        serial: hex(tst.serial_number.as_bytes()),
        signer: cert.tbs_certificate.subject.to_string(),
        checked_against,
    };
    Ok((stamp, tst))
}

/// Whether the signer info names certificate `c`.
fn names(si: &SignerInfo, c: &Certificate) -> bool {
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == c.tbs_certificate.issuer && ias.serial_number == c.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            // The key identifier is not always in the certificate; the
            // usual one is the SHA-1 of the key, which is not computed here.
            let ext = c.tbs_certificate.extensions.iter().flatten().find(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.14"));
            ext.and_then(|e| OctetString::from_der(e.extn_value.as_bytes()).ok()).is_some_and(|v| v == ski.0)
        }
    }
}

fn signer_name(si: &SignerInfo) -> String {
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => format!("a certificate issued by {}", ias.issuer),
        SignerIdentifier::SubjectKeyIdentifier(ski) => format!("the key {}", hex(ski.0.as_bytes())),
    }
}

fn digest_of(alg: ObjectIdentifier, bytes: &[u8]) -> Result<Vec<u8>, TimestampProblem> {
    Ok(match alg {
        a if a == ID_SHA256 => Sha256::digest(bytes).to_vec(),
        a if a == ID_SHA384 => Sha384::digest(bytes).to_vec(),
        a if a == ID_SHA512 => Sha512::digest(bytes).to_vec(),
        a => return Err(TimestampProblem::Unsupported(format!("the digest algorithm {a}"))),
    })
}

/// Checks `signature` over `message` with the key in `spki`: RSA
/// (PKCS #1 v1.5) or ECDSA on P-256, the message hashed with `digest` or
/// the one the signature algorithm names.
fn verify_signature(
    spki: &spki::SubjectPublicKeyInfoOwned,
    digest: ObjectIdentifier,
    algorithm: ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), TimestampProblem> {
    use TimestampProblem as P;
    let key = spki.subject_public_key.as_bytes().ok_or_else(|| P::Unreadable("the certificate's key".to_owned()))?;
    let digest = match algorithm {
        a if a == SHA256_WITH_RSA || a == ECDSA_WITH_SHA256 => ID_SHA256,
        a if a == SHA384_WITH_RSA || a == ECDSA_WITH_SHA384 => ID_SHA384,
        a if a == SHA512_WITH_RSA || a == ECDSA_WITH_SHA512 => ID_SHA512,
        _ => digest,
    };
    let hashed = digest_of(digest, message)?;
    let bad = || P::BadSignature("it was not made by the certificate's key over what it covers".to_owned());
    if spki.algorithm.oid == RSA_ENCRYPTION && [RSA_ENCRYPTION, SHA256_WITH_RSA, SHA384_WITH_RSA, SHA512_WITH_RSA].contains(&algorithm) {
        use rsa::pkcs1::DecodeRsaPublicKey;
        let public = rsa::RsaPublicKey::from_pkcs1_der(key).map_err(|e| unreadable("the certificate's RSA key", e))?;
        let scheme = match digest {
            d if d == ID_SHA256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
            d if d == ID_SHA384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
            _ => rsa::Pkcs1v15Sign::new::<Sha512>(),
        };
        return public.verify(scheme, &hashed, signature).map_err(|_| bad());
    }
    if spki.algorithm.oid == ID_EC_PUBLIC_KEY && [ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, ECDSA_WITH_SHA512].contains(&algorithm) {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        let public =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(key).map_err(|_| P::Unsupported("an elliptic curve other than P-256".to_owned()))?;
        let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| P::BadSignature(format!("its ECDSA value is malformed: {e}")))?;
        return public.verify_prehash(&hashed, &sig).map_err(|_| bad());
    }
    Err(P::Unsupported(format!("the signature algorithm {algorithm} with a {} key", spki.algorithm.oid)))
}

/// Whether `cert` was signed by `issuer`'s key (one step of a chain).
fn verify_certificate(cert: &Certificate, issuer: &Certificate) -> Result<(), TimestampProblem> {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return Err(TimestampProblem::BadSignature("another issuer".to_owned()));
    }
    let tbs = cert.tbs_certificate.to_der().map_err(|e| unreadable("the certificate", e))?;
    let sig = cert.signature.as_bytes().ok_or_else(|| TimestampProblem::Unreadable("the certificate's signature".to_owned()))?;
    verify_signature(&issuer.tbs_certificate.subject_public_key_info, ID_SHA256, cert.signature_algorithm.oid, &tbs, sig)
}

/// The certificates in `bytes`: PEM (one or more `CERTIFICATE` blocks) or
/// one DER certificate.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, String> {
    use der::DecodePem;
    if bytes.starts_with(b"-----") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        let text = std::str::from_utf8(bytes).map_err(|_| "the PEM file is not text".to_owned())?;
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
            let end_marker = "-----END CERTIFICATE-----";
            let end = rest[start..].find(end_marker).ok_or("a certificate block is not closed")? + start + end_marker.len();
            out.push(Certificate::from_pem(&rest[start..end]).map_err(|e| format!("a certificate cannot be read: {e}"))?);
            rest = &rest[end..];
        }
        if out.is_empty() {
            return Err("the file holds no CERTIFICATE block".to_owned());
        }
        Ok(out)
    } else {
        Certificate::from_der(bytes).map(|c| vec![c]).map_err(|e| format!("the certificate cannot be read: {e}"))
    }
}

/// Standard base64 with padding (what the journal keeps a token as).
pub fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes the base64 a `timestamp.added` entry keeps its token in.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    crate::export::base64_decode(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            assert_eq!(base64_decode(&base64_encode(s)).unwrap(), s);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
    }

    #[test]
    fn the_request_carries_the_hash_and_nonce_only() {
        let h = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let (der, nonce) = request(h, &[0xff, 1, 2, 3, 4, 5, 6, 7]).unwrap();
        assert_eq!(nonce[0], 0x7f, "made positive, full length");
        let req = TimeStampReq::from_der(&der).unwrap();
        assert_eq!(hex(req.message_imprint.hashed_message.as_bytes()), h);
        assert_eq!(req.message_imprint.hash_algorithm.oid, ID_SHA256);
        assert_eq!(req.nonce.unwrap().as_bytes(), nonce.as_slice());
        assert!(req.cert_req);
        assert!(request("not a hash", &[1]).is_err());
        assert!(request(h, &[]).is_err());
    }
}
