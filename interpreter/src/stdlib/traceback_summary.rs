//! `traceback.FrameSummary`, `traceback.StackSummary` and the frame walkers, with the text of
//! 3.11's pure-Python `traceback` module (which differs from the default excepthook in
//! `crate::traceback`: lines are fully stripped, carets are placed relative to the linecache
//! line, and `[Previous line repeated N more times]` is computed on the summary).
//!
//! Invariants:
//! - A StackSummary's items live in native state (a list), so the summary behaves as the list
//!   subclass CPython has for length, indexing, slicing (a plain list), iteration, `in`, `==`
//!   and `repr`; `isinstance(summary, list)` is False in pyref.
//! - `walk_stack(None)` resolves its starting frame lazily, at the first `next()`, as three
//!   `f_back` steps from the frame that resumes it (CPython's generator takes four from its own
//!   frame); stack summaries of frames carry no column positions, those of tracebacks do.

use super::native::{self, bind, Sig};
use super::traceback_format::{format_frame_summary, format_summary};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{NativeFn, TypeObj, Value};
use crate::vm::Vm;

/// Creates the classes of this file and puts them into the module dict.
pub fn install(d: &mut crate::objects::Dict) {
    let fs = TypeObj::native_class(
        "FrameSummary",
        "traceback",
        None,
        &[
            ("__init__", fs_init),
            ("__eq__", fs_eq),
            ("__getitem__", fs_getitem),
            ("__iter__", fs_iter),
            ("__repr__", fs_repr),
            ("__len__", fs_len),
        ],
        "FrameSummary",
    );
    native::add_property(&fs, "line", "FrameSummary", fs_line, None);
    native::add_property(
        &fs,
        "_original_line",
        "FrameSummary",
        fs_original_line,
        None,
    );
    fs.dict.borrow_mut().set_str("__hash__", Value::None);
    d.set_str("FrameSummary", Value::Type(fs));
    let methods: &[(&'static str, NativeFn)] = &[
        ("__init__", ss_init),
        ("__len__", ss_len),
        ("__getitem__", ss_getitem),
        ("__iter__", ss_iter),
        ("__contains__", ss_contains),
        ("__eq__", ss_eq),
        ("__repr__", ss_repr),
        ("append", ss_append),
        ("extend", ss_extend),
        ("insert", ss_insert),
        ("pop", ss_pop),
        ("reverse", ss_reverse),
        ("clear", ss_clear),
        ("format", ss_format),
        ("format_frame_summary", ss_format_frame_summary),
    ];
    let ss = TypeObj::native_class("StackSummary", "traceback", None, methods, "StackSummary");
    native::add_classmethod(&ss, "extract", "StackSummary", ss_extract);
    native::add_classmethod(&ss, "from_list", "StackSummary", ss_from_list);
    ss.dict.borrow_mut().set_str("__hash__", Value::None);
    d.set_str("StackSummary", Value::Type(ss));
    let walk = TypeObj::native_class(
        "_WalkIterator",
        "traceback",
        None,
        &[
            ("__iter__", walk_iter),
            ("__next__", walk_next),
            ("__getattr__", walk_getattr),
        ],
        "_WalkIterator",
    );
    d.set_str("_WalkIterator", Value::Type(walk));
}

pub fn class(vm: &mut Vm, name: &str) -> PyResult<Value> {
    native::module_global(vm, "traceback", name)
}

fn str_of(vm: &mut Vm, v: &Value) -> PyResult<String> {
    vm.format(v, "")
}

// ---- FrameSummary -----------------------------------------------------------------------

fn fs_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let b = bind(
        &args,
        &Sig {
            name: "FrameSummary.__init__",
            pos: &["self", "filename", "lineno", "name"],
            posonly: 0,
            required: 4,
            kwonly: &[
                "lookup_line",
                "locals",
                "line",
                "end_lineno",
                "colno",
                "end_colno",
            ],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    native::dict_set(&me, "filename", b.or_none(1));
    native::dict_set(&me, "lineno", b.or_none(2));
    native::dict_set(&me, "name", b.or_none(3));
    native::dict_set(&me, "_line", b.or_none(6));
    let lookup = match b.get(4) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    if lookup {
        vm.getattr(&args.values[0], "line")?;
    }
    let locals = b.or_none(5);
    let locals = if vm.truthy(&locals)? {
        let items = native::call_method(vm, &locals, "items", vec![])?;
        let it = vm.get_iter(&items)?;
        let mut d = crate::objects::Dict::default();
        while let Some(pair) = vm.next(&it)? {
            let kv = vm.unpack_exact(&pair, 2)?;
            let r = vm.repr(&kv[1])?;
            let k = vm.key(kv[0].clone())?;
            d.insert(k, Value::str(&r));
        }
        Value::dict(d)
    } else {
        Value::None
    };
    native::dict_set(&me, "locals", locals);
    native::dict_set(&me, "end_lineno", b.or_none(7));
    native::dict_set(&me, "colno", b.or_none(8));
    native::dict_set(&me, "end_colno", b.or_none(9));
    Ok(Value::None)
}

/// The four tuple-like fields (filename, lineno, name, line).
fn fs_fields(vm: &mut Vm, me: &Value) -> PyResult<Vec<Value>> {
    let mut out = Vec::with_capacity(4);
    for n in ["filename", "lineno", "name", "line"] {
        out.push(vm.getattr(me, n)?);
    }
    Ok(out)
}

fn fs_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    let Value::Type(fs_cls) = class(vm, "FrameSummary")? else {
        return Ok(Value::NotImplemented);
    };
    if native::is_instance(&other, &fs_cls) {
        for n in ["filename", "lineno", "name", "locals"] {
            let a = vm.getattr(&me, n)?;
            let b = vm.getattr(&other, n)?;
            if !vm.eq(&a, &b)? {
                return Ok(Value::Bool(crate::objects::PyBool::FALSE));
            }
        }
        return Ok(Value::Bool(crate::objects::PyBool::TRUE));
    }
    if let Value::Tuple(_) = other {
        let mine = Value::tuple(fs_fields(vm, &me)?);
        return Ok(Value::Bool(crate::objects::PyBool::from(
            vm.eq(&mine, &other)?,
        )));
    }
    Ok(Value::NotImplemented)
}

fn fs_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = Value::tuple(fs_fields(vm, &args.values[0])?);
    let pos = args.values.get(1).cloned().unwrap_or(Value::None);
    vm.getitem(&t, &pos)
}

