//! `format(value, spec)` for int, float and str, following CPython 3.11's
//! `format_long_internal`, `format_float_internal` and
//! `format_string_internal` (`Python/formatter_unicode.c`), with the C locale
//! for the `n` type (no grouping, `.` decimal point).
//!
//! Invariants: no panics on any input; results longer than
//! [`MAX_FORMAT_LEN`] are refused with [`MEMORY_ERROR`] instead of being
//! allocated; every other `Err` is the exact CPython message (see
//! [`error_kind`] for which exception class it belongs to).

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::ToPrimitive;

use super::arith::biguint_to_f64;
use super::float_repr::{double_to_string, DtoaOpts, MAX_FORMAT_LEN};
use super::spec::{parse_spec_for, unknown_type, FormatSpec, Grouping};

/// Sentinel error text: the caller should raise `MemoryError()`.
pub const MEMORY_ERROR: &str = "MemoryError";
/// CPython's default `sys.get_int_max_str_digits()`.
pub const INT_MAX_STR_DIGITS: usize = 4300;
/// The ValueError text for a decimal conversion of a too-long int.
pub const INT_TO_STR_LIMIT_MSG: &str = "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";

/// Exception class of an error message returned by this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    ValueError,
    OverflowError,
    MemoryError,
}

/// Which exception to raise for an `Err` text of the `format_*` functions.
pub fn error_kind(msg: &str) -> ErrorKind {
    match msg {
        MEMORY_ERROR => ErrorKind::MemoryError,
        "int too large to convert to float"
        | "%c arg not in range(0x110000)"
        | "Python int too large to convert to C long" => ErrorKind::OverflowError,
        _ => ErrorKind::ValueError,
    }
}

/// The pieces of a number as `calc_number_widths` sees them.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    /// ASCII digits before the decimal point (grouped and zero-padded).
    digits: &'a str,
    has_decimal: bool,
    /// Everything after the decimal point (or after the digits).
    remainder: &'a str,
}

/// `_PyUnicode_InsertThousandsGrouping`: groups `digits` from the right,
/// adding leading zeros until at least `min_width` characters.
fn group_digits(digits: &[u8], min_width: i64, sep: Option<(char, i64)>) -> String {
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width.max(0);
    let mut pos = digits.len();
    let mut chunks: Vec<String> = Vec::new();
    let mut emit = |n_chars: i64, n_zeros: i64, sep: Option<char>, pos: &mut usize| {
        let mut s = "0".repeat(n_zeros.max(0) as usize);
        let start = *pos - n_chars.max(0) as usize;
        s.push_str(std::str::from_utf8(&digits[start..*pos]).unwrap_or(""));
        *pos = start;
        if let Some(c) = sep {
            s.push(c);
        }
        chunks.push(s);
    };
    let mut use_sep = false;
    let mut broken = false;
    if let Some((c, group)) = sep {
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            emit(n_chars, n_zeros, use_sep.then_some(c), &mut pos);
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        emit(
            n_chars,
            n_zeros,
            sep.filter(|_| use_sep).map(|s| s.0),
            &mut pos,
        );
    }
    chunks.reverse();
    chunks.concat()
}

/// `calc_number_widths` + `fill_number`.
fn render_number(n: &Number, f: &FormatSpec, grouping: Grouping) -> Result<String, String> {
    let width = f.width.map_or(-1, |w| w as i64);
    if width > MAX_FORMAT_LEN as i64 {
        return Err(MEMORY_ERROR.to_string());
    }
    let sign = match (f.sign, n.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let n_remainder = n.remainder.chars().count() as i64;
    let n_non_digit =
        i64::from(sign.is_some()) + n.prefix.len() as i64 + i64::from(n.has_decimal) + n_remainder;
    let min_width = if f.fill == '0' && f.align == '=' {
        width - n_non_digit
    } else {
        0
    };
    let sep = match grouping {
        Grouping::None => None,
        Grouping::Comma => Some((',', 3)),
        Grouping::Underscore => Some(('_', 3)),
        Grouping::UnderscoreFour => Some(('_', 4)),
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits.as_bytes(), min_width, sep)
    };
    let padding = (width - (n_non_digit + grouped.len() as i64)).max(0) as usize;
    let (lpad, spad, rpad) = match f.align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let fill = |k: usize| std::iter::repeat_n(f.fill, k);
    let mut out = String::with_capacity(padding + grouped.len() + n.remainder.len() + 4);
    out.extend(fill(lpad));
    out.extend(sign);
    out.push_str(n.prefix);
    out.extend(fill(spad));
    out.push_str(&grouped);
    if n.has_decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    out.extend(fill(rpad));
    Ok(out)
}

