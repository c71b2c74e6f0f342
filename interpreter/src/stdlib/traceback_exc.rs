//! `traceback.TracebackException`: an exception with its chain captured as stack summaries
//! and strings, formatted with the text of 3.11's `traceback.py`.
//!
//! Invariants:
//! - The chain is built with a queue and a set of seen exceptions (each exception once, cycles
//!   cut), `__cause__` first, `__context__` only when not suppressed in compact mode; nested
//!   TracebackExceptions are instances of the base class, as in CPython.
//! - `format()` and `format_exception_only()` return iterators over the lines (CPython returns
//!   generators); exception groups are reported unsupported.

use std::rc::Rc;

use super::native::{self, bind, Sig};
use super::traceback_mod::{format_of, print_items, str_list, strings, tb_entries};
use super::traceback_summary as summary;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::types::exc_ty;
use crate::objects::{ExcType, TypeObj, Value};
use crate::vm::Vm;

const CAUSE: &str = "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT: &str = "\nDuring handling of the above exception, another exception occurred:\n\n";

// ---- TracebackException -------------------------------------------------------------------

struct TeOpts {
    limit: Value,
    lookup_lines: bool,
    capture_locals: bool,
    compact: bool,
    max_group_width: Value,
    max_group_depth: Value,
}

pub(super) fn te_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let b = bind(
        &args,
        &Sig {
            name: "TracebackException.__init__",
            pos: &["self", "exc_type", "exc_value", "exc_traceback"],
            posonly: 0,
            required: 4,
            kwonly: &[
                "limit",
                "lookup_lines",
                "capture_locals",
                "compact",
                "max_group_width",
                "max_group_depth",
                "_seen",
            ],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    if !b.or_none(10).is_none() {
        return Err(PyErr::unsupported("TracebackException(_seen=...)"));
    }
    let flag = |vm: &mut Vm, i: usize, d: bool| match b.get(i) {
        Some(v) => vm.truthy(v),
        None => Ok(d),
    };
    let opts = TeOpts {
        limit: b.or_none(4),
        lookup_lines: flag(vm, 5, true)?,
        capture_locals: flag(vm, 6, false)?,
        compact: flag(vm, 7, false)?,
        max_group_width: b.slots[8].clone().unwrap_or(Value::Int(15)),
        max_group_depth: b.slots[9].clone().unwrap_or(Value::Int(10)),
    };
    let mut seen = Vec::new();
    let (t, v, tb) = (b.or_none(1), b.or_none(2), b.or_none(3));
    init_one(vm, &me, t, v.clone(), tb, &opts, &mut seen)?;
    // Convert __cause__ and __context__ with a queue (only the top-level call does this).
    let cls = summary::class(vm, "TracebackException")?;
    let Value::Type(cls) = cls else {
        return Err(PyErr::type_error("TracebackException is not a class"));
    };
    let mut queue = vec![(me.clone(), v)];
    while let Some((te, e)) = queue.pop() {
        let truthy = vm.truthy(&e)?;
        let cause_v = if truthy {
            vm.getattr(&e, "__cause__")?
        } else {
            Value::None
        };
        let cause = if truthy && !cause_v.is_none() && !seen.contains(&cause_v.id()) {
            let t = new_te(vm, &cls, &cause_v, &opts, &mut seen)?;
            Some(t)
        } else {
            None
        };
        let need_context = if opts.compact {
            let suppress = if e.is_none() {
                true
            } else {
                let s = vm.getattr(&e, "__suppress_context__")?;
                vm.truthy(&s)?
            };
            cause.is_none() && !e.is_none() && !suppress
        } else {
            true
        };
        let ctx_v = if truthy {
            vm.getattr(&e, "__context__")?
        } else {
            Value::None
        };
        let context = if truthy && !ctx_v.is_none() && need_context && !seen.contains(&ctx_v.id()) {
            Some(new_te(vm, &cls, &ctx_v, &opts, &mut seen)?)
        } else {
            None
        };
        if native::is_instance(&e, &exc_ty(ExcType::BaseExceptionGroup)) {
            return Err(PyErr::unsupported(
                "traceback formatting of exception groups",
            ));
        }
        vm.setattr(&te, "__cause__", cause.clone().unwrap_or(Value::None))?;
        vm.setattr(&te, "__context__", context.clone().unwrap_or(Value::None))?;
        vm.setattr(&te, "exceptions", Value::None)?;
        if let Some(c) = cause {
            queue.push((c, cause_v));
        }
        if let Some(c) = context {
            queue.push((c, ctx_v));
        }
    }
    Ok(Value::None)
}

fn new_te(
    vm: &mut Vm,
    cls: &Rc<TypeObj>,
    e: &Value,
    opts: &TeOpts,
    seen: &mut Vec<usize>,
) -> PyResult<Value> {
    let te = Value::Instance(native::new_instance(cls));
    let tb = vm.getattr(e, "__traceback__")?;
    init_one(
        vm,
        &te,
        Value::Type(e.type_obj()),
        e.clone(),
        tb,
        opts,
        seen,
    )?;
    Ok(te)
}

/// The part of `TracebackException.__init__` run for every exception of a chain.
fn init_one(
    vm: &mut Vm,
    me: &Value,
    exc_type: Value,
    exc_value: Value,
    tb: Value,
    opts: &TeOpts,
    seen: &mut Vec<usize>,
) -> PyResult<()> {
    seen.push(exc_value.id());
    vm.setattr(me, "max_group_width", opts.max_group_width.clone())?;
    vm.setattr(me, "max_group_depth", opts.max_group_depth.clone())?;
    let entries = tb_entries(vm, &tb)?;
    let ss = summary::class(vm, "StackSummary")?;
    let stack = summary::extract_entries(
        vm,
        &ss,
        entries,
        &opts.limit,
        opts.lookup_lines,
        opts.capture_locals,
    )?;
    vm.setattr(me, "stack", stack)?;
    vm.setattr(me, "exc_type", exc_type.clone())?;
    let s = safe_str(vm, &exc_value, "exception")?;
    vm.setattr(me, "_str", Value::str(&s))?;
    let notes = vm
        .getattr_opt(&exc_value, "__notes__")?
        .unwrap_or(Value::None);
    vm.setattr(me, "__notes__", notes)?;
    if is_syntax_error(&exc_type) {
        // Only SyntaxErrors raised by pyref's compiler carry these attributes.
        let get = |vm: &mut Vm, n: &str| -> PyResult<Value> {
            vm.getattr_opt(&exc_value, n)?.ok_or_else(|| {
                PyErr::unsupported(format!(
                    "attribute '{n}' of a SyntaxError not raised by the compiler"
                ))
            })
        };
        let filename = get(vm, "filename")?;
        vm.setattr(me, "filename", filename)?;
        for n in ["lineno", "end_lineno"] {
            let l = get(vm, n)?;
            let l = if l.is_none() {
                l
            } else {
                Value::str(&vm.str(&l)?)
            };
            vm.setattr(me, n, l)?;
        }
        for n in ["text", "offset", "end_offset", "msg"] {
            let v = get(vm, n)?;
            vm.setattr(me, n, v)?;
        }
    }
    if opts.lookup_lines {
        te_load_lines(vm, Args::positional(vec![me.clone()]))?;
    }
    let suppress = if exc_value.is_none() {
        Value::Bool(crate::objects::PyBool::FALSE)
    } else {
        vm.getattr(&exc_value, "__suppress_context__")?
    };
    vm.setattr(me, "__suppress_context__", suppress)
}

fn is_syntax_error(t: &Value) -> bool {
    matches!(t, Value::Type(t) if t.is_subclass(&exc_ty(ExcType::SyntaxError)))
}

/// `_safe_string(value, what)`.
fn safe_str(vm: &mut Vm, v: &Value, what: &str) -> PyResult<String> {
    match vm.str(v) {
        Ok(s) => Ok(s),
        Err(PyErr::Exc(_)) => Ok(format!("<{what} str() failed>")),
        Err(e) => Err(e),
    }
}

pub(super) fn te_from_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(exc) = args.pos().get(1).cloned() else {
        return Err(PyErr::type_error(
            "TracebackException.from_exception() missing 1 required positional argument: 'exc'",
        ));
    };
    let cls = args.values[0].clone();
    let tb = vm.getattr(&exc, "__traceback__")?;
    let mut values: smallvec::SmallVec<[Value; 6]> =
        smallvec::smallvec![Value::Type(exc.type_obj()), exc, tb];
    values.extend(args.values[2..].iter().cloned());
    vm.call_args(
        &cls,
        Args {
            values,
            kwnames: args.kwnames.clone(),
        },
    )
}

