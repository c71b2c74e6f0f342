//! The format-spec mini-language
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`,
//! parsed exactly like CPython 3.11's `parse_internal_render_format_spec`
//! (`Python/formatter_unicode.c`).
//!
//! Invariants: parsing never panics; every error string is the exact text of
//! the ValueError CPython raises; `width`/`precision` never exceed
//! `i64::MAX` (larger values are "Too many decimal digits in format string").

use super::parse::unicode_decimal;

/// Thousands grouping requested by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// No grouping.
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits.
    Underscore,
    /// `_` every four digits (with `b`, `o`, `x`, `X`).
    UnderscoreFour,
}

/// A parsed format specification, with the defaults of the formatted type
/// already applied (`fill`, `align`, `ty`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// Fill character (default `' '`; `'0'` when the `0` flag is given
    /// without an explicit fill).
    pub fill: char,
    /// One of `< > = ^` (default: the type's default alignment; `=` for the
    /// `0` flag when the type's default alignment is `>`).
    pub align: char,
    /// True when `align` was written in the spec.
    pub align_specified: bool,
    /// `Some('+' | '-' | ' ')` when given.
    pub sign: Option<char>,
    /// The 3.11 `z` flag (coerce negative zero).
    pub no_neg_0: bool,
    /// The `#` flag.
    pub alternate: bool,
    /// Minimum width, if given.
    pub width: Option<u64>,
    /// Thousands grouping.
    pub grouping: Grouping,
    /// Precision, if given.
    pub precision: Option<u64>,
    /// Presentation type; `None` is CPython's `'\0'` (no type, no default).
    pub ty: Option<char>,
}

/// `"'q'"` or `"'\\x1'"` as CPython prints a presentation type in messages.
pub(crate) fn type_char_text(c: char) -> String {
    let v = c as u32;
    if v > 32 && v < 128 {
        format!("'{c}'")
    } else {
        format!("'\\x{v:x}'")
    }
}

/// "Unknown format code 'q' for object of type 'int'".
pub(crate) fn unknown_type(c: Option<char>, type_name: &str) -> String {
    format!(
        "Unknown format code {} for object of type '{type_name}'",
        type_char_text(c.unwrap_or('\0'))
    )
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Reads decimal digits (any Unicode decimal, like `Py_UNICODE_TODECIMAL`).
/// Returns `Ok(None)` when no digit was consumed.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<u64>, String> {
    let mut acc: i64 = 0;
    let start = *pos;
    while let Some(d) = chars.get(*pos).and_then(|&c| unicode_decimal(c)) {
        let d = i64::from(d);
        if acc > (i64::MAX - d) / 10 {
            return Err("Too many decimal digits in format string".to_string());
        }
        acc = acc * 10 + d;
        *pos += 1;
    }
    Ok(if *pos == start {
        None
    } else {
        Some(acc as u64)
    })
}

/// Parses `spec` for an object of type `type_name` whose defaults are
/// `default_type` (`None` for float's `'\0'`) and `default_align`
/// (`'>'` for numbers, `'<'` for str).
pub fn parse_spec_for(
    spec: &str,
    type_name: &str,
    default_type: Option<char>,
    default_align: char,
) -> Result<FormatSpec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0usize;
    let mut f = FormatSpec {
        fill: ' ',
        align: default_align,
        align_specified: false,
        sign: None,
        no_neg_0: false,
        alternate: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        ty: default_type,
    };
    let mut fill_specified = false;
    if end >= 2 && is_align(chars[1]) {
        f.align = chars[1];
        f.fill = chars[0];
        fill_specified = true;
        f.align_specified = true;
        pos = 2;
    } else if end >= 1 && is_align(chars[0]) {
        f.align = chars[0];
        f.align_specified = true;
        pos = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
        f.sign = Some(c);
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        f.no_neg_0 = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        f.alternate = true;
        pos += 1;
    }
    if !fill_specified && chars.get(pos) == Some(&'0') {
        f.fill = '0';
        if !f.align_specified && default_align == '>' {
            f.align = '=';
        }
        pos += 1;
    }
    f.width = get_integer(&chars, &mut pos)?;
    if chars.get(pos) == Some(&',') {
        f.grouping = Grouping::Comma;
        pos += 1;
    }
    if chars.get(pos) == Some(&'_') {
        if f.grouping != Grouping::None {
            return Err("Cannot specify both ',' and '_'.".to_string());
        }
        f.grouping = Grouping::Underscore;
        pos += 1;
    }
    if chars.get(pos) == Some(&',') && f.grouping == Grouping::Underscore {
        return Err("Cannot specify both ',' and '_'.".to_string());
    }
    if chars.get(pos) == Some(&'.') {
        pos += 1;
        f.precision = get_integer(&chars, &mut pos)?;
        if f.precision.is_none() {
            return Err("Format specifier missing precision".to_string());
        }
    }
    if end - pos > 1 {
        return Err(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        ));
    }
    if end - pos == 1 {
        // An explicit NUL is CPython's "no type" marker.
        f.ty = Some(chars[pos]).filter(|&c| c != '\0');
    }
    if f.grouping != Grouping::None {
        match f.ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if f.grouping == Grouping::Underscore => {
                f.grouping = Grouping::UnderscoreFour;
            }
            other => {
                let sep = if f.grouping == Grouping::Comma {
                    ','
                } else {
                    '_'
                };
                return Err(format!(
                    "Cannot specify '{sep}' with {}.",
                    type_char_text(other.unwrap_or('\0'))
                ));
            }
        }
    }
    Ok(f)
}

/// Parses `spec` generically: no default type, default alignment `>`, and
/// `object` as the type name in "Invalid format specifier" messages. The
/// `format_*` functions parse with their own type's defaults instead.
pub fn parse_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec_for(spec, "object", None, '>')
}