fn fs_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = Value::list(fs_fields(vm, &args.values[0])?);
    vm.get_iter(&l)
}

fn fs_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let f = vm.getattr(&me, "filename")?;
    let l = vm.getattr(&me, "lineno")?;
    let n = vm.getattr(&me, "name")?;
    let s = format!(
        "<FrameSummary file {}, line {} in {}>",
        str_of(vm, &f)?,
        str_of(vm, &l)?,
        str_of(vm, &n)?
    );
    Ok(Value::str(&s))
}

fn fs_len(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(4))
}

/// The `line` property: the linecache line, looked up once, stripped.
fn fs_line(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let mut line = native::dict_get(&me, "_line").unwrap_or(Value::None);
    if line.is_none() {
        let lineno = vm.getattr(&args.values[0], "lineno")?;
        if lineno.is_none() {
            return Ok(Value::None);
        }
        let filename = vm.getattr(&args.values[0], "filename")?;
        line = Value::str(&getline(vm, &filename, &lineno)?);
        native::dict_set(&me, "_line", line.clone());
    }
    match &line {
        Value::Str(s) => Ok(Value::str(native::py_strip(s))),
        other => native::call_method(vm, other, "strip", vec![]),
    }
}

fn fs_original_line(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    vm.getattr(&args.values[0], "line")?;
    Ok(native::dict_get(&me, "_line").unwrap_or(Value::None))
}

