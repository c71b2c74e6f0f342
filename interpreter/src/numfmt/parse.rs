//! `int(s, base)`, `float(s)` and `repr(str)` with CPython 3.11's rules
//! (`PyLong_FromUnicodeObject`, `PyFloat_FromString`, `unicode_repr`).
//!
//! Invariants: inputs are first mapped like
//! `_PyUnicode_TransformDecimalAndSpaceToASCII` (Unicode whitespace becomes
//! `' '`, Unicode decimal digits become ASCII digits, anything else non-ASCII
//! is invalid); error texts are CPython's exactly, including the
//! 200-character truncation of the repr in int()'s message; nothing panics.

use num_bigint::{BigInt, BigUint};
use num_traits::Num;

use super::format::INT_MAX_STR_DIGITS;
use super::unicode_tables::{DECIMAL_ZEROS, NON_PRINTABLE, WHITESPACE};

/// Value 0..=9 of a Unicode decimal digit (`Py_UNICODE_TODECIMAL`).
pub fn unicode_decimal(c: char) -> Option<u32> {
    let v = c as u32;
    if c.is_ascii_digit() {
        return Some(v - '0' as u32);
    }
    if v < 0x80 {
        return None;
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= v);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (v - zero < 10).then_some(v - zero)
}

/// `str.isspace()` for one character.
pub fn is_unicode_space(c: char) -> bool {
    WHITESPACE.binary_search(&(c as u32)).is_ok()
}

/// `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    let v = c as u32;
    let i = NON_PRINTABLE.partition_point(|&(lo, _)| lo <= v);
    match i.checked_sub(1).and_then(|i| NON_PRINTABLE.get(i)) {
        Some(&(lo, hi)) => !(lo <= v && v <= hi),
        None => true,
    }
}

/// Python's `repr()` of a str: quote choice, `\\ \' \t \n \r` escapes,
/// `\xNN`/`\uNNNN`/`\UNNNNNNNN` for non-printable characters.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x7f || is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `%.200R`: the repr, cut to 200 characters.
fn repr_200(s: &str) -> String {
    str_repr(s).chars().take(200).collect()
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`; invalid characters become `?`.
fn to_ascii(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else if is_unicode_space(c) {
                b' '
            } else if let Some(d) = unicode_decimal(c) {
                b'0' + d as u8
            } else {
                b'?'
            }
        })
        .collect()
}

/// `Py_ISSPACE` (ASCII whitespace).
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 99,
    }
}

/// `int(s, base)` for a str `s`. `base` is 0 or 2..=36 (other values give
/// CPython's "int() base must be >= 2 and <= 36, or 0"). Errors: the exact
/// ValueError text (invalid literal, or the 4300-digit limit).
pub fn parse_int(s: &str, base: u32) -> Result<BigInt, String> {
    if base == 1 || base > 36 {
        return Err("int() base must be >= 2 and <= 36, or 0".to_string());
    }
    let invalid = || {
        format!(
            "invalid literal for int() with base {base}: {}",
            repr_200(s)
        )
    };
    let b = to_ascii(s);
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let mut negative = false;
    match b.get(i) {
        Some(b'+') => i += 1,
        Some(b'-') => {
            negative = true;
            i += 1;
        }
        _ => {}
    }
    let at = |k: usize| b.get(k).copied().unwrap_or(0).to_ascii_lowercase();
    let mut base = base;
    let mut old_octal = false;
    if base == 0 {
        base = match (at(i), at(i + 1)) {
            (b'0', b'x') => 16,
            (b'0', b'o') => 8,
            (b'0', b'b') => 2,
            (b'0', _) => {
                old_octal = true;
                10
            }
            _ => 10,
        };
    }
    if at(i) == b'0' && matches!((base, at(i + 1)), (16, b'x') | (8, b'o') | (2, b'b')) {
        i += 2;
        if at(i) == b'_' {
            i += 1;
        }
    }
    if at(i) == b'_' {
        return Err(invalid());
    }
    // Digits with single underscores between them.
    let mut clean = String::new();
    let mut prev = 0u8;
    while i < b.len() && (digit_value(b[i]) < base || b[i] == b'_') {
        if b[i] == b'_' {
            if prev == b'_' {
                return Err(invalid());
            }
        } else {
            clean.push(b[i] as char);
        }
        prev = b[i];
        i += 1;
    }
    if prev == b'_' {
        return Err(invalid());
    }
    if !base.is_power_of_two() && clean.len() > INT_MAX_STR_DIGITS {
        return Err(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
             value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            clean.len()
        ));
    }
    if clean.is_empty() || (old_octal && clean.bytes().any(|c| c != b'0')) {
        return Err(invalid());
    }
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(invalid());
    }
    let mag = BigUint::from_str_radix(&clean, base).map_err(|_| invalid())?;
    let v = BigInt::from(mag);
    Ok(if negative { -v } else { v })
}

/// Is `t` (already without underscores or surrounding spaces) a valid
/// `_Py_dg_strtod` decimal or an inf/nan spelling?
fn valid_float_literal(t: &[u8]) -> bool {
    let body = match t.first() {
        Some(b'+' | b'-') => &t[1..],
        _ => t,
    };
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_slice(), b"inf" | b"infinity" | b"nan") {
        return true;
    }
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < body.len() && body[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if body.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if matches!(body.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(body.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == body.len()
}

/// `float(s)` for a str `s`: surrounding whitespace, `_` between digits,
/// `inf`/`infinity`/`nan` in any case with an optional sign. Error: the
/// exact ValueError text "could not convert string to float: '...'".
pub fn parse_float(s: &str) -> Result<f64, String> {
    let invalid = || format!("could not convert string to float: {}", str_repr(s));
    let b = to_ascii(s);
    // _Py_string_to_number_with_underscores
    let mut t: Vec<u8> = Vec::with_capacity(b.len());
    let mut prev = 0u8;
    for &c in &b {
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return Err(invalid());
            }
        } else {
            if prev == b'_' && !c.is_ascii_digit() {
                return Err(invalid());
            }
            t.push(c);
        }
        prev = c;
    }
    if prev == b'_' {
        return Err(invalid());
    }
    let start = t.iter().position(|&c| !is_c_space(c)).unwrap_or(t.len());
    let end = t
        .iter()
        .rposition(|&c| !is_c_space(c))
        .map_or(start, |p| p + 1);
    let core = &t[start..end.max(start)];
    if core.is_empty() || !valid_float_literal(core) {
        return Err(invalid());
    }
    let text = std::str::from_utf8(core).map_err(|_| invalid())?;
    text.parse::<f64>().map_err(|_| invalid())
}
