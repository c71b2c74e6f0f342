//! Methods of builtin types (str, list, dict, set, tuple, int, float, dict views, streams).
//!
//! Invariant: `lookup` only returns methods that are implemented; a CPython method missing here
//! is reported as unsupported by the attribute machinery (see `cpython_dir`).

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, NativeFn};
use crate::objects::{Dict, ExcType, Key, OpaqueKind, Value};
use crate::vm::Vm;

type M = (&'static str, &'static str, NativeFn);

/// The bound-method implementation of `obj.name`, if any.
pub fn lookup(obj: &Value, name: &str) -> Option<M> {
    let table: &[M] = match obj {
        Value::Str(_) => STR_METHODS,
        Value::List(_) => LIST_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Set(_) => SET_METHODS,
        Value::FrozenSet(_) => FROZENSET_METHODS,
        Value::Tuple(_) => TUPLE_METHODS,
        Value::Int(_) | Value::Long(_) | Value::Bool(_) => INT_METHODS,
        Value::Float(_) => FLOAT_METHODS,
        Value::Opaque(o) if matches!(o.kind, OpaqueKind::Stdout | OpaqueKind::Stderr) => {
            STREAM_METHODS
        }
        Value::Frame(_) => FRAME_METHODS,
        Value::Slice(_) => &[("indices", "slice", slice_indices)],
        Value::Code(_) => &[("replace", "code", crate::stdlib::code_replace::replace)],
        Value::Generator(g) => match g.kind {
            crate::objects::generator::GenKind::Generator => GEN_METHODS,
            crate::objects::generator::GenKind::Coroutine => CORO_METHODS,
        },
        _ => return None,
    };
    table.iter().find(|m| m.0 == name).copied()
}

const STR_METHODS: &[M] = &[
    ("join", "str", str_join),
    ("split", "str", str_split),
    ("rsplit", "str", str_rsplit),
    ("strip", "str", str_strip),
    ("lstrip", "str", str_lstrip),
    ("rstrip", "str", str_rstrip),
    ("upper", "str", str_upper),
    ("lower", "str", str_lower),
    ("title", "str", str_title),
    ("capitalize", "str", str_capitalize),
    ("swapcase", "str", str_swapcase),
    ("replace", "str", str_replace),
    ("startswith", "str", str_startswith),
    ("endswith", "str", str_endswith),
    ("find", "str", str_find),
    ("rfind", "str", str_rfind),
    ("index", "str", str_index),
    ("count", "str", str_count),
    ("isdigit", "str", str_isdigit),
    ("isalpha", "str", str_isalpha),
    ("isalnum", "str", str_isalnum),
    ("isspace", "str", str_isspace),
    ("isupper", "str", str_isupper),
    ("islower", "str", str_islower),
    ("isidentifier", "str", str_isidentifier),
    ("center", "str", str_center),
    ("ljust", "str", str_ljust),
    ("rjust", "str", str_rjust),
    ("zfill", "str", str_zfill),
    ("splitlines", "str", str_splitlines),
    ("partition", "str", str_partition),
    ("format", "str", str_format),
];

const LIST_METHODS: &[M] = &[
    ("append", "list", list_append),
    ("pop", "list", list_pop),
    ("extend", "list", list_extend),
    ("insert", "list", list_insert),
    ("remove", "list", list_remove),
    ("index", "list", seq_index),
    ("count", "list", seq_count),
    ("sort", "list", list_sort),
    ("reverse", "list", list_reverse),
    ("copy", "list", list_copy),
    ("clear", "list", list_clear),
];

const TUPLE_METHODS: &[M] = &[("index", "tuple", seq_index), ("count", "tuple", seq_count)];

const DICT_METHODS: &[M] = &[
    ("get", "dict", dict_get),
    ("keys", "dict", dict_keys),
    ("values", "dict", dict_values),
    ("items", "dict", dict_items),
    ("update", "dict", dict_update),
    ("setdefault", "dict", dict_setdefault),
    ("pop", "dict", dict_pop),
    ("popitem", "dict", dict_popitem),
    ("copy", "dict", dict_copy),
    ("clear", "dict", dict_clear),
];

const SET_METHODS: &[M] = &[
    ("add", "set", set_add),
    ("remove", "set", set_remove),
    ("discard", "set", set_discard),
    ("pop", "set", set_pop),
    ("update", "set", set_update),
    ("copy", "set", set_copy),
    ("clear", "set", set_clear),
    ("union", "set", set_union),
    ("intersection", "set", set_intersection),
    ("difference", "set", set_difference),
    ("issubset", "set", set_issubset),
    ("issuperset", "set", set_issuperset),
];

const FROZENSET_METHODS: &[M] = &[
    ("union", "frozenset", set_union),
    ("intersection", "frozenset", set_intersection),
    ("difference", "frozenset", set_difference),
    ("issubset", "frozenset", set_issubset),
    ("issuperset", "frozenset", set_issuperset),
];

