//! The `inspect` module subset: frames and stacks (`currentframe`, `stack`, `trace`,
//! `getframeinfo`, `getouterframes`, `getinnerframes`), generator/coroutine states, source of
//! functions, closure variables, the `is*` predicates and the `CO_*` flags.
//!
//! Invariant: `stack()` lists the caller's frame first and the module frame last, with
//! `lineno`, `code_context`, `index` and `positions` computed as 3.11's `getframeinfo` does
//! (source lines through a linecache that appends a missing final newline). `signature` and
//! its classes live in `inspect_sig`, `inspect_bound` and `inspect_sigfrom`.

use std::rc::Rc;

use super::{finish_module, new_module};
use crate::bytecode::{co_flags, NO_COL};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::generator::{GenKind, GenState};
use crate::objects::{Dict, Record, RecordKind, Value};
use crate::vm::{FrameObj, Vm};

thread_local! {
    static FRAME_INFO: Rc<RecordKind> = RecordKind::new(
        "FrameInfo",
        "FrameInfo",
        "inspect",
        vec!["frame", "filename", "lineno", "function", "code_context", "index", "positions"],
        6,
    );
    static TRACEBACK: Rc<RecordKind> = RecordKind::new(
        "Traceback",
        "Traceback",
        "inspect",
        vec!["filename", "lineno", "function", "code_context", "index", "positions"],
        5,
    );
    static POSITIONS: Rc<RecordKind> = RecordKind::new(
        "Positions",
        "Positions",
        "dis",
        vec!["lineno", "end_lineno", "col_offset", "end_col_offset"],
        4,
    );
    static CLOSURE_VARS: Rc<RecordKind> = RecordKind::new(
        "ClosureVars",
        "ClosureVars",
        "inspect",
        vec!["nonlocals", "globals", "builtins", "unbound"],
        4,
    );
}

pub fn make(_vm: &mut Vm) -> Value {
    let (m, mut d) = new_module(
        "inspect",
        &[
            ("currentframe", currentframe),
            ("stack", stack),
            ("trace", trace),
            ("getframeinfo", getframeinfo),
            ("getouterframes", getouterframes),
            ("getinnerframes", getinnerframes),
            ("getgeneratorstate", getgeneratorstate),
            ("getcoroutinestate", getcoroutinestate),
            ("getgeneratorlocals", getgeneratorlocals),
            ("getcoroutinelocals", getcoroutinelocals),
            ("isawaitable", isawaitable),
            ("getsourcelines", getsourcelines),
            ("getsource", getsource),
            ("getclosurevars", getclosurevars),
            ("isfunction", isfunction),
            ("isgeneratorfunction", isgeneratorfunction),
            ("iscoroutinefunction", iscoroutinefunction),
            ("isgenerator", isgenerator),
            ("iscoroutine", iscoroutine),
            ("isframe", isframe),
            ("iscode", iscode),
            ("istraceback", istraceback),
            ("ismodule", ismodule),
            ("isclass", isclass),
            ("ismethod", ismethod),
            ("isbuiltin", isbuiltin),
            ("isroutine", isroutine),
            ("signature", super::inspect_sigfrom::signature),
            ("unwrap", super::inspect_sigfrom::unwrap_fn),
            ("formatannotation", super::inspect_sigfrom::formatannotation),
        ],
        "inspect",
    );
    for (name, v) in [
        ("CO_OPTIMIZED", co_flags::OPTIMIZED),
        ("CO_NEWLOCALS", co_flags::NEWLOCALS),
        ("CO_VARARGS", co_flags::VARARGS),
        ("CO_VARKEYWORDS", co_flags::VARKEYWORDS),
        ("CO_NESTED", co_flags::NESTED),
        ("CO_GENERATOR", co_flags::GENERATOR),
        ("CO_NOFREE", 0x40),
        ("CO_COROUTINE", co_flags::COROUTINE),
        ("CO_ITERABLE_COROUTINE", 0x100),
        ("CO_ASYNC_GENERATOR", 0x200),
    ] {
        d.set_str(name, Value::Int(v as i64));
    }
    for s in ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"] {
        d.set_str(s, Value::str(s));
    }
    for s in [
        "CORO_CREATED",
        "CORO_RUNNING",
        "CORO_SUSPENDED",
        "CORO_CLOSED",
    ] {
        d.set_str(s, Value::str(s));
    }
    super::inspect_sig::export(&mut d);
    d.set_str("FrameInfo", FRAME_INFO.with(|k| Value::Type(k.cls.clone())));
    d.set_str("Traceback", TRACEBACK.with(|k| Value::Type(k.cls.clone())));
    finish_module(m, d)
}

