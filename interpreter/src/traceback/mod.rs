//! The default excepthook of CPython 3.11 (`PyErr_Display`): chained exceptions, traceback
//! entries with source lines and carets, `[Previous line repeated N more times]`, SyntaxError
//! display and "Did you mean" suggestions.
//!
//! Invariants:
//! - Chains are walked iteratively (cause before context, each exception printed once), so a
//!   long chain cannot overflow the Rust stack.
//! - Only the last 1000 traceback entries are printed (`PyTraceBack_LIMIT`), and runs of more
//!   than 3 identical (file, line, name) entries collapse as `tb_printinternal` does.

pub mod carets;
pub mod suggest;

use std::rc::Rc;

use crate::objects::exception::Traceback;
use crate::objects::types::exc_ty;
use crate::objects::{ExcObj, ExcType, Value};
use crate::vm::Vm;

const TB_RECURSIVE_CUTOFF: usize = 3;
const TB_LIMIT: usize = 1000;

/// Formats `exc` (with its chain) exactly as 3.11's default excepthook prints it.
pub fn format_exception(vm: &mut Vm, exc: &Rc<ExcObj>) -> String {
    // Build the chain oldest-first.
    let mut chain: Vec<(Rc<ExcObj>, &'static str)> = Vec::new();
    let mut seen: Vec<*const ExcObj> = Vec::new();
    let mut cur = Some(exc.clone());
    let mut link = "";
    while let Some(e) = cur.take() {
        seen.push(Rc::as_ptr(&e));
        let cause = e.cause.borrow().clone();
        let context = e.context.borrow().clone();
        chain.push((e.clone(), link));
        match (cause, context) {
            (Value::Exception(c), _) if !seen.contains(&Rc::as_ptr(&c)) => {
                link = "\nThe above exception was the direct cause of the following exception:\n\n";
                cur = Some(c);
            }
            (_, Value::Exception(c))
                if !e.suppress_context.get() && !seen.contains(&Rc::as_ptr(&c)) =>
            {
                link = "\nDuring handling of the above exception, another exception occurred:\n\n";
                cur = Some(c);
            }
            _ => {}
        }
    }
    let mut out = String::new();
    for i in (0..chain.len()).rev() {
        let (e, _) = &chain[i];
        out.push_str(&format_single(vm, e));
        if i > 0 {
            // chain[i].1 says how chain[i - 1] (newer) relates to chain[i].
            out.push_str(chain[i].1);
        }
    }
    out
}

/// Formats `exc` as 3.11's default unraisable hook (`write_unraisable_exc_file`) does: its
/// own traceback only (no chain, no "Did you mean"), and ": " even before an empty message.
pub fn format_unraisable(vm: &mut Vm, e: &Rc<ExcObj>) -> String {
    let mut out = String::new();
    if let Some(tb) = e.traceback.borrow().clone() {
        out.push_str("Traceback (most recent call last):\n");
        format_tb(vm, &tb, &mut out);
    }
    out.push_str(&type_display_name(e));
    out.push_str(": ");
    match vm.str(&Value::Exception(e.clone())) {
        Ok(msg) => out.push_str(&msg),
        Err(_) => out.push_str("<exception str() failed>"),
    }
    out.push('\n');
    out
}

fn format_single(vm: &mut Vm, e: &Rc<ExcObj>) -> String {
    let mut out = String::new();
    let tb = e.traceback.borrow().clone();
    if let Some(tb) = &tb {
        out.push_str("Traceback (most recent call last):\n");
        format_tb(vm, tb, &mut out);
    }
    if e.is(ExcType::SyntaxError) {
        out.push_str(&format_syntax_error(vm, e));
        return out;
    }
    out.push_str(&type_display_name(e));
    let msg = vm
        .str(&Value::Exception(e.clone()))
        .unwrap_or_else(|_| "<exception str() failed>".into());
    if !msg.is_empty() {
        out.push_str(": ");
        out.push_str(&msg);
    }
    if let Some(s) = suggestion(vm, e, tb.as_ref()) {
        out.push_str(&format!(". Did you mean: {}?", crate::numfmt::str_repr(&s)));
    }
    out.push('\n');
    out
}

fn type_display_name(e: &ExcObj) -> String {
    let m = e.cls.module_name();
    let m = &*m;
    if m == "builtins" || m == "__main__" {
        e.cls.qualname.to_string()
    } else {
        format!("{m}.{}", e.cls.qualname)
    }
}

/// Prints traceback entries (tb_printinternal).
pub fn format_tb(vm: &mut Vm, tb: &Rc<Traceback>, out: &mut String) {
    let mut entries: Vec<Rc<Traceback>> = Vec::new();
    let mut cur = Some(tb.clone());
    while let Some(t) = cur {
        cur = t.next.clone();
        entries.push(t);
    }
    let skip = entries.len().saturating_sub(TB_LIMIT);
    let mut last: Option<(Rc<str>, Option<u32>, Rc<str>)> = None;
    let mut cnt = 0usize;
    for t in entries.iter().skip(skip) {
        let code = &t.frame.code;
        let key = (code.filename.clone(), t.lineno, code.name.clone());
        if last.as_ref() != Some(&key) {
            if cnt > TB_RECURSIVE_CUTOFF {
                push_repeated(out, cnt);
            }
            last = Some(key);
            cnt = 0;
        }
        cnt += 1;
        if cnt <= TB_RECURSIVE_CUTOFF {
            let line = t.lineno.map_or("None".to_string(), |l| l.to_string());
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                code.filename, line, code.name
            ));
            // The line shown is tb_lineno's; the carets come from tb_lasti's position (they
            // differ only for a traceback built by `types.TracebackType(...)`).
            let lines = if vm.exiting {
                None
            } else {
                vm.source_lines(&code.filename)
            };
            if let (Some(lines), Some(pos), Some(lineno)) =
                (lines, code.positions.get(t.lasti), t.lineno)
            {
                if pos.line > 0 {
                    let refs: Vec<&str> = lines.iter().map(|s| s.as_str()).collect();
                    let col = (pos.col != crate::bytecode::NO_COL).then_some(pos.col as usize);
                    let end_col =
                        (pos.end_col != crate::bytecode::NO_COL).then_some(pos.end_col as usize);
                    let end_line = lineno as usize + pos.end_line.saturating_sub(pos.line) as usize;
                    out.push_str(&carets::format_source_line(
                        &refs,
                        lineno as usize,
                        Some(end_line),
                        col,
                        end_col,
                    ));
                }
            }
        }
    }
    if cnt > TB_RECURSIVE_CUTOFF {
        push_repeated(out, cnt);
    }
}