pub(super) fn te_load_lines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let stack = vm.getattr(&args.values[0], "stack")?;
    let it = vm.get_iter(&stack)?;
    while let Some(fs) = vm.next(&it)? {
        vm.getattr(&fs, "line")?;
    }
    Ok(Value::None)
}

pub(super) fn te_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    let Value::Type(cls) = summary::class(vm, "TracebackException")? else {
        return Ok(Value::NotImplemented);
    };
    if !native::is_instance(&other, &cls) {
        return Ok(Value::NotImplemented);
    }
    let a = vm.getattr(&args.values[0], "__dict__")?;
    let b = vm.getattr(&other, "__dict__")?;
    Ok(Value::Bool(crate::objects::PyBool::from(vm.eq(&a, &b)?)))
}

pub(super) fn te_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.getattr(&args.values[0], "_str")
}

fn final_exc_line(vm: &mut Vm, etype: &str, value: &Value) -> PyResult<String> {
    let s = safe_str(vm, value, "exception")?;
    Ok(if value.is_none() || s.is_empty() {
        format!("{etype}\n")
    } else {
        format!("{etype}: {s}\n")
    })
}

fn exception_only_lines(vm: &mut Vm, me: &Value) -> PyResult<Vec<String>> {
    let exc_type = vm.getattr(me, "exc_type")?;
    let s = vm.getattr(me, "_str")?;
    if exc_type.is_none() {
        return Ok(vec![final_exc_line(vm, "None", &s)?]);
    }
    let q = vm.getattr(&exc_type, "__qualname__")?;
    let mut stype = vm.str(&q)?;
    let smod = vm.getattr(&exc_type, "__module__")?;
    let smod_s = match &smod {
        Value::Str(m) => m.to_string(),
        _ => "<unknown>".to_string(),
    };
    if smod_s != "__main__" && smod_s != "builtins" {
        stype = format!("{smod_s}.{stype}");
    }
    let Value::Type(_) = exc_type else {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    };
    let mut out = if is_syntax_error(&exc_type) {
        syntax_error_lines(vm, me, &stype)?
    } else {
        vec![final_exc_line(vm, &stype, &s)?]
    };
    let notes = vm.getattr(me, "__notes__")?;
    match &notes {
        Value::None => {}
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) => {
            for note in vm.collect_iterable_for_unpack(&notes)? {
                let n = safe_str(vm, &note, "note")?;
                out.extend(n.split('\n').map(|l| format!("{l}\n")));
            }
        }
        other => out.push(match vm.repr(other) {
            Ok(r) => r,
            Err(PyErr::Exc(_)) => "<__notes__ repr() failed>".to_string(),
            Err(e) => return Err(e),
        }),
    }
    Ok(out)
}

