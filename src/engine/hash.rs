//! A fast hasher for the engine's hash maps (variables, template maps, JSON objects, caches).
//!
//! std's default, SipHash-1-3, took 10–17% of a render: its keys are short names and JSON keys,
//! where SipHash's per-hash set-up dominates. This is a folded-multiply hash (the construction of
//! `foldhash` and `wyhash`): each 8–16 bytes cost one 64×64→128-bit multiply whose halves are
//! xored, which mixes every input bit into the low bits that pick a bucket. It is seeded once per
//! process from std's `RandomState`, so colliding keys cannot be prepared in advance (a body with
//! 100,000 keys that all land in one bucket would make parsing quadratic). Not cryptographic;
//! hash values are never shown, and every map that is iterated keeps insertion order
//! (`IndexMap`), so output does not depend on the seed.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

const K0: u64 = 0x243f_6a88_85a3_08d3;
const K1: u64 = 0x1319_8a2e_0370_7344;
const K2: u64 = 0xa409_3822_299f_31d0;

/// The 128-bit product of `x` and `y`, its halves xored: one instruction pair on 64-bit
/// targets.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn folded_multiply(x: u64, y: u64) -> u64 {
    fold_wide(x, y)
}

/// In wasm32, a 128-bit product is a call of `__multi3` (4% of a small template's render with
/// its body's parse): the same product from four 32×32→64 multiplies in line.
#[cfg(not(target_pointer_width = "64"))]
#[inline(always)]
fn folded_multiply(x: u64, y: u64) -> u64 {
    fold_narrow(x, y)
}

#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
#[inline(always)]
fn fold_wide(x: u64, y: u64) -> u64 {
    let full = (x as u128).wrapping_mul(y as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

/// [`fold_wide`] in 64-bit arithmetic: the product's four partial products and their carries.
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
#[inline(always)]
fn fold_narrow(x: u64, y: u64) -> u64 {
    const LOW: u64 = 0xffff_ffff;
    let (xl, xh, yl, yh) = (x & LOW, x >> 32, y & LOW, y >> 32);
    let ll = xl * yl;
    let lh = xl * yh;
    let hl = xh * yl;
    let mid = (ll >> 32) + (lh & LOW) + (hl & LOW);
    let high = xh * yh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    let low = (mid << 32) | (ll & LOW);
    low ^ high
}

fn process_seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(K2))
}

/// Builds [`FastHasher`]s with this process's seed.
#[derive(Clone, Copy, Debug)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> FastState {
        FastState {
            seed: process_seed(),
        }
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;
    #[inline(always)]
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: self.seed }
    }
}

/// The hasher: see the module's documentation.
#[derive(Clone, Debug)]
pub struct FastHasher {
    h: u64,
}

#[inline(always)]
fn read8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline(always)]
fn read4(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w) as u64
}

impl Hasher for FastHasher {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut h = self.h ^ (len as u64).wrapping_mul(K0);
        let (x, y) = if len <= 16 {
            if len >= 8 {
                (read8(bytes, 0), read8(bytes, len - 8))
            } else if len >= 4 {
                (read4(bytes, 0), read4(bytes, len - 4))
            } else if len > 0 {
                let lo = bytes[0] as u64 | (bytes[len / 2] as u64) << 8;
                (lo, bytes[len - 1] as u64)
            } else {
                (0, 0)
            }
        } else {
            let mut rest = bytes;
            while rest.len() > 16 {
                h = folded_multiply(read8(rest, 0) ^ h, read8(rest, 8) ^ K1);
                rest = &rest[16..];
            }
            // the last 16 bytes, overlapping what came before if need be
            (read8(bytes, len - 16), read8(bytes, len - 8))
        };
        self.h = folded_multiply(x ^ h, y ^ K1);
    }

    #[inline(always)]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }

    #[inline(always)]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }

    #[inline(always)]
    fn write_u64(&mut self, i: u64) {
        self.h = folded_multiply(self.h ^ i, K2);
    }

    #[inline(always)]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        self.h
    }
}

/// A `HashMap` with the fast hasher.
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastState>;
/// A `HashSet` with the fast hasher.
pub type FastSet<K> = std::collections::HashSet<K, FastState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> u64 {
        FastState { seed: 7 }.hash_one(s)
    }

    #[test]
    fn every_byte_counts() {
        let base = "abcdefghijklmnopqrstuvwxyz0123456789";
        let mut seen = std::collections::HashSet::new();
        for len in 0..=base.len() {
            let s = &base[..len];
            assert!(seen.insert(h(s)), "{s}");
            for i in 0..len {
                let mut b = s.as_bytes().to_vec();
                b[i] ^= 1;
                let t = String::from_utf8(b).unwrap();
                assert!(seen.insert(h(&t)), "{t}");
            }
        }
    }

    /// The wasm32 fold, run natively: the same product as the 64-bit targets' one.
    #[test]
    fn the_narrow_fold_is_the_wide_one() {
        let edges = [
            0,
            1,
            u32::MAX as u64,
            1 << 32,
            u64::MAX,
            u64::MAX - 1,
            K0,
            K1,
            K2,
        ];
        for &x in &edges {
            for &y in &edges {
                assert_eq!(fold_narrow(x, y), fold_wide(x, y), "{x:#x} × {y:#x}");
            }
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            x = fold_wide(x ^ K2, K0) | 1;
            let y = x.rotate_left(17) ^ K1;
            assert_eq!(fold_narrow(x, y), fold_wide(x, y), "{x:#x} × {y:#x}");
        }
    }

    #[test]
    fn low_bits_spread() {
        // keys that differ only in their high bytes still land in different buckets
        let mut buckets = [0usize; 64];
        for i in 0..6400u32 {
            let k = format!("key-{:08}", i * 1024);
            buckets[(h(&k) & 63) as usize] += 1;
        }
        assert!(
            buckets.iter().all(|&n| (40..=180).contains(&n)),
            "{buckets:?}"
        );
    }
}
