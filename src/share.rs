//! Scenario sharing: a whole [`Scenario`] as a URL fragment, `#s=1.<data>`, short enough for a
//! chat message and safe to open from anyone.
//!
//! # The format, version 1
//!
//! A fragment is `key=value` pairs joined by `&` (`embed=1&s=1.…`); only `s` holds the
//! scenario, and the other pairs are left to the page. The value of `s` is
//! `<version>.<data>`: the version in decimal ([`FRAGMENT_VERSION`]), a dot, then the data in
//! base64url (RFC 4648 §5: `A-Z a-z 0-9 - _`) without padding. The data's bytes are:
//!
//! 1. `N`, the length in bytes of the scenario's compact JSON (UTF-8, as `serde_json::to_string`
//!    writes it), in LEB128: 7 bits a byte, low bits first, the high bit set on every byte but
//!    the last;
//! 2. the CRC-32 of that JSON (IEEE, as zlib's `crc32`), 4 bytes, little-endian;
//! 3. the JSON compressed as described in [`codec`]: LZ77 whose literals, lengths and distances
//!    are coded with adaptive binary probabilities by a range coder (the one of LZMA).
//!
//! This version is frozen: a link written by it must open in every later version of the
//! playground, so a change to any of the above is a new version, and the decoder of this one
//! stays. A link of a version this build does not know is refused with an error that names it.
//!
//! # Hostile links
//!
//! A link is refused before anything is allocated for it when it is longer than
//! [`MAX_FRAGMENT_BYTES`], or when its JSON would be longer than [`MAX_DECODED_BYTES`] (the
//! length is read first, and decompression never writes past it). Decoding never panics, and its
//! work is bounded by those two limits.

use crate::engine::model::Scenario;
use std::fmt;

/// The version of the fragment format that [`encode_fragment`] writes.
pub const FRAGMENT_VERSION: u32 = 1;

/// The longest fragment [`decode_fragment`] reads (64 KiB).
pub const MAX_FRAGMENT_BYTES: usize = 64 * 1024;

/// The longest scenario JSON [`decode_fragment`] unpacks (2 MiB).
pub const MAX_DECODED_BYTES: usize = 2 * 1024 * 1024;

/// Why a link could not be opened, in words for the person who opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError {
    /// E.g. "this link is damaged: it was cut short".
    pub message: String,
}

impl ShareError {
    fn new(message: impl Into<String>) -> ShareError {
        ShareError {
            message: message.into(),
        }
    }

    fn damaged(why: impl fmt::Display) -> ShareError {
        ShareError::new(format!("this link is damaged: {why}"))
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShareError {}

/// The fragment for `s` WITHOUT the leading `#`: `s=1.<data>`.
///
/// A fragment longer than [`MAX_FRAGMENT_BYTES`] is written all the same but will not open:
/// check its length before offering it.
pub fn encode_fragment(s: &Scenario) -> String {
    encode_json_fragment(&s.to_compact_json())
}

/// The fragment for a scenario's JSON text, taken as it is (what [`encode_fragment`] does with
/// the compact JSON): for tools that hold the text rather than the [`Scenario`].
pub fn encode_json_fragment(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut data = Vec::with_capacity(bytes.len() / 3 + 16);
    let mut n = bytes.len() as u64;
    loop {
        let low = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            data.push(low);
            break;
        }
        data.push(low | 0x80);
    }
    data.extend_from_slice(&codec::crc32(bytes).to_le_bytes());
    codec::compress(bytes, &mut data);
    format!("s={FRAGMENT_VERSION}.{}", base64url::encode(&data))
}

/// The scenario of a fragment (with or without its leading `#`), or why there is none.
pub fn decode_fragment(fragment: &str) -> Result<Scenario, ShareError> {
    if fragment.len() > MAX_FRAGMENT_BYTES {
        return Err(ShareError::new(format!(
            "this link is too long: {} bytes, more than the {MAX_FRAGMENT_BYTES} bytes (64 KiB) \
             the playground opens",
            fragment.len()
        )));
    }
    let value = match fragment_param(fragment, "s") {
        Some(v) if !v.is_empty() => v,
        _ => return Err(ShareError::new("this link holds no scenario")),
    };
    let Some((version, text)) = value.split_once('.') else {
        return Err(ShareError::damaged("its scenario has no version"));
    };
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::damaged(format!(
            "its scenario has no version (\"{}\" is not a number)",
            shorten(version)
        )));
    }
    let version = version.trim_start_matches('0');
    if version.is_empty() {
        return Err(ShareError::damaged(
            "its scenario has version 0, which never existed",
        ));
    }
    // Only version 1 exists so far: a later version keeps its decoder, as a case here.
    match version.parse::<u32>() {
        Ok(FRAGMENT_VERSION) => {}
        _ => return Err(newer(&shorten(version))),
    }
    let data = base64url::decode(text).map_err(ShareError::damaged)?;
    let json = decode_v1(&data)?;
    Scenario::from_json(&json)
        .map_err(|e| ShareError::new(format!("the scenario in this link is not valid: {e}")))
}