fn syntax_error_lines(vm: &mut Vm, me: &Value, stype: &str) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    let lineno = vm.getattr(me, "lineno")?;
    let filename = vm.getattr(me, "filename")?;
    let mut suffix = String::new();
    if !lineno.is_none() {
        let f = if vm.truthy(&filename)? {
            vm.str(&filename)?
        } else {
            "<string>".to_string()
        };
        out.push(format!("  File \"{f}\", line {}\n", vm.str(&lineno)?));
    } else if !filename.is_none() {
        suffix = format!(" ({})", vm.str(&filename)?);
    }
    if let Value::Str(text) = vm.getattr(me, "text")? {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        out.push(format!("    {ltext}\n"));
        let offset = vm.getattr(me, "offset")?;
        if !offset.is_none() {
            let offset = vm.index_of(&offset)?;
            let end = vm.getattr(me, "end_offset")?;
            let mut end_offset = match end {
                Value::None => offset,
                v => match vm.index_of(&v)? {
                    0 => offset,
                    n => n,
                },
            };
            if offset == end_offset || end_offset == -1 {
                end_offset = offset + 1;
            }
            let colno = offset - 1 - spaces;
            let end_colno = end_offset - 1 - spaces;
            if colno >= 0 {
                let caretspace: String = ltext
                    .chars()
                    .take(colno as usize)
                    .map(|c| if native::py_isspace(c) { c } else { ' ' })
                    .collect();
                let n = (end_colno - colno).max(0) as usize;
                out.push(format!("    {caretspace}{}\n", "^".repeat(n)));
            }
        }
    }
    let msg = vm.getattr(me, "msg")?;
    let msg = if vm.truthy(&msg)? {
        vm.str(&msg)?
    } else {
        "<no detail available>".to_string()
    };
    out.push(format!("{stype}: {msg}{suffix}\n"));
    Ok(out)
}