fn currentframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("currentframe", &args, 0, 0)?;
    let n = vm.frames.len();
    Ok(vm
        .frame_obj_at(n - 1)
        .map(Value::Frame)
        .unwrap_or(Value::None))
}

fn context_arg(vm: &mut Vm, args: &Args, pos: usize) -> PyResult<i64> {
    match args.pos().get(pos).or(args.kw("context")) {
        Some(v) => vm.index_of(v),
        None => Ok(1),
    }
}

fn stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let context = context_arg(vm, &args, 0)?;
    let mut out = Vec::new();
    for i in (0..vm.frames.len()).rev() {
        let fo = vm
            .frame_obj_at(i)
            .ok_or_else(|| PyErr::internal("frame object"))?;
        let lasti = vm.frames[i].lasti;
        out.push(frame_info(vm, &fo, lasti as usize, context, true));
    }
    Ok(Value::list(out))
}

/// `getouterframes(frame, context=1)`: the frame and its callers.
fn getouterframes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Frame(start)) = args.pos().first().cloned() else {
        return Err(PyErr::type_error(
            "getouterframes() argument must be a frame",
        ));
    };
    let context = context_arg(vm, &args, 1)?;
    let mut out = Vec::new();
    let mut cur = Some(start);
    while let Some(fo) = cur {
        let lasti = vm.frame_lasti(&fo);
        out.push(frame_info(vm, &fo, lasti, context, true));
        cur = match vm.getattr(&Value::Frame(fo), "f_back")? {
            Value::Frame(b) => Some(b),
            _ => None,
        };
    }
    Ok(Value::list(out))
}

/// `getinnerframes(tb, context=1)`: one FrameInfo per traceback entry.
fn getinnerframes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let tb = args.pos().first().cloned().unwrap_or(Value::None);
    let context = context_arg(vm, &args, 1)?;
    inner_frames(vm, tb, context)
}

fn inner_frames(vm: &mut Vm, tb: Value, context: i64) -> PyResult<Value> {
    let mut out = Vec::new();
    let mut cur = match tb {
        Value::Traceback(t) => Some(t),
        Value::None => None,
        other => {
            return Err(PyErr::type_error(format!(
                "'{}' object has no attribute 'tb_frame'",
                other.type_name()
            )))
        }
    };
    while let Some(t) = cur {
        out.push(frame_info(vm, &t.frame, t.lasti, context, true));
        cur = t.next.clone();
    }
    Ok(Value::list(out))
}

/// `trace(context=1)`: the frames between the current one and where the handled exception was
/// raised.
fn trace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let context = context_arg(vm, &args, 0)?;
    let tb = match &vm.handled_exception() {
        Value::Exception(e) => e
            .traceback
            .borrow()
            .clone()
            .map(Value::Traceback)
            .unwrap_or(Value::None),
        _ => Value::None,
    };
    inner_frames(vm, tb, context)
}

fn getframeinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let context = context_arg(vm, &args, 1)?;
    match args.pos().first().cloned() {
        Some(Value::Frame(fo)) => {
            let lasti = vm.frame_lasti(&fo);
            Ok(frame_info(vm, &fo, lasti, context, false))
        }
        Some(Value::Traceback(t)) => Ok(frame_info(vm, &t.frame, t.lasti, context, false)),
        _ => Err(PyErr::type_error(
            "getframeinfo() argument must be a frame or traceback",
        )),
    }
}