fn newer(version: &str) -> ShareError {
    ShareError::new(format!(
        "this link is from a newer version ({version}) of the playground; this one reads \
         version {FRAGMENT_VERSION}: reload the page to get the newest"
    ))
}

/// At most 20 characters of `s`, for an error message.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The JSON text of version 1's data bytes.
fn decode_v1(data: &[u8]) -> Result<String, ShareError> {
    let mut n: u64 = 0;
    let mut i = 0;
    loop {
        let Some(&b) = data.get(i) else {
            return Err(ShareError::damaged("it was cut short"));
        };
        if i == 10 {
            return Err(ShareError::damaged("its length is not a number"));
        }
        n |= u64::from(b & 0x7F) << (7 * i);
        i += 1;
        if b & 0x80 == 0 {
            break;
        }
    }
    if n > MAX_DECODED_BYTES as u64 {
        return Err(ShareError::new(format!(
            "this link's scenario is too large: it unpacks to {n} bytes, more than the \
             {MAX_DECODED_BYTES} bytes (2 MiB) the playground opens"
        )));
    }
    let Some(crc) = data.get(i..i + 4) else {
        return Err(ShareError::damaged("it was cut short"));
    };
    let crc = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
    let out = codec::decompress(&data[i + 4..], n as usize).map_err(ShareError::damaged)?;
    if codec::crc32(&out) != crc {
        return Err(ShareError::damaged(
            "its checksum does not match (was it cut short or changed?)",
        ));
    }
    String::from_utf8(out).map_err(|_| ShareError::damaged("its scenario is not UTF-8 text"))
}

/// The value of `key` in a fragment of `key=value` pairs joined by `&` (with or without its
/// leading `#`): the first pair with that key; a pair without `=` has the value `""`. Values are
/// returned as they are, not percent-decoded.
pub fn fragment_param<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// `fragment` (with or without its leading `#`; returned without) with `key` set to `value`:
/// the first pair with that key gets the value in its place and later ones are dropped, or the
/// pair is added at the end. Every other pair is kept as it was.
pub fn with_fragment_param(fragment: &str, key: &str, value: &str) -> String {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut pairs: Vec<String> = Vec::new();
    let mut set = false;
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let k = pair.split_once('=').map_or(pair, |(k, _)| k);
        if k != key {
            pairs.push(pair.to_string());
        } else if !set {
            pairs.push(format!("{key}={value}"));
            set = true;
        }
    }
    if !set {
        pairs.push(format!("{key}={value}"));
    }
    pairs.join("&")
}

/// Base64url without padding (RFC 4648 §5), strict: one text for one byte string.
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(data: &[u8]) -> String {
        let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(v >> (18 - 6 * i) & 0x3F) as usize]));
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        }))
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        let bytes = text.as_bytes();
        if let Some(at) = bytes.iter().position(|&c| value(c).is_none()) {
            let c = text[at..].chars().next().unwrap_or('?');
            return Err(format!(
                "{c:?} cannot be in it (character {} of its data)",
                at + 1
            ));
        }
        if bytes.len() % 4 == 1 {
            return Err("it ends in the middle of a byte (was it cut short?)".into());
        }
        let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
        for chunk in bytes.chunks(4) {
            let mut v = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                v |= value(c).unwrap_or(0) << (18 - 6 * i);
            }
            let full = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
            let n = chunk.len() - 1;
            // the bits past the last whole byte must be zero
            if n < 3 && v & (0xFF_FFFF >> (8 * n)) != 0 {
                return Err("its last character cannot end it (was it cut short?)".into());
            }
            out.extend_from_slice(&full[..n]);
        }
        Ok(out)
    }
}