/// `linecache.getline(filename, lineno)`.
fn getline(vm: &mut Vm, filename: &Value, lineno: &Value) -> PyResult<String> {
    let Value::Str(f) = filename else {
        return Ok(String::new());
    };
    match lineno {
        Value::Int(n) => Ok(native::getline(vm, f, *n)),
        Value::Bool(b) => Ok(native::getline(vm, f, b.get() as i64)),
        _ => Err(PyErr::unsupported(
            "linecache.getline with a non-int line number",
        )),
    }
}

// ---- StackSummary -----------------------------------------------------------------------

struct Items(Value);

/// The list behind a StackSummary (created empty for an instance that never ran `__init__`).
pub fn items(v: &Value) -> PyResult<Value> {
    if let Some(s) = native::state::<Items>(v) {
        return Ok(s.borrow().0.clone());
    }
    let Value::Instance(i) = v else {
        return Err(PyErr::type_error(format!(
            "descriptor requires a 'StackSummary' object but received '{}'",
            v.type_name()
        )));
    };
    let l = Value::list(vec![]);
    native::set_state(i, Items(l.clone()));
    Ok(l)
}

fn ss_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    crate::builtins::check_nargs(
        "StackSummary",
        &Args::positional(args.values[1..].to_vec()),
        0,
        1,
    )?;
    let l = match args.values.get(1) {
        Some(v) => Value::list(vm.collect_iterable_for_unpack(v)?),
        None => Value::list(vec![]),
    };
    native::set_state(&me, Items(l));
    Ok(Value::None)
}

fn ss_len(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match items(&args.values[0])? {
        Value::List(l) => Ok(Value::Int(l.borrow().len() as i64)),
        _ => Ok(Value::Int(0)),
    }
}

fn ss_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    vm.getitem(&l, &args.values[1])
}

fn ss_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    vm.get_iter(&l)
}

fn ss_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    Ok(Value::Bool(crate::objects::PyBool::from(
        vm.contains(&l, &args.values[1])?,
    )))
}

fn ss_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    let o = if native::state::<Items>(&other).is_some() {
        items(&other)?
    } else if let Value::List(_) = other {
        other
    } else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::Bool(crate::objects::PyBool::from(vm.eq(&l, &o)?)))
}

fn ss_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    Ok(Value::str(&vm.repr(&l)?))
}

/// Calls the list method `name` on the summary's items.
fn delegate(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let l = items(&args.values[0])?;
    let m = vm.getattr(&l, name)?;
    let rest = Args {
        values: args.values[1..].iter().cloned().collect(),
        kwnames: args.kwnames.clone(),
    };
    vm.call_args(&m, rest)
}

fn ss_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "append")
}
fn ss_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "extend")
}
fn ss_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "insert")
}
fn ss_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "pop")
}
fn ss_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "reverse")
}
fn ss_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "clear")
}

/// One extracted entry: a frame and (lineno, end_lineno, colno, end_colno).
pub type Entry = (Value, [Value; 4]);

