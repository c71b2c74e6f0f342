//! Frame formatting of 3.11's pure-Python `traceback` module (`StackSummary.format` and
//! `format_frame_summary`), which differs from the default excepthook in `crate::traceback`:
//! the source line is fully stripped, carets are placed relative to the linecache line (so
//! trailing whitespace shifts them), and `_extract_caret_anchors_from_line_segment` is ported
//! with its mix of byte and character offsets.
//!
//! Invariant: a frame whose summary has no column positions (stack summaries) gets no carets;
//! runs of more than 3 identical (filename, lineno, name) entries collapse into
//! `[Previous line repeated N more times]`.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::native;
use super::traceback_summary::items;
use crate::error::PyResult;
use crate::objects::Value;
use crate::traceback::carets;
use crate::vm::Vm;

const RECURSIVE_CUTOFF: i64 = 3;

/// `_byte_offset_to_character_offset`.
fn byte_to_char(s: &str, offset: i64) -> usize {
    let b = s.as_bytes();
    let end = if offset < 0 {
        b.len().saturating_sub(offset.unsigned_abs() as usize)
    } else {
        (offset as usize).min(b.len())
    };
    String::from_utf8_lossy(&b[..end]).chars().count()
}

fn str_of(vm: &mut Vm, v: &Value) -> PyResult<String> {
    vm.format(v, "")
}

pub fn format_frame_summary(vm: &mut Vm, fs: &Value) -> PyResult<String> {
    let filename = vm.getattr(fs, "filename")?;
    let lineno = vm.getattr(fs, "lineno")?;
    let name = vm.getattr(fs, "name")?;
    let mut row = format!(
        "  File \"{}\", line {}, in {}\n",
        str_of(vm, &filename)?,
        str_of(vm, &lineno)?,
        str_of(vm, &name)?
    );
    let line = vm.getattr(fs, "line")?;
    if vm.truthy(&line)? {
        let stripped = match &line {
            Value::Str(s) => native::py_strip(s).to_string(),
            other => {
                let s = native::call_method(vm, other, "strip", vec![])?;
                vm.str(&s)?
            }
        };
        row.push_str(&format!("    {stripped}\n"));
        let orig = vm.getattr(fs, "_original_line")?;
        let colno = vm.getattr(fs, "colno")?;
        let end_colno = vm.getattr(fs, "end_colno")?;
        if let (Value::Str(orig), false, false) = (&orig, colno.is_none(), end_colno.is_none()) {
            let end_lineno = vm.getattr(fs, "end_lineno")?;
            let same_line = vm.eq(&lineno, &end_lineno)?;
            let colno = vm.index_of(&colno)?;
            let end_colno = vm.index_of(&end_colno)?;
            row.push_str(&caret_row(orig, &stripped, colno, end_colno, same_line));
        }
    }
    let locals = vm.getattr(fs, "locals")?;
    if vm.truthy(&locals)? {
        let items = native::call_method(vm, &locals, "items", vec![])?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for p in vm.collect_iterable_for_unpack(&items)? {
            let kv = vm.unpack_exact(&p, 2)?;
            pairs.push((vm.format(&kv[0], "")?, vm.format(&kv[1], "")?));
        }
        pairs.sort();
        for (k, v) in pairs {
            row.push_str(&format!("    {k} = {v}\n"));
        }
    }
    Ok(row)
}

/// The caret line of `format_frame_summary` ("" when not shown).
fn caret_row(
    line: &str,
    stripped_line: &str,
    colno: i64,
    end_colno: i64,
    same_line: bool,
) -> String {
    let n_chars = |s: &str| s.chars().count() as isize;
    let stripped_len = n_chars(stripped_line);
    let stripped_characters = n_chars(line) - stripped_len;
    let start = byte_to_char(line, colno) as isize;
    let mut end = byte_to_char(line, end_colno) as isize;
    let mut anchors = None;
    if same_line {
        let segment: String = line
            .chars()
            .skip(start.max(0) as usize)
            .take((end - start).max(0) as usize)
            .collect();
        anchors = python_anchors(&segment).map(|(l, r)| (l as isize, r as isize));
    } else {
        end = n_chars(line.trim_end_matches(native::py_isspace));
    }
    let anchored = anchors.is_some_and(|(l, r)| r - l > 0);
    if !(end - start < stripped_len || anchored) {
        return String::new();
    }
    let dp_start = carets::display_width(line, start) + 1;
    let dp_end = carets::display_width(line, end) + 1;
    let rep = |c: &str, n: isize| c.repeat(n.max(0) as usize);
    let mut row = format!("    {}", rep(" ", dp_start - stripped_characters));
    match anchors {
        Some((l, r)) => {
            let segment: String = line
                .chars()
                .skip(start.max(0) as usize)
                .take((end - start).max(0) as usize)
                .collect();
            let dl = carets::display_width(&segment, l);
            let dr = carets::display_width(&segment, r);
            row.push_str(&rep("~", dl));
            row.push_str(&rep("^", dr - dl));
            row.push_str(&rep("~", dp_end - dp_start - dr));
        }
        None => row.push_str(&rep("^", dp_end - dp_start)),
    }
    row.push('\n');
    row
}

