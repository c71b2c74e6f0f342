//! The `traceback` module: extracting, formatting and printing stacks and exceptions with the
//! text of CPython 3.11's pure-Python `traceback` module (`TracebackException`,
//! `StackSummary`, `FrameSummary`; see `traceback_summary` for the last two).
//!
//! Invariants:
//! - Functions that default to "the current stack" start at the caller's frame: pyref's
//!   functions add no frame of their own, which is what CPython's `sys._getframe().f_back`
//!   skipping achieves. Errors raised inside them show no `traceback.py` frame.
//! - `print_*` functions write to `sys.stderr` unless `file=` is given, one `write` per item and
//!   one for the empty `end`, as `print(item, file=file, end="")` does; `print_exc`/`format_exc`
//!   format `sys.exc_info()` ("NoneType: None" when no exception is being handled).
//! - Chains follow `__cause__`, then `__context__` unless suppressed (compact mode), each
//!   exception once; exception groups are reported unsupported.

use super::native::{self, bind, Sig};
use super::traceback_exc as exc;
use super::traceback_summary::{self as summary, Entry};
use super::{finish_module, new_module};
use crate::bytecode::NO_COL;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{TypeObj, Value};
use crate::vm::Vm;

pub fn make(_vm: &mut Vm) -> Value {
    let (m, mut d) = new_module(
        "traceback",
        &[
            ("print_list", print_list),
            ("format_list", format_list),
            ("print_tb", print_tb),
            ("format_tb", format_tb),
            ("extract_tb", extract_tb),
            ("print_exception", print_exception),
            ("format_exception", format_exception),
            ("format_exception_only", format_exception_only),
            ("print_exc", print_exc),
            ("format_exc", format_exc),
            ("print_last", print_last),
            ("print_stack", print_stack),
            ("format_stack", format_stack),
            ("extract_stack", extract_stack),
            ("walk_stack", summary::walk_stack),
            ("walk_tb", summary::walk_tb),
        ],
        "traceback",
    );
    summary::install(&mut d);
    let te = TypeObj::native_class(
        "TracebackException",
        "traceback",
        None,
        &[
            ("__init__", exc::te_init),
            ("__eq__", exc::te_eq),
            ("__str__", exc::te_str),
            ("format", exc::te_format),
            ("format_exception_only", exc::te_format_exception_only),
            ("print", exc::te_print),
            ("_load_lines", exc::te_load_lines),
        ],
        "TracebackException",
    );
    native::add_classmethod(
        &te,
        "from_exception",
        "TracebackException",
        exc::te_from_exception,
    );
    te.dict.borrow_mut().set_str("__hash__", Value::None);
    d.set_str("TracebackException", Value::Type(te));
    finish_module(m, d)
}

fn sig<'a>(name: &'a str, pos: &'a [&'a str], posonly: usize, required: usize) -> Sig<'a> {
    Sig {
        name,
        pos,
        posonly,
        required,
        kwonly: &[],
        kwonly_required: 0,
        varargs: false,
        varkw: false,
    }
}

fn stderr(vm: &mut Vm) -> PyResult<Value> {
    Ok(native::sys_attr(vm, "stderr")?.unwrap_or(Value::None))
}

pub(super) fn print_items(vm: &mut Vm, file: Value, items: &[String]) -> PyResult<()> {
    let file = if file.is_none() { stderr(vm)? } else { file };
    for it in items {
        native::print_end_empty(vm, &file, it)?;
    }
    Ok(())
}

pub(super) fn str_list(items: &[String]) -> Value {
    Value::list(items.iter().map(|s| Value::str(s)).collect())
}

pub(super) fn strings(vm: &mut Vm, v: &Value) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for x in vm.collect_iterable_for_unpack(v)? {
        out.push(vm.str(&x)?);
    }
    Ok(out)
}

// ---- lists and tracebacks -----------------------------------------------------------------

fn from_list(vm: &mut Vm, list: Value) -> PyResult<Value> {
    let ss = summary::class(vm, "StackSummary")?;
    native::call_method(vm, &ss, "from_list", vec![list])
}

pub(super) fn format_of(vm: &mut Vm, summary_value: &Value) -> PyResult<Vec<String>> {
    let f = native::call_method(vm, summary_value, "format", vec![])?;
    strings(vm, &f)
}

fn print_list(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("print_list", &["extracted_list", "file"], 0, 1))?;
    let s = from_list(vm, b.or_none(0))?;
    let items = format_of(vm, &s)?;
    print_items(vm, b.or_none(1), &items)?;
    Ok(Value::None)
}