const GEN_METHODS: &[M] = &[
    ("send", "generator", gen_send),
    ("throw", "generator", gen_throw),
    ("close", "generator", gen_close),
];
const CORO_METHODS: &[M] = &[
    ("send", "coroutine", gen_send),
    ("throw", "coroutine", gen_throw),
    ("close", "coroutine", gen_close),
];

fn this_gen(a: &Args) -> PyResult<Rc<crate::objects::generator::Generator>> {
    match &a.values[0] {
        Value::Generator(g) => Ok(g.clone()),
        _ => Err(PyErr::internal("generator method on a non-generator")),
    }
}

fn gen_send(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("send", &a, 1, 1)?;
    let g = this_gen(&a)?;
    match vm.gen_resume(&g, a.values[1].clone(), None)? {
        crate::vm::gen::GenResult::Yield(v) => Ok(v),
        crate::vm::gen::GenResult::Return(v) => {
            if v.is_none() {
                Err(PyErr::no_args(ExcType::StopIteration))
            } else {
                Err(PyErr::with_args(ExcType::StopIteration, vec![v]))
            }
        }
    }
}

fn gen_throw(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("throw", &a, 1, 3)?;
    let g = this_gen(&a)?;
    let exc = match &a.values[1] {
        Value::Exception(e) => e.clone(),
        Value::Type(t) if t.is_exception() => {
            let args = match a.values.get(2) {
                Some(Value::None) | None => vec![],
                Some(Value::Tuple(t)) => t.to_vec(),
                Some(v) => vec![v.clone()],
            };
            crate::objects::ExcObj::new(t.clone(), args)
        }
        _ => {
            return Err(PyErr::type_error(
                "exceptions must be classes or instances deriving from BaseException, not str",
            ))
        }
    };
    match vm.gen_throw(&g, exc)? {
        crate::vm::gen::GenResult::Yield(v) => Ok(v),
        crate::vm::gen::GenResult::Return(v) => {
            if v.is_none() {
                Err(PyErr::no_args(ExcType::StopIteration))
            } else {
                Err(PyErr::with_args(ExcType::StopIteration, vec![v]))
            }
        }
    }
}

fn gen_close(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("close", &a, 0, 0)?;
    let g = this_gen(&a)?;
    vm.gen_close(&g)
}

const FRAME_METHODS: &[M] = &[("clear", "frame", frame_clear)];

/// `slice.indices(length)`: (start, stop, step) clamped as `_PySlice_GetLongIndices`.
fn slice_indices(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let [Value::Slice(s), len] = &a.values[..] else {
        return Err(PyErr::type_error(format!(
            "slice.indices() takes exactly one argument ({} given)",
            a.values.len().saturating_sub(1)
        )));
    };
    let n = match vm.number_index(len)? {
        Value::Int(n) => n,
        Value::Bool(b) => b.get() as i64,
        _ => {
            return Err(PyErr::unsupported(
                "slice.indices() of a length outside 64 bits",
            ))
        }
    };
    if n < 0 {
        return Err(PyErr::value_error("length should not be negative"));
    }
    let (start, stop, step) = crate::vm::subscr::slice_indices(vm, s, n)?;
    Ok(Value::tuple(vec![
        Value::Int(start),
        Value::Int(stop),
        Value::Int(step),
    ]))
}

/// `frame.clear()`: drops the locals of a finished frame; a running frame refuses; a suspended
/// generator's frame closes the generator first.
fn frame_clear(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("clear", &a, 0, 0)?;
    let Value::Frame(fo) = &a.values[0] else {
        return Err(PyErr::internal("frame.clear"));
    };
    let state = std::mem::replace(
        &mut *fo.state.borrow_mut(),
        crate::vm::FrameState::Live { index: usize::MAX },
    );
    match state {
        crate::vm::FrameState::Live { index } => {
            *fo.state.borrow_mut() = crate::vm::FrameState::Live { index };
            Err(PyErr::new(
                ExcType::RuntimeError,
                "cannot clear an executing frame",
            ))
        }
        crate::vm::FrameState::Suspended { gen } => {
            *fo.state.borrow_mut() = crate::vm::FrameState::Suspended { gen: gen.clone() };
            if let Some(g) = gen.upgrade() {
                vm.gen_close(&g)?;
            }
            Ok(Value::None)
        }
        crate::vm::FrameState::Dead { lasti, back, .. } => {
            *fo.state.borrow_mut() = crate::vm::FrameState::Dead {
                locals: Vec::new(),
                lasti,
                back,
                name_locals: None,
            };
            let old = fo.locals_dict.borrow_mut().take();
            drop(old);
            Ok(Value::None)
        }
    }
}

const INT_METHODS: &[M] = &[("bit_length", "int", int_bit_length)];
const FLOAT_METHODS: &[M] = &[("is_integer", "float", float_is_integer)];
const STREAM_METHODS: &[M] = &[
    ("write", "TextIOWrapper", stream_write),
    ("flush", "TextIOWrapper", stream_flush),
];

fn this_str(a: &Args) -> Rc<str> {
    match &a.values[0] {
        Value::Str(s) => s.rc(),
        _ => Rc::from(""),
    }
}