/// Magnitude of an int being formatted.
enum Mag<'a> {
    Small(u64),
    Big(&'a BigUint),
}

impl Mag<'_> {
    fn to_radix(&self, base: u32) -> String {
        match (self, base) {
            (Mag::Small(v), 2) => format!("{v:b}"),
            (Mag::Small(v), 8) => format!("{v:o}"),
            (Mag::Small(v), 16) => format!("{v:x}"),
            (Mag::Small(v), _) => v.to_string(),
            (Mag::Big(v), _) => v.to_str_radix(base),
        }
    }
    fn to_f64(&self) -> Option<f64> {
        match self {
            Mag::Small(v) => Some(*v as f64),
            Mag::Big(v) => biguint_to_f64(v),
        }
    }
    fn bits(&self) -> u64 {
        match self {
            Mag::Small(v) => u64::from(64 - v.leading_zeros()),
            Mag::Big(v) => v.bits(),
        }
    }
    fn to_u64(&self) -> Option<u64> {
        match self {
            Mag::Small(v) => Some(*v),
            Mag::Big(v) => v.to_u64(),
        }
    }
}

/// Decimal string of an int magnitude, enforcing the 4300-digit limit.
fn decimal_digits(m: &Mag) -> Result<String, String> {
    // 14300 bits is more than 4304 decimal digits.
    if m.bits() > 14300 {
        return Err(INT_TO_STR_LIMIT_MSG.to_string());
    }
    let s = m.to_radix(10);
    if s.len() > INT_MAX_STR_DIGITS {
        return Err(INT_TO_STR_LIMIT_MSG.to_string());
    }
    Ok(s)
}

