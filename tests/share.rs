//! Scenario links (`src/share.rs`): round trips, the frozen format, every error a person can
//! meet, hostile links, and thousands of broken ones that must fail without a panic.

use apigw_playground::engine::model::Scenario;
use apigw_playground::share::{
    FRAGMENT_VERSION, MAX_DECODED_BYTES, MAX_FRAGMENT_BYTES, ShareError, decode_fragment,
    encode_fragment, encode_json_fragment, fragment_param, with_fragment_param,
};
use std::path::Path;

fn presets() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/presets");
    let mut out: Vec<(String, Scenario)> = std::fs::read_dir(&dir)
        .expect("www/presets")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, s)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 5, "expected the presets in {}", dir.display());
    out
}

fn error_of(fragment: &str) -> String {
    match decode_fragment(fragment) {
        Ok(s) => panic!("{fragment:.80} decoded to {s:?}"),
        Err(ShareError { message }) => message,
    }
}

#[track_caller]
fn assert_contains(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

// ---- independent helpers: base64url (RFC 4648 §5), LEB128 and CRC-32 as the format says ----

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let v = B64.iter().position(|&b| b == c).expect("base64url") as u32;
        bits = bits << 6 | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

fn b64_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let (mut bits, mut n) = (0u32, 0);
    for &b in data {
        bits = bits << 8 | u32::from(b);
        n += 8;
        while n >= 6 {
            n -= 6;
            out.push(B64[(bits >> n & 63) as usize] as char);
        }
        bits &= (1 << n) - 1;
    }
    if n > 0 {
        out.push(B64[(bits << (6 - n) & 63) as usize] as char);
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                crc >> 1 ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn leb128(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// (length, CRC, the rest) of a version-1 fragment's data.
fn split_data(fragment: &str) -> (u64, u32, Vec<u8>) {
    let data = b64_decode(fragment.strip_prefix("s=1.").expect("s=1."));
    let (mut n, mut i) = (0u64, 0);
    loop {
        n |= u64::from(data[i] & 0x7F) << (7 * i);
        i += 1;
        if data[i - 1] & 0x80 == 0 {
            break;
        }
    }
    let crc = u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
    (n, crc, data[i + 4..].to_vec())
}

fn join_data(n: u64, crc: u32, rest: &[u8]) -> String {
    let mut data = leb128(n);
    data.extend_from_slice(&crc.to_le_bytes());
    data.extend_from_slice(rest);
    format!("s=1.{}", b64_encode(&data))
}

/// xorshift64*: the same "random" inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---- round trips ----

#[test]
fn every_preset_round_trips_and_is_compressed() {
    println!("{:<32} {:>6} {:>9}", "preset", "JSON", "fragment");
    for (name, s) in presets() {
        let fragment = encode_fragment(&s);
        let json = serde_json::to_string(&s).unwrap();
        println!("{name:<32} {:>6} {:>9}", json.len(), fragment.len());
        assert!(fragment.starts_with("s=1."), "{name}: {fragment:.20}");
        assert_eq!(decode_fragment(&fragment).as_ref(), Ok(&s), "{name}");
        assert_eq!(decode_fragment(&format!("#{fragment}")).as_ref(), Ok(&s));
        // compressed to less than half the compact JSON (deflate does about a third)
        assert!(
            (fragment.len() - 4) * 3 / 4 * 2 < json.len(),
            "{name}: fragment of {} for {} bytes of JSON",
            fragment.len(),
            json.len()
        );
        // only characters that every URL keeps as they are
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b)),
            "{name}: {fragment}"
        );
        // the same scenario always gives the same link
        assert_eq!(encode_fragment(&s), fragment);
    }
}

#[test]
fn the_data_starts_with_the_length_and_crc32_of_the_compact_json() {
    for (name, s) in presets() {
        let json = serde_json::to_string(&s).unwrap();
        let (n, crc, rest) = split_data(&encode_fragment(&s));
        assert_eq!(n, json.len() as u64, "{name}");
        assert_eq!(crc, crc32(json.as_bytes()), "{name}");
        assert!(!rest.is_empty());
    }
}