fn no_kw(name: &str, a: &Args) -> PyResult<()> {
    if a.n_kw() > 0 {
        // A method descriptor names itself by its qualified name (`str.find`).
        let qual = match a.values.first() {
            Some(v) if !name.contains('.') => format!("{}.{name}", v.type_name()),
            _ => name.to_string(),
        };
        return Err(PyErr::type_error(format!(
            "{qual}() takes no keyword arguments"
        )));
    }
    Ok(())
}

/// Checks the number of arguments after `self`.
fn nargs(name: &str, a: &Args, min: usize, max: usize) -> PyResult<()> {
    no_kw(name, a)?;
    // `self` is not counted.
    super::check_count(name, a.values.len() - 1, min, max)
}

fn arg_str(v: &Value, what: &str) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.rc()),
        other => Err(PyErr::type_error(format!(
            "{what}, not {}",
            other.type_name()
        ))),
    }
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn str_join(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.join", &a, 1, 1)?;
    let sep = this_str(&a);
    let items = vm.collect_iterable_for_unpack(&a.values[1])?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match it {
            Value::Str(x) => out.push_str(x),
            other => {
                return Err(PyErr::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )))
            }
        }
    }
    Ok(s(&out))
}

fn split_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Option<Rc<str>>, i64)> {
    let given = a.values.len() - 1;
    if given > 2 {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most 2 arguments ({given} given)"
        )));
    }
    let mut sep = a.values.get(1).filter(|_| a.pos().len() > 1).cloned();
    let mut maxsplit = a.values.get(2).filter(|_| a.pos().len() > 2).cloned();
    for (k, v) in a.kwargs() {
        match &**k {
            "sep" => sep = Some(v.clone()),
            "maxsplit" => maxsplit = Some(v.clone()),
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for {name}()"
                )))
            }
        }
    }
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(Value::Str(x)) => {
            if x.is_empty() {
                return Err(PyErr::value_error("empty separator"));
            }
            Some(x.rc())
        }
        Some(o) => {
            return Err(PyErr::type_error(format!(
                "must be str or None, not {}",
                o.type_name()
            )))
        }
    };
    let maxsplit = match maxsplit {
        None => -1,
        Some(o) => vm.ssize_arg(&o)?,
    };
    Ok((sep, maxsplit))
}

fn str_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let this = this_str(&a);
    let (sep, maxsplit) = split_args(vm, &a, "split")?;
    let parts: Vec<Value> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                this.split(&*sep).map(s).collect()
            } else {
                this.splitn(maxsplit as usize + 1, &*sep).map(s).collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = this.trim_start();
            let mut n = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && n >= maxsplit {
                    out.push(s(rest.trim_end()));
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(s(&rest[..end]));
                rest = rest[end..].trim_start();
                n += 1;
            }
            out
        }
    };
    Ok(Value::list(parts))
}

fn str_rsplit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let this = this_str(&a);
    let (sep, maxsplit) = split_args(vm, &a, "rsplit")?;
    let mut parts: Vec<Value> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                this.rsplit(&*sep).map(s).collect()
            } else {
                this.rsplitn(maxsplit as usize + 1, &*sep).map(s).collect()
            }
        }
        None => {
            if maxsplit < 0 {
                this.split_whitespace().rev().map(s).collect()
            } else {
                let mut out = Vec::new();
                let mut rest = this.trim_end();
                let mut n = 0;
                while !rest.is_empty() {
                    if n >= maxsplit {
                        out.push(s(rest.trim_start()));
                        break;
                    }
                    let start = rest.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
                    out.push(s(&rest[start..]));
                    rest = rest[..start].trim_end();
                    n += 1;
                }
                out
            }
        }
    };
    parts.reverse();
    Ok(Value::list(parts))
}

fn strip_chars(a: &Args, name: &str) -> PyResult<Option<Vec<char>>> {
    nargs(name, a, 0, 1)?;
    match a.values.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(c)) => Ok(Some(c.chars().collect())),
        Some(o) => Err(PyErr::type_error(format!(
            "{name} arg must be None or str, not {}",
            o.type_name()
        ))),
    }
}

fn str_strip(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(s(match strip_chars(&a, "strip")? {
        None => t.trim(),
        Some(cs) => t.trim_matches(|c| cs.contains(&c)),
    }))
}

fn str_lstrip(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(s(match strip_chars(&a, "lstrip")? {
        None => t.trim_start(),
        Some(cs) => t.trim_start_matches(|c| cs.contains(&c)),
    }))
}

fn str_rstrip(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(s(match strip_chars(&a, "rstrip")? {
        None => t.trim_end(),
        Some(cs) => t.trim_end_matches(|c| cs.contains(&c)),
    }))
}

fn str_upper(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.upper", &a, 0, 0)?;
    Ok(s(&this_str(&a).to_uppercase()))
}

fn str_lower(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.lower", &a, 0, 0)?;
    Ok(s(&this_str(&a).to_lowercase()))
}

fn str_title(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.title", &a, 0, 0)?;
    let mut out = String::new();
    let mut prev_cased = false;
    for c in this_str(&a).chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    Ok(s(&out))
}