fn gen_state(args: &Args, want: GenKind, prefix: &str, fname: &str) -> PyResult<Value> {
    let Some(Value::Generator(g)) = args.pos().first() else {
        return Err(PyErr::type_error(format!(
            "{fname}() argument must be a {}",
            prefix.to_lowercase()
        )));
    };
    if g.kind != want {
        return Err(PyErr::unsupported(format!("{fname}() of a {:?}", g.kind)));
    }
    let s = match g.state.get() {
        GenState::Created => "CREATED",
        GenState::Running => "RUNNING",
        GenState::Suspended => "SUSPENDED",
        GenState::Closed => "CLOSED",
    };
    Ok(Value::str(&format!("{prefix}_{s}")))
}

fn getgeneratorstate(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    gen_state(&args, GenKind::Generator, "GEN", "getgeneratorstate")
}

fn getcoroutinestate(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    gen_state(&args, GenKind::Coroutine, "CORO", "getcoroutinestate")
}

/// `getgeneratorlocals(generator)`: `gi_frame.f_locals`, or `{}` once the frame is gone.
fn getgeneratorlocals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = arg0(&args);
    if !matches!(&g, Value::Generator(x) if x.kind == GenKind::Generator) {
        return Err(PyErr::type_error(format!(
            "{} is not a Python generator",
            vm.repr(&g)?
        )));
    }
    frame_locals_or_empty(vm, &g, "gi_frame")
}

/// `getcoroutinelocals(coroutine)`: `cr_frame.f_locals` if there is one, else `{}`.
fn getcoroutinelocals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = arg0(&args);
    frame_locals_or_empty(vm, &c, "cr_frame")
}

fn frame_locals_or_empty(vm: &mut Vm, obj: &Value, attr: &str) -> PyResult<Value> {
    let frame = match vm.getattr(obj, attr) {
        Ok(f) => f,
        Err(e) if e.is(crate::objects::ExcType::AttributeError) => Value::None,
        Err(e) => return Err(e),
    };
    if frame.is_none() {
        return Ok(Value::dict(Dict::default()));
    }
    vm.getattr(&frame, "f_locals")
}

/// `isawaitable(obj)`: a coroutine, a generator with CO_ITERABLE_COROUTINE, or an object whose
/// class defines `__await__` (`collections.abc.Awaitable`).
fn isawaitable(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(match arg0(&a) {
        Value::Generator(g) => crate::objects::PyBool::from(
            g.kind == GenKind::Coroutine
                || (g.kind == GenKind::Generator && g.code.flags & 0x100 != 0),
        ),
        Value::Instance(i) => {
            crate::objects::PyBool::from(i.cls.user_lookup("__await__").is_some())
        }
        _ => crate::objects::PyBool::from(false),
    }))
}

/// The code object behind a function, method, generator or code value.
fn code_of(v: &Value) -> Option<Rc<crate::bytecode::Code>> {
    match v {
        Value::Function(f) => Some(f.code.borrow().clone()),
        Value::Method(m) => code_of(&m.func),
        Value::Code(c) => Some(c.clone()),
        Value::Generator(g) => Some(g.code.clone()),
        _ => None,
    }
}

