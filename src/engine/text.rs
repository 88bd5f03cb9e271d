//! The string functions of API Gateway's `$util`, with the Java behaviour behind them:
//! `escapeJavaScript` (Apache Commons Lang 2 `StringEscapeUtils.escapeJavaScript`),
//! `urlEncode` / `urlDecode` (`java.net.URLEncoder` / `URLDecoder` with UTF-8) and
//! `base64Encode` / `base64Decode` (`java.util.Base64`'s basic encoder and decoder, over the
//! UTF-8 bytes of the text).

/// Whether `a` and `b` are the same text, for short strings such as map keys and names: the
/// same pointer, or compared a word at a time in line (a call of `memcmp` costs more than the
/// comparison of a ten-byte key).
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.as_ptr() == b.as_ptr() {
        return true;
    }
    let n = a.len();
    let w4 = |s: &[u8], at: usize| {
        s.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map(u32::from_ne_bytes)
    };
    match n {
        0 => true,
        // the first, middle and last bytes are all of them
        1..4 => a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last(),
        4..8 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        8..=16 => word_at(a, 0) == word_at(b, 0) && word_at(a, n - 8) == word_at(b, n - 8),
        _ => a == b,
    }
}

/// The UTF-16 unit of a `\uXXXX` escape's four hex digits; `None` unless all four are hex
/// digits (`u16::from_str_radix` alone also takes `+c00`).
pub fn hex4(h: &[u8]) -> Option<u16> {
    let h = h.get(..4)?;
    h.iter().try_fold(0u16, |acc, &b| {
        let d = char::from(b).to_digit(16)?;
        Some(acc << 4 | d as u16)
    })
}

/// Eight bytes of `b` from `at`, read little-endian, if there are eight.
#[inline(always)]
fn word_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map(u64::from_le_bytes)
}

/// `0x01` in every byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The high bits of the bytes of `w` below `n` (at most 0x80), and maybe of bytes above one.
#[inline(always)]
pub(crate) fn bytes_below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI
}

/// The high bits of the bytes of `w` equal to `c`, and maybe of bytes above one.
#[inline(always)]
pub(crate) fn bytes_equal(w: u64, c: u8) -> u64 {
    let x = w ^ (LO * u64::from(c));
    x.wrapping_sub(LO) & !x & HI
}

/// The index of the first byte at or after `from` for which `special` holds; `b.len()` if
/// none. Eight bytes at a time: `marks` gives the high bits of a word's special bytes, built
/// from [`bytes_below`] and [`bytes_equal`], whose borrows can mark a byte above a special one,
/// never one below: the lowest mark is the first special byte.
#[inline(always)]
pub(crate) fn find_marked(
    b: &[u8],
    mut from: usize,
    marks: impl Fn(u64) -> u64,
    special: impl Fn(u8) -> bool,
) -> usize {
    while let Some(w) = word_at(b, from) {
        let m = marks(w);
        if m != 0 {
            return from + (m.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while let Some(&c) = b.get(from) {
        if special(c) {
            return from;
        }
        from += 1;
    }
    from
}

/// The index of the first byte at or after `from` that `escapeJavaScript` changes (below 0x20,
/// above 0x7F, `'`, `"`, `\` or `/`); `b.len()` if none.
#[inline]
fn find_js_special(b: &[u8], from: usize) -> usize {
    find_marked(
        b,
        from,
        |w| {
            bytes_below(w, 0x20)
                | (w & HI)
                | bytes_equal(w, b'\'')
                | bytes_equal(w, b'"')
                | bytes_equal(w, b'\\')
                | bytes_equal(w, b'/')
        },
        |c| !(0x20..0x80).contains(&c) || matches!(c, b'\'' | b'"' | b'\\' | b'/'),
    )
}

/// `StringEscapeUtils.escapeJavaScript` of Commons Lang 2.x: per UTF-16 code unit, non-ASCII
/// becomes `\uXXXX` (upper-case hex, so a non-BMP character becomes two surrogate escapes),
/// controls become `\b \n \t \f \r` or `\u00XX`, and `'`, `"`, `\`, `/` get a backslash.
pub fn escape_javascript(s: &str) -> String {
    // room for a few escapes: names and messages quote a word or two
    let mut out = String::with_capacity(s.len() + s.len() / 4 + 8);
    escape_javascript_into(s, &mut out);
    out
}

/// [`escape_javascript`], appended to `out`.
pub fn escape_javascript_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = find_js_special(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // `i` is at an ASCII byte or a character's first byte: a boundary
        out.push_str(&s[run..i]);
        match b {
            0x80.. => {
                let c = s[i..].chars().next().unwrap_or('\u{fffd}');
                let mut units = [0u16; 2];
                for &unit in c.encode_utf16(&mut units).iter() {
                    push_unicode_escape(out, unit);
                }
                i += c.len_utf8();
            }
            0x08 => out.push_str("\\b"),
            0x0A => out.push_str("\\n"),
            0x09 => out.push_str("\\t"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x00..=0x1F => push_unicode_escape(out, u16::from(b)),
            // the byte itself starts the next run: one push, not a char's encoding
            _ => {
                out.push('\\');
                run = i;
                i += 1;
                continue;
            }
        }
        if b < 0x80 {
            i += 1;
        }
        run = i;
    }
    out.push_str(&s[run..]);
}

/// `\uXXXX` with upper-case hex.
fn push_unicode_escape(out: &mut String, unit: u16) {
    let mut buf = *b"\\u0000";
    for (k, shift) in [12, 8, 4, 0].into_iter().enumerate() {
        buf[2 + k] = HEX_UPPER[usize::from((unit >> shift) & 0xF)];
    }
    // only ASCII was written
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `URLEncoder.encode(s, "UTF-8")`: `a-z A-Z 0-9 . - * _` stay, a space becomes `+`, every
/// other byte of the UTF-8 encoding becomes `%XX` (upper-case hex).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
                out.push(char::from(HEX_UPPER[usize::from(b & 0xF)]));
            }
        }
    }
    out
}