/// Written by version 1 on its first day: every later build must open it as it is.
const GOLDEN_JSON: &str = r#"{"version":1,"title":"golden — ünïcode ✓ 🦀","api":{"RouteSelectionExpression":"$request.body.action"},"routes":[{"RouteKey":"$default","Target":"integrations/a","RouteResponseSelectionExpression":"$default","RouteResponses":[{"RouteResponseKey":"$default"}]}],"integrations":[{"IntegrationId":"a","IntegrationType":"MOCK","RequestTemplates":{"$default":"{\"statusCode\": 200}"},"IntegrationResponses":[{"IntegrationResponseKey":"$default","ResponseTemplates":{"$default":"{\"echo\": $input.json('$'), \"again\": $input.json('$'), \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1}"}}]}],"sample":{"message":"{\"action\":\"x\"}","backend":{"statusCode":200,"body":""}}}"#;
const GOLDEN_LINK: &str = "s=1.owU0BCgiPYkOW2g1AnQDYAI_H6L1OTbmNy9JPgvYMBj0xkJdxmZ1DJQYhYLTR6TnBSu2rDzuMzouakirc9B135vP0agDPyU3HxWm_w0-sLIcsXamoqm6BEfkc8P0MecpbFFdL0T4NSMeFK3Nne8RNlOzxk5nV8ZCg-1oOAIm5EUSxvra8LSESkaVb1PcgkfsgBdHJJyaBhi0qrcT6q9LKDc6FzjtrKqq9qkTm8QzcIyhYCST7TKMNeQP5sJ70mKQ7_em_ehPmO6ldwmgqjAr4S1svu_w85pnweOPT_6nnLh5u1jKgHr8Lwz_BBInJrRSBmgl1i-Wqe61niVTpsVHnYDa8Dh8KsTI1Jwse4Pt4szongVb6vGL6CYqWaq4NpAkS4gPvIBaIevMJlhCDNG7_l0yPp1nVBYI9xQM99A";

#[test]
fn a_version_1_link_from_the_first_day_still_opens() {
    let expected = Scenario::from_json(GOLDEN_JSON).unwrap();
    assert_eq!(decode_fragment(GOLDEN_LINK), Ok(expected));
}

#[test]
fn unicode_round_trips() {
    let mut s = presets().remove(0).1;
    s.title = "Ünïcödé: 日本語, עברית, emoji 🦀👩‍👩‍👧, combining é, NUL \u{0} and \u{10FFFF}".into();
    s.notes = "quotes \" and \\ and # & = ? % + / in text; \r\n\t".repeat(20);
    s.sample.message = r#"{"action":"ℵ","data":"💬"}"#.into();
    let back = decode_fragment(&encode_fragment(&s)).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.title, s.title);
}

#[test]
fn a_scenario_with_a_100_kb_template_round_trips() {
    let mut s = presets().remove(0).1;
    let mut template = String::from("#set($inputRoot = $input.path('$'))\n{\n");
    let mut i = 0;
    while template.len() < 100 * 1024 {
        template.push_str(&format!(
            "  \"field{i}\": \"$util.escapeJavaScript($inputRoot.items[{i}].name)\",\n"
        ));
        i += 1;
    }
    template.push_str("  \"end\": true\n}");
    s.integrations[0]
        .request_templates
        .insert("big".into(), template.clone());
    let fragment = encode_fragment(&s);
    println!(
        "100 KB template: {} bytes of JSON, fragment {}",
        serde_json::to_string(&s).unwrap().len(),
        fragment.len()
    );
    assert!(fragment.len() <= MAX_FRAGMENT_BYTES, "{}", fragment.len());
    let back = decode_fragment(&fragment).unwrap();
    assert_eq!(back.integrations[0].request_templates["big"], template);
    assert_eq!(back, s);
}

#[test]
fn incompressible_text_round_trips() {
    let mut rng = Rng(7);
    let s = Scenario {
        notes: (0..20_000)
            .map(|_| char::from_u32(0x20 + rng.below(0x2000) as u32).unwrap_or('x'))
            .collect(),
        ..Scenario::default()
    };
    assert_eq!(decode_fragment(&encode_fragment(&s)), Ok(s));
}

// ---- errors, in words ----

#[test]
fn a_link_without_a_scenario_says_so() {
    for fragment in ["", "#", "embed=1", "#embed=1&x=2", "s=", "#s", "embed=1&s="] {
        assert_eq!(
            error_of(fragment),
            "this link holds no scenario",
            "{fragment:?}"
        );
    }
}

#[test]
fn a_newer_version_is_named() {
    // with this version's data, and with anything at all after the dot
    let data = encode_fragment(&Scenario::default());
    let data = data.strip_prefix("s=1.").unwrap();
    for (fragment, version) in [
        (format!("s=3.{data}"), "(3)"),
        ("s=2.".to_string(), "(2)"),
        ("embed=1&s=12.anything at all".to_string(), "(12)"),
        ("s=99999999999.x".to_string(), "(99999999999)"),
    ] {
        let message = error_of(&fragment);
        assert_contains(
            &message,
            &[
                "this link is from a newer version ",
                version,
                " of the playground",
            ],
        );
    }
    assert_eq!(FRAGMENT_VERSION, 1);
}