/// `getsourcelines(obj)`: the lines of the block starting at co_firstlineno (decorators
/// included), found by indentation as inspect's BlockFinder does for simple blocks.
fn getsourcelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let obj = args.pos().first().cloned().unwrap_or(Value::None);
    let Some(code) = code_of(&obj) else {
        return Err(PyErr::unsupported(format!(
            "inspect.getsourcelines() of a '{}'",
            obj.type_name()
        )));
    };
    let Some(lines) = vm.source_lines(&code.filename) else {
        return Err(PyErr::new(
            crate::objects::ExcType::OSError,
            "could not get source code",
        ));
    };
    let first = code.firstlineno.max(1) as usize;
    if &*code.name == "<module>" {
        let all = lines
            .iter()
            .map(|l| Value::str(&format!("{l}\n")))
            .collect();
        return Ok(Value::tuple(vec![Value::list(all), Value::Int(0)]));
    }
    let start = first - 1;
    let indent_of = |s: &str| s.len() - s.trim_start().len();
    let base = lines.get(start).map_or(0, |l| indent_of(l));
    let mut end = start + 1;
    // Skip decorator lines and the def/class line (possibly continued), then the body.
    let mut seen_body = false;
    while end < lines.len() {
        let l = &lines[end];
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            end += 1;
            continue;
        }
        if indent_of(l) <= base && seen_body {
            break;
        }
        if indent_of(l) > base {
            seen_body = true;
        } else if !(t.starts_with('@')
            || t.starts_with("def ")
            || t.starts_with("async ")
            || t.starts_with("class "))
        {
            break;
        }
        end += 1;
    }
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    let sel = lines[start..end]
        .iter()
        .map(|l| Value::str(&format!("{l}\n")))
        .collect();
    Ok(Value::tuple(vec![
        Value::list(sel),
        Value::Int(first as i64),
    ]))
}

fn getsource(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = getsourcelines(vm, args)?;
    let Value::Tuple(t) = r else {
        return Err(PyErr::internal("getsourcelines"));
    };
    let Value::List(l) = &t[0] else {
        return Err(PyErr::internal("getsourcelines"));
    };
    let s: String = l
        .borrow()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    Ok(Value::str(&s))
}

/// `getclosurevars(func)`: nonlocals, globals, builtins referenced, unbound names.
fn getclosurevars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = match args.pos().first() {
        Some(Value::Function(f)) => f.clone(),
        Some(Value::Method(m)) => match &m.func {
            Value::Function(f) => f.clone(),
            _ => {
                return Err(PyErr::type_error(
                    "getclosurevars() argument must be a Python function",
                ))
            }
        },
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "{} is not a Python function",
                vm.repr(other)?
            )))
        }
        None => {
            return Err(PyErr::type_error(
                "getclosurevars() missing 1 required positional argument: 'func'",
            ))
        }
    };
    let code = f.code.borrow().clone();
    let mut nonlocals = Dict::default();
    if let Some(cells) = &f.closure {
        for (name, cell) in code.freevars.iter().zip(cells.iter()) {
            if let Some(v) = cell.get() {
                nonlocals.set_str(name, v);
            }
        }
    }
    // Names referenced by the code (and nested code objects), as inspect walks co_names.
    let mut names: Vec<Rc<str>> = Vec::new();
    let mut stack = vec![code.clone()];
    while let Some(c) = stack.pop() {
        names.extend(c.names.iter().cloned());
        for k in &c.consts {
            if let Value::Code(inner) = k {
                stack.push(inner.clone());
            }
        }
    }
    let (mut globals, mut builtins) = (Dict::default(), Dict::default());
    let mut unbound = Vec::new();
    let bdict = vm.builtins.clone();
    for n in names {
        if let Some(v) = f.globals.borrow().get_str(&n) {
            globals.set_str(&n, v);
        } else if let Some(v) = bdict.borrow().get_str(&n) {
            builtins.set_str(&n, v);
        } else if !unbound.iter().any(|u: &Value| u.as_str() == Some(&*n)) {
            unbound.push(Value::Str(n.clone().into()));
        }
    }
    let mut ub = Dict::default();
    for u in unbound {
        ub.insert(vm.key(u)?, Value::None);
    }
    Ok(CLOSURE_VARS.with(|k| {
        Value::Record(Rc::new(Record {
            kind: k.clone(),
            values: vec![
                Value::dict(nonlocals),
                Value::dict(globals),
                Value::dict(builtins),
                Value::Set(Rc::new(std::cell::RefCell::new(ub))),
            ],
        }))
    }))
}