fn str_capitalize(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.capitalize", &a, 0, 0)?;
    let t = this_str(&a);
    let mut cs = t.chars();
    let out = match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(|c| c.to_lowercase()))
            .collect(),
        None => String::new(),
    };
    Ok(s(&out))
}

fn str_swapcase(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.swapcase", &a, 0, 0)?;
    let out: String = this_str(&a)
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect::<Vec<_>>()
            }
        })
        .collect();
    Ok(s(&out))
}

fn str_replace(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("replace", &a, 2, 3)?;
    let t = this_str(&a);
    let old = arg_str(&a.values[1], "replace() argument 1 must be str")?;
    let new = arg_str(&a.values[2], "replace() argument 2 must be str")?;
    let count = match a.values.get(3) {
        Some(Value::Int(i)) => *i,
        _ => -1,
    };
    if count < 0 {
        Ok(s(&t.replace(&*old, &new)))
    } else {
        Ok(s(&t.replacen(&*old, &new, count as usize)))
    }
}

fn prefix_check(vm: &mut Vm, a: &Args, name: &str, ends: bool) -> PyResult<Value> {
    let (start, end) = str_bounds(vm, a, name)?;
    // `tailmatch` on `s[start:end]`: no match when the window is shorter than the affix.
    let window: String = if end > start {
        this_str(a)
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect()
    } else {
        String::new()
    };
    let test = |p: &str| {
        if end - start < p.chars().count() as i64 {
            false
        } else if ends {
            window.ends_with(p)
        } else {
            window.starts_with(p)
        }
    };
    match &a.values[1] {
        Value::Str(p) => Ok(Value::Bool(crate::objects::PyBool::from(test(p)))),
        Value::Tuple(ps) => {
            for p in ps.iter() {
                match p {
                    Value::Str(p) => {
                        if test(p) {
                            return Ok(Value::Bool(crate::objects::PyBool::TRUE));
                        }
                    }
                    o => {
                        return Err(PyErr::type_error(format!(
                            "tuple for {name} must only contain str, not {}",
                            o.type_name()
                        )))
                    }
                }
            }
            Ok(Value::Bool(crate::objects::PyBool::FALSE))
        }
        o => Err(PyErr::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            o.type_name()
        ))),
    }
}

fn str_startswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    prefix_check(vm, &a, "startswith", false)
}

fn str_endswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    prefix_check(vm, &a, "endswith", true)
}

fn char_index(t: &str, byte: usize) -> i64 {
    t[..byte].chars().count() as i64
}

/// A search window: the text of `s[start:end]` and `start` (in chars).
type Window = Option<(String, i64)>;

/// The window `str.find`/`rfind`/`index`/`count` search: `sub`, the text of `s[start:end]`
/// (`_PyEval_SliceIndex` bounds, then `ADJUST_INDICES`) and `start` in chars; None when
/// the window is shorter than `sub`.
fn str_window(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Rc<str>, Window)> {
    let (start, end) = str_bounds(vm, a, name)?;
    let t = this_str(a);
    let sub = arg_str(&a.values[1], "must be str")?;
    if end - start < sub.chars().count() as i64 {
        return Ok((sub, None));
    }
    let text: String = t
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    Ok((sub, Some((text, start))))
}

/// The `start`/`end` arguments of `str.find`-like methods (`PyArg_ParseTuple("O|OO")`,
/// `_PyEval_SliceIndex`), adjusted as `ADJUST_INDICES` does: `end` within the length,
/// negative values from the end; `start` may stay past the end.
fn str_bounds(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(i64, i64)> {
    no_kw(name, a)?;
    // `PyArg_ParseTuple(args, "O|OO:find", ...)`'s texts.
    match a.values.len() - 1 {
        0 => {
            return Err(PyErr::type_error(format!(
                "{name}() takes at least 1 argument (0 given)"
            )))
        }
        n if n > 3 => {
            return Err(PyErr::type_error(format!(
                "{name}() takes at most 3 arguments ({n} given)"
            )))
        }
        _ => {}
    }
    let mut bound = |i: usize| -> PyResult<Option<i64>> {
        match a.values.get(i) {
            None | Some(Value::None) => Ok(None),
            Some(v) if crate::vm::Vm::has_index(v) => vm.index_clamped(v).map(Some),
            Some(_) => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let (start, end) = (bound(2)?, bound(3)?);
    let len = this_str(a).chars().count() as i64;
    let end = match end {
        None => len,
        Some(e) if e > len => len,
        Some(e) if e < 0 => (e + len).max(0),
        Some(e) => e,
    };
    let start = match start {
        None => 0,
        Some(st) if st < 0 => (st + len).max(0),
        Some(st) => st,
    };
    Ok((start, end))
}

fn str_find(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, w) = str_window(vm, &a, "find")?;
    Ok(Value::Int(w.map_or(-1, |(t, st)| {
        t.find(&*sub).map_or(-1, |b| char_index(&t, b) + st)
    })))
}

fn str_rfind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, w) = str_window(vm, &a, "rfind")?;
    Ok(Value::Int(w.map_or(-1, |(t, st)| {
        t.rfind(&*sub).map_or(-1, |b| char_index(&t, b) + st)
    })))
}