/// The compression of version 1, a small relative of LZMA.
///
/// **The range coder** is LZMA's: probabilities of 11 bits (`p` is the chance of a 0 bit, out of
/// 2048, starting at 1024), adapted by a shift of 4 after each bit (`p += (2048 - p) >> 4` after
/// a 0, `p -= p >> 4` after a 1); `range` starts at `2^32 - 1`, and is renormalised (shifted by a
/// byte) while below `2^24`. The encoder's first byte, always 0, is not stored; the decoder reads
/// its first four bytes as `code`, and reads zeros past the end (at most 4: a stream that needs more
/// is cut short), so the encoder drops up to 4 trailing zero bytes (it ends on the value of its
/// final interval whose low 3 bytes are zero).
///
/// **The model**, coded until `N` bytes are out, one op at a time; `state` (0..4) is the kinds of
/// the last two ops (bit 0: the last was a match, bit 1: the one before), starting at 0:
/// - `is_match[state]`: 0 is a literal, its byte coded by an 8-bit tree (`literal`, high bit
///   first, one probability per tree node);
/// - else `is_rep[state]`: 1 repeats the distance of the last non-rep match (`rep0`, none at the
///   start), with its length coded by `rep_len`; 0 is a new match: its length by `len`, then its
///   distance `d` (>= 1): the position of `d`'s top bit, `slot` (0..32), by a 5-bit tree chosen by
///   `min(length - 2, 3)`, then `d`'s `slot` bits below the top bit, high first, each with its own
///   probability `extra[slot][bit]`.
/// - A length (2..=273) is coded as `length - 2 = v`: a bit `v >= 8`, and if not `v` by a 3-bit
///   tree; else a bit `v >= 16`, and if not `v - 8` by a 3-bit tree, else `v - 16` by an 8-bit
///   tree.
///
/// A match copies `length` bytes from `d` bytes back, one at a time (so it may overlap itself).
/// A match that reaches before the start or past `N` is damage.
mod codec {
    const PROB_BITS: u32 = 11;
    const MOVE_BITS: u32 = 4;
    const TOP: u32 = 1 << 24;
    type Prob = u16;
    const PROB_INIT: Prob = 1 << (PROB_BITS - 1);

    const MIN_MATCH: usize = 2;
    const MAX_MATCH: usize = MIN_MATCH + 8 + 8 + 256 - 1;
    /// A new match is at least this long (rep matches may be MIN_MATCH).
    const MIN_NEW_MATCH: usize = 3;
    const STATES: usize = 4;
    const LEN_STATES: usize = 4;

    /// Why decoding stopped, for "this link is damaged: …".
    pub type Damage = &'static str;
    const CUT_SHORT: Damage = "it was cut short";
    /// The encoder drops at most this many trailing zero bytes (the decoder reads them back).
    const MAX_TRIMMED: usize = 4;

    /// One side of the range coder: the model codes bits through it, so that encoding and
    /// decoding run the very same model code. The encoder codes `bit` and returns it; the decoder
    /// ignores it and returns the bit it reads.
    trait Coder {
        fn bit(&mut self, p: &mut Prob, bit: u32) -> Result<u32, Damage>;
    }

    fn adapt(p: &mut Prob, bit: u32) {
        if bit == 0 {
            *p += ((1 << PROB_BITS) - *p) >> MOVE_BITS;
        } else {
            *p -= *p >> MOVE_BITS;
        }
    }