fn arg0(args: &Args) -> Value {
    args.pos().first().cloned().unwrap_or(Value::None)
}

fn flags_of(v: &Value) -> u32 {
    match v {
        Value::Function(f) => f.code.borrow().flags,
        Value::Method(m) => flags_of(&m.func),
        _ => 0,
    }
}

fn isfunction(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Function(_)
    ))))
}
fn isgeneratorfunction(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = arg0(&a);
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(v, Value::Function(_) | Value::Method(_))
            && flags_of(&v) & co_flags::GENERATOR != 0,
    )))
}
fn iscoroutinefunction(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = arg0(&a);
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(v, Value::Function(_) | Value::Method(_))
            && flags_of(&v) & co_flags::COROUTINE != 0,
    )))
}
fn isgenerator(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(arg0(&a), Value::Generator(g) if g.kind == GenKind::Generator),
    )))
}
fn iscoroutine(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(arg0(&a), Value::Generator(g) if g.kind == GenKind::Coroutine),
    )))
}
fn isframe(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Frame(_)
    ))))
}
fn iscode(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Code(_)
    ))))
}
fn istraceback(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Traceback(_)
    ))))
}
fn ismodule(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Module(_)
    ))))
}
fn isclass(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Type(_)
    ))))
}
fn ismethod(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(arg0(&a), Value::Method(m) if matches!(m.func, Value::Function(_))),
    )))
}
fn isbuiltin(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Builtin(_)
    ))))
}
fn isroutine(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Bool(crate::objects::PyBool::from(matches!(
        arg0(&a),
        Value::Builtin(_) | Value::Function(_) | Value::Method(_)
    ))))
}

fn opt_int(v: u32) -> Value {
    if v == NO_COL {
        Value::None
    } else {
        Value::Int(v as i64)
    }
}

/// Builds an `inspect.FrameInfo` (with_frame) or `inspect.Traceback` record.
pub fn frame_info(
    vm: &mut Vm,
    fo: &Rc<FrameObj>,
    lasti: usize,
    context: i64,
    with_frame: bool,
) -> Value {
    let code = fo.code.clone();
    let pos = code.positions.get(lasti).copied().unwrap_or_default();
    let lineno = if pos.line == 0 {
        Value::None
    } else {
        Value::Int(pos.line as i64)
    };
    let (ctx, index) = match (vm.source_lines(&code.filename), context > 0, pos.line) {
        (Some(lines), true, l) if l > 0 => {
            let n = lines.len() as i64;
            let start = (l as i64 - 1 - context / 2).min(n - context).max(0);
            let end = (start + context).min(n);
            let sel: Vec<Value> = lines[start as usize..end as usize]
                .iter()
                .map(|s| Value::str(&format!("{s}\n")))
                .collect();
            (Value::list(sel), Value::Int(l as i64 - 1 - start))
        }
        _ => (Value::None, Value::None),
    };
    let positions = POSITIONS.with(|k| {
        Value::Record(Rc::new(Record {
            kind: k.clone(),
            values: vec![
                if pos.line == 0 {
                    Value::None
                } else {
                    Value::Int(pos.line as i64)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    Value::Int(pos.end_line as i64)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    opt_int(pos.col)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    opt_int(pos.end_col)
                },
            ],
        }))
    });
    let mut values = vec![
        Value::Str(code.filename.clone().into()),
        lineno,
        Value::Str(code.name.clone().into()),
        ctx,
        index,
        positions,
    ];
    if with_frame {
        values.insert(0, Value::Frame(fo.clone()));
        FRAME_INFO.with(|k| {
            Value::Record(Rc::new(Record {
                kind: k.clone(),
                values,
            }))
        })
    } else {
        TRACEBACK.with(|k| {
            Value::Record(Rc::new(Record {
                kind: k.clone(),
                values,
            }))
        })
    }
}