#[test]
fn a_damaged_link_says_it_is_damaged_and_why() {
    let good = encode_fragment(&presets().remove(0).1);
    let cases: Vec<(String, &[&str])> = vec![
        ("s=nodot".into(), &["this link is damaged: ", "no version"]),
        ("s=v1.AAAA".into(), &["this link is damaged: ", "\"v1\""]),
        ("s=0.AAAA".into(), &["this link is damaged: ", "version 0"]),
        ("s=1.".into(), &["this link is damaged: ", "cut short"]),
        (
            "s=1.ab%cd".into(),
            &["this link is damaged: ", "'%'", "character 3"],
        ),
        ("s=1.ab+cd".into(), &["this link is damaged: ", "'+'"]),
        (
            "s=1.abcde".into(),
            &["this link is damaged: ", "middle of a byte"],
        ),
        // cut in the middle of its compressed data
        (good[..good.len() / 2].into(), &["this link is damaged: "]),
        // one character changed in the compressed data
        (
            {
                let mut bytes = good.clone().into_bytes();
                let mid = bytes.len() / 2;
                bytes[mid] = if bytes[mid] == b'Q' { b'R' } else { b'Q' };
                String::from_utf8(bytes).unwrap()
            },
            &["this link is damaged: "],
        ),
        // more data than the scenario (the last 3 or 4 zero bytes are left out of a link, so
        // adding just those changes nothing)
        (
            format!("{good}AAAAAAAA"),
            &["this link is damaged: ", "more data"],
        ),
        (format!("{good}BBBBBBBB"), &["this link is damaged: "]),
    ];
    for (fragment, parts) in cases {
        assert_contains(&error_of(&fragment), parts);
    }
}

#[test]
fn a_wrong_checksum_is_damage() {
    let good = encode_fragment(&presets().remove(0).1);
    let (n, crc, rest) = split_data(&good);
    assert!(decode_fragment(&join_data(n, crc, &rest)).is_ok());
    assert_contains(
        &error_of(&join_data(n, crc ^ 1, &rest)),
        &["this link is damaged: ", "checksum"],
    );
}