fn format_integer(negative: bool, m: Mag, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        let s = decimal_digits(&m)?;
        return Ok(if negative { format!("-{s}") } else { s });
    }
    let f = parse_spec_for(spec, "int", Some('d'), '>')?;
    match f.ty {
        Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => {}
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let x = m
                .to_f64()
                .ok_or_else(|| "int too large to convert to float".to_string())?;
            return format_float_spec(if negative { -x } else { x }, &f);
        }
        other => return Err(unknown_type(other, "int")),
    }
    if f.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if f.no_neg_0 {
        return Err(
            "Negative zero coercion (z) not allowed in integer format specifier".to_string(),
        );
    }
    if f.ty == Some('c') {
        if f.sign.is_some() {
            return Err("Sign not allowed with integer format specifier 'c'".to_string());
        }
        if f.alternate {
            return Err(
                "Alternate form (#) not allowed with integer format specifier 'c'".to_string(),
            );
        }
        let v = match m.to_u64() {
            Some(v) if !negative && v <= i64::MAX as u64 => v,
            Some(v) if negative && v <= 1u64 << 63 => {
                return Err("%c arg not in range(0x110000)".to_string())
            }
            _ => return Err("Python int too large to convert to C long".to_string()),
        };
        if v > 0x10ffff {
            return Err("%c arg not in range(0x110000)".to_string());
        }
        let c = char::from_u32(v as u32).ok_or_else(|| {
            format!("character U+{v:04X} is a lone surrogate and cannot be represented")
        })?;
        let s = c.to_string();
        let n = Number {
            negative: false,
            prefix: "",
            digits: "",
            has_decimal: false,
            remainder: &s,
        };
        return render_number(&n, &f, f.grouping);
    }
    let (base, prefix) = match f.ty {
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x') => (16, "0x"),
        Some('X') => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = if base == 10 {
        decimal_digits(&m)?
    } else {
        m.to_radix(base)
    };
    if f.ty == Some('X') {
        digits.make_ascii_uppercase();
    }
    let n = Number {
        negative,
        prefix: if f.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    render_number(&n, &f, f.grouping)
}

/// `format(v, spec)` for a Python int.
pub fn format_int(v: &BigInt, spec: &str) -> Result<String, String> {
    format_integer(v.sign() == Sign::Minus, Mag::Big(v.magnitude()), spec)
}

/// `format(v, spec)` for a Python int that fits in an `i64`.
pub fn format_i64(v: i64, spec: &str) -> Result<String, String> {
    format_integer(v < 0, Mag::Small(v.unsigned_abs()), spec)
}

/// `format_float_internal` on an already parsed spec.
fn format_float_spec(v: f64, f: &FormatSpec) -> Result<String, String> {
    let mut precision = match f.precision {
        Some(p) if p > i32::MAX as u64 => return Err("precision too big".to_string()),
        Some(p) => p as i64,
        None => -1,
    };
    let mut add_dot_0 = false;
    let mut ty = f.ty.unwrap_or('\0');
    let mut default_precision = 6;
    if ty == '\0' {
        add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut val = v;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    if precision < 0 {
        precision = default_precision;
    } else if ty == 'r' {
        ty = 'g';
    }
    let opts = DtoaOpts {
        code: ty.to_ascii_lowercase() as u8,
        precision,
        upper: ty.is_ascii_uppercase(),
        add_dot_0,
        alt: f.alternate,
        no_neg_0: f.no_neg_0,
    };
    let mut buf = double_to_string(val, opts).ok_or_else(|| MEMORY_ERROR.to_string())?;
    if add_pct {
        buf.push('%');
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, buf.as_str()),
    };
    let n_int = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(n_int);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let n = Number {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    let grouping = if f.ty == Some('n') {
        Grouping::None
    } else {
        f.grouping
    };
    render_number(&n, f, grouping)
}

/// `format(v, spec)` for a Python float.
pub fn format_float(v: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(super::float_repr(v));
    }
    let f = parse_spec_for(spec, "float", None, '>')?;
    match f.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_float_spec(v, &f),
        other => Err(unknown_type(other, "float")),
    }
}

/// `format(s, spec)` for a Python str.
pub fn format_str(s: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let f = parse_spec_for(spec, "str", Some('s'), '<')?;
    if f.ty != Some('s') {
        return Err(unknown_type(f.ty, "str"));
    }
    match f.sign {
        Some(' ') => return Err("Space not allowed in string format specifier".to_string()),
        Some(_) => return Err("Sign not allowed in string format specifier".to_string()),
        None => {}
    }
    if f.no_neg_0 {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if f.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    if f.align == '=' {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let mut len = s.chars().count() as u64;
    let mut body = s;
    if let Some(p) = f.precision {
        if p < len {
            len = p;
            let cut = s.char_indices().nth(p as usize).map_or(s.len(), |(i, _)| i);
            body = &s[..cut];
        }
    }
    let total = f.width.map_or(len, |w| w.max(len));
    if total > MAX_FORMAT_LEN as u64 {
        return Err(MEMORY_ERROR.to_string());
    }
    let pad = (total - len) as usize;
    let lpad = match f.align {
        '>' => pad,
        '^' => pad / 2,
        _ => 0,
    };
    let mut out = String::with_capacity(body.len() + pad * f.fill.len_utf8());
    out.extend(std::iter::repeat_n(f.fill, lpad));
    out.push_str(body);
    out.extend(std::iter::repeat_n(f.fill, pad - lpad));
    Ok(out)
}