pub(super) fn te_format_exception_only(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("format_exception_only", &args, 1, 1)?;
    let lines = exception_only_lines(vm, &args.values[0])?;
    vm.get_iter(&str_list(&lines))
}

fn format_lines(vm: &mut Vm, me: &Value, chain: bool) -> PyResult<Vec<String>> {
    let mut output: Vec<(Option<&str>, Value)> = Vec::new();
    if chain {
        let mut exc = me.clone();
        while vm.truthy(&exc)? {
            let cause = vm.getattr(&exc, "__cause__")?;
            let context = vm.getattr(&exc, "__context__")?;
            let (msg, next) = if !cause.is_none() {
                (Some(CAUSE), cause)
            } else {
                let sup = vm.getattr(&exc, "__suppress_context__")?;
                if !context.is_none() && !vm.truthy(&sup)? {
                    (Some(CONTEXT), context)
                } else {
                    (None, Value::None)
                }
            };
            output.push((msg, exc));
            exc = next;
        }
    } else {
        output.push((None, me.clone()));
    }
    let mut out = Vec::new();
    for (msg, exc) in output.into_iter().rev() {
        if let Some(m) = msg {
            out.push(m.to_string());
        }
        let groups = vm.getattr(&exc, "exceptions")?;
        if !groups.is_none() {
            return Err(PyErr::unsupported(
                "traceback formatting of exception groups",
            ));
        }
        let stack = vm.getattr(&exc, "stack")?;
        if vm.truthy(&stack)? {
            out.push("Traceback (most recent call last):\n".to_string());
            out.extend(format_of(vm, &stack)?);
        }
        let only = native::call_method(vm, &exc, "format_exception_only", vec![])?;
        out.extend(strings(vm, &only)?);
    }
    Ok(out)
}

fn te_chain_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(bool, Value)> {
    let b = bind(
        args,
        &Sig {
            name,
            pos: &["self"],
            posonly: 0,
            required: 1,
            kwonly: &["file", "chain", "_ctx"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    if !b.or_none(3).is_none() {
        return Err(PyErr::unsupported("TracebackException.format(_ctx=...)"));
    }
    let chain = match b.get(2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    Ok((chain, b.or_none(1)))
}

pub(super) fn te_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.kw("file").is_some() {
        return Err(PyErr::type_error(
            "TracebackException.format() got an unexpected keyword argument 'file'",
        ));
    }
    let (chain, _) = te_chain_arg(vm, &args, "TracebackException.format")?;
    let lines = format_lines(vm, &args.values[0], chain)?;
    vm.get_iter(&str_list(&lines))
}

pub(super) fn te_print(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.kw("_ctx").is_some() {
        return Err(PyErr::type_error(
            "TracebackException.print() got an unexpected keyword argument '_ctx'",
        ));
    }
    let (chain, file) = te_chain_arg(vm, &args, "TracebackException.print")?;
    let f = vm.getattr(&args.values[0], "format")?;
    let it = native::call_kw(
        vm,
        &f,
        vec![],
        vec![("chain", Value::Bool(crate::objects::PyBool::from(chain)))],
    )?;
    let lines = strings(vm, &it)?;
    print_items(vm, file, &lines)?;
    Ok(Value::None)
}
