//! Scenario links (`src/share.rs`): `decode_fragment` of damaged links, and the round trip
//! `encode_json_fragment` → `decode_fragment`.
//!
//! Input: raw bytes. They are decoded three ways:
//! - as the data of a version-1 link (`s=1.` + the bytes in base64url), which reaches the
//!   decompressor with any bytes (a wrong checksum is reported only after decompressing);
//! - as a fragment text, as it is (`#s=1.…&x=…`);
//! - when the text is a scenario's JSON: its link must open and give the same scenario.

#![no_main]

use apigw_playground::engine::model::Scenario;
use apigw_playground::share;
use libfuzzer_sys::fuzz_target;

fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
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

fuzz_target!(|data: &[u8]| {
    let _ = share::decode_fragment(&format!("s=1.{}", base64url(data)));

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = share::decode_fragment(text);
    let _ = share::fragment_param(text, "s");
    let _ = share::with_fragment_param(text, "s", "1.AA");

    if let Ok(s) = Scenario::from_json(text) {
        let link = share::encode_json_fragment(text);
        match share::decode_fragment(&link) {
            Ok(back) => assert_eq!(back, s, "the link of {text:?} opens another scenario"),
            Err(e) if link.len() > share::MAX_FRAGMENT_BYTES => {
                let _ = e;
            }
            Err(e) => panic!("the link {link:?} of {text:?} does not open: {e}"),
        }
        let link = share::encode_fragment(&s);
        if link.len() <= share::MAX_FRAGMENT_BYTES {
            match share::decode_fragment(&link) {
                Ok(back) => assert_eq!(back, s, "encode_fragment of {text:?} round trip"),
                Err(e) => panic!("encode_fragment link {link:?} of {text:?} does not open: {e}"),
            }
        }
    }
});