    struct Encoder<'a> {
        low: u64,
        range: u32,
        cache: u8,
        pending: u64,
        out: &'a mut Vec<u8>,
        /// Where the coder's bytes start in `out`.
        start: usize,
    }

    impl<'a> Encoder<'a> {
        fn new(out: &'a mut Vec<u8>) -> Encoder<'a> {
            let start = out.len();
            Encoder {
                low: 0,
                range: u32::MAX,
                cache: 0,
                pending: 1,
                out,
                start,
            }
        }

        fn shift_low(&mut self) {
            if (self.low as u32) < 0xFF00_0000 || (self.low >> 32) != 0 {
                let carry = (self.low >> 32) as u8;
                let mut byte = self.cache;
                while self.pending > 0 {
                    self.out.push(byte.wrapping_add(carry));
                    byte = 0xFF;
                    self.pending -= 1;
                }
                self.cache = (self.low >> 24) as u8;
            }
            self.pending += 1;
            self.low = (self.low & 0x00FF_FFFF) << 8;
        }

        fn finish(mut self) {
            // Any value in [low, low + range) will do, and range >= 2^24: round up to the one
            // whose three low bytes are zero, which are then dropped.
            self.low = (self.low + 0xFF_FFFF) & !0xFF_FFFF;
            for _ in 0..5 {
                self.shift_low();
            }
            // the first byte is always 0 (the interval never leaves [0, 2^32))
            self.out.remove(self.start);
            for _ in 0..MAX_TRIMMED {
                if self.out.len() > self.start && self.out.last() == Some(&0) {
                    self.out.pop();
                }
            }
        }
    }

    impl Coder for Encoder<'_> {
        fn bit(&mut self, p: &mut Prob, bit: u32) -> Result<u32, Damage> {
            let bound = (self.range >> PROB_BITS) * u32::from(*p);
            if bit == 0 {
                self.range = bound;
            } else {
                self.low += u64::from(bound);
                self.range -= bound;
            }
            adapt(p, bit);
            while self.range < TOP {
                self.range <<= 8;
                self.shift_low();
            }
            Ok(bit)
        }
    }

    struct Decoder<'a> {
        input: &'a [u8],
        pos: usize,
        range: u32,
        code: u32,
    }

    impl<'a> Decoder<'a> {
        fn new(input: &'a [u8]) -> Decoder<'a> {
            let mut d = Decoder {
                input,
                pos: 0,
                range: u32::MAX,
                code: 0,
            };
            for _ in 0..4 {
                d.code = (d.code << 8) | u32::from(d.next_byte());
            }
            d
        }

        fn next_byte(&mut self) -> u8 {
            let b = self.input.get(self.pos).copied().unwrap_or(0);
            self.pos += 1;
            b
        }
    }

    impl Coder for Decoder<'_> {
        fn bit(&mut self, p: &mut Prob, _: u32) -> Result<u32, Damage> {
            let bound = (self.range >> PROB_BITS) * u32::from(*p);
            let bit = if self.code < bound {
                self.range = bound;
                0
            } else {
                self.code -= bound;
                self.range -= bound;
                1
            };
            adapt(p, bit);
            while self.range < TOP {
                self.range <<= 8;
                self.code = (self.code << 8) | u32::from(self.next_byte());
                // The encoder drops at most MAX_TRIMMED zeros: reading further is no stream.
                if self.pos > self.input.len() + MAX_TRIMMED {
                    return Err(CUT_SHORT);
                }
            }
            Ok(bit)
        }
    }

    /// Codes the low `bits` bits of `value` (high first) with a tree of probabilities.
    fn tree<C: Coder>(c: &mut C, probs: &mut [Prob], bits: u32, value: u32) -> Result<u32, Damage> {
        let mut m = 1usize;
        for i in (0..bits).rev() {
            let b = c.bit(&mut probs[m], (value >> i) & 1)?;
            m = (m << 1) | b as usize;
        }
        Ok(m as u32 - (1 << bits))
    }

    struct LenModel {
        choice: Prob,
        choice2: Prob,
        low: [Prob; 8],
        mid: [Prob; 8],
        high: [Prob; 256],
    }

    impl LenModel {
        fn new() -> LenModel {
            LenModel {
                choice: PROB_INIT,
                choice2: PROB_INIT,
                low: [PROB_INIT; 8],
                mid: [PROB_INIT; 8],
                high: [PROB_INIT; 256],
            }
        }

        /// Codes a length; the decoder's `len` is ignored.
        fn code<C: Coder>(&mut self, c: &mut C, len: usize) -> Result<usize, Damage> {
            let v = len.wrapping_sub(MIN_MATCH) as u32;
            let v = if c.bit(&mut self.choice, u32::from(v >= 8))? == 0 {
                tree(c, &mut self.low, 3, v)?
            } else if c.bit(&mut self.choice2, u32::from(v >= 16))? == 0 {
                8 + tree(c, &mut self.mid, 3, v.wrapping_sub(8))?
            } else {
                16 + tree(c, &mut self.high, 8, v.wrapping_sub(16))?
            };
            Ok(v as usize + MIN_MATCH)
        }
    }

    #[derive(Clone, Copy)]
    enum Op {
        Literal(u8),
        Match { len: usize, dist: usize },
        Rep { len: usize },
    }

    struct Model {
        state: usize,
        /// The distance of the last new match; 0 before the first.
        rep0: usize,
        is_match: [Prob; STATES],
        is_rep: [Prob; STATES],
        literal: [Prob; 256],
        slot: [[Prob; 32]; LEN_STATES],
        extra: [[Prob; 32]; 32],
        len: LenModel,
        rep_len: LenModel,
    }

    impl Model {
        fn new() -> Model {
            Model {
                state: 0,
                rep0: 0,
                is_match: [PROB_INIT; STATES],
                is_rep: [PROB_INIT; STATES],
                literal: [PROB_INIT; 256],
                slot: [[PROB_INIT; 32]; LEN_STATES],
                extra: [[PROB_INIT; 32]; 32],
                len: LenModel::new(),
                rep_len: LenModel::new(),
            }
        }

        /// Codes one op: the encoder's `op`, or (decoding) the op read.
        fn code<C: Coder>(&mut self, c: &mut C, op: Op) -> Result<Op, Damage> {
            let s = self.state;
            let is_match = !matches!(op, Op::Literal(_));
            if c.bit(&mut self.is_match[s], u32::from(is_match))? == 0 {
                let byte = if let Op::Literal(b) = op { b } else { 0 };
                let byte = tree(c, &mut self.literal, 8, u32::from(byte))? as u8;
                self.state = (s << 1) & (STATES - 1);
                return Ok(Op::Literal(byte));
            }
            self.state = ((s << 1) | 1) & (STATES - 1);
            let is_rep = matches!(op, Op::Rep { .. });
            if c.bit(&mut self.is_rep[s], u32::from(is_rep))? == 1 {
                let len = if let Op::Rep { len } = op { len } else { 0 };
                let len = self.rep_len.code(c, len)?;
                return Ok(Op::Rep { len });
            }
            let (len, d) = if let Op::Match { len, dist } = op {
                (len, dist as u32)
            } else {
                (0, 0)
            };
            let len = self.len.code(c, len)?;
            let ls = (len - MIN_MATCH).min(LEN_STATES - 1);
            let slot = 31u32.saturating_sub(d.leading_zeros());
            let slot = tree(c, &mut self.slot[ls], 5, slot)?;
            let mut dist = 1u32;
            for i in (0..slot).rev() {
                let b = c.bit(&mut self.extra[slot as usize][i as usize], (d >> i) & 1)?;
                dist = (dist << 1) | b;
            }
            self.rep0 = dist as usize;
            Ok(Op::Match {
                len,
                dist: dist as usize,
            })
        }
    }

    /// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`).
    pub fn crc32(data: &[u8]) -> u32 {
        let mut table = [0u32; 256];
        for (i, t) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg());
            }
            *t = c;
        }
        let mut crc = !0u32;
        for &b in data {
            crc = (crc >> 8) ^ table[((crc ^ u32::from(b)) & 0xFF) as usize];
        }
        !crc
    }

    const HASH_BITS: u32 = 16;
    const NONE: u32 = u32::MAX;
    /// How many earlier positions with the same hash are tried for a match.
    const CHAIN_DEPTH: usize = 64;
    /// Matches at least this long are taken without looking one byte further.
    const NICE_LEN: usize = 64;

    /// Hash chains over 3-byte prefixes, in a window of at most 2 MiB.
    struct Finder<'a> {
        data: &'a [u8],
        head: Vec<u32>,
        prev: Vec<u32>,
        mask: usize,
        inserted: usize,
    }

    impl<'a> Finder<'a> {
        fn new(data: &'a [u8]) -> Finder<'a> {
            let window = data.len().next_power_of_two().clamp(1 << 8, 1 << 21);
            Finder {
                data,
                head: vec![NONE; 1 << HASH_BITS],
                prev: vec![NONE; window],
                mask: window - 1,
                inserted: 0,
            }
        }

        fn hash(&self, pos: usize) -> usize {
            let d = self.data;
            let v = u32::from(d[pos]) | u32::from(d[pos + 1]) << 8 | u32::from(d[pos + 2]) << 16;
            (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
        }

        /// Enters every position before `upto`.
        fn insert_upto(&mut self, upto: usize) {
            while self.inserted < upto {
                let pos = self.inserted;
                if pos + 3 <= self.data.len() && pos < NONE as usize {
                    let h = self.hash(pos);
                    self.prev[pos & self.mask] = self.head[h];
                    self.head[h] = pos as u32;
                }
                self.inserted += 1;
            }
        }

        /// How many bytes at `a` and `b` agree, at most `max`.
        fn common(&self, a: usize, b: usize, max: usize) -> usize {
            self.data[a..a + max]
                .iter()
                .zip(&self.data[b..b + max])
                .take_while(|(x, y)| x == y)
                .count()
        }

        /// The length of the match at `pos` with distance `dist` (0: none).
        fn rep_len(&self, pos: usize, dist: usize) -> usize {
            if dist == 0 || dist > pos {
                return 0;
            }
            self.common(pos - dist, pos, MAX_MATCH.min(self.data.len() - pos))
        }

        /// The longest new match at `pos`, as (length, distance); length 0 if none.
        fn find(&mut self, pos: usize) -> (usize, usize) {
            self.insert_upto(pos);
            let max = MAX_MATCH.min(self.data.len() - pos);
            if max < MIN_NEW_MATCH || pos >= NONE as usize {
                return (0, 0);
            }
            let mut best = (0, 0);
            let mut cand = self.head[self.hash(pos)];
            let mut depth = CHAIN_DEPTH;
            while cand != NONE && depth > 0 {
                let c = cand as usize;
                if pos - c > self.mask {
                    break;
                }
                let probe = best.0.min(max - 1);
                if self.data[c + probe] == self.data[pos + probe] {
                    let n = self.common(c, pos, max);
                    if n > best.0 {
                        best = (n, pos - c);
                        if n == max {
                            break;
                        }
                    }
                }
                cand = self.prev[c & self.mask];
                depth -= 1;
            }
            if best.0 < MIN_NEW_MATCH { (0, 0) } else { best }
        }
    }

    /// Appends the compressed `data` to `out`.
    pub fn compress(data: &[u8], out: &mut Vec<u8>) {
        let mut enc = Encoder::new(out);
        let mut model = Model::new();
        let mut finder = Finder::new(data);
        let mut pos = 0;
        while pos < data.len() {
            let rep = finder.rep_len(pos, model.rep0);
            let (len, dist) = finder.find(pos);
            let op = if rep >= MIN_MATCH && rep + 1 >= len {
                Op::Rep { len: rep }
            } else if len >= MIN_NEW_MATCH && !(len == MIN_NEW_MATCH && dist > 1 << 12) {
                // lazy: a literal first pays if the match one byte on is longer
                let (next, _) = if len < NICE_LEN {
                    finder.find(pos + 1)
                } else {
                    (0, 0)
                };
                let next_rep = if len < NICE_LEN {
                    finder.rep_len(pos + 1, model.rep0)
                } else {
                    0
                };
                if next > len + 1 || next_rep > len {
                    Op::Literal(data[pos])
                } else {
                    Op::Match { len, dist }
                }
            } else {
                Op::Literal(data[pos])
            };
            pos += match op {
                Op::Literal(_) => 1,
                Op::Match { len, .. } | Op::Rep { len } => len,
            };
            // the encoder's coder never fails
            let _ = model.code(&mut enc, op);
        }
        enc.finish();
    }

    /// The `n` bytes compressed in `input`.
    pub fn decompress(input: &[u8], n: usize) -> Result<Vec<u8>, Damage> {
        let mut dec = Decoder::new(input);
        let mut model = Model::new();
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let (len, dist) = match model.code(&mut dec, Op::Literal(0))? {
                Op::Literal(b) => {
                    out.push(b);
                    continue;
                }
                Op::Match { len, dist } => (len, dist),
                Op::Rep { len } => (len, model.rep0),
            };
            if dist == 0 || dist > out.len() {
                return Err("it refers to text before its start");
            }
            if len > n - out.len() {
                return Err("it is longer than it says");
            }
            for _ in 0..len {
                out.push(out[out.len() - dist]);
            }
        }
        if dec.pos < input.len() {
            return Err("it has more data than its scenario");
        }
        Ok(out)
    }
}
