//! Tokenizer-level bracket errors, reported as CPython's tokenizer does before any grammar
//! error: nesting deeper than 200, unmatched and mismatched closers, and brackets never closed.
//!
//! Invariant: strings (incl. triple-quoted) and comments are skipped, so only real brackets
//! count; the scan never panics on any input.

use ruff_text_size::{TextRange, TextSize};

use crate::source::LineIndex;

/// CPython's tokenizer limit on nested brackets (MAXLEVEL).
pub const MAXLEVEL: usize = 200;

pub struct BracketError {
    pub msg: String,
    pub range: TextRange,
    /// Too deep: must be reported before the recursive parser runs.
    pub fatal: bool,
    /// A bracket still open at the end of the input.
    pub never_closed: bool,
}

fn range_at(i: usize) -> TextRange {
    let p = TextSize::from(i as u32);
    TextRange::new(p, p + TextSize::from(1))
}

fn err(msg: String, i: usize) -> BracketError {
    BracketError {
        msg,
        range: range_at(i),
        fatal: false,
        never_closed: false,
    }
}

/// The bytes the scan acts on (comments, quotes, brackets); all others are skipped.
const STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let cs = *b"#'\"()[]{}";
    while k < cs.len() {
        t[cs[k] as usize] = true;
        k += 1;
    }
    t
};

/// The first bracket error in `src`, if any.
pub fn scan(src: &str) -> Option<BracketError> {
    let b = src.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !STARTS[c as usize] {
            i += 1;
            continue;
        }
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c;
                let q = if triple { 3 } else { 1 };
                i += q;
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && b[i] == b'\n' {
                        break;
                    }
                    if b[i] == c && (!triple || (i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c))
                    {
                        i += q;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                stack.push((c, i));
                if stack.len() >= MAXLEVEL {
                    let mut e = err("too many nested parentheses".into(), i);
                    e.fatal = true;
                    return Some(e);
                }
            }
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    None => return Some(err(format!("unmatched '{}'", c as char), i)),
                    Some((o, at)) if o != open => {
                        let lines = LineIndex::new(src);
                        let (ol, _) = lines.locate(at as u32);
                        let (cl, _) = lines.locate(i as u32);
                        let msg = if ol != cl {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {ol}",
                                c as char, o as char
                            )
                        } else {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, o as char
                            )
                        };
                        return Some(err(msg, i));
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().map(|&(o, at)| {
        let mut e = err(format!("'{}' was never closed", o as char), at);
        e.never_closed = true;
        e
    })
}
