//! The source-line part of a CPython 3.11 traceback frame, with its caret line.
//!
//! This is a behavioural port of `tb_displayline` and its helpers in CPython
//! 3.11's `Python/traceback.c` (the code the default `sys.excepthook` runs; in
//! 3.11 the pure-Python `traceback` module is *not* what prints uncaught
//! exceptions, and it differs in details). Every rule below was checked
//! against the output of a real CPython 3.11.7.
//!
//! Invariants and rules:
//! * Never panics, whatever the input: out-of-range line numbers and offsets,
//!   offsets inside multi-byte characters, empty lines and unparsable
//!   segments all give some output exactly as CPython computes it.
//! * The printed line is the source line with leading `' '`, `'\t'` and
//!   `'\x0c'` removed (trailing whitespace and comments are kept), indented
//!   by four spaces.
//! * Byte offsets become character offsets the way
//!   `_PyPegen_byte_offset_to_character_offset` does it: the UTF-8 prefix is
//!   decoded with replacement (a cut multi-byte character counts as one), and
//!   an offset past the end is clamped to `len + 1` (CPython counts the
//!   terminating NUL as one more character).
//! * Carets are omitted only when `end - start` (in characters) equals the
//!   length of the stripped line and there are no anchors; the position of
//!   the range is not checked.
//! * Single-line ranges are re-parsed (as a module) and, if the segment is a
//!   single expression statement, a `BinOp` gets `~` on the operands and `^`
//!   on the operator, a `Subscript` gets `~` on the value and `^` from `[` to
//!   `]`. Like CPython the segment is first constant-folded (`_PyAST_Optimize`),
//!   so a foldable `1 + 2` or `'abc'[1]` gets no anchors. Folding is modelled
//!   for ints that fit in 64-bit literals, floats, str, bytes, bools, `None`,
//!   `...`, tuples and `__debug__`; complex and larger int literals are
//!   treated as not foldable (only reachable when the file on disk differs
//!   from the code that ran).
//! * Multi-line ranges (`end_lineno != lineno`) get plain `^` from the start
//!   to the last non-whitespace *byte* found by scanning back from index
//!   `chars - 1` of the UTF-8 text: CPython 3.11 mixes character and byte
//!   indices there, which makes the carets too long on non-ASCII lines with
//!   trailing whitespace. This quirk is reproduced.
//! * Finally every offset is converted to a display column: characters whose
//!   `unicodedata.east_asian_width` (Unicode 14.0.0, as in 3.11) is `W` or
//!   `F` count two columns, all others one.

use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{Expr, Number, Operator, Stmt, UnaryOp};
use ruff_text_size::Ranged;

/// Indentation of the source line under the `File` header.
const SOURCE_INDENT: isize = 4;
/// CPython's tokenizer refuses deeper bracket nesting (`MAXLEVEL`).
pub(crate) const MAX_BRACKET_DEPTH: usize = 200;
/// Longer segments are not re-parsed: this bounds the recursion of the parser
/// and of the AST drop. Only absurdly long single-line expressions lose anchors.
const MAX_SEGMENT_LEN: usize = 10_000;

/// One frame's source display as the 3.11 default excepthook prints it, WITHOUT the
/// `  File "...", line N, in name` header: returns "" when the line is unavailable, else
/// "    <stripped line>\n" optionally followed by "    <carets>\n".
/// `lines` = the whole source file split into lines (without line terminators), 1-based `lineno`.
/// Positions are CPython's co_positions: `end_lineno`, `col` and `end_col` are UTF-8 BYTE offsets
/// into their lines (col/end_col may be None when unknown -> no carets).
pub fn format_source_line(
    lines: &[&str],
    lineno: usize,
    end_lineno: Option<usize>,
    col: Option<usize>,
    end_col: Option<usize>,
) -> String {
    let Some(line) = lineno.checked_sub(1).and_then(|i| lines.get(i)) else {
        return String::new();
    };
    let line: &str = line;
    let leading = line.bytes().take_while(|&b| is_whitespace(b)).count();
    let mut out = String::with_capacity(2 * line.len() + 16);
    out.push_str("    ");
    out.push_str(&line[leading..]);
    out.push('\n');
    let (Some(end_lineno), Some(col), Some(end_col)) = (end_lineno, col, end_col) else {
        return out;
    };
    if let Some(carets) = caret_line(line, leading, lineno == end_lineno, col, end_col) {
        out.push_str(&carets);
        out.push('\n');
    }
    out
}

/// `IS_WHITESPACE` of traceback.c.
fn is_whitespace(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == 0x0c
}

fn to_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn to_usize(n: isize) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// The caret line (without newline), or `None` when CPython elides it.
fn caret_line(
    line: &str,
    leading: usize,
    single_line: bool,
    col: usize,
    end_col: usize,
) -> Option<String> {
    let line_len = to_isize(line.chars().count());
    let truncation = to_isize(leading) - SOURCE_INDENT;
    let mut start = byte_offset_to_char_offset(line, to_isize(col));
    let mut end = byte_offset_to_char_offset(line, to_isize(end_col));
    let mut anchors = None;
    if single_line {
        anchors = extract_anchors(line, start, end);
    } else {
        // Scan back from index `chars - 1` over the UTF-8 bytes (sic).
        let bytes = line.as_bytes();
        let mut i = line_len - 1;
        while i >= 0 && bytes.get(to_usize(i)).is_some_and(|&b| is_whitespace(b)) {
            i -= 1;
        }
        end = i + 1;
    }
    let stripped_len = line_len - truncation - SOURCE_INDENT;
    if end - start == stripped_len && anchors.is_none() {
        return None;
    }
    start = display_width(line, start);
    end = display_width(line, end);
    let anchors = anchors.map(|(l, r)| (display_width(line, l), display_width(line, r)));
    let (primary, secondary) = if anchors.is_some() {
        ('~', '^')
    } else {
        ('^', '^')
    };
    let mut carets = String::new();
    let mut offset = truncation;
    while offset < end {
        offset += 1;
        let c = if offset <= start {
            ' '
        } else if anchors.is_some_and(|(l, r)| l < offset && offset <= r) {
            secondary
        } else {
            primary
        };
        carets.push(c);
    }
    Some(carets)
}

/// `_PyPegen_byte_offset_to_character_offset`: the number of characters in the
/// first `offset` bytes of `s` (a cut character counts as one), with `offset`
/// clamped to `strlen + 1` (the NUL terminator counts as a character).
fn byte_offset_to_char_offset(s: &str, offset: isize) -> isize {
    let bytes = s.as_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let offset = to_usize(offset).min(len + 1);
    let taken = offset.min(len);
    let chars = bytes[..taken]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count();
    to_isize(chars) + isize::from(offset > len)
}

/// `_PyPegen_calculate_display_width`: the display width of the first
/// `char_offset` characters of `line`; an ASCII prefix returns `char_offset`
/// itself, even past the end of the line.
pub(crate) fn display_width(line: &str, char_offset: isize) -> isize {
    let prefix = char_prefix(line, char_offset);
    if prefix.is_ascii() {
        return char_offset;
    }
    prefix.chars().map(char_width).sum()
}