#[test]
fn an_invalid_scenario_names_the_place() {
    let fragment = encode_json_fragment(r#"{"version":1,"routes":"none"}"#);
    let message = error_of(&fragment);
    assert_contains(
        &message,
        &[
            "the scenario in this link is not valid: ",
            "(line 1, column ",
        ],
    );
    assert_contains(
        &error_of(&encode_json_fragment("not json")),
        &[
            "the scenario in this link is not valid: ",
            "(line 1, column 2)",
        ],
    );
}

// ---- hostile links ----

#[test]
fn a_too_long_link_is_refused_naming_the_limit() {
    let fragment = format!("s=1.{}", "A".repeat(MAX_FRAGMENT_BYTES));
    assert_contains(
        &error_of(&fragment),
        &["this link is too long", &MAX_FRAGMENT_BYTES.to_string()],
    );
    let huge = format!("s=1.{}", "A".repeat(10 * 1024 * 1024));
    assert_contains(&error_of(&huge), &[&MAX_FRAGMENT_BYTES.to_string()]);
}

#[test]
fn a_zip_bomb_is_refused_naming_the_limit() {
    let spaces = " ".repeat(50 * 1024 * 1024);
    let bomb = encode_json_fragment(&spaces);
    // it is a small link: the limit on links does not catch it
    assert!(bomb.len() < MAX_FRAGMENT_BYTES / 4, "{}", bomb.len());
    assert_contains(
        &error_of(&bomb),
        &["too large", &MAX_DECODED_BYTES.to_string()],
    );

    // the same stream with its length lowered: decoding stops at that length
    let (_, crc, rest) = split_data(&bomb);
    for n in [0, 1000, MAX_DECODED_BYTES as u64] {
        assert_contains(
            &error_of(&join_data(n, crc, &rest)),
            &["this link is damaged: "],
        );
    }
    // a length just over the limit, and the largest LEB128 numbers
    for n in [MAX_DECODED_BYTES as u64 + 1, u64::MAX >> 1, u64::MAX] {
        assert_contains(
            &error_of(&join_data(n, crc, &rest)),
            &[&MAX_DECODED_BYTES.to_string()],
        );
    }
    // a length that never ends
    let endless = format!("s=1.{}", b64_encode(&[0xFF; 40]));
    assert_contains(&error_of(&endless), &["this link is damaged: "]);
}

#[test]
fn a_scenario_just_under_the_decoded_limit_opens() {
    let mut s = Scenario::default();
    let json_len = serde_json::to_string(&s).unwrap().len();
    s.notes = "x".repeat(MAX_DECODED_BYTES - json_len - "\"notes\":\"\",".len());
    let fragment = encode_fragment(&s);
    assert_eq!(serde_json::to_string(&s).unwrap().len(), MAX_DECODED_BYTES);
    assert_eq!(decode_fragment(&fragment), Ok(s.clone()));
    s.notes.push('x');
    assert_contains(
        &error_of(&encode_fragment(&s)),
        &[&MAX_DECODED_BYTES.to_string()],
    );
}

#[test]
fn thousands_of_broken_links_fail_without_panicking() {
    let mut rng = Rng(0x5EED_1234_5678_9ABC);
    let links: Vec<(Scenario, String)> = presets()
        .into_iter()
        .map(|(_, s)| {
            let f = encode_fragment(&s);
            (s, f)
        })
        .collect();
    let mut tried = 0;

    // every truncation of every preset's link: an error, or (when only trimmed zeros were
    // cut) the very same scenario; never another one
    for (s, link) in &links {
        for end in 0..link.len() {
            match decode_fragment(&link[..end]) {
                Err(e) => assert!(!e.message.is_empty()),
                Ok(back) => assert_eq!(&back, s, "{end}"),
            }
            tried += 1;
        }
    }

    // one, two or three characters changed, dropped or added
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=&#%";
    let mut opened = 0;
    for round in 0..3000 {
        let (s, link) = &links[round % links.len()];
        let mut bytes = link.as_bytes().to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = 4 + rng.below(bytes.len() - 4);
            let c = alphabet.as_bytes()[rng.below(alphabet.len())];
            match rng.below(3) {
                0 => bytes[at] = c,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, c),
            }
        }
        let text = String::from_utf8(bytes).unwrap();
        if let Ok(back) = decode_fragment(&text) {
            opened += 1;
            assert_eq!(
                &back, s,
                "a changed link opened as another scenario: {text}"
            );
        }
        tried += 1;
    }
    assert!(opened < 30, "{opened} changed links opened");

    // random base64url data after a valid version, and random text of every kind
    for _ in 0..3000 {
        let len = rng.below(64);
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = decode_fragment(&format!("s=1.{}", b64_encode(&data)));
        // with a plausible length header in front of random compressed data
        let mut data = leb128(rng.below(5000) as u64);
        data.extend((0..4 + rng.below(200)).map(|_| rng.next() as u8));
        let _ = decode_fragment(&format!("s=1.{}", b64_encode(&data)));
        let raw: Vec<u8> = (0..rng.below(100)).map(|_| rng.next() as u8).collect();
        let _ = decode_fragment(&String::from_utf8_lossy(&raw));
        let _ = decode_fragment(&format!("s={}", String::from_utf8_lossy(&raw)));
        tried += 4;
    }
    assert!(tried > 10_000, "{tried}");
}

// ---- fragment parameters ----

#[test]
fn fragment_params_are_found_by_key() {
    let f = "#embed=1&s=1.abc&theme=dark=ish&flag&s=2.other";
    assert_eq!(fragment_param(f, "embed"), Some("1"));
    assert_eq!(fragment_param(f, "s"), Some("1.abc"), "the first one");
    assert_eq!(fragment_param(f, "theme"), Some("dark=ish"));
    assert_eq!(fragment_param(f, "flag"), Some(""));
    assert_eq!(fragment_param(f, "missing"), None);
    assert_eq!(fragment_param(f, "emb"), None);
    assert_eq!(fragment_param("", "s"), None);
    assert_eq!(fragment_param("#", "s"), None);
    assert_eq!(fragment_param("s=1.x", "s"), Some("1.x"));

    // the scenario is found among other pairs, in any place
    let s = presets().remove(0).1;
    let link = encode_fragment(&s);
    for f in [
        format!("embed=1&{link}"),
        format!("#{link}&embed=1"),
        format!("a=b&{link}&c"),
    ] {
        assert_eq!(decode_fragment(&f).as_ref(), Ok(&s), "{f:.30}");
    }
}

#[test]
fn a_fragment_param_is_set_in_place_keeping_the_others() {
    assert_eq!(with_fragment_param("", "s", "1.x"), "s=1.x");
    assert_eq!(with_fragment_param("#", "s", "1.x"), "s=1.x");
    assert_eq!(with_fragment_param("#embed=1", "s", "1.x"), "embed=1&s=1.x");
    assert_eq!(
        with_fragment_param("a=1&s=1.old&b=2&s=again", "s", "1.new"),
        "a=1&s=1.new&b=2"
    );
    assert_eq!(with_fragment_param("s&x", "s", "v"), "s=v&x");
    assert_eq!(with_fragment_param("sx=1", "s", "v"), "sx=1&s=v");
}