/// `URLDecoder.decode(s, "UTF-8")`: `+` is a space, runs of `%XX` are decoded together as UTF-8
/// (malformed bytes become U+FFFD). Errors carry Java's `IllegalArgumentException` message, as
/// current JDKs word it (checked against JDK 25).
pub fn url_decode(s: &str) -> Result<String, String> {
    // Java counts UTF-16 units, which matters for where a `%XX` ends.
    let units: Vec<u16> = s.encode_utf16().collect();
    let n = units.len();
    let mut out = String::with_capacity(s.len());
    let mut plain: Vec<u16> = Vec::new();
    let mut i = 0;
    while i < n {
        match units[i] {
            0x2B => {
                // '+'
                plain.push(u16::from(b' '));
                i += 1;
            }
            0x25 => {
                // '%': a run of %XX escapes, decoded together.
                out.push_str(&String::from_utf16_lossy(&plain));
                plain.clear();
                let mut bytes = Vec::new();
                while i + 2 < n && units[i] == 0x25 {
                    let v = parse_hex_pair(units[i + 1], units[i + 2]).map_err(|m| {
                        format!("URLDecoder: Illegal hex characters in escape (%) pattern - {m}")
                    })?;
                    bytes.push(v);
                    i += 3;
                }
                if i < n && units[i] == 0x25 {
                    return Err("URLDecoder: Incomplete trailing escape (%) pattern".to_string());
                }
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
            u => {
                plain.push(u);
                i += 1;
            }
        }
    }
    out.push_str(&String::from_utf16_lossy(&plain));
    Ok(out)
}

/// The two hex digits of a `%XX`, as current JDKs read them (`HexFormat.fromHexDigits`):
/// ASCII `0-9 a-f A-F` only. Returns the message Java puts after the dash. (Java 8 and 17 used
/// `Integer.parseInt`, which also took a sign, `%+1`, and fullwidth digits, and worded the
/// message `For input string: "zz"` / `Error at index 0 in: "zz"`.)
fn parse_hex_pair(a: u16, b: u16) -> Result<u8, String> {
    let digit = |u: u16| -> Result<u8, String> {
        match u {
            0x30..=0x39 => Ok((u - 0x30) as u8),
            0x41..=0x46 => Ok((u - 0x41 + 10) as u8),
            0x61..=0x66 => Ok((u - 0x61 + 10) as u8),
            _ => Err(format!(
                "not a hexadecimal digit: \"{}\" = {u}",
                String::from_utf16_lossy(&[u])
            )),
        }
    };
    Ok(digit(a)? * 16 + digit(b)?)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `Base64.getEncoder().encodeToString(s.getBytes(UTF_8))`: standard alphabet, padded, no line
/// breaks.
pub fn base64_encode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(B64[((n >> shift) & 0x3F) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// `new String(Base64.getDecoder().decode(s), UTF_8)`: standard alphabet, padding optional at
/// the end but exact when present, nothing else allowed (not even line breaks). The bytes are
/// read as UTF-8, malformed sequences becoming U+FFFD. Errors carry Java's message.
pub fn base64_decode(s: &str) -> Result<String, String> {
    // Java's decode(String) takes the ISO-8859-1 bytes: other characters become '?'.
    let src: Vec<u8> = s
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let sl = src.len();
    if sl == 0 {
        return Ok(String::new());
    }
    if sl < 2 {
        return Err("Input byte[] should at least have 2 bytes for base64 bytes".to_string());
    }
    let value = |b: u8| -> Option<u32> { B64.iter().position(|&x| x == b).map(|p| p as u32) };
    let mut dst: Vec<u8> = Vec::with_capacity(sl / 4 * 3 + 2);
    let mut bits: u32 = 0;
    let mut shiftto: i32 = 18;
    let mut sp = 0;
    while sp < sl {
        let b = src[sp];
        sp += 1;
        let Some(v) = value(b) else {
            if b == b'=' {
                // `=` ends the data: after 2 characters it must be `==`, and it cannot start
                // a unit.
                if (shiftto == 6
                    && (sp == sl || {
                        let next = src[sp];
                        sp += 1;
                        next != b'='
                    }))
                    || shiftto == 18
                {
                    return Err("Input byte array has wrong 4-byte ending unit".to_string());
                }
                break;
            }
            // Java prints the (signed) byte in hex.
            let signed = b as i8;
            let hex = if signed < 0 {
                format!("-{:x}", -i32::from(signed))
            } else {
                format!("{signed:x}")
            };
            return Err(format!("Illegal base64 character {hex}"));
        };
        bits |= v << shiftto;
        shiftto -= 6;
        if shiftto < 0 {
            dst.push((bits >> 16) as u8);
            dst.push((bits >> 8) as u8);
            dst.push(bits as u8);
            shiftto = 18;
            bits = 0;
        }
    }
    match shiftto {
        6 => dst.push((bits >> 16) as u8),
        0 => {
            dst.push((bits >> 16) as u8);
            dst.push((bits >> 8) as u8);
        }
        12 => return Err("Last unit does not have enough valid bits".to_string()),
        _ => {}
    }
    if sp < sl {
        return Err(format!(
            "Input byte array has incorrect ending byte at {sp}"
        ));
    }
    Ok(String::from_utf8_lossy(&dst).into_owned())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `same` against `==` for every length up to 40, equal and with one byte changed at each
    /// place, and for the same and for different allocations.
    #[test]
    fn same_is_string_equality() {
        for n in 0..40usize {
            let a: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let b = a.clone();
            assert!(same(&a, &b) && same(&a, &a), "{n}");
            for i in 0..n {
                let mut c = a.clone().into_bytes();
                c[i] = b'#';
                let c = String::from_utf8(c).unwrap();
                assert!(!same(&a, &c) && !same(&c, &a), "{n} {i}");
            }
            assert!(!same(&a, &format!("{a}x")), "{n}");
        }
        assert!(same("é", "é") && !same("é", "è"));
    }

    #[test]
    fn hex4_takes_four_hex_digits_and_nothing_else() {
        assert_eq!(hex4(b"00e9"), Some(0xe9));
        assert_eq!(hex4(b"FFFFx"), Some(0xffff));
        assert_eq!(hex4(b"D83D"), Some(0xd83d));
        for bad in [&b"+c00"[..], b"-c00", b" c00", b"c0", b"", b"g000", b"0x00"] {
            assert_eq!(hex4(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn escape_javascript_like_commons_lang_2() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("it's", "it\\'s"),
            ("\"foobar\"", "\\\"foobar\\\""),
            ("", ""),
            ("plain text 123", "plain text 123"),
            ("a\\b", "a\\\\b"),
            ("</script>", "<\\/script>"),
            ("line1\nline2\r\n", "line1\\nline2\\r\\n"),
            ("\t\u{8}\u{C}", "\\t\\b\\f"),
            ("\u{0}\u{1}\u{F}\u{10}\u{1F}", "\\u0000\\u0001\\u000F\\u0010\\u001F"),
            ("\u{7F}", "\u{7F}"),
            ("é", "\\u00E9"),
            ("\u{80}\u{FF}", "\\u0080\\u00FF"),
            ("Ā", "\\u0100"),
            ("\u{FFF}", "\\u0FFF"),
            ("€", "\\u20AC"),
            ("日本", "\\u65E5\\u672C"),
            ("😀", "\\uD83D\\uDE00"),
            ("{\"a\": 'b/c'}", "{\\\"a\\\": \\'b\\/c\\'}"),
            ("<>&=", "<>&="),
        ];
        for &(input, want) in cases {
            assert_eq!(escape_javascript(input), want, "{input:?}");
        }
    }

    /// `escapeJavaScript` against a character-at-a-time statement of its rules: every character
    /// that changes, at every place of strings of 0 to 24 characters of plain text.
    #[test]
    fn escape_javascript_finds_each_special_character_at_each_place() {
        let one = |c: char| -> String {
            match c {
                '\'' | '"' | '\\' | '/' => format!("\\{c}"),
                '\u{8}' => "\\b".into(),
                '\n' => "\\n".into(),
                '\t' => "\\t".into(),
                '\u{C}' => "\\f".into(),
                '\r' => "\\r".into(),
                c if (c as u32) < 0x20 || (c as u32) > 0x7F => {
                    let mut u = [0u16; 2];
                    c.encode_utf16(&mut u)
                        .iter()
                        .map(|x| format!("\\u{x:04X}"))
                        .collect()
                }
                c => c.to_string(),
            }
        };
        let specials = [
            '\'', '"', '\\', '/', '\0', '\u{1F}', '\n', '\u{7F}', 'é', '😀', ' ', '~',
        ];
        for n in 0..=24 {
            for at in 0..n.max(1) {
                for &c in &specials {
                    let s: String = (0..n)
                        .map(|i| {
                            if i == at {
                                c
                            } else {
                                (b'a' + (i % 26) as u8) as char
                            }
                        })
                        .collect();
                    let want: String = s.chars().map(one).collect();
                    assert_eq!(escape_javascript(&s), want, "{s:?}");
                }
            }
        }
    }

    /// A word-at-a-time search (`find`) against a byte-at-a-time one (`special`): every byte
    /// value at every place of texts of 0 to 24 bytes, alone and with `after` two bytes later,
    /// from every start.
    pub(crate) fn check_search(
        find: fn(&[u8], usize) -> usize,
        special: fn(u8) -> bool,
        after: u8,
    ) {
        for n in 0..=24usize {
            for at in 0..n.max(1) {
                for c in 0..=255u8 {
                    let mut b: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
                    if let Some(x) = b.get_mut(at) {
                        *x = c;
                    }
                    if let Some(x) = b.get_mut(at + 2) {
                        *x = after;
                    }
                    for from in 0..=n {
                        let want = (from..n).find(|&i| special(b[i])).unwrap_or(n);
                        assert_eq!(find(&b, from), want, "{b:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn find_js_special_finds_the_first_byte_to_escape() {
        check_search(
            find_js_special,
            |c| !(0x20..0x80).contains(&c) || b"'\"\\/".contains(&c),
            b'/',
        );
    }

    #[test]
    fn url_encode_like_urlencoder() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("{\"some\": \"value\"}", "%7B%22some%22%3A+%22value%22%7D"),
            ("{}", "%7B%7D"),
            ("some raw data", "some+raw+data"),
            ("~", "%7E"),
            ("", ""),
            ("azAZ09.-*_", "azAZ09.-*_"),
            ("a+b=c&d", "a%2Bb%3Dc%26d"),
            ("/path?q=1#f", "%2Fpath%3Fq%3D1%23f"),
            ("100%", "100%25"),
            ("'!()", "%27%21%28%29"),
            ("é", "%C3%A9"),
            ("€", "%E2%82%AC"),
            ("😀", "%F0%9F%98%80"),
            ("\n\t", "%0A%09"),
        ];
        for &(input, want) in cases {
            assert_eq!(url_encode(input), want, "{input:?}");
            assert_eq!(
                url_decode(want).as_deref(),
                Ok(input),
                "round trip {input:?}"
            );
        }
    }

    #[test]
    fn url_decode_like_urldecoder() {
        #[rustfmt::skip]
        let ok: &[(&str, &str)] = &[
            ("some+raw+data", "some raw data"),
            ("%7B%22some%22%3A+%22value%22%7D", "{\"some\": \"value\"}"),
            ("a%20b", "a b"),
            ("%c3%a9", "é"),
            ("%C3%A9t%C3%A9", "été"),
            ("%F0%9F%98%80!", "😀!"),
            ("%E9", "\u{FFFD}"),
            ("%C3", "\u{FFFD}"),
            ("é+ü", "é ü"),
            ("😀%21", "😀!"),
            ("plain", "plain"),
            ("", ""),
            ("100%25", "100%"),
        ];
        for &(input, want) in ok {
            assert_eq!(url_decode(input).as_deref(), Ok(want), "{input:?}");
        }
        #[rustfmt::skip]
        let err: &[(&str, &str)] = &[
            ("%", "URLDecoder: Incomplete trailing escape (%) pattern"),
            ("a%4", "URLDecoder: Incomplete trailing escape (%) pattern"),
            ("%41%4", "URLDecoder: Incomplete trailing escape (%) pattern"),
            ("%zz", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"z\" = 122"),
            ("%4g1", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"g\" = 103"),
            ("%-1", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"-\" = 45"),
            ("%+1", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"+\" = 43"),
            ("%ＡＢ", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"Ａ\" = 65313"),
            ("100%!", "URLDecoder: Incomplete trailing escape (%) pattern"),
            ("100% off", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \" \" = 32"),
            ("%é1", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"é\" = 233"),
            ("%\u{1F600}", "URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"\u{FFFD}\" = 55357"),
        ];
        for &(input, want) in err {
            assert_eq!(url_decode(input).unwrap_err(), want, "{input:?}");
        }
    }

    #[test]
    fn base64_encode_standard_padded() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("{\"some\": \"value\"}", "eyJzb21lIjogInZhbHVlIn0="),
            ("é", "w6k="),
            ("😀", "8J+YgA=="),
            ("\u{FB}\u{FF}", "w7vDvw=="),
            ("???", "Pz8/"),
            ("~~~", "fn5+"),
        ];
        for &(input, want) in cases {
            assert_eq!(base64_encode(input), want, "{input:?}");
            assert_eq!(
                base64_decode(want).as_deref(),
                Ok(input),
                "round trip {input:?}"
            );
        }
        let long = "x".repeat(100);
        assert!(!base64_encode(&long).contains('\n'));
        assert_eq!(
            base64_decode(&base64_encode(&long)).as_deref(),
            Ok(long.as_str())
        );
    }

    #[test]
    fn base64_decode_like_java_basic_decoder() {
        #[rustfmt::skip]
        let ok: &[(&str, &str)] = &[
            ("Zg", "f"),
            ("Zm8", "fo"),
            ("Zm9vYg", "foob"),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("8J+YgA", "😀"),
            ("/w==", "\u{FFFD}"),
            ("", ""),
        ];
        for &(input, want) in ok {
            assert_eq!(base64_decode(input).as_deref(), Ok(want), "{input:?}");
        }
        #[rustfmt::skip]
        let err: &[(&str, &str)] = &[
            ("Zm9v-g==", "Illegal base64 character 2d"),
            ("Zm9v_g==", "Illegal base64 character 5f"),
            ("Zm9v\nYmFy", "Illegal base64 character a"),
            ("Zm9v YmFy", "Illegal base64 character 20"),
            ("Zm9vé", "Illegal base64 character -17"),
            ("Zm9v😀", "Illegal base64 character 3f"),
            ("Z", "Input byte[] should at least have 2 bytes for base64 bytes"),
            ("Zg=", "Input byte array has wrong 4-byte ending unit"),
            ("Zg=x", "Input byte array has wrong 4-byte ending unit"),
            ("=Zg=", "Input byte array has wrong 4-byte ending unit"),
            ("Zm9v=", "Input byte array has wrong 4-byte ending unit"),
            ("Zm9vY", "Last unit does not have enough valid bits"),
            ("Z===", "Last unit does not have enough valid bits"),
            ("Zg==Zg==", "Input byte array has incorrect ending byte at 4"),
            ("Zm8=x", "Input byte array has incorrect ending byte at 4"),
        ];
        for &(input, want) in err {
            assert_eq!(base64_decode(input).unwrap_err(), want, "{input:?}");
        }
    }

    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "%+=aZ09/-_ é😀\n\u{FF21}".chars().collect();
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    for &d in &alphabet {
                        let s: String = [a, b, c, d].iter().collect();
                        let _ = url_decode(&s);
                        let _ = base64_decode(&s);
                        let _ = escape_javascript(&s);
                        assert_eq!(url_decode(&url_encode(&s)).as_deref(), Ok(s.as_str()));
                        assert_eq!(base64_decode(&base64_encode(&s)).as_deref(), Ok(s.as_str()));
                    }
                }
            }
        }
    }
}