fn format_list(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("format_list", &["extracted_list"], 0, 1))?;
    let s = from_list(vm, b.or_none(0))?;
    native::call_method(vm, &s, "format", vec![])
}

/// `_walk_tb_with_full_positions`: frames of a traceback with co_positions of tb_lasti.
pub(super) fn tb_entries(vm: &mut Vm, tb: &Value) -> PyResult<Vec<Entry>> {
    let mut out = Vec::new();
    let mut cur = tb.clone();
    while !cur.is_none() {
        let Value::Traceback(t) = &cur else {
            let f = vm.getattr(&cur, "tb_frame")?;
            let l = vm.getattr(&cur, "tb_lineno")?;
            out.push((f, [l, Value::None, Value::None, Value::None]));
            cur = vm.getattr(&cur, "tb_next")?;
            continue;
        };
        let pos = t
            .frame
            .code
            .positions
            .get(t.lasti)
            .copied()
            .unwrap_or_default();
        let col = |c: u32| {
            if c == NO_COL {
                Value::None
            } else {
                Value::Int(c as i64)
            }
        };
        let p = if pos.line == 0 {
            let l = t.lineno.map_or(Value::None, |l| Value::Int(l as i64));
            [l, Value::None, Value::None, Value::None]
        } else {
            [
                Value::Int(pos.line as i64),
                Value::Int(pos.end_line as i64),
                col(pos.col),
                col(pos.end_col),
            ]
        };
        out.push((Value::Frame(t.frame.clone()), p));
        cur = t.next.clone().map(Value::Traceback).unwrap_or(Value::None);
    }
    Ok(out)
}

fn extract_tb_value(vm: &mut Vm, tb: &Value, limit: &Value) -> PyResult<Value> {
    let entries = tb_entries(vm, tb)?;
    let ss = summary::class(vm, "StackSummary")?;
    summary::extract_entries(vm, &ss, entries, limit, true, false)
}

fn extract_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("extract_tb", &["tb", "limit"], 0, 1))?;
    extract_tb_value(vm, &b.or_none(0), &b.or_none(1))
}

fn format_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("format_tb", &["tb", "limit"], 0, 1))?;
    let s = extract_tb_value(vm, &b.or_none(0), &b.or_none(1))?;
    native::call_method(vm, &s, "format", vec![])
}

fn print_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("print_tb", &["tb", "limit", "file"], 0, 1))?;
    let s = extract_tb_value(vm, &b.or_none(0), &b.or_none(1))?;
    let list = from_list(vm, s)?;
    let items = format_of(vm, &list)?;
    print_items(vm, b.or_none(2), &items)?;
    Ok(Value::None)
}

// ---- stacks -------------------------------------------------------------------------------

/// `extract_stack(f, limit)`; `f` None = the caller of the native function.
fn extract_stack_value(vm: &mut Vm, f: Value, limit: &Value) -> PyResult<Value> {
    let f = if f.is_none() {
        let n = vm.frames.len();
        match n.checked_sub(1).and_then(|i| vm.frame_obj_at(i)) {
            Some(fo) => Value::Frame(fo),
            None => Value::None,
        }
    } else {
        f
    };
    let bound = match limit {
        Value::None => None,
        l => {
            let n = vm.index_of(l)?;
            (n >= 0).then_some(n as usize)
        }
    };
    let entries = summary::stack_entries(vm, f, bound)?;
    let ss = summary::class(vm, "StackSummary")?;
    let stack = summary::extract_entries(vm, &ss, entries, limit, true, false)?;
    native::call_method(vm, &stack, "reverse", vec![])?;
    Ok(stack)
}

fn extract_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("extract_stack", &["f", "limit"], 0, 0))?;
    extract_stack_value(vm, b.or_none(0), &b.or_none(1))
}

fn format_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("format_stack", &["f", "limit"], 0, 0))?;
    let s = extract_stack_value(vm, b.or_none(0), &b.or_none(1))?;
    let list = from_list(vm, s)?;
    native::call_method(vm, &list, "format", vec![])
}

fn print_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("print_stack", &["f", "limit", "file"], 0, 0))?;
    let s = extract_stack_value(vm, b.or_none(0), &b.or_none(1))?;
    let list = from_list(vm, s)?;
    let items = format_of(vm, &list)?;
    print_items(vm, b.or_none(2), &items)?;
    Ok(Value::None)
}

// ---- exceptions ---------------------------------------------------------------------------