/// `StackSummary.format()`: formatted frames with runs of identical entries collapsed.
pub fn format_summary(vm: &mut Vm, summary: &Value) -> PyResult<Vec<String>> {
    let mut result = Vec::new();
    let mut last: Option<[Value; 3]> = None;
    let mut count: i64 = 0;
    let frames = vm.collect_iterable_for_unpack(&items(summary)?)?;
    let fmt = vm.getattr(summary, "format_frame_summary")?;
    for fs in frames {
        let formatted = vm.call(&fmt, vec![fs.clone()])?;
        if formatted.is_none() {
            continue;
        }
        let key = [
            vm.getattr(&fs, "filename")?,
            vm.getattr(&fs, "lineno")?,
            vm.getattr(&fs, "name")?,
        ];
        let same = match &last {
            Some(l) => {
                let mut same = true;
                for (a, b) in l.iter().zip(key.iter()) {
                    if a.is_none() || !vm.eq(a, b)? {
                        same = false;
                        break;
                    }
                }
                same
            }
            None => false,
        };
        if !same {
            push_repeated(&mut result, count);
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count > RECURSIVE_CUTOFF {
            continue;
        }
        result.push(vm.str(&formatted)?);
    }
    push_repeated(&mut result, count);
    Ok(result)
}

fn push_repeated(result: &mut Vec<String>, count: i64) {
    if count > RECURSIVE_CUTOFF {
        let n = count - RECURSIVE_CUTOFF;
        result.push(format!(
            "  [Previous line repeated {n} more time{}]\n",
            if n > 1 { "s" } else { "" }
        ));
    }
}

/// `_extract_caret_anchors_from_line_segment` of 3.11's traceback.py: (left_end, right_start)
/// in characters of `segment` for a lone BinOp or Subscript expression. Like CPython it mixes
/// the AST's byte offsets with character indices for BinOp operators.
fn python_anchors(segment: &str) -> Option<(usize, usize)> {
    if segment.len() > MAX_SEGMENT_LEN || segment.contains('\0') {
        return None;
    }
    let parsed = ruff_python_parser::parse_module(segment).ok()?;
    if carets::bracket_depth(parsed.tokens()) > carets::MAX_BRACKET_DEPTH {
        return None;
    }
    let [Stmt::Expr(statement)] = parsed.syntax().body.as_slice() else {
        return None;
    };
    let chars: Vec<char> = segment.chars().collect();
    let normalize = |offset: usize| byte_to_char(segment, offset as i64);
    let at = |i: usize| chars.get(i).copied();
    match &*statement.value {
        Expr::BinOp(binop) => {
            let left_end = binop.left.end().to_usize();
            let op_start = normalize(left_end);
            let op_end = normalize(binop.right.start().to_usize()).max(op_start);
            let op: Vec<char> = chars[op_start..op_end.min(chars.len())].to_vec();
            let op_offset = op.iter().take_while(|c| native::py_isspace(**c)).count();
            let mut left = left_end + op_offset;
            let mut right = left + 1;
            if op_offset + 1 < op.len() && !native::py_isspace(op[op_offset + 1]) {
                right += 1;
            }
            while at(left).is_some_and(|c| native::py_isspace(c) || c == ')' || c == '#') {
                left += 1;
                right += 1;
            }
            Some((normalize(left), normalize(right)))
        }
        Expr::Subscript(sub) => {
            let mut left = normalize(sub.value.end().to_usize());
            let mut right = normalize(sub.slice.end().to_usize() + 1);
            while at(left).is_some_and(|c| c != '[') {
                left += 1;
            }
            while at(right).is_some_and(|c| c != ']') {
                right += 1;
            }
            if right < chars.len() {
                right += 1;
            }
            Some((left, right))
        }
        _ => None,
    }
}

/// Longer segments are not parsed (bounds the parser's recursion).
const MAX_SEGMENT_LEN: usize = 10_000;