/// `StackSummary._extract_from_extended_frame_gen` over entries already produced.
pub fn extract_entries(
    vm: &mut Vm,
    klass: &Value,
    entries: Vec<Entry>,
    limit: &Value,
    lookup_lines: bool,
    capture_locals: bool,
) -> PyResult<Value> {
    let mut limit = limit.clone();
    if limit.is_none() {
        limit = native::sys_attr(vm, "tracebacklimit")?.unwrap_or(Value::None);
        if !limit.is_none() && vm.index_of(&limit)? < 0 {
            limit = Value::Int(0);
        }
    }
    let entries: Vec<Entry> = if limit.is_none() {
        entries
    } else {
        let n = vm.index_of(&limit)?;
        if n >= 0 {
            entries.into_iter().take(n as usize).collect()
        } else {
            let keep = n.unsigned_abs() as usize;
            let skip = entries.len().saturating_sub(keep);
            entries.into_iter().skip(skip).collect()
        }
    };
    let result = vm.call(klass, vec![])?;
    let fs_cls = class(vm, "FrameSummary")?;
    for (f, [lineno, end_lineno, colno, end_colno]) in entries {
        let co = vm.getattr(&f, "f_code")?;
        let filename = vm.getattr(&co, "co_filename")?;
        let name = vm.getattr(&co, "co_name")?;
        let f_locals = if capture_locals {
            vm.getattr(&f, "f_locals")?
        } else {
            Value::None
        };
        let fs = native::call_kw(
            vm,
            &fs_cls,
            vec![filename, lineno, name],
            vec![
                ("lookup_line", Value::Bool(crate::objects::PyBool::FALSE)),
                ("locals", f_locals),
                ("end_lineno", end_lineno),
                ("colno", colno),
                ("end_colno", end_colno),
            ],
        )?;
        native::call_method(vm, &result, "append", vec![fs])?;
    }
    if lookup_lines {
        let it = vm.get_iter(&result)?;
        while let Some(fs) = vm.next(&it)? {
            vm.getattr(&fs, "line")?;
        }
    }
    Ok(result)
}

/// Frames from `f` outwards (f_back), with their current line numbers; at most `max` of them.
pub fn stack_entries(vm: &mut Vm, f: Value, max: Option<usize>) -> PyResult<Vec<Entry>> {
    let mut out = Vec::new();
    let mut f = f;
    while !f.is_none() && max.is_none_or(|m| out.len() < m) {
        let lineno = vm.getattr(&f, "f_lineno")?;
        let back = vm.getattr(&f, "f_back")?;
        out.push((f, [lineno, Value::None, Value::None, Value::None]));
        f = back;
    }
    Ok(out)
}

fn extract_opts(args: &Args, name: &str) -> PyResult<(Value, Value, Value, bool, bool)> {
    let b = bind(
        args,
        &Sig {
            name,
            pos: &["klass", "frame_gen"],
            posonly: 0,
            required: 2,
            kwonly: &["limit", "lookup_lines", "capture_locals"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let lookup = b.slots[3]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::TRUE));
    let capture = b.slots[4]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE));
    Ok((
        b.or_none(0),
        b.or_none(1),
        b.or_none(2),
        !matches!(
            lookup,
            Value::Bool(crate::objects::PyBool::FALSE) | Value::None | Value::Int(0)
        ),
        !matches!(
            capture,
            Value::Bool(crate::objects::PyBool::FALSE) | Value::None | Value::Int(0)
        ),
    ))
}

fn ss_extract(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (klass, frame_gen, limit, lookup, capture) = extract_opts(&args, "extract")?;
    let it = vm.get_iter(&frame_gen)?;
    let bound = match &limit {
        Value::None => None,
        l => {
            let n = vm.index_of(l)?;
            (n >= 0).then_some(n as usize)
        }
    };
    let mut entries = Vec::new();
    while bound.is_none_or(|m| entries.len() < m) {
        let Some(pair) = vm.next(&it)? else { break };
        let fl = vm.unpack_exact(&pair, 2)?;
        entries.push((
            fl[0].clone(),
            [fl[1].clone(), Value::None, Value::None, Value::None],
        ));
    }
    extract_entries(vm, &klass, entries, &limit, lookup, capture)
}

fn ss_from_list(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("from_list", &args, 2, 2)?;
    let ss = class(vm, "StackSummary")?;
    let result = vm.call(&ss, vec![])?;
    let Value::Type(fs_cls) = class(vm, "FrameSummary")? else {
        return Err(PyErr::type_error("FrameSummary is not a class"));
    };
    let it = vm.get_iter(&args.values[1])?;
    while let Some(frame) = vm.next(&it)? {
        let fs = if native::is_instance(&frame, &fs_cls) {
            frame
        } else {
            let v = vm.unpack_exact(&frame, 4)?;
            native::call_kw(
                vm,
                &Value::Type(fs_cls.clone()),
                v[..3].to_vec(),
                vec![("line", v[3].clone())],
            )?
        };
        native::call_method(vm, &result, "append", vec![fs])?;
    }
    Ok(result)
}