/// `_parse_value_tb` (None = the argument was not given).
fn parse_value_tb(exc: Value, value: Option<Value>, tb: Option<Value>) -> PyResult<(Value, Value)> {
    match (value, tb) {
        (Some(v), Some(t)) => Ok((v, t)),
        (None, None) => match &exc {
            Value::None => Ok((Value::None, Value::None)),
            Value::Exception(e) => {
                let tb = e.traceback.borrow().clone();
                Ok((exc.clone(), tb.map(Value::Traceback).unwrap_or(Value::None)))
            }
            other => Err(PyErr::type_error(format!(
                "Exception expected for value, {} found",
                other.type_name()
            ))),
        },
        _ => Err(PyErr::value_error(
            "Both or neither of value and tb must be given",
        )),
    }
}

/// `TracebackException(type(value), value, tb, limit=limit, compact=True)`.
fn make_te(vm: &mut Vm, value: Value, tb: Value, limit: Value) -> PyResult<Value> {
    let cls = summary::class(vm, "TracebackException")?;
    let t = Value::Type(value.type_obj());
    native::call_kw(
        vm,
        &cls,
        vec![t, value, tb],
        vec![
            ("limit", limit),
            ("compact", Value::Bool(crate::objects::PyBool::TRUE)),
        ],
    )
}

fn te_lines(vm: &mut Vm, te: &Value, chain: Value) -> PyResult<Vec<String>> {
    let f = vm.getattr(te, "format")?;
    let it = native::call_kw(vm, &f, vec![], vec![("chain", chain)])?;
    strings(vm, &it)
}

fn exception_lines(
    vm: &mut Vm,
    args: &Args,
    name: &str,
    with_file: bool,
) -> PyResult<(Vec<String>, Value)> {
    let pos: &[&str] = if with_file {
        &["exc", "value", "tb", "limit", "file", "chain"]
    } else {
        &["exc", "value", "tb", "limit", "chain"]
    };
    let b = bind(args, &sig(name, pos, 1, 1))?;
    let (value, tb) = parse_value_tb(b.or_none(0), b.slots[1].clone(), b.slots[2].clone())?;
    let te = make_te(vm, value, tb, b.or_none(3))?;
    let ci = if with_file { 5 } else { 4 };
    let chain = b.slots[ci]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::TRUE));
    let file = if with_file { b.or_none(4) } else { Value::None };
    Ok((te_lines(vm, &te, chain)?, file))
}

fn print_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (lines, file) = exception_lines(vm, &args, "print_exception", true)?;
    print_items(vm, file, &lines)?;
    Ok(Value::None)
}

fn format_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (lines, _) = exception_lines(vm, &args, "format_exception", false)?;
    Ok(str_list(&lines))
}

fn format_exception_only(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &sig("format_exception_only", &["exc", "value"], 1, 1),
    )?;
    let value = b.slots[1].clone().unwrap_or_else(|| b.or_none(0));
    let te = make_te(vm, value, Value::None, Value::None)?;
    let it = native::call_method(vm, &te, "format_exception_only", vec![])?;
    Ok(Value::list(vm.collect_iterable_for_unpack(&it)?))
}

/// `sys.exc_info()` as (value, traceback).
fn exc_info(vm: &Vm) -> (Value, Value) {
    match &vm.exc_info {
        Value::Exception(e) => {
            let tb = e.traceback.borrow().clone();
            (
                vm.exc_info.clone(),
                tb.map(Value::Traceback).unwrap_or(Value::None),
            )
        }
        _ => (Value::None, Value::None),
    }
}

fn print_exc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("print_exc", &["limit", "file", "chain"], 0, 0))?;
    let (value, tb) = exc_info(vm);
    let te = make_te(vm, value, tb, b.or_none(0))?;
    let chain = b.slots[2]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::TRUE));
    let lines = te_lines(vm, &te, chain)?;
    print_items(vm, b.or_none(1), &lines)?;
    Ok(Value::None)
}

fn format_exc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("format_exc", &["limit", "chain"], 0, 0))?;
    let (value, tb) = exc_info(vm);
    let te = make_te(vm, value, tb, b.or_none(0))?;
    let chain = b.slots[1]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::TRUE));
    Ok(Value::str(&te_lines(vm, &te, chain)?.concat()))
}

fn print_last(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &sig("print_last", &["limit", "file", "chain"], 0, 0))?;
    let Some(value) = native::sys_attr(vm, "last_value")? else {
        return Err(PyErr::value_error("no last exception"));
    };
    let tb = native::sys_attr(vm, "last_traceback")?.unwrap_or(Value::None);
    let te = make_te(vm, value, tb, b.or_none(0))?;
    let chain = b.slots[2]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::TRUE));
    let lines = te_lines(vm, &te, chain)?;
    print_items(vm, b.or_none(1), &lines)?;
    Ok(Value::None)
}