/// The first `n` characters of `s` (all of it if shorter, none if `n < 0`).
fn char_prefix(s: &str, n: isize) -> &str {
    let n = to_usize(n);
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `PyUnicode_Substring(s, start, end)` for non-negative character indices.
fn char_substring(s: &str, start: isize, end: isize) -> &str {
    let from = char_prefix(s, start.min(end)).len();
    let to = char_prefix(s, end).len();
    &s[from..to.max(from)]
}

fn char_width(c: char) -> isize {
    let cp = u32::from(c);
    // WIDE_RANGES holds sorted, disjoint inclusive (start, end) pairs.
    let (mut lo, mut hi) = (0, WIDE_RANGES.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if cp < WIDE_RANGES[2 * mid] {
            hi = mid;
        } else if cp > WIDE_RANGES[2 * mid + 1] {
            lo = mid + 1;
        } else {
            return 2;
        }
    }
    1
}

/// `extract_anchors_from_line`: the (left_end, right_start) anchors in
/// character offsets of the line, if the segment `[start, end)` is a single
/// expression statement whose (constant-folded) expression is a `BinOp` or a
/// `Subscript`.
fn extract_anchors(line: &str, start: isize, end: isize) -> Option<(isize, isize)> {
    let segment = char_substring(line, start, end);
    // The parser reads the UTF-8 text as a C string.
    let parsed_len = segment
        .bytes()
        .position(|b| b == 0)
        .unwrap_or(segment.len());
    if parsed_len > MAX_SEGMENT_LEN {
        return None;
    }
    let parsed = ruff_python_parser::parse_module(&segment[..parsed_len]).ok()?;
    if bracket_depth(parsed.tokens()) > MAX_BRACKET_DEPTH {
        return None;
    }
    let [Stmt::Expr(statement)] = parsed.syntax().body.as_slice() else {
        return None;
    };
    let (left, right) = anchors_from_expr(&segment.as_bytes()[..parsed_len], &statement.value)?;
    Some((
        byte_offset_to_char_offset(segment, to_isize(left)) + start,
        byte_offset_to_char_offset(segment, to_isize(right)) + start,
    ))
}

/// The deepest bracket nesting outside f-strings, as CPython 3.11's tokenizer
/// counts it (it keeps an f-string in one token).
pub(crate) fn bracket_depth(tokens: &[Token]) -> usize {
    let (mut depth, mut max, mut in_fstring) = (0usize, 0usize, 0usize);
    for token in tokens {
        match token.kind() {
            TokenKind::FStringStart | TokenKind::TStringStart => in_fstring += 1,
            TokenKind::FStringEnd | TokenKind::TStringEnd => {
                in_fstring = in_fstring.saturating_sub(1);
            }
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace if in_fstring == 0 => {
                depth += 1;
                max = max.max(depth);
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace if in_fstring == 0 => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    max
}

/// `extract_anchors_from_expr`, in byte offsets of the segment.
fn anchors_from_expr(segment: &[u8], expr: &Expr) -> Option<(usize, usize)> {
    if fold::fold(expr).is_some() {
        // `_PyAST_Optimize` turned the node into a Constant.
        return None;
    }
    match expr {
        Expr::BinOp(binop) => {
            let right_start = binop.right.start().to_usize();
            let mut anchors = None;
            let mut i = binop.left.end().to_usize();
            while i < right_start {
                let Some(&c) = segment.get(i) else { break };
                if is_whitespace(c) {
                    i += 1;
                    continue;
                }
                let mut right = i + 1;
                // A two-character operator such as `//`.
                if i + 1 < right_start && segment.get(i + 1).is_some_and(|&n| !is_whitespace(n)) {
                    right += 1;
                }
                anchors = Some((i, right));
                // Closing parentheses of the left operand are skipped.
                if i + 1 < right_start && c == b')' {
                    i += 1;
                    continue;
                }
                break;
            }
            anchors
        }
        Expr::Subscript(subscript) => {
            let len = segment.len();
            let mut left = subscript.value.end().to_usize();
            let mut right = subscript.slice.end().to_usize() + 1;
            while left < len && segment[left] != b'[' {
                left += 1;
            }
            while right < len && segment[right] != b']' {
                right += 1;
            }
            if right < len {
                right += 1;
            }
            Some((left, right))
        }
        _ => None,
    }
}

/// The subset of CPython 3.11's AST optimizer (`Python/ast_opt.c`) that
/// decides whether an expression becomes a `Constant`.
mod fold {
    use super::{Expr, Number, Operator, UnaryOp};

    const MAX_INT_SIZE: u32 = 128; // bits
    const MAX_COLLECTION_SIZE: i128 = 256;
    const MAX_STR_SIZE: i128 = 4096;
    const MAX_TOTAL_ITEMS: i128 = 1024;
    /// Deeper constant expressions are treated as not foldable (bounds recursion).
    const MAX_FOLD_DEPTH: usize = 100;

    /// A folded constant. `Opaque` is a constant whose value is not modelled
    /// (complex numbers, big int literals); operations on it give up.
    #[derive(Clone, Debug)]
    pub(super) enum Const {
        Int(i128),
        Bool(bool),
        Float(f64),
        Str(String),
        Bytes(Vec<u8>),
        Tuple(Vec<Const>),
        None,
        Ellipsis,
        Opaque,
    }

    enum Num {
        Int(i128),
        Float(f64),
    }

    impl Const {
        fn as_int(&self) -> Option<i128> {
            match self {
                Const::Int(i) => Some(*i),
                Const::Bool(b) => Some(i128::from(*b)),
                _ => None,
            }
        }

        fn as_num(&self) -> Option<Num> {
            match self {
                Const::Float(f) => Some(Num::Float(*f)),
                _ => self.as_int().map(Num::Int),
            }
        }

        fn truthy(&self) -> Option<bool> {
            Some(match self {
                Const::Int(i) => *i != 0,
                Const::Bool(b) => *b,
                Const::Float(f) => *f != 0.0,
                Const::Str(s) => !s.is_empty(),
                Const::Bytes(b) => !b.is_empty(),
                Const::Tuple(t) => !t.is_empty(),
                Const::None => false,
                Const::Ellipsis => true,
                Const::Opaque => return None,
            })
        }
    }

    /// The constant `expr` folds to, or `None` if it stays as it is (or the
    /// outcome is not modelled).
    pub(super) fn fold(expr: &Expr) -> Option<Const> {
        fold_at(expr, 0)
    }

    fn fold_at(expr: &Expr, depth: usize) -> Option<Const> {
        if depth > MAX_FOLD_DEPTH {
            return None;
        }
        let fold = |e: &Expr| fold_at(e, depth + 1);
        match expr {
            Expr::NumberLiteral(n) => Some(match &n.value {
                Number::Int(i) => i
                    .as_u64()
                    .map_or(Const::Opaque, |v| Const::Int(i128::from(v))),
                Number::Float(f) => Const::Float(*f),
                Number::Complex { .. } => Const::Opaque,
            }),
            Expr::StringLiteral(s) => Some(Const::Str(s.value.to_str().to_owned())),
            Expr::BytesLiteral(b) => Some(Const::Bytes(b.value.bytes().collect())),
            Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => Some(Const::None),
            Expr::EllipsisLiteral(_) => Some(Const::Ellipsis),
            Expr::Name(name) if name.id.as_str() == "__debug__" => Some(Const::Bool(true)),
            Expr::Tuple(tuple) => tuple
                .elts
                .iter()
                .map(fold)
                .collect::<Option<Vec<_>>>()
                .map(Const::Tuple),
            Expr::UnaryOp(unary) => unary_op(unary.op, &fold(&unary.operand)?),
            Expr::BinOp(binop) => bin_op(binop.op, &fold(&binop.left)?, &fold(&binop.right)?),
            Expr::Subscript(sub) => get_item(&fold(&sub.value)?, &fold(&sub.slice)?),
            _ => None,
        }
    }

    fn unary_op(op: UnaryOp, v: &Const) -> Option<Const> {
        match op {
            UnaryOp::Not => v.truthy().map(|t| Const::Bool(!t)),
            UnaryOp::Invert => v.as_int().map(|i| Const::Int(!i)),
            UnaryOp::UAdd => match v.as_num()? {
                Num::Int(i) => Some(Const::Int(i)),
                Num::Float(f) => Some(Const::Float(f)),
            },
            UnaryOp::USub => match v.as_num()? {
                Num::Int(i) => i.checked_neg().map(Const::Int),
                Num::Float(f) => Some(Const::Float(-f)),
            },
        }
    }

    /// `_PyLong_NumBits` of the absolute value.
    fn num_bits(i: i128) -> u32 {
        128 - i.unsigned_abs().leading_zeros()
    }

    fn float(n: &Num) -> f64 {
        match n {
            // Precision loss is irrelevant: only success or failure matters.
            Num::Int(i) => *i as f64,
            Num::Float(f) => *f,
        }
    }

    fn bin_op(op: Operator, l: &Const, r: &Const) -> Option<Const> {
        match op {
            Operator::Add => match (l, r) {
                (Const::Str(a), Const::Str(b)) => Some(Const::Str(format!("{a}{b}"))),
                (Const::Bytes(a), Const::Bytes(b)) => {
                    Some(Const::Bytes([a.as_slice(), b].concat()))
                }
                (Const::Tuple(a), Const::Tuple(b)) => {
                    Some(Const::Tuple([a.as_slice(), b].concat()))
                }
                _ => arith(l, r, i128::checked_add, |a, b| a + b),
            },
            Operator::Sub => arith(l, r, i128::checked_sub, |a, b| a - b),
            Operator::Mult => multiply(l, r),
            Operator::Div => {
                let (a, b) = (l.as_num()?, r.as_num()?);
                let divisor = float(&b);
                (divisor != 0.0).then(|| Const::Float(float(&a) / divisor))
            }
            Operator::FloorDiv => match (l.as_num()?, r.as_num()?) {
                (Num::Int(a), Num::Int(b)) => {
                    let q = a.checked_div(b)?;
                    let adjust = a % b != 0 && ((a < 0) != (b < 0));
                    Some(Const::Int(if adjust { q - 1 } else { q }))
                }
                (a, b) => {
                    let divisor = float(&b);
                    (divisor != 0.0).then(|| Const::Float((float(&a) / divisor).floor()))
                }
            },
            Operator::Mod => match (l.as_num()?, r.as_num()?) {
                (Num::Int(a), Num::Int(b)) => {
                    let m = a.checked_rem(b)?;
                    Some(Const::Int(if m != 0 && ((m < 0) != (b < 0)) {
                        m + b
                    } else {
                        m
                    }))
                }
                (a, b) => {
                    let (a, b) = (float(&a), float(&b));
                    if b == 0.0 {
                        return None;
                    }
                    let m = a % b;
                    Some(Const::Float(if m != 0.0 && ((m < 0.0) != (b < 0.0)) {
                        m + b
                    } else {
                        m
                    }))
                }
            },
            Operator::Pow => power(l, r),
            Operator::LShift => {
                let (v, w) = (l.as_int()?, r.as_int()?);
                if w < 0 {
                    return None;
                }
                if v == 0 || w == 0 {
                    return Some(Const::Int(v));
                }
                let w = u32::try_from(w).ok().filter(|&w| w <= MAX_INT_SIZE)?;
                if num_bits(v) > MAX_INT_SIZE - w {
                    return None;
                }
                let shifted = v.checked_shl(w)?;
                (shifted >> w == v).then_some(Const::Int(shifted))
            }
            Operator::RShift => {
                let (v, w) = (l.as_int()?, r.as_int()?);
                if w < 0 {
                    return None;
                }
                Some(Const::Int(v >> w.min(127)))
            }
            Operator::BitOr => Some(Const::Int(l.as_int()? | r.as_int()?)),
            Operator::BitXor => Some(Const::Int(l.as_int()? ^ r.as_int()?)),
            Operator::BitAnd => Some(Const::Int(l.as_int()? & r.as_int()?)),
            Operator::MatMult => None,
        }
    }

    fn arith(
        l: &Const,
        r: &Const,
        int_op: fn(i128, i128) -> Option<i128>,
        float_op: fn(f64, f64) -> f64,
    ) -> Option<Const> {
        match (l.as_num()?, r.as_num()?) {
            (Num::Int(a), Num::Int(b)) => int_op(a, b).map(Const::Int),
            (a, b) => Some(Const::Float(float_op(float(&a), float(&b)))),
        }
    }

    /// `safe_multiply` followed by the multiplication itself.
    fn multiply(l: &Const, r: &Const) -> Option<Const> {
        if let (Some(a), Some(b)) = (l.as_int(), r.as_int()) {
            if a != 0 && b != 0 && num_bits(a) + num_bits(b) > MAX_INT_SIZE {
                return None;
            }
            return a.checked_mul(b).map(Const::Int);
        }
        let (n, seq) = match (l.as_int(), r.as_int()) {
            (Some(n), None) => (n, r),
            (None, Some(n)) => (n, l),
            _ => return arith(l, r, i128::checked_mul, |a, b| a * b),
        };
        let size = match seq {
            Const::Tuple(t) => t.len(),
            Const::Str(s) => s.chars().count(),
            Const::Bytes(b) => b.len(),
            _ => return arith(l, r, i128::checked_mul, |a, b| a * b),
        };
        let size = i128::try_from(size).ok()?;
        if size > 0 {
            let limit = if matches!(seq, Const::Tuple(_)) {
                MAX_COLLECTION_SIZE
            } else {
                MAX_STR_SIZE
            };
            if n < 0 || n > limit / size {
                return None;
            }
            if n > 0 && matches!(seq, Const::Tuple(_)) && complexity(seq, MAX_TOTAL_ITEMS / n) < 0 {
                return None;
            }
        } else if isize::try_from(n).is_err() {
            return None;
        }
        let count = usize::try_from(n).unwrap_or(0);
        Some(match seq {
            Const::Tuple(t) => {
                Const::Tuple(t.iter().cycle().take(t.len() * count).cloned().collect())
            }
            Const::Str(s) => Const::Str(s.repeat(count)),
            Const::Bytes(b) => Const::Bytes(b.repeat(count)),
            _ => return None,
        })
    }

    /// `check_complexity`: the item budget left after counting nested tuples.
    fn complexity(c: &Const, mut limit: i128) -> i128 {
        if let Const::Tuple(items) = c {
            limit -= i128::try_from(items.len()).unwrap_or(i128::MAX);
            for item in items {
                if limit < 0 {
                    break;
                }
                limit = complexity(item, limit);
            }
        }
        limit
    }

    /// `safe_power` followed by the power itself.
    fn power(l: &Const, r: &Const) -> Option<Const> {
        match (l.as_num()?, r.as_num()?) {
            (Num::Int(v), Num::Int(w)) => {
                if w < 0 {
                    if v == 0 {
                        return None; // ZeroDivisionError
                    }
                    return Some(Const::Float(float(&Num::Int(v)).powf(float(&Num::Int(w)))));
                }
                if v != 0 && w > 0 {
                    let w_bits = u32::try_from(w).unwrap_or(u32::MAX);
                    if num_bits(v) > MAX_INT_SIZE / w_bits {
                        return None;
                    }
                }
                v.checked_pow(u32::try_from(w).ok()?).map(Const::Int)
            }
            (a, b) => {
                let (a, b) = (float(&a), float(&b));
                if a == 0.0 && b < 0.0 {
                    return None; // ZeroDivisionError
                }
                if a < 0.0 && b.is_finite() && b.fract() != 0.0 {
                    return Some(Const::Opaque); // a complex result
                }
                let p = a.powf(b);
                if p.is_infinite() && a.is_finite() && b.is_finite() {
                    return None; // OverflowError
                }
                Some(Const::Float(p))
            }
        }
    }

    fn get_item(v: &Const, index: &Const) -> Option<Const> {
        let i = index.as_int()?;
        let pick = |len: usize| -> Option<usize> {
            let len = i128::try_from(len).ok()?;
            let i = if i < 0 { i + len } else { i };
            if (0..len).contains(&i) {
                usize::try_from(i).ok()
            } else {
                None
            }
        };
        match v {
            Const::Str(s) => {
                let c = s.chars().nth(pick(s.chars().count())?)?;
                Some(Const::Str(c.to_string()))
            }
            Const::Bytes(b) => Some(Const::Int(i128::from(*b.get(pick(b.len())?)?))),
            Const::Tuple(t) => t.get(pick(t.len())?).cloned(),
            _ => None,
        }
    }
}

/// Inclusive (start, end) code point pairs whose `unicodedata.east_asian_width`
/// is `W` or `F` in CPython 3.11 (Unicode 14.0.0), generated from that module.
const WIDE_RANGES: [u32; 1420] = [
    0x378, 0x379, 0x380, 0x383, 0x38B, 0x38B, 0x38D, 0x38D, 0x3A2, 0x3A2, 0x530, 0x530, 0x557,
    0x558, 0x58B, 0x58C, 0x590, 0x590, 0x5C8, 0x5CF, 0x5EB, 0x5EE, 0x5F5, 0x5FF, 0x70E, 0x70E,
    0x74B, 0x74C, 0x7B2, 0x7BF, 0x7FB, 0x7FC, 0x82E, 0x82F, 0x83F, 0x83F, 0x85C, 0x85D, 0x85F,
    0x85F, 0x86B, 0x86F, 0x88F, 0x88F, 0x892, 0x897, 0x984, 0x984, 0x98D, 0x98E, 0x991, 0x992,
    0x9A9, 0x9A9, 0x9B1, 0x9B1, 0x9B3, 0x9B5, 0x9BA, 0x9BB, 0x9C5, 0x9C6, 0x9C9, 0x9CA, 0x9CF,
    0x9D6, 0x9D8, 0x9DB, 0x9DE, 0x9DE, 0x9E4, 0x9E5, 0x9FF, 0xA00, 0xA04, 0xA04, 0xA0B, 0xA0E,
    0xA11, 0xA12, 0xA29, 0xA29, 0xA31, 0xA31, 0xA34, 0xA34, 0xA37, 0xA37, 0xA3A, 0xA3B, 0xA3D,
    0xA3D, 0xA43, 0xA46, 0xA49, 0xA4A, 0xA4E, 0xA50, 0xA52, 0xA58, 0xA5D, 0xA5D, 0xA5F, 0xA65,
    0xA77, 0xA80, 0xA84, 0xA84, 0xA8E, 0xA8E, 0xA92, 0xA92, 0xAA9, 0xAA9, 0xAB1, 0xAB1, 0xAB4,
    0xAB4, 0xABA, 0xABB, 0xAC6, 0xAC6, 0xACA, 0xACA, 0xACE, 0xACF, 0xAD1, 0xADF, 0xAE4, 0xAE5,
    0xAF2, 0xAF8, 0xB00, 0xB00, 0xB04, 0xB04, 0xB0D, 0xB0E, 0xB11, 0xB12, 0xB29, 0xB29, 0xB31,
    0xB31, 0xB34, 0xB34, 0xB3A, 0xB3B, 0xB45, 0xB46, 0xB49, 0xB4A, 0xB4E, 0xB54, 0xB58, 0xB5B,
    0xB5E, 0xB5E, 0xB64, 0xB65, 0xB78, 0xB81, 0xB84, 0xB84, 0xB8B, 0xB8D, 0xB91, 0xB91, 0xB96,
    0xB98, 0xB9B, 0xB9B, 0xB9D, 0xB9D, 0xBA0, 0xBA2, 0xBA5, 0xBA7, 0xBAB, 0xBAD, 0xBBA, 0xBBD,
    0xBC3, 0xBC5, 0xBC9, 0xBC9, 0xBCE, 0xBCF, 0xBD1, 0xBD6, 0xBD8, 0xBE5, 0xBFB, 0xBFF, 0xC0D,
    0xC0D, 0xC11, 0xC11, 0xC29, 0xC29, 0xC3A, 0xC3B, 0xC45, 0xC45, 0xC49, 0xC49, 0xC4E, 0xC54,
    0xC57, 0xC57, 0xC5B, 0xC5C, 0xC5E, 0xC5F, 0xC64, 0xC65, 0xC70, 0xC76, 0xC8D, 0xC8D, 0xC91,
    0xC91, 0xCA9, 0xCA9, 0xCB4, 0xCB4, 0xCBA, 0xCBB, 0xCC5, 0xCC5, 0xCC9, 0xCC9, 0xCCE, 0xCD4,
    0xCD7, 0xCDC, 0xCDF, 0xCDF, 0xCE4, 0xCE5, 0xCF0, 0xCF0, 0xCF3, 0xCFF, 0xD0D, 0xD0D, 0xD11,
    0xD11, 0xD45, 0xD45, 0xD49, 0xD49, 0xD50, 0xD53, 0xD64, 0xD65, 0xD80, 0xD80, 0xD84, 0xD84,
    0xD97, 0xD99, 0xDB2, 0xDB2, 0xDBC, 0xDBC, 0xDBE, 0xDBF, 0xDC7, 0xDC9, 0xDCB, 0xDCE, 0xDD5,
    0xDD5, 0xDD7, 0xDD7, 0xDE0, 0xDE5, 0xDF0, 0xDF1, 0xDF5, 0xE00, 0xE3B, 0xE3E, 0xE5C, 0xE80,
    0xE83, 0xE83, 0xE85, 0xE85, 0xE8B, 0xE8B, 0xEA4, 0xEA4, 0xEA6, 0xEA6, 0xEBE, 0xEBF, 0xEC5,
    0xEC5, 0xEC7, 0xEC7, 0xECE, 0xECF, 0xEDA, 0xEDB, 0xEE0, 0xEFF, 0xF48, 0xF48, 0xF6D, 0xF70,
    0xF98, 0xF98, 0xFBD, 0xFBD, 0xFCD, 0xFCD, 0xFDB, 0xFFF, 0x10C6, 0x10C6, 0x10C8, 0x10CC, 0x10CE,
    0x10CF, 0x1100, 0x115F, 0x1249, 0x1249, 0x124E, 0x124F, 0x1257, 0x1257, 0x1259, 0x1259, 0x125E,
    0x125F, 0x1289, 0x1289, 0x128E, 0x128F, 0x12B1, 0x12B1, 0x12B6, 0x12B7, 0x12BF, 0x12BF, 0x12C1,
    0x12C1, 0x12C6, 0x12C7, 0x12D7, 0x12D7, 0x1311, 0x1311, 0x1316, 0x1317, 0x135B, 0x135C, 0x137D,
    0x137F, 0x139A, 0x139F, 0x13F6, 0x13F7, 0x13FE, 0x13FF, 0x169D, 0x169F, 0x16F9, 0x16FF, 0x1716,
    0x171E, 0x1737, 0x173F, 0x1754, 0x175F, 0x176D, 0x176D, 0x1771, 0x1771, 0x1774, 0x177F, 0x17DE,
    0x17DF, 0x17EA, 0x17EF, 0x17FA, 0x17FF, 0x181A, 0x181F, 0x1879, 0x187F, 0x18AB, 0x18AF, 0x18F6,
    0x18FF, 0x191F, 0x191F, 0x192C, 0x192F, 0x193C, 0x193F, 0x1941, 0x1943, 0x196E, 0x196F, 0x1975,
    0x197F, 0x19AC, 0x19AF, 0x19CA, 0x19CF, 0x19DB, 0x19DD, 0x1A1C, 0x1A1D, 0x1A5F, 0x1A5F, 0x1A7D,
    0x1A7E, 0x1A8A, 0x1A8F, 0x1A9A, 0x1A9F, 0x1AAE, 0x1AAF, 0x1ACF, 0x1AFF, 0x1B4D, 0x1B4F, 0x1B7F,
    0x1B7F, 0x1BF4, 0x1BFB, 0x1C38, 0x1C3A, 0x1C4A, 0x1C4C, 0x1C89, 0x1C8F, 0x1CBB, 0x1CBC, 0x1CC8,
    0x1CCF, 0x1CFB, 0x1CFF, 0x1F16, 0x1F17, 0x1F1E, 0x1F1F, 0x1F46, 0x1F47, 0x1F4E, 0x1F4F, 0x1F58,
    0x1F58, 0x1F5A, 0x1F5A, 0x1F5C, 0x1F5C, 0x1F5E, 0x1F5E, 0x1F7E, 0x1F7F, 0x1FB5, 0x1FB5, 0x1FC5,
    0x1FC5, 0x1FD4, 0x1FD5, 0x1FDC, 0x1FDC, 0x1FF0, 0x1FF1, 0x1FF5, 0x1FF5, 0x1FFF, 0x1FFF, 0x2065,
    0x2065, 0x2072, 0x2073, 0x208F, 0x208F, 0x209D, 0x209F, 0x20C1, 0x20CF, 0x20F1, 0x20FF, 0x218C,
    0x218F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3, 0x2427,
    0x243F, 0x244B, 0x245F, 0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693,
    0x2693, 0x26A1, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4,
    0x26D4, 0x26EA, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705,
    0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757,
    0x2757, 0x2795, 0x2797, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55,
    0x2B55, 0x2B74, 0x2B75, 0x2B96, 0x2B96, 0x2CF4, 0x2CF8, 0x2D26, 0x2D26, 0x2D28, 0x2D2C, 0x2D2E,
    0x2D2F, 0x2D68, 0x2D6E, 0x2D71, 0x2D7E, 0x2D97, 0x2D9F, 0x2DA7, 0x2DA7, 0x2DAF, 0x2DAF, 0x2DB7,
    0x2DB7, 0x2DBF, 0x2DBF, 0x2DC7, 0x2DC7, 0x2DCF, 0x2DCF, 0x2DD7, 0x2DD7, 0x2DDF, 0x2DDF, 0x2E5E,
    0x303E, 0x3040, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA4CF, 0xA62C, 0xA63F, 0xA6F8, 0xA6FF, 0xA7CB,
    0xA7CF, 0xA7D2, 0xA7D2, 0xA7D4, 0xA7D4, 0xA7DA, 0xA7F1, 0xA82D, 0xA82F, 0xA83A, 0xA83F, 0xA878,
    0xA87F, 0xA8C6, 0xA8CD, 0xA8DA, 0xA8DF, 0xA954, 0xA95E, 0xA960, 0xA97F, 0xA9CE, 0xA9CE, 0xA9DA,
    0xA9DD, 0xA9FF, 0xA9FF, 0xAA37, 0xAA3F, 0xAA4E, 0xAA4F, 0xAA5A, 0xAA5B, 0xAAC3, 0xAADA, 0xAAF7,
    0xAB00, 0xAB07, 0xAB08, 0xAB0F, 0xAB10, 0xAB17, 0xAB1F, 0xAB27, 0xAB27, 0xAB2F, 0xAB2F, 0xAB6C,
    0xAB6F, 0xABEE, 0xABEF, 0xABFA, 0xD7AF, 0xD7C7, 0xD7CA, 0xD7FC, 0xD7FF, 0xF900, 0xFAFF, 0xFB07,
    0xFB12, 0xFB18, 0xFB1C, 0xFB37, 0xFB37, 0xFB3D, 0xFB3D, 0xFB3F, 0xFB3F, 0xFB42, 0xFB42, 0xFB45,
    0xFB45, 0xFBC3, 0xFBD2, 0xFD90, 0xFD91, 0xFDC8, 0xFDCE, 0xFDD0, 0xFDEF, 0xFE10, 0xFE1F, 0xFE30,
    0xFE6F, 0xFE75, 0xFE75, 0xFEFD, 0xFEFE, 0xFF00, 0xFF60, 0xFFBF, 0xFFC1, 0xFFC8, 0xFFC9, 0xFFD0,
    0xFFD1, 0xFFD8, 0xFFD9, 0xFFDD, 0xFFE7, 0xFFEF, 0xFFF8, 0xFFFE, 0xFFFF, 0x1000C, 0x1000C,
    0x10027, 0x10027, 0x1003B, 0x1003B, 0x1003E, 0x1003E, 0x1004E, 0x1004F, 0x1005E, 0x1007F,
    0x100FB, 0x100FF, 0x10103, 0x10106, 0x10134, 0x10136, 0x1018F, 0x1018F, 0x1019D, 0x1019F,
    0x101A1, 0x101CF, 0x101FE, 0x1027F, 0x1029D, 0x1029F, 0x102D1, 0x102DF, 0x102FC, 0x102FF,
    0x10324, 0x1032C, 0x1034B, 0x1034F, 0x1037B, 0x1037F, 0x1039E, 0x1039E, 0x103C4, 0x103C7,
    0x103D6, 0x103FF, 0x1049E, 0x1049F, 0x104AA, 0x104AF, 0x104D4, 0x104D7, 0x104FC, 0x104FF,
    0x10528, 0x1052F, 0x10564, 0x1056E, 0x1057B, 0x1057B, 0x1058B, 0x1058B, 0x10593, 0x10593,
    0x10596, 0x10596, 0x105A2, 0x105A2, 0x105B2, 0x105B2, 0x105BA, 0x105BA, 0x105BD, 0x105FF,
    0x10737, 0x1073F, 0x10756, 0x1075F, 0x10768, 0x1077F, 0x10786, 0x10786, 0x107B1, 0x107B1,
    0x107BB, 0x107FF, 0x10806, 0x10807, 0x10809, 0x10809, 0x10836, 0x10836, 0x10839, 0x1083B,
    0x1083D, 0x1083E, 0x10856, 0x10856, 0x1089F, 0x108A6, 0x108B0, 0x108DF, 0x108F3, 0x108F3,
    0x108F6, 0x108FA, 0x1091C, 0x1091E, 0x1093A, 0x1093E, 0x10940, 0x1097F, 0x109B8, 0x109BB,
    0x109D0, 0x109D1, 0x10A04, 0x10A04, 0x10A07, 0x10A0B, 0x10A14, 0x10A14, 0x10A18, 0x10A18,
    0x10A36, 0x10A37, 0x10A3B, 0x10A3E, 0x10A49, 0x10A4F, 0x10A59, 0x10A5F, 0x10AA0, 0x10ABF,
    0x10AE7, 0x10AEA, 0x10AF7, 0x10AFF, 0x10B36, 0x10B38, 0x10B56, 0x10B57, 0x10B73, 0x10B77,
    0x10B92, 0x10B98, 0x10B9D, 0x10BA8, 0x10BB0, 0x10BFF, 0x10C49, 0x10C7F, 0x10CB3, 0x10CBF,
    0x10CF3, 0x10CF9, 0x10D28, 0x10D2F, 0x10D3A, 0x10E5F, 0x10E7F, 0x10E7F, 0x10EAA, 0x10EAA,
    0x10EAE, 0x10EAF, 0x10EB2, 0x10EFF, 0x10F28, 0x10F2F, 0x10F5A, 0x10F6F, 0x10F8A, 0x10FAF,
    0x10FCC, 0x10FDF, 0x10FF7, 0x10FFF, 0x1104E, 0x11051, 0x11076, 0x1107E, 0x110C3, 0x110CC,
    0x110CE, 0x110CF, 0x110E9, 0x110EF, 0x110FA, 0x110FF, 0x11135, 0x11135, 0x11148, 0x1114F,
    0x11177, 0x1117F, 0x111E0, 0x111E0, 0x111F5, 0x111FF, 0x11212, 0x11212, 0x1123F, 0x1127F,
    0x11287, 0x11287, 0x11289, 0x11289, 0x1128E, 0x1128E, 0x1129E, 0x1129E, 0x112AA, 0x112AF,
    0x112EB, 0x112EF, 0x112FA, 0x112FF, 0x11304, 0x11304, 0x1130D, 0x1130E, 0x11311, 0x11312,
    0x11329, 0x11329, 0x11331, 0x11331, 0x11334, 0x11334, 0x1133A, 0x1133A, 0x11345, 0x11346,
    0x11349, 0x1134A, 0x1134E, 0x1134F, 0x11351, 0x11356, 0x11358, 0x1135C, 0x11364, 0x11365,
    0x1136D, 0x1136F, 0x11375, 0x113FF, 0x1145C, 0x1145C, 0x11462, 0x1147F, 0x114C8, 0x114CF,
    0x114DA, 0x1157F, 0x115B6, 0x115B7, 0x115DE, 0x115FF, 0x11645, 0x1164F, 0x1165A, 0x1165F,
    0x1166D, 0x1167F, 0x116BA, 0x116BF, 0x116CA, 0x116FF, 0x1171B, 0x1171C, 0x1172C, 0x1172F,
    0x11747, 0x117FF, 0x1183C, 0x1189F, 0x118F3, 0x118FE, 0x11907, 0x11908, 0x1190A, 0x1190B,
    0x11914, 0x11914, 0x11917, 0x11917, 0x11936, 0x11936, 0x11939, 0x1193A, 0x11947, 0x1194F,
    0x1195A, 0x1199F, 0x119A8, 0x119A9, 0x119D8, 0x119D9, 0x119E5, 0x119FF, 0x11A48, 0x11A4F,
    0x11AA3, 0x11AAF, 0x11AF9, 0x11BFF, 0x11C09, 0x11C09, 0x11C37, 0x11C37, 0x11C46, 0x11C4F,
    0x11C6D, 0x11C6F, 0x11C90, 0x11C91, 0x11CA8, 0x11CA8, 0x11CB7, 0x11CFF, 0x11D07, 0x11D07,
    0x11D0A, 0x11D0A, 0x11D37, 0x11D39, 0x11D3B, 0x11D3B, 0x11D3E, 0x11D3E, 0x11D48, 0x11D4F,
    0x11D5A, 0x11D5F, 0x11D66, 0x11D66, 0x11D69, 0x11D69, 0x11D8F, 0x11D8F, 0x11D92, 0x11D92,
    0x11D99, 0x11D9F, 0x11DAA, 0x11EDF, 0x11EF9, 0x11FAF, 0x11FB1, 0x11FBF, 0x11FF2, 0x11FFE,
    0x1239A, 0x123FF, 0x1246F, 0x1246F, 0x12475, 0x1247F, 0x12544, 0x12F8F, 0x12FF3, 0x12FFF,
    0x1342F, 0x1342F, 0x13439, 0x143FF, 0x14647, 0x167FF, 0x16A39, 0x16A3F, 0x16A5F, 0x16A5F,
    0x16A6A, 0x16A6D, 0x16ABF, 0x16ABF, 0x16ACA, 0x16ACF, 0x16AEE, 0x16AEF, 0x16AF6, 0x16AFF,
    0x16B46, 0x16B4F, 0x16B5A, 0x16B5A, 0x16B62, 0x16B62, 0x16B78, 0x16B7C, 0x16B90, 0x16E3F,
    0x16E9B, 0x16EFF, 0x16F4B, 0x16F4E, 0x16F88, 0x16F8E, 0x16FA0, 0x1BBFF, 0x1BC6B, 0x1BC6F,
    0x1BC7D, 0x1BC7F, 0x1BC89, 0x1BC8F, 0x1BC9A, 0x1BC9B, 0x1BCA4, 0x1CEFF, 0x1CF2E, 0x1CF2F,
    0x1CF47, 0x1CF4F, 0x1CFC4, 0x1CFFF, 0x1D0F6, 0x1D0FF, 0x1D127, 0x1D128, 0x1D1EB, 0x1D1FF,
    0x1D246, 0x1D2DF, 0x1D2F4, 0x1D2FF, 0x1D357, 0x1D35F, 0x1D379, 0x1D3FF, 0x1D455, 0x1D455,
    0x1D49D, 0x1D49D, 0x1D4A0, 0x1D4A1, 0x1D4A3, 0x1D4A4, 0x1D4A7, 0x1D4A8, 0x1D4AD, 0x1D4AD,
    0x1D4BA, 0x1D4BA, 0x1D4BC, 0x1D4BC, 0x1D4C4, 0x1D4C4, 0x1D506, 0x1D506, 0x1D50B, 0x1D50C,
    0x1D515, 0x1D515, 0x1D51D, 0x1D51D, 0x1D53A, 0x1D53A, 0x1D53F, 0x1D53F, 0x1D545, 0x1D545,
    0x1D547, 0x1D549, 0x1D551, 0x1D551, 0x1D6A6, 0x1D6A7, 0x1D7CC, 0x1D7CD, 0x1DA8C, 0x1DA9A,
    0x1DAA0, 0x1DAA0, 0x1DAB0, 0x1DEFF, 0x1DF1F, 0x1DFFF, 0x1E007, 0x1E007, 0x1E019, 0x1E01A,
    0x1E022, 0x1E022, 0x1E025, 0x1E025, 0x1E02B, 0x1E0FF, 0x1E12D, 0x1E12F, 0x1E13E, 0x1E13F,
    0x1E14A, 0x1E14D, 0x1E150, 0x1E28F, 0x1E2AF, 0x1E2BF, 0x1E2FA, 0x1E2FE, 0x1E300, 0x1E7DF,
    0x1E7E7, 0x1E7E7, 0x1E7EC, 0x1E7EC, 0x1E7EF, 0x1E7EF, 0x1E7FF, 0x1E7FF, 0x1E8C5, 0x1E8C6,
    0x1E8D7, 0x1E8FF, 0x1E94C, 0x1E94F, 0x1E95A, 0x1E95D, 0x1E960, 0x1EC70, 0x1ECB5, 0x1ED00,
    0x1ED3E, 0x1EDFF, 0x1EE04, 0x1EE04, 0x1EE20, 0x1EE20, 0x1EE23, 0x1EE23, 0x1EE25, 0x1EE26,
    0x1EE28, 0x1EE28, 0x1EE33, 0x1EE33, 0x1EE38, 0x1EE38, 0x1EE3A, 0x1EE3A, 0x1EE3C, 0x1EE41,
    0x1EE43, 0x1EE46, 0x1EE48, 0x1EE48, 0x1EE4A, 0x1EE4A, 0x1EE4C, 0x1EE4C, 0x1EE50, 0x1EE50,
    0x1EE53, 0x1EE53, 0x1EE55, 0x1EE56, 0x1EE58, 0x1EE58, 0x1EE5A, 0x1EE5A, 0x1EE5C, 0x1EE5C,
    0x1EE5E, 0x1EE5E, 0x1EE60, 0x1EE60, 0x1EE63, 0x1EE63, 0x1EE65, 0x1EE66, 0x1EE6B, 0x1EE6B,
    0x1EE73, 0x1EE73, 0x1EE78, 0x1EE78, 0x1EE7D, 0x1EE7D, 0x1EE7F, 0x1EE7F, 0x1EE8A, 0x1EE8A,
    0x1EE9C, 0x1EEA0, 0x1EEA4, 0x1EEA4, 0x1EEAA, 0x1EEAA, 0x1EEBC, 0x1EEEF, 0x1EEF2, 0x1EFFF,
    0x1F004, 0x1F004, 0x1F02C, 0x1F02F, 0x1F094, 0x1F09F, 0x1F0AF, 0x1F0B0, 0x1F0C0, 0x1F0C0,
    0x1F0CF, 0x1F0D0, 0x1F0F6, 0x1F0FF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AE, 0x1F1E5,
    0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA,
    0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440,
    0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
    0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC,
    0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EF, 0x1F6F4, 0x1F6FF, 0x1F774, 0x1F77F,
    0x1F7D9, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F,
    0x1F8AE, 0x1F8AF, 0x1F8B2, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF,
    0x1FA54, 0x1FA5F, 0x1FA6E, 0x1FAFF, 0x1FB93, 0x1FB93, 0x1FBCB, 0x1FBEF, 0x1FBFA, 0xE0000,
    0xE0002, 0xE001F, 0xE0080, 0xE00FF, 0xE01F0, 0xEFFFF, 0xFFFFE, 0xFFFFF, 0x10FFFE, 0x10FFFF,
];

#[cfg(test)]
mod tests {
    use super::format_source_line;

    type Case = (
        &'static str,
        usize,
        Option<usize>,
        Option<usize>,
        Option<usize>,
        &'static str,
    );

    /// (file text, lineno, end_lineno, col, end_col, expected). Every row was
    /// captured from CPython 3.11.7: the file was run (or, for the `trick_*`
    /// rows, a different source was compiled under that file name so that the
    /// positions do not match the text), `sys.excepthook` printed the
    /// traceback, and the positions are `traceback.extract_tb(tb)[i]`'s
    /// `lineno`, `end_lineno`, `colno`, `end_colno` of the same frame.
    const CASES: &[Case] = &[
        // binop_chain
        ("def add_values(a, b, c, d, e):\n    return a + b + c + d + e\nadd_values(1, 2, None, 3, 4)\n", 3, Some(3), Some(0), Some(28), "    add_values(1, 2, None, 3, 4)\n"),
        // binop_chain
        ("def add_values(a, b, c, d, e):\n    return a + b + c + d + e\nadd_values(1, 2, None, 3, 4)\n", 2, Some(2), Some(11), Some(20), "    return a + b + c + d + e\n           ~~~~~~^~~\n"),
        // div_zero_assign
        ("x = 1 / 0\n", 1, Some(1), Some(4), Some(9), "    x = 1 / 0\n        ~~^~~\n"),
        // div_zero_stmt
        ("1/0\n", 1, Some(1), Some(0), Some(3), "    1/0\n    ~^~\n"),
        // floordiv_two_char
        ("a = 1\nb = 0\nc = a // b\n", 3, Some(3), Some(4), Some(10), "    c = a // b\n        ~~^^~~\n"),
        // pow_two_char
        ("a = 'x'\nc = a ** 2\n", 2, Some(2), Some(4), Some(10), "    c = a ** 2\n        ~~^^~~\n"),
        // shift_two_char
        ("a = 'x'\nc = a >> 2\n", 2, Some(2), Some(4), Some(10), "    c = a >> 2\n        ~~^^~~\n"),
        // matmul
        ("a = 1\nc = a @ 2\n", 2, Some(2), Some(4), Some(9), "    c = a @ 2\n        ~~^~~\n"),
        // paren_left
        ("def g():\n    x = 1\n    y = 's'\n    return (x + 1) + y   \ng()\n", 5, Some(5), Some(0), Some(3), "    g()\n"),
        // paren_left
        ("def g():\n    x = 1\n    y = 's'\n    return (x + 1) + y   \ng()\n", 4, Some(4), Some(11), Some(22), "    return (x + 1) + y   \n           ~~~~~~~~^~~\n"),
        // paren_tight
        ("a = 1\nb = 's'\nc = (a)+b\n", 3, Some(3), Some(4), Some(9), "    c = (a)+b\n        ~~~^~\n"),
        // paren_both_sides
        ("a = 1\nb = 's'\nc = (a) +(b)\n", 3, Some(3), Some(4), Some(12), "    c = (a) +(b)\n        ~~~~^^~~\n"),
        // double_paren
        ("a = 1\nb = None\nc = ((a)) * b\n", 3, Some(3), Some(4), Some(13), "    c = ((a)) * b\n        ~~~~~~^~~\n"),
        // nested_inner
        ("a = 1\nb = 's'\nc = 2\nd = a * (b + c)\n", 4, Some(4), Some(9), Some(14), "    d = a * (b + c)\n             ~~^~~\n"),
        // nested_outer
        ("a = None\nb = 1\nc = 2\nd = a * (b + c)\n", 4, Some(4), Some(4), Some(15), "    d = a * (b + c)\n        ~~^~~~~~~~~\n"),
        // const_fold_left
        ("x = (1 + 2) + 'a'\n", 1, Some(1), Some(4), Some(17), "    x = (1 + 2) + 'a'\n        ~~~~~~~~^~~~~\n"),
        // const_str_int
        ("x = 1 + 'a'\n", 1, Some(1), Some(4), Some(11), "    x = 1 + 'a'\n        ~~^~~~~\n"),
        // binop_spaces
        ("a = 1\nb = 's'\nc = a   -    b\n", 3, Some(3), Some(4), Some(14), "    c = a   -    b\n        ~~~~^~~~~~\n"),
        // binop_multiline
        ("a = 1\nb = 's'\nx = (a +\n     b)\n", 3, Some(4), Some(5), Some(6), "    x = (a +\n         ^^^\n"),
        // binop_multiline_comment
        ("a = 1\nb = 's'\nx = (a  # note\n     + b)\n", 3, Some(4), Some(5), Some(8), "    x = (a  # note\n         ^^^^^^^^^\n"),
        // subscript_key
        ("def f():\n    a = {}\n    return a['key']\nf()\n", 4, Some(4), Some(0), Some(3), "    f()\n"),
        // subscript_key
        ("def f():\n    a = {}\n    return a['key']\nf()\n", 3, Some(3), Some(11), Some(19), "    return a['key']\n           ~^^^^^^^\n"),
        // subscript_spaces
        ("def h(): return [1][ 5 ]\nh()\n", 2, Some(2), Some(0), Some(3), "    h()\n"),
        // subscript_spaces
        ("def h(): return [1][ 5 ]\nh()\n", 1, Some(1), Some(16), Some(24), "    def h(): return [1][ 5 ]\n                    ~~~^^^^^\n"),
        // subscript_slice_on_int
        ("a = 5\nb = a[1:2]\n", 2, Some(2), Some(4), Some(10), "    b = a[1:2]\n        ~^^^^^\n"),
        // subscript_tuple_index
        ("d = {}\nv = d[1, 2]\n", 2, Some(2), Some(4), Some(11), "    v = d[1, 2]\n        ~^^^^^^\n"),
        // subscript_tuple_trailing_comma
        ("d = {}\nv = d[1,]\n", 2, Some(2), Some(4), Some(9), "    v = d[1,]\n        ~^^^^\n"),
        // subscript_paren_value
        ("a = []\nv = (a)[1]\n", 2, Some(2), Some(4), Some(10), "    v = (a)[1]\n        ~~~^^^\n"),
        // subscript_space_before_bracket
        ("a = []\nv = a [1]\n", 2, Some(2), Some(4), Some(9), "    v = a [1]\n        ~~^^^\n"),
        // subscript_chain
        ("a = {'b': {}}\nv = a['b']['c']\n", 2, Some(2), Some(4), Some(15), "    v = a['b']['c']\n        ~~~~~~^^^^^\n"),
        // subscript_comment
        ("a = []\nv = a[3]  # comment here\n", 2, Some(2), Some(4), Some(8), "    v = a[3]  # comment here\n        ~^^^\n"),
        // subscript_whole_line
        ("a = []\na[3]\n", 2, Some(2), Some(0), Some(4), "    a[3]\n    ~^^^\n"),
        // subscript_store
        ("a = ()\na[0] = 1\n", 2, Some(2), Some(0), Some(4), "    a[0] = 1\n    ~^^^\n"),
        // subscript_del
        ("a = ()\ndel a[0]\n", 2, Some(2), Some(4), Some(8), "    del a[0]\n        ~^^^\n"),
        // subscript_empty_slice_none
        ("a = None\nb = a[:]\n", 2, Some(2), Some(4), Some(8), "    b = a[:]\n        ~^^^\n"),
        // call_whole_line
        ("def f():\n    raise ValueError('boom')\nf()\n", 2, Some(2), Some(4), Some(28), "    raise ValueError('boom')\n"),
        // call_assign
        ("def f():\n    raise ValueError('boom')\nx = f()\n", 3, Some(3), Some(4), Some(7), "    x = f()\n        ^^^\n"),
        // call_in_return
        ("def f(a, b):\n    raise ValueError('boom')\ndef g():\n    return f(1, 2)\ng()\n", 4, Some(4), Some(11), Some(18), "    return f(1, 2)\n           ^^^^^^^\n"),
        // method_call
        ("class K:\n    def m(self):\n        raise KeyError(1)\nobj = K()\nobj.m()\ny = obj.m()\n", 5, Some(5), Some(0), Some(7), "    obj.m()\n"),
        // method_call
        ("class K:\n    def m(self):\n        raise KeyError(1)\nobj = K()\nobj.m()\ny = obj.m()\n", 3, Some(3), Some(8), Some(25), "    raise KeyError(1)\n"),
        // call_multiline
        ("def f(a, b):\n    raise ValueError('boom')\nx = f(1,\n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f(1,\n        ^^^^\n"),
        // call_multiline_arg_fails
        ("def f(a, b):\n    return a\nx = f(1,\n      1/0)\n", 4, Some(4), Some(6), Some(9), "    1/0)\n    ~^~\n"),
        // call_multiline_trailing_ws
        ("def f(a, b):\n    raise ValueError\nx = f(1,   \n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f(1,   \n        ^^^^\n"),
        // call_multiline_trailing_ws
        ("def f(a, b):\n    raise ValueError\nx = f(1,   \n      2)\n", 2, Some(2), Some(4), Some(20), "    raise ValueError\n"),
        // call_multiline_comment
        ("def f(a, b):\n    raise ValueError\nx = f(1,  # first arg\n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f(1,  # first arg\n        ^^^^^^^^^^^^^^^^^\n"),
        // call_chained
        ("def f(a):\n    return None\nv = f(1)(2)\n", 3, Some(3), Some(4), Some(11), "    v = f(1)(2)\n        ^^^^^^^\n"),
        // call_trailing_comment
        ("def f():\n    raise ValueError\nx = f()  # trailing comment\n", 3, Some(3), Some(4), Some(7), "    x = f()  # trailing comment\n        ^^^\n"),
        // attr_assign
        ("obj = object()\nx = obj.attr\n", 2, Some(2), Some(4), Some(12), "    x = obj.attr\n        ^^^^^^^^\n"),
        // attr_whole_line
        ("obj = object()\nobj.attr\n", 2, Some(2), Some(0), Some(8), "    obj.attr\n"),
        // attr_chain
        ("class A: pass\na = A()\nv = a.b.c\n", 3, Some(3), Some(4), Some(7), "    v = a.b.c\n        ^^^\n"),
        // attr_multiline
        ("obj = object()\nx = (obj\n     .attr)\n", 3, Some(3), Some(6), Some(10), "    .attr)\n     ^^^^\n"),
        // unicode_binop
        ("x = 'é' + 1\n", 1, Some(1), Some(4), Some(12), "    x = 'é' + 1\n        ~~~~^~~\n"),
        // unicode_wide_binop
        ("x = '日本語' + 1\n", 1, Some(1), Some(4), Some(19), "    x = '日本語' + 1\n        ~~~~~~~~~^~~\n"),
        // unicode_before
        ("s = 'ü'; t = s + 1\n", 1, Some(1), Some(14), Some(19), "    s = 'ü'; t = s + 1\n                 ~~^~~\n"),
        // unicode_name
        ("été = None\nv = été.foo\n", 2, Some(2), Some(4), Some(13), "    v = été.foo\n        ^^^^^^^\n"),
        // unicode_subscript
        ("d = {}\nv = d['ключ']\n", 2, Some(2), Some(4), Some(17), "    v = d['ключ']\n        ~^^^^^^^^\n"),
        // unicode_multiline_trailing_ws
        ("def f(a, b):\n    raise ValueError\nx = f('é',   \n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f('é',   \n        ^^^^^^^\n"),
        // unicode_multiline
        ("def f(a, b):\n    raise ValueError\nx = f('日本',\n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f('日本',\n        ^^^^^^^^^\n"),
        // tab_indent
        ("def f(a, b):\n\treturn a + b\nf(1, 's')\n", 3, Some(3), Some(0), Some(9), "    f(1, 's')\n"),
        // tab_indent
        ("def f(a, b):\n\treturn a + b\nf(1, 's')\n", 2, Some(2), Some(8), Some(13), "    return a + b\n           ~~^~~\n"),
        // tab_inside
        ("a = 1\nb = 's'\nx =\ta +\tb\n", 3, Some(3), Some(4), Some(9), "    x =\ta +\tb\n        ~~^~~\n"),
        // formfeed_indent
        ("a = 1\nb = 's'\nif True:\n\u{c}    x = a + b\n", 4, Some(4), Some(9), Some(14), "    x = a + b\n        ~~^~~\n"),
        // deep_indent
        ("def f():\n    if True:\n        if True:\n            return 1 + 'a'\nf()\n", 4, Some(4), Some(19), Some(26), "    return 1 + 'a'\n           ~~^~~~~\n"),
        // raise_stmt
        ("raise ValueError('x')\n", 1, Some(1), Some(0), Some(21), "    raise ValueError('x')\n"),
        // raise_in_func
        ("def f():\n    raise ValueError('x')\nf()\n", 2, Some(2), Some(4), Some(25), "    raise ValueError('x')\n"),
        // assert_stmt
        ("x = 0\nassert x, 'msg'\n", 2, Some(2), Some(0), Some(15), "    assert x, 'msg'\n"),
        // name_error
        ("y = undefined_name\n", 1, Some(1), Some(4), Some(18), "    y = undefined_name\n        ^^^^^^^^^^^^^^\n"),
        // name_error_whole
        ("undefined_name\n", 1, Some(1), Some(0), Some(14), "    undefined_name\n"),
        // augassign
        ("a = 1\na += 's'\n", 2, Some(2), Some(0), Some(8), "    a += 's'\n"),
        // compare_not_anchored
        ("a = 1\nv = a < 's'\n", 2, Some(2), Some(4), Some(11), "    v = a < 's'\n        ^^^^^^^\n"),
        // boolop_call
        ("def f():\n    raise ValueError\nv = 1 and f()\n", 3, Some(3), Some(10), Some(13), "    v = 1 and f()\n              ^^^\n"),
        // lambda_line
        ("f = lambda: [1][5]\nf()\n", 1, Some(1), Some(12), Some(18), "    f = lambda: [1][5]\n                ~~~^^^\n"),
        // semicolons
        ("a = 1; b = 's'; c = a + b; d = 5\n", 1, Some(1), Some(20), Some(25), "    a = 1; b = 's'; c = a + b; d = 5\n                        ~~^~~\n"),
        // unary
        ("a = 's'\nv = -a\n", 2, Some(2), Some(4), Some(6), "    v = -a\n        ^^\n"),
        // await_like_call_in_list
        ("def f():\n    raise ValueError\nv = [f(), 2]\n", 3, Some(3), Some(5), Some(8), "    v = [f(), 2]\n         ^^^\n"),
        // fstring_call
        ("def f():\n    raise ValueError\nv = f'{f()}'\n", 3, Some(3), Some(7), Some(10), "    v = f'{f()}'\n           ^^^\n"),
        // binop_with_call_operand
        ("def f():\n    return 1\nv = f() + 's'\n", 3, Some(3), Some(4), Some(13), "    v = f() + 's'\n        ~~~~^~~~~\n"),
        // subscript_call_value
        ("def f():\n    return None\nv = f()[0]\n", 3, Some(3), Some(4), Some(10), "    v = f()[0]\n        ~~~^^^\n"),
        // dunder_add_frame
        ("class K:\n    def __add__(self, o):\n        raise ValueError\nv = K() + 1\n", 4, Some(4), Some(4), Some(11), "    v = K() + 1\n        ~~~~^~~\n"),
        // dunder_add_frame
        ("class K:\n    def __add__(self, o):\n        raise ValueError\nv = K() + 1\n", 3, Some(3), Some(8), Some(24), "    raise ValueError\n"),
        // dunder_getitem_frame
        ("class K:\n    def __getitem__(self, i):\n        raise ValueError\nv = K()[1:2]\n", 4, Some(4), Some(4), Some(12), "    v = K()[1:2]\n        ~~~^^^^^\n"),
        // starred_subscript
        ("d = {}\nv = d[*(1, 2)]\n", 2, Some(2), Some(4), Some(14), "    v = d[*(1, 2)]\n        ~^^^^^^^^^\n"),
        // walrus_subscript
        ("d = {}\nv = d[(k := 1)]\n", 2, Some(2), Some(4), Some(15), "    v = d[(k := 1)]\n        ~^^^^^^^^^^\n"),
        // subscript_multiline
        ("d = {}\nv = d[\n    1]\n", 2, Some(3), Some(4), Some(6), "    v = d[\n        ^^\n"),
        // long_line_no_indent_binop
        ("v = 1 + 's' if True else 0\n", 1, Some(1), Some(4), Some(11), "    v = 1 + 's' if True else 0\n        ~~^~~~~\n"),
        // empty_lines_before
        ("\n\n\nv = 1 + 's'\n", 4, Some(4), Some(4), Some(11), "    v = 1 + 's'\n        ~~^~~~~\n"),
        // crlf_not_used
        ("a = None\nv = a.x\n", 2, Some(2), Some(4), Some(7), "    v = a.x\n        ^^^\n"),
        // trick_out_of_range
        ("a\n", 1, Some(1), Some(4), Some(9), "    a\n      \n"),
        // trick_mid_char
        ("x = 'é日' + 1\n", 1, Some(1), Some(4), Some(9), "    x = 'é日' + 1\n        ^^^^\n"),
        // trick_mid_char2
        ("é日本語\n", 1, Some(1), Some(1), Some(4), "    é日本語\n     ^^\n"),
        // trick_empty_line
        ("x = 1\n\n", 2, Some(2), Some(1), Some(4), "    \n"),
        // trick_ws_line
        ("x = 1\n      \n", 2, Some(2), Some(1), Some(4), "    \n^^\n"),
        // trick_past_eof
        ("x = 1\n", 4, Some(4), Some(0), Some(3), ""),
        // trick_unparsable
        ("x = f(1 +\n", 1, Some(1), Some(4), Some(9), "    x = f(1 +\n        ^^^^^\n"),
        // trick_shift_whole
        ("    abcdefg\n", 1, Some(1), Some(1), Some(4), "    abcdefg\n ^^^\n"),
        // trick_shift_whole2
        ("    abc\n", 1, Some(1), Some(11), Some(14), "    abc\n        \n"),
        // trick_start_in_indent
        ("        abcdefghij\n", 1, Some(1), Some(0), Some(3), "    abcdefghij\n\n"),
        // trick_multi_wide
        ("\n\nx = f('日本', \n", 3, Some(4), Some(4), Some(8), "    x = f('日本', \n        ^^^^^^^^^^\n"),
        // trick_multi_wide
        ("\n\nx = f('日本', \n", 2, Some(2), Some(4), Some(20), "    \n"),
        // trick_multi_all_ws
        ("\n\n   \n", 3, Some(4), Some(4), Some(8), "    \n \n"),
        // trick_multi_tab_trailing
        ("\n\nx=f(1,\t\n", 3, Some(4), Some(4), Some(8), "    x=f(1,\t\n        ^^\n"),
        // trick_statement_segment
        ("x = a + b\n", 1, Some(1), Some(5), Some(8), "    x = a + b\n         ^^^\n"),
        // trick_two_statements
        ("1;2/3\n", 1, Some(1), Some(5), Some(8), "    1;2/3\n         ^\n"),
        // trick_segment_binop_shift
        ("zz = 1 + 2\n", 1, Some(1), Some(4), Some(7), "    zz = 1 + 2\n        ^^^\n"),
        // no_debug_ranges
        ("a = 1\nb = 's'\nc = a + b\n", 3, Some(3), None, None, "    c = a + b\n"),
        // no_debug_ranges_call
        ("def f():\n    raise ValueError\nv = f()\n", 3, Some(3), None, None, "    v = f()\n"),
        // no_debug_ranges_call
        ("def f():\n    raise ValueError\nv = f()\n", 2, Some(2), None, None, "    raise ValueError\n"),
        // wide_whole_line_name
        ("未定義\n", 1, Some(1), Some(0), Some(9), "    未定義\n"),
        // wide_assign_name
        ("x = 未定義\n", 1, Some(1), Some(4), Some(13), "    x = 未定義\n        ^^^^^^\n"),
        // wide_before_binop
        ("s = '日本'; t = s + 1\n", 1, Some(1), Some(18), Some(23), "    s = '日本'; t = s + 1\n                    ~~^~~\n"),
        // fullwidth_binop
        ("x = 'ＡＢ' + 1\n", 1, Some(1), Some(4), Some(16), "    x = 'ＡＢ' + 1\n        ~~~~~~~^~~\n"),
        // emoji_binop
        ("x = '😀' + 1\n", 1, Some(1), Some(4), Some(14), "    x = '😀' + 1\n        ~~~~~^~~\n"),
        // combining_binop
        ("x = 'é' + 1\n", 1, Some(1), Some(4), Some(13), "    x = 'é' + 1\n        ~~~~~^~~\n"),
        // wide_subscript
        ("d = {}\nv = d['日本']\n", 2, Some(2), Some(4), Some(15), "    v = d['日本']\n        ~^^^^^^^^\n"),
        // wide_subscript_value
        ("日本 = {}\nv = 日本['x']\n", 2, Some(2), Some(4), Some(15), "    v = 日本['x']\n        ~~~~^^^^^\n"),
        // wide_multiline_ws
        ("def f(a, b):\n    raise ValueError\nx = f('日本',   \n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f('日本',   \n        ^^^^^^^^^^^^\n"),
        // trick_fold
        ("x = 1 + 2\n", 1, Some(1), Some(4), Some(9), "    x = 1 + 2\n        ^^^^^\n"),
        // trick_fold_subscript
        ("x = (1,)[0]\n", 1, Some(1), Some(4), Some(10), "    x = (1,)[0]\n        ^^^^^^\n"),
        // trick_nonascii_clamp
        ("é\n", 1, Some(1), Some(4), Some(7), "    é\n     \n"),
        // trick_nonascii_clamp2
        ("日\n", 1, Some(1), Some(4), Some(7), "    日\n      \n"),
        // trick_wide_whole
        ("    日本語\n", 1, Some(1), Some(1), Some(4), "    日本語\n"),
        // trick_binop_in_file
        ("v = a+bb\n", 1, Some(1), Some(4), Some(8), "    v = a+bb\n        ~^~~\n"),
        // trick_subscript_in_file
        ("v = a[b]\n", 1, Some(1), Some(4), Some(8), "    v = a[b]\n        ~^^^\n"),
        // trick_multi_nonascii_bytes
        ("def f(a, b):\n    raise ValueError\nx = f('ééééé',  \n      2)\n", 3, Some(4), Some(4), Some(8), "    x = f('ééééé',  \n        ^^^^^^^^^^^^\n"),
        // wide_whole_binop
        ("未 + 'a'\n", 1, Some(1), Some(0), Some(7), "    未 + 'a'\n    ^^^^^^\n"),
        // attr_method_multiline
        ("class K:\n    def m(self):\n        raise ValueError\nk = K()\nv = (k\n     .m())\n", 6, Some(6), Some(6), Some(9), "    .m())\n     ^^^\n"),
        // call_multiline_start_line
        ("def f(*a):\n    raise ValueError\nv = f(\n    1,\n    2,\n)\n", 3, Some(6), Some(4), Some(1), "    v = f(\n        ^^\n"),
        // subscript_slice_steps
        ("a = 5\nb = a[::2]\n", 2, Some(2), Some(4), Some(10), "    b = a[::2]\n        ~^^^^^\n"),
        // subscript_whitespace_inside
        ("a = []\nb = a[ 1 , ]\n", 2, Some(2), Some(4), Some(12), "    b = a[ 1 , ]\n        ~^^^^^^^\n"),
        // binop_paren_right
        ("a = 's'\nb = 1\nv = a + (b)\n", 3, Some(3), Some(4), Some(11), "    v = a + (b)\n        ~~^~~~~\n"),
        // binop_str_concat_implicit
        ("v = 'a' 'b' + 1\n", 1, Some(1), Some(4), Some(15), "    v = 'a' 'b' + 1\n        ~~~~~~~~^~~\n"),
        // binop_tuple_left
        ("v = (1, 2) + 3\n", 1, Some(1), Some(4), Some(14), "    v = (1, 2) + 3\n        ~~~~~~~^~~\n"),
        // binop_genexp_left
        ("v = (x for x in []) + 3\n", 1, Some(1), Some(4), Some(23), "    v = (x for x in []) + 3\n        ~~~~~~~~~~~~~~~~^~~\n"),
        // binop_list_left
        ("v = [1, 2] - 3\n", 1, Some(1), Some(4), Some(14), "    v = [1, 2] - 3\n        ~~~~~~~^~~\n"),
        // binop_neg_right
        ("a = 's'\nv = a+-1\n", 2, Some(2), Some(4), Some(8), "    v = a+-1\n        ~^~~\n"),
        // binop_call_left_paren
        ("def f():\n    return 's'\nv = (f())+1\n", 3, Some(3), Some(4), Some(11), "    v = (f())+1\n        ~~~~~^~\n"),
        // binop_nested_paren_left
        ("a = 's'\nv = ((a) )+1\n", 2, Some(2), Some(4), Some(12), "    v = ((a) )+1\n        ~~~~~~^~\n"),
        // binop_mod
        ("v = 1 % 0\n", 1, Some(1), Some(4), Some(9), "    v = 1 % 0\n        ~~^~~\n"),
        // binop_bitand
        ("v = 1.0 & 2\n", 1, Some(1), Some(4), Some(11), "    v = 1.0 & 2\n        ~~~~^~~\n"),
        // subscript_value_call_args
        ("def f(x):\n    return {}\nv = f([1])[2]\n", 3, Some(3), Some(4), Some(13), "    v = f([1])[2]\n        ~~~~~~^^^\n"),
        // subscript_nested_slices
        ("a = [[1]]\nv = a[0][5]\n", 2, Some(2), Some(4), Some(11), "    v = a[0][5]\n        ~~~~^^^\n"),
        // percent_s_format
        ("class K:\n    def __str__(self):\n        raise ValueError\ns = '%s' % (K(),)\n", 4, Some(4), Some(12), Some(15), "    s = '%s' % (K(),)\n                ^^^\n"),
        // percent_s_format2
        ("class K:\n    def __str__(self):\n        raise ValueError\nk = K()\ns = 'a%sb' % (k,)\n", 5, Some(5), Some(14), Some(15), "    s = 'a%sb' % (k,)\n                  ^\n"),
        // percent_d_format
        ("x = 'a'\ns = '%d' % (x,)\n", 2, Some(2), Some(4), Some(15), "    s = '%d' % (x,)\n        ~~~~~^~~~~~\n"),
        // percent_too_few
        ("x = 'a'\ns = '%s %s' % (x,)\n", 2, Some(2), Some(4), Some(18), "    s = '%s %s' % (x,)\n        ~~~~~~~~^~~~~~\n"),
        // fold_0
        ("x = 'ab' * 3\n", 1, Some(1), Some(4), Some(12), "    x = 'ab' * 3\n        ^^^^^^^^\n"),
        // fold_1
        ("x = 'ab' * -1\n", 1, Some(1), Some(4), Some(13), "    x = 'ab' * -1\n        ~~~~~^~~~\n"),
        // fold_2
        ("x = (1, 2) * 300\n", 1, Some(1), Some(4), Some(16), "    x = (1, 2) * 300\n        ~~~~~~~^~~~~\n"),
        // fold_3
        ("x = (1, 2) * 3\n", 1, Some(1), Some(4), Some(14), "    x = (1, 2) * 3\n        ^^^^^^^^^^\n"),
        // fold_4
        ("x = 2 ** 200\n", 1, Some(1), Some(4), Some(12), "    x = 2 ** 200\n        ~~^^~~~~\n"),
        // fold_5
        ("x = 2 ** 10\n", 1, Some(1), Some(4), Some(11), "    x = 2 ** 10\n        ^^^^^^^\n"),
        // fold_6
        ("x = 1 << 200\n", 1, Some(1), Some(4), Some(12), "    x = 1 << 200\n        ~~^^~~~~\n"),
        // fold_7
        ("x = 1 << 3\n", 1, Some(1), Some(4), Some(10), "    x = 1 << 3\n        ^^^^^^\n"),
        // fold_8
        ("x = -1 + 2\n", 1, Some(1), Some(4), Some(10), "    x = -1 + 2\n        ^^^^^^\n"),
        // fold_9
        ("x = __debug__ + 1\n", 1, Some(1), Some(4), Some(17), "    x = __debug__ + 1\n        ^^^^^^^^^^^^^\n"),
        // fold_10
        ("x = 'a' % 1\n", 1, Some(1), Some(4), Some(11), "    x = 'a' % 1\n        ~~~~^~~\n"),
        // fold_11
        ("x = 1.5 % 0\n", 1, Some(1), Some(4), Some(11), "    x = 1.5 % 0\n        ~~~~^~~\n"),
        // fold_12
        ("x = 10.0 ** 400\n", 1, Some(1), Some(4), Some(15), "    x = 10.0 ** 400\n        ~~~~~^^~~~~\n"),
        // fold_13
        ("x = 2.0 ** 0.5\n", 1, Some(1), Some(4), Some(14), "    x = 2.0 ** 0.5\n        ^^^^^^^^^^\n"),
        // fold_14
        ("x = 'abc'[1]\n", 1, Some(1), Some(4), Some(12), "    x = 'abc'[1]\n        ^^^^^^^^\n"),
        // fold_15
        ("x = 'abc'[5]\n", 1, Some(1), Some(4), Some(12), "    x = 'abc'[5]\n        ~~~~~^^^\n"),
        // fold_16
        ("x = (1, 2)[True]\n", 1, Some(1), Some(4), Some(16), "    x = (1, 2)[True]\n        ^^^^^^^^^^^^\n"),
        // fold_17
        ("x = b'ab' + b'c'\n", 1, Some(1), Some(4), Some(16), "    x = b'ab' + b'c'\n        ^^^^^^^^^^^^\n"),
        // fold_18
        ("x = (1, 2) + (3,)\n", 1, Some(1), Some(4), Some(17), "    x = (1, 2) + (3,)\n        ^^^^^^^^^^^^^\n"),
        // fold_19
        ("x = 1 / 2\n", 1, Some(1), Some(4), Some(9), "    x = 1 / 2\n        ^^^^^\n"),
        // fold_20
        ("x = 1 // 0\n", 1, Some(1), Some(4), Some(10), "    x = 1 // 0\n        ~~^^~~\n"),
        // fold_21
        ("x = 7 // 2 - 3\n", 1, Some(1), Some(4), Some(14), "    x = 7 // 2 - 3\n        ^^^^^^^^^^\n"),
        // fold_22
        ("x = not 1 + 1\n", 1, Some(1), Some(4), Some(13), "    x = not 1 + 1\n        ^^^^^^^^^\n"),
        // fold_23
        ("x = ~5 & 3\n", 1, Some(1), Some(4), Some(10), "    x = ~5 & 3\n        ^^^^^^\n"),
        // fold_24
        ("x = 'a' + 'b' * 2\n", 1, Some(1), Some(4), Some(17), "    x = 'a' + 'b' * 2\n        ^^^^^^^^^^^^^\n"),
        // fold_25
        ("x = (1, x) + (2,)\n", 1, Some(1), Some(4), Some(17), "    x = (1, x) + (2,)\n        ~~~~~~~^~~~~~\n"),
        // fold_26
        ("x = -(1 + 2) * 3\n", 1, Some(1), Some(4), Some(16), "    x = -(1 + 2) * 3\n        ^^^^^^^^^^^^\n"),
        // fold_27
        ("x = (-8) ** 0.5\n", 1, Some(1), Some(4), Some(15), "    x = (-8) ** 0.5\n        ^^^^^^^^^^^\n"),
        // fold_28
        ("x = 1 >> -1\n", 1, Some(1), Some(4), Some(11), "    x = 1 >> -1\n        ~~^^~~~\n"),
        // fold_29
        ("x = 5 - True\n", 1, Some(1), Some(4), Some(12), "    x = 5 - True\n        ^^^^^^^^\n"),
        // fold_30
        ("x = 'x' * 5000\n", 1, Some(1), Some(4), Some(14), "    x = 'x' * 5000\n        ~~~~^~~~~~\n"),
        // fold_31
        ("x = 'x' * 4096\n", 1, Some(1), Some(4), Some(14), "    x = 'x' * 4096\n        ^^^^^^^^^^\n"),
        // fold_32
        ("x = 'xy' * 2048\n", 1, Some(1), Some(4), Some(15), "    x = 'xy' * 2048\n        ^^^^^^^^^^^\n"),
        // fold_33
        ("x = 'xy' * 2049\n", 1, Some(1), Some(4), Some(15), "    x = 'xy' * 2049\n        ~~~~~^~~~~~\n"),
        // fold_34
        ("x = 1.0 & 1\n", 1, Some(1), Some(4), Some(11), "    x = 1.0 & 1\n        ~~~~^~~\n"),
        // fold_35
        ("x = 0 ** -1\n", 1, Some(1), Some(4), Some(11), "    x = 0 ** -1\n        ~~^^~~~\n"),
        // fold_36
        ("x = 2 ** -1\n", 1, Some(1), Some(4), Some(11), "    x = 2 ** -1\n        ^^^^^^^\n"),
        // fold_37
        ("x = (1, (2, 3)) * 200\n", 1, Some(1), Some(4), Some(21), "    x = (1, (2, 3)) * 200\n        ~~~~~~~~~~~~^~~~~\n"),
        // fold_38
        ("x = ((1,),) * 2\n", 1, Some(1), Some(4), Some(15), "    x = ((1,),) * 2\n        ^^^^^^^^^^^\n"),
        // fold_39
        ("x = 'abc'[-1]\n", 1, Some(1), Some(4), Some(13), "    x = 'abc'[-1]\n        ^^^^^^^^^\n"),
        // fold_40
        ("x = 'abc'[1.0]\n", 1, Some(1), Some(4), Some(14), "    x = 'abc'[1.0]\n        ~~~~~^^^^^\n"),
        // fold_41
        ("x = None + 1\n", 1, Some(1), Some(4), Some(12), "    x = None + 1\n        ~~~~~^~~\n"),
        // fold_42
        ("x = ... + 1\n", 1, Some(1), Some(4), Some(11), "    x = ... + 1\n        ~~~~^~~\n"),
        // fold_43
        ("x = (1, 2)[0:1]\n", 1, Some(1), Some(4), Some(15), "    x = (1, 2)[0:1]\n        ~~~~~~^^^^^\n"),
        // fold_44
        ("x = b'a'[0] + 1\n", 1, Some(1), Some(4), Some(15), "    x = b'a'[0] + 1\n        ^^^^^^^^^^^\n"),
        // fold_45
        ("x = 'é' * 3\n", 1, Some(1), Some(4), Some(12), "    x = 'é' * 3\n        ^^^^^^^\n"),
        // fold_46
        ("x = 2 ** 64 * 2 ** 64\n", 1, Some(1), Some(4), Some(21), "    x = 2 ** 64 * 2 ** 64\n        ~~~~~~~~^~~~~~~~~\n"),
        // fold_47
        ("x = 2 ** 63 * 2 ** 64\n", 1, Some(1), Some(4), Some(21), "    x = 2 ** 63 * 2 ** 64\n        ~~~~~~~~^~~~~~~~~\n"),
        // nest_199
        ("x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n", 1, Some(1), Some(4), Some(407), "    x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~^~~\n"),
        // nest_200
        ("x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n", 1, Some(1), Some(4), Some(409), "    x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~^~~\n"),
        // nest_201
        ("x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n", 1, Some(1), Some(4), Some(411), "    x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) + b\n        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"),
        // nest_fstring
        ("x = f'{((((1))))}' + 1\n", 1, Some(1), Some(4), Some(22), "    x = f'{((((1))))}' + 1\n        ~~~~~~~~~~~~~~~^~~\n"),
    ];

    #[test]
    fn matches_cpython_3_11() {
        for (i, &(text, lineno, end_lineno, col, end_col, expected)) in CASES.iter().enumerate() {
            let lines: Vec<&str> = text.lines().collect();
            let got = format_source_line(&lines, lineno, end_lineno, col, end_col);
            assert_eq!(
                got, expected,
                "case {i}: {text:?} {lineno} {end_lineno:?} {col:?} {end_col:?}"
            );
        }
    }

    #[test]
    fn never_panics() {
        let lines = [
            "",
            "   ",
            "\t\u{c} x = a + b",
            "é日本語 = (a)[1] + 'ü' ** 2",
            "x = f(1,\t ",
            "a\0b + c",
            "(((((((((1)))))))))",
            "𝔘𝔫𝔦 + 1 # 😀",
        ];
        let offsets = [
            None,
            Some(0),
            Some(1),
            Some(2),
            Some(3),
            Some(5),
            Some(7),
            Some(40),
            Some(usize::MAX),
        ];
        for lineno in 0..=lines.len() + 1 {
            for end_lineno in [
                None,
                Some(0),
                Some(lineno),
                Some(lineno + 1),
                Some(usize::MAX),
            ] {
                for col in offsets {
                    for end_col in offsets {
                        let out = format_source_line(&lines, lineno, end_lineno, col, end_col);
                        assert_eq!(out.is_empty(), !(1..=lines.len()).contains(&lineno));
                    }
                }
            }
        }
    }

    #[test]
    fn deep_or_long_segments_are_bounded() {
        for text in [
            format!("x = {}1 + a", "-".repeat(50_000)),
            format!("x = a{}", "+a".repeat(50_000)),
            format!("x = {}1{} + a", "(".repeat(5_000), ")".repeat(5_000)),
            format!("x = {}a", "not ".repeat(2_400)),
            format!("x = 1{}", "+1".repeat(4_990)),
        ] {
            let out = format_source_line(&[&text], 1, Some(1), Some(4), Some(text.len()));
            assert!(out.starts_with("    x = "));
        }
    }
}