fn ss_format_frame_summary(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("format_frame_summary", &args, 2, 2)?;
    Ok(Value::str(&format_frame_summary(vm, &args.values[1])?))
}

fn ss_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("format", &args, 1, 1)?;
    let lines = format_summary(vm, &args.values[0])?;
    Ok(Value::list(lines.iter().map(|s| Value::str(s)).collect()))
}

// ---- walk_stack / walk_tb ---------------------------------------------------------------

enum Walk {
    /// walk_stack before its first `next()`: the frame given (None: resolve from the stack).
    StackStart(Option<Value>),
    /// walk_stack after yielding this frame (its f_back comes next).
    StackAt(Value),
    /// walk_tb: the remaining (frame, lineno) pairs.
    Tb(std::vec::IntoIter<(Value, Value)>),
    Done,
}

fn new_walk(vm: &mut Vm, w: Walk) -> PyResult<Value> {
    let Value::Type(cls) = class(vm, "_WalkIterator")? else {
        return Err(PyErr::internal("traceback._WalkIterator"));
    };
    let inst = native::new_instance(&cls);
    native::set_state(&inst, w);
    Ok(Value::Instance(inst))
}

pub fn walk_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("walk_stack", &args, 1, 1)?;
    let f = args.values[0].clone();
    new_walk(vm, Walk::StackStart((!f.is_none()).then_some(f)))
}

pub fn walk_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("walk_tb", &args, 1, 1)?;
    let mut out = Vec::new();
    let mut tb = args.values[0].clone();
    while !tb.is_none() {
        let f = vm.getattr(&tb, "tb_frame")?;
        let l = vm.getattr(&tb, "tb_lineno")?;
        out.push((f, l));
        tb = vm.getattr(&tb, "tb_next")?;
    }
    new_walk(vm, Walk::Tb(out.into_iter()))
}

fn walk_iter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.values[0].clone())
}

fn walk_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let stop = || PyErr::no_args(crate::objects::ExcType::StopIteration);
    let Some(st) = native::state::<Walk>(&args.values[0]) else {
        return Err(stop());
    };
    let state = std::mem::replace(&mut *st.borrow_mut(), Walk::Done);
    let next = match state {
        Walk::Done => Ok(Value::None),
        Walk::Tb(mut it) => {
            let item = it.next();
            *st.borrow_mut() = Walk::Tb(it);
            return match item {
                Some((f, l)) => Ok(Value::tuple(vec![f, l])),
                None => Err(stop()),
            };
        }
        Walk::StackStart(Some(f)) => Ok(f),
        Walk::StackAt(f) => vm.getattr(&f, "f_back"),
        Walk::StackStart(None) => {
            // sys._getframe().f_back x4 from the generator's own frame: x3 from its resumer.
            let n = vm.frames.len();
            let mut f = match n.checked_sub(1).and_then(|i| vm.frame_obj_at(i)) {
                Some(fo) => Ok(Value::Frame(fo)),
                None => Ok(Value::None),
            };
            for _ in 0..3 {
                f = f.and_then(|v| vm.getattr(&v, "f_back"));
            }
            f
        }
    };
    let f = next?;
    if f.is_none() {
        return Err(stop());
    }
    let lineno = vm.getattr(&f, "f_lineno")?;
    *st.borrow_mut() = Walk::StackAt(f.clone());
    Ok(Value::tuple(vec![f, lineno]))
}

fn walk_getattr(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = match args.values.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    Err(PyErr::unsupported(format!(
        "attribute '{name}' of the generators of traceback.walk_stack/walk_tb"
    )))
}