fn str_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, w) = str_window(vm, &a, "index")?;
    match w.and_then(|(t, st)| t.find(&*sub).map(|b| char_index(&t, b) + st)) {
        Some(i) => Ok(Value::Int(i)),
        None => Err(PyErr::value_error("substring not found")),
    }
}

fn str_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, w) = str_window(vm, &a, "count")?;
    let Some((t, _)) = w else {
        return Ok(Value::Int(0));
    };
    if sub.is_empty() {
        return Ok(Value::Int(t.chars().count() as i64 + 1));
    }
    Ok(Value::Int(t.matches(&*sub).count() as i64))
}

fn str_pred(a: &Args, f: fn(char) -> bool) -> Value {
    let t = this_str(a);
    Value::Bool(crate::objects::PyBool::from(
        !t.is_empty() && t.chars().all(f),
    ))
}

fn str_isdigit(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(str_pred(&a, |c| {
        c.is_ascii_digit() || crate::numfmt::unicode_decimal(c).is_some()
    }))
}
fn str_isalpha(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(str_pred(&a, char::is_alphabetic))
}
fn str_isalnum(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(str_pred(&a, char::is_alphanumeric))
}
fn str_isspace(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(str_pred(&a, crate::numfmt::is_unicode_space))
}
fn str_isupper(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(Value::Bool(crate::objects::PyBool::from(
        t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase),
    )))
}
fn str_islower(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(Value::Bool(crate::objects::PyBool::from(
        t.chars().any(char::is_lowercase) && !t.chars().any(char::is_uppercase),
    )))
}
fn str_isidentifier(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    let mut cs = t.chars();
    Ok(Value::Bool(match cs.next() {
        Some(c) => crate::objects::PyBool::from(
            (c == '_' || c.is_alphabetic()) && cs.all(|c| c == '_' || c.is_alphanumeric()),
        ),
        None => crate::objects::PyBool::from(false),
    }))
}

fn pad(vm: &mut Vm, a: &Args, name: &str, mode: u8) -> PyResult<Value> {
    nargs(name, a, 1, 2)?;
    let t = this_str(a);
    let width = vm.ssize_arg(&a.values[1])?;
    let fill = match a.values.get(2) {
        None => ' ',
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(_) => {
            return Err(PyErr::type_error(
                "The fill character must be exactly one character long",
            ));
        }
    };
    let len = t.chars().count() as i64;
    if width <= len {
        return Ok(Value::Str(t.into()));
    }
    let total = (width - len) as usize;
    let (left, right) = match mode {
        0 => (0, total),
        1 => (total, 0),
        _ => {
            let left = total / 2 + (total & width as usize & 1);
            (left, total - left)
        }
    };
    let mut out = String::new();
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(&t);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(s(&out))
}

fn str_ljust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad(vm, &a, "ljust", 0)
}
fn str_rjust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad(vm, &a, "rjust", 1)
}
fn str_center(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad(vm, &a, "center", 2)
}

fn str_zfill(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("str.zfill", &a, 1, 1)?;
    let t = this_str(&a);
    let width = vm.ssize_arg(&a.values[1])?;
    let len = t.chars().count() as i64;
    if width <= len {
        return Ok(Value::Str(t.into()));
    }
    let fill = "0".repeat((width - len) as usize);
    let out = if t.starts_with('+') || t.starts_with('-') {
        format!("{}{}{}", &t[..1], fill, &t[1..])
    } else {
        format!("{fill}{t}")
    };
    Ok(s(&out))
}

fn str_splitlines(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    Ok(Value::list(
        crate::source::split_lines(&t)
            .iter()
            .map(|l| s(l))
            .collect(),
    ))
}

fn str_partition(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("partition", &a, 1, 1)?;
    let t = this_str(&a);
    let sep = arg_str(&a.values[1], "must be str")?;
    if sep.is_empty() {
        return Err(PyErr::value_error("empty separator"));
    }
    Ok(match t.find(&*sep) {
        Some(i) => Value::tuple(vec![
            s(&t[..i]),
            Value::Str(sep.clone().into()),
            s(&t[i + sep.len()..]),
        ]),
        None => Value::tuple(vec![Value::Str(t.clone().into()), s(""), s("")]),
    })
}

