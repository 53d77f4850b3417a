//! A small, fast hasher for the catalog's and the public-suffix list's
//! lookup tables.
//!
//! Those tables hold only built-in keys and are never filled from the
//! network, so the flooding attacks that std's randomised SipHash defends
//! against do not apply; what matters is a cheap hash of short strings on
//! the per-observation path (and SipHash is slow on 32-bit wasm).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate word hasher (the scheme rustc uses internally), fed eight
/// bytes at a time.
#[derive(Default, Clone, Copy)]
pub struct WordHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, weakly
        // mixed; rotating brings the well-mixed high bits down.
        self.hash.rotate_left(26)
    }
}

/// A `HashMap` keyed by built-in data.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