fn push_repeated(out: &mut String, cnt: usize) {
    let n = cnt - TB_RECURSIVE_CUTOFF;
    out.push_str(&format!(
        "  [Previous line repeated {} more time{}]\n",
        n,
        if n > 1 { "s" } else { "" }
    ));
}

/// SyntaxError display: file/line header, the line, carets, `SyntaxError: msg`.
fn format_syntax_error(vm: &mut Vm, e: &Rc<ExcObj>) -> String {
    let get = |n: &str| e.get_attr(n).unwrap_or(Value::None);
    let msg = match get("msg") {
        Value::Str(s) => s.to_string(),
        _ => vm.str(&Value::Exception(e.clone())).unwrap_or_default(),
    };
    let mut out = String::new();
    let filename = match get("filename") {
        Value::Str(s) => s.to_string(),
        _ => "<string>".into(),
    };
    if let Value::Int(lineno) = get("lineno") {
        out.push_str(&format!("  File \"{filename}\", line {lineno}\n"));
        if let Value::Str(text) = get("text") {
            // print_error_text: strip leading whitespace, adjust offsets (1-based, in chars).
            let line = text.split('\n').next().unwrap_or("").to_string();
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            let lead = line.chars().count() - stripped.chars().count();
            let shown = stripped.trim_end_matches(['\n', '\r']);
            out.push_str(&format!("    {shown}\n"));
            // parse_syntax_error reads end_offset of SyntaxError itself only (a subclass,
            // e.g. IndentationError, gets one caret); no caret left of the text.
            let exact = Rc::ptr_eq(&e.cls, &exc_ty(ExcType::SyntaxError));
            let offset = match get("offset") {
                Value::Int(o) if o - 1 - (lead as i64) >= 0 => Some(o),
                _ => None,
            };
            if let Some(offset) = offset {
                let end = match get("end_offset") {
                    Value::Int(x) if x > offset && exact => x,
                    _ => offset + 1,
                };
                let len = shown.chars().count() as i64;
                let start = (offset - 1 - lead as i64).clamp(0, len);
                let width = (end - offset).min(len - start + 1).max(1);
                out.push_str(&format!(
                    "    {}{}\n",
                    " ".repeat(start as usize),
                    "^".repeat(width as usize)
                ));
            }
        }
    }
    let name = type_display_name(e);
    out.push_str(&format!("{name}: {msg}\n"));
    out
}

/// 3.11's `_Py_Offer_Suggestions` for NameError and AttributeError.
fn suggestion(vm: &mut Vm, e: &Rc<ExcObj>, tb: Option<&Rc<Traceback>>) -> Option<String> {
    let exact = |t: ExcType| Rc::ptr_eq(&e.cls, &exc_ty(t));
    let Some(Value::Str(name)) = e.get_attr("name") else {
        return None;
    };
    if exact(ExcType::NameError) {
        let mut t = tb?.clone();
        while let Some(n) = t.next.clone() {
            t = n;
        }
        let code = t.frame.code.clone();
        let varnames: Vec<&str> = if code.uses_name_locals {
            Vec::new()
        } else {
            code.varnames.iter().map(|s| &**s).collect()
        };
        if let Some(s) = suggest::best_match(&name, &varnames) {
            return Some(s);
        }
        let globals: Vec<String> = t
            .frame
            .globals
            .borrow()
            .keys()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect();
        let g: Vec<&str> = globals.iter().map(|s| s.as_str()).collect();
        if let Some(s) = suggest::best_match(&name, &g) {
            return Some(s);
        }
        let builtins: Vec<String> = t
            .frame
            .builtins
            .borrow()
            .keys()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect();
        let b: Vec<&str> = builtins.iter().map(|s| s.as_str()).collect();
        return suggest::best_match(&name, &b);
    }
    if exact(ExcType::AttributeError) {
        let obj = e.get_attr("obj")?;
        let names = crate::builtins::dir_names(vm, &obj)?;
        let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        return suggest::best_match(&name, &refs);
    }
    None
}