/// `str.format`: auto/manual numbering, names, attribute/index access, conversions, specs.
fn str_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = this_str(&a);
    let pos: Vec<Value> = a.pos()[1..].to_vec();
    let kw: Vec<(Rc<str>, Value)> = a.kwargs().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut depth = 1;
            while j < chars.len() {
                if chars[j] == '{' {
                    depth += 1;
                } else if chars[j] == '}' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(PyErr::value_error(
                    "Single '{' encountered in format string",
                ));
            }
            let field: String = chars[i + 1..j].iter().collect();
            let (head, spec) = match field.find(':') {
                Some(p) => (&field[..p], &field[p + 1..]),
                None => (&field[..], ""),
            };
            let (name, conv) = match head.find('!') {
                Some(p) => (&head[..p], Some(&head[p + 1..])),
                None => (head, None),
            };
            let first_end = name.find(['.', '[']).unwrap_or(name.len());
            let first = &name[..first_end];
            let mut v = if first.is_empty() {
                let v = pos.get(auto).cloned().ok_or_else(|| {
                    PyErr::new(
                        ExcType::IndexError,
                        format!("Replacement index {auto} out of range for positional args tuple"),
                    )
                })?;
                auto += 1;
                v
            } else if let Ok(n) = first.parse::<usize>() {
                pos.get(n).cloned().ok_or_else(|| {
                    PyErr::new(
                        ExcType::IndexError,
                        format!("Replacement index {n} out of range for positional args tuple"),
                    )
                })?
            } else {
                kw.iter()
                    .find(|(k, _)| &**k == first)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| PyErr::with_args(ExcType::KeyError, vec![s(first)]))?
            };
            let mut rest = &name[first_end..];
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('.') {
                    let end = r.find(['.', '[']).unwrap_or(r.len());
                    v = vm.getattr(&v, &r[..end])?;
                    rest = &r[end..];
                } else if let Some(r) = rest.strip_prefix('[') {
                    let end = r.find(']').unwrap_or(r.len());
                    let key = &r[..end];
                    let k = key
                        .parse::<i64>()
                        .map(Value::Int)
                        .unwrap_or_else(|_| s(key));
                    v = vm.getitem(&v, &k)?;
                    rest = r.get(end + 1..).unwrap_or("");
                } else {
                    break;
                }
            }
            let v = match conv {
                Some("r") => s(&vm.repr(&v)?),
                Some("s") => s(&vm.str(&v)?),
                Some("a") => s(&super::ascii_of(&vm.repr(&v)?)),
                Some(o) => {
                    return Err(PyErr::value_error(format!(
                        "Unknown conversion specifier {o}"
                    )))
                }
                None => v,
            };
            out.push_str(&vm.format(&v, spec)?);
            i = j + 1;
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(PyErr::value_error(
                "Single '}' encountered in format string",
            ));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(s(&out))
}

fn this_list(a: &Args) -> Rc<std::cell::RefCell<Vec<Value>>> {
    match &a.values[0] {
        Value::List(l) => l.clone(),
        _ => Rc::new(std::cell::RefCell::new(Vec::new())),
    }
}

fn list_append(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.append", &a, 1, 1)?;
    this_list(&a).borrow_mut().push(a.values[1].clone());
    Ok(Value::None)
}

fn list_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("pop", &a, 0, 1)?;
    let l = this_list(&a);
    let len = l.borrow().len() as i64;
    if len == 0 {
        return Err(PyErr::new(ExcType::IndexError, "pop from empty list"));
    }
    let i = match a.values.get(1) {
        Some(v) => vm.ssize_arg(v)?,
        None => -1,
    };
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(PyErr::new(ExcType::IndexError, "pop index out of range"));
    }
    let v = l.borrow_mut().remove(j as usize);
    Ok(v)
}

fn list_extend(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.extend", &a, 1, 1)?;
    let items = vm.collect_iterable_for_unpack(&a.values[1])?;
    this_list(&a).borrow_mut().extend(items);
    Ok(Value::None)
}

fn list_insert(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("insert", &a, 2, 2)?;
    let l = this_list(&a);
    let len = l.borrow().len() as i64;
    let i = vm.ssize_arg(&a.values[1])?;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
    l.borrow_mut().insert(j as usize, a.values[2].clone());
    Ok(Value::None)
}

fn list_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.remove", &a, 1, 1)?;
    let l = this_list(&a);
    let items = l.borrow().clone();
    for (i, it) in items.iter().enumerate() {
        if it.is(&a.values[1]) || vm.eq(it, &a.values[1])? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(PyErr::value_error("list.remove(x): x not in list"))
}

fn seq_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn seq_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let tn = a.values[0].type_name();
    nargs("index", &a, 1, 3)?;
    // Argument Clinic's `slice_index` converter (`_PyEval_SliceIndexNotNone`), then
    // negative bounds count from the end.
    let mut bound = |i: usize, default: i64| -> PyResult<i64> {
        match a.values.get(i) {
            None => Ok(default),
            Some(v) if crate::vm::Vm::has_index(v) => vm.index_clamped(v),
            Some(_) => Err(PyErr::type_error(
                "slice indices must be integers or have an __index__ method",
            )),
        }
    };
    let (start, stop) = (bound(2, 0)?, bound(3, i64::MAX)?);
    let items = seq_items(&a.values[0]);
    let len = items.len() as i64;
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    let stop = if stop < 0 { (stop + len).max(0) } else { stop };
    for (i, it) in items.iter().enumerate() {
        let i = i as i64;
        if i < start {
            continue;
        }
        if i >= stop {
            break;
        }
        if it.is(&a.values[1]) || vm.eq(it, &a.values[1])? {
            return Ok(Value::Int(i));
        }
    }
    if &*tn == "tuple" {
        Err(PyErr::value_error("tuple.index(x): x not in tuple"))
    } else {
        Err(PyErr::value_error(format!(
            "{} is not in list",
            vm.repr(&a.values[1])?
        )))
    }
}

fn seq_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let qual = format!("{}.count", a.values[0].type_name());
    nargs(&qual, &a, 1, 1)?;
    let mut n = 0;
    for it in seq_items(&a.values[0]).iter() {
        if it.is(&a.values[1]) || vm.eq(it, &a.values[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn list_sort(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.pos().len() > 1 {
        return Err(PyErr::type_error("sort() takes no positional arguments"));
    }
    let mut key = None;
    let mut reverse = false;
    for (k, v) in a.kwargs() {
        match &**k {
            "key" => key = Some(v.clone()),
            "reverse" => reverse = vm.truthy(v)?,
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for sort()"
                )))
            }
        }
    }
    let l = this_list(&a);
    let items = std::mem::take(&mut *l.borrow_mut());
    let (sorted, err) = super::functions::sort_values_partial(vm, items, key.as_ref(), reverse);
    let modified = !l.borrow().is_empty();
    let old = std::mem::replace(&mut *l.borrow_mut(), sorted);
    drop(old);
    match err {
        Some(e) => Err(e),
        None if modified => Err(PyErr::value_error("list modified during sort")),
        None => Ok(Value::None),
    }
}

fn list_reverse(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.reverse", &a, 0, 0)?;
    this_list(&a).borrow_mut().reverse();
    Ok(Value::None)
}

fn list_copy(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.copy", &a, 0, 0)?;
    Ok(Value::list(this_list(&a).borrow().clone()))
}

fn list_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("list.clear", &a, 0, 0)?;
    let old = std::mem::take(&mut *this_list(&a).borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn this_dict(a: &Args) -> crate::objects::DictRef {
    match &a.values[0] {
        Value::Dict(d) => d.clone(),
        _ => Rc::new(std::cell::RefCell::new(Dict::default())),
    }
}

fn dict_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("get", &a, 1, 2)?;
    let k = vm.key_in(&this_dict(&a), a.values[1].clone())?;
    let v = this_dict(&a).borrow().get(&k);
    Ok(v.unwrap_or_else(|| a.values.get(2).cloned().unwrap_or(Value::None)))
}

fn view(a: &Args, what: u8) -> Value {
    Value::DictView(Rc::new(crate::objects::DictView {
        dict: this_dict(a),
        what,
    }))
}

fn dict_keys(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("dict.keys", &a, 0, 0)?;
    Ok(view(&a, 0))
}
fn dict_values(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("dict.values", &a, 0, 0)?;
    Ok(view(&a, 1))
}
fn dict_items(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("dict.items", &a, 0, 0)?;
    Ok(view(&a, 2))
}

fn dict_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = this_dict(&a);
    if a.pos().len() > 2 {
        return Err(PyErr::type_error(format!(
            "update expected at most 1 argument, got {}",
            a.pos().len() - 1
        )));
    }
    if let Some(src) = a.pos().get(1) {
        super::types::dict_merge_from(vm, &d, src)?;
    }
    for (k, v) in a.kwargs() {
        d.borrow_mut().insert(Key::str(k), v.clone());
    }
    Ok(Value::None)
}

fn dict_setdefault(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("setdefault", &a, 1, 2)?;
    let d = this_dict(&a);
    let k = vm.key_in(&d, a.values[1].clone())?;
    let existing = d.borrow().get(&k);
    if let Some(v) = existing {
        return Ok(v);
    }
    let v = a.values.get(2).cloned().unwrap_or(Value::None);
    d.borrow_mut().insert(k, v.clone());
    Ok(v)
}

fn dict_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("pop", &a, 1, 2)?;
    let d = this_dict(&a);
    let k = vm.key_in(&d, a.values[1].clone())?;
    let r = d.borrow_mut().remove(&k);
    match r {
        Some(v) => Ok(v),
        None => match a.values.get(2) {
            Some(dv) => Ok(dv.clone()),
            None => Err(PyErr::with_args(
                ExcType::KeyError,
                vec![a.values[1].clone()],
            )),
        },
    }
}

fn dict_popitem(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("popitem", &a, 0, 0)?;
    let r = this_dict(&a).borrow_mut().pop_last();
    match r {
        Some((k, v)) => Ok(Value::tuple(vec![k.value, v])),
        None => Err(PyErr::with_args(
            ExcType::KeyError,
            vec![s("popitem(): dictionary is empty")],
        )),
    }
}

fn dict_copy(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("dict.copy", &a, 0, 0)?;
    Ok(Value::dict(this_dict(&a).borrow().clone()))
}

fn dict_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("dict.clear", &a, 0, 0)?;
    let old = std::mem::take(&mut *this_dict(&a).borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn this_set(a: &Args) -> Option<Rc<std::cell::RefCell<Dict>>> {
    match &a.values[0] {
        Value::Set(s) => Some(s.clone()),
        _ => None,
    }
}

fn set_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("set.add", &a, 1, 1)?;
    let k = vm.key(a.values[1].clone())?;
    if let Some(st) = this_set(&a) {
        let k = vm.dict_key(&st, k)?;
        st.borrow_mut().insert(k, Value::None);
    }
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("set.remove", &a, 1, 1)?;
    let k = vm.key(a.values[1].clone())?;
    let k = match this_set(&a) {
        Some(st) => vm.dict_key(&st, k)?,
        None => k,
    };
    let removed = this_set(&a).and_then(|st| st.borrow_mut().remove(&k));
    match removed {
        Some(_) => Ok(Value::None),
        None => Err(PyErr::with_args(
            ExcType::KeyError,
            vec![a.values[1].clone()],
        )),
    }
}

fn set_discard(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("set.discard", &a, 1, 1)?;
    let k = vm.key(a.values[1].clone())?;
    if let Some(st) = this_set(&a) {
        let k = vm.dict_key(&st, k)?;
        st.borrow_mut().remove(&k);
    }
    Ok(Value::None)
}

fn set_pop(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("set.pop", &a, 0, 0)?;
    let r = this_set(&a).and_then(|st| st.borrow_mut().pop_first());
    match r {
        Some((k, _)) => Ok(k.value),
        None => Err(PyErr::with_args(
            ExcType::KeyError,
            vec![s("pop from an empty set")],
        )),
    }
}

fn set_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    no_kw("set.update", &a)?;
    for src in a.values[1..].iter() {
        let items = vm.collect_iterable_for_unpack(src)?;
        for it in items {
            let k = vm.key(it)?;
            if let Some(st) = this_set(&a) {
                let k = vm.dict_key(&st, k)?;
                st.borrow_mut().insert(k, Value::None);
            }
        }
    }
    Ok(Value::None)
}

fn set_copy(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(match &a.values[0] {
        Value::Set(st) => Value::Set(Rc::new(std::cell::RefCell::new(st.borrow().clone()))),
        other => other.clone(),
    })
}

fn set_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Some(st) = this_set(&a) {
        st.borrow_mut().clear();
    }
    Ok(Value::None)
}

fn to_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Set(_) | Value::FrozenSet(_) => Ok(v.clone()),
        other => {
            let items = vm.collect_iterable_for_unpack(other)?;
            let mut d = Dict::default();
            for it in items {
                let k = vm.key_in_owned(&d, it)?;
                d.insert(k, Value::None);
            }
            Ok(Value::Set(Rc::new(std::cell::RefCell::new(d))))
        }
    }
}

fn set_op(vm: &mut Vm, a: Args, op: crate::bytecode::BinOp) -> PyResult<Value> {
    let mut acc = match &a.values[0] {
        Value::Set(st) => Value::Set(Rc::new(std::cell::RefCell::new(st.borrow().clone()))),
        other => other.clone(),
    };
    for other in a.values[1..].iter() {
        let o = to_set(vm, other)?;
        acc = super::set_binop(vm, &acc, &o, op, false)?;
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_op(vm, a, crate::bytecode::BinOp::Or)
}
fn set_intersection(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_op(vm, a, crate::bytecode::BinOp::And)
}
fn set_difference(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_op(vm, a, crate::bytecode::BinOp::Sub)
}
fn set_issubset(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("issubset", &a, 1, 1)?;
    let o = to_set(vm, &a.values[1])?;
    Ok(Value::Bool(crate::objects::PyBool::from(super::set_order(
        &a.values[0],
        &o,
        crate::bytecode::CmpOp::Le,
    ))))
}
fn set_issuperset(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("issuperset", &a, 1, 1)?;
    let o = to_set(vm, &a.values[1])?;
    Ok(Value::Bool(crate::objects::PyBool::from(super::set_order(
        &a.values[0],
        &o,
        crate::bytecode::CmpOp::Ge,
    ))))
}

fn int_bit_length(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("int.bit_length", &a, 0, 0)?;
    let b = crate::objects::to_bigint(&a.values[0]).unwrap_or_default();
    Ok(Value::Int(b.bits() as i64))
}

fn float_is_integer(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("float.is_integer", &a, 0, 0)?;
    Ok(Value::Bool(crate::objects::PyBool::from(
        matches!(a.values[0], Value::Float(f) if f.is_finite() && f.fract() == 0.0),
    )))
}

fn stream_write(vm: &mut Vm, a: Args) -> PyResult<Value> {
    nargs("write", &a, 1, 1)?;
    let text = match &a.values[1] {
        Value::Str(t) => t.clone(),
        o => {
            return Err(PyErr::type_error(format!(
                "write() argument must be str, not {}",
                o.type_name()
            )))
        }
    };
    let is_err = matches!(&a.values[0], Value::Opaque(o) if o.kind == OpaqueKind::Stderr);
    if is_err {
        vm.out.stderr.write(&text);
    } else {
        vm.out.stdout.write(&text);
    }
    Ok(Value::Int(text.chars().count() as i64))
}

fn stream_flush(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::None)
}
