//! The `builtins` module: builtin functions, type calls, and object reprs.
//!
//! Invariants:
//! - Every name CPython 3.11's builtins has but pyref does not implement is bound to a
//!   placeholder that reports "unsupported" when called, so a program using it fails as
//!   unsupported, never with a fake NameError.
//! - Builtin call recursion costs follow 3.11's specialized call paths ([`recursion_cost`]).

pub mod classes;
pub mod cpython_dir;
pub mod functions;
pub mod listsort;
pub mod methods;
pub mod types;

use std::rc::Rc;

use crate::bytecode::{BinOp, CmpOp, Code};
use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, Builtin, NativeFn};
use crate::objects::types::{all_exc_types, ty};
use crate::objects::{Dict, ExcObj, Key, TypeKind, TypeObj, Value};
use crate::vm::Vm;

pub use classes::{default_repr, descriptor_attr, object_method};
pub use types::call_type;

/// Whether `b` is a function CPython 3.11 defines `METH_FASTCALL` (with or without
/// keywords; `len` and `isinstance` have their own specializations): a specialized CALL
/// runs it with no recursion check, the generic path (`cfunction_enter_call`) charges one
/// level. Keyed by module: other modules' functions of the same name are not these.
fn fastcall(b: &Builtin) -> bool {
    match b.module {
        "builtins" => matches!(
            b.name,
            "len"
                | "isinstance"
                | "issubclass"
                | "getattr"
                | "hasattr"
                | "setattr"
                | "delattr"
                | "sum"
                | "iter"
                | "next"
                | "anext"
                | "divmod"
                | "pow"
                | "round"
                | "format"
                | "print"
                | "sorted"
                | "eval"
                | "exec"
                | "compile"
                | "__import__"
                | "input"
                | "open"
                | "breakpoint"
        ),
        "sys" => b.name == "_getframe",
        _ => false,
    }
}

/// Recursion levels a builtin call charges on 3.11's specialized path: its own check
/// (none for [`fastcall`] functions; `METH_O`, `METH_NOARGS` and `METH_VARARGS` ones, e.g.
/// `min`/`max`, always charge one) plus the checks it makes around its callbacks (`sorted`
/// calls `list.sort`, a method descriptor that charges one while the key function and
/// comparisons run).
pub fn recursion_cost(b: &Builtin) -> u32 {
    if !b.owner.is_empty() {
        return match (b.owner, b.name) {
            ("list", "append") | ("list", "pop") | ("dict", "get") | ("str", "split") => 0,
            _ => 1,
        };
    }
    let own = u32::from(!fastcall(b));
    let callbacks = u32::from(b.module == "builtins" && b.name == "sorted");
    own + callbacks
}

/// Whether 3.11's generic call path (code not yet quickened, or CALL_FUNCTION_EX) charges
/// one level more than [`recursion_cost`]: for the vectorcall functions and methods the
/// specialized path calls directly.
pub fn generic_extra(b: &Builtin) -> bool {
    if b.owner.is_empty() {
        fastcall(b)
    } else {
        recursion_cost(b) == 0
    }
}

fn builtin(name: &'static str, module: &'static str, func: NativeFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: "",
        func,
        bound: None,
        module,
    }))
}

/// The `builtins` dict: builtin functions and types, constants, and an "unsupported"
/// stand-in for every other name CPython 3.11 has there.
pub fn builtins_dict() -> Dict {
    let mut d = Dict::default();
    for (name, f) in functions::FUNCTIONS {
        d.set_str(name, builtin(name, "builtins", *f));
    }
    d.set_str(
        "__build_class__",
        builtin("__build_class__", "builtins", classes::build_class),
    );
    let type_names: &[(&str, TypeKind)] = &[
        ("object", TypeKind::Object),
        ("type", TypeKind::Type),
        ("bool", TypeKind::Bool),
        ("int", TypeKind::Int),
        ("float", TypeKind::Float),
        ("str", TypeKind::Str),
        ("tuple", TypeKind::Tuple),
        ("list", TypeKind::List),
        ("dict", TypeKind::Dict),
        ("set", TypeKind::Set),
        ("frozenset", TypeKind::FrozenSet),
        ("range", TypeKind::Range),
        ("slice", TypeKind::Slice),
        ("map", TypeKind::Map),
        ("filter", TypeKind::Filter),
        ("zip", TypeKind::Zip),
        ("enumerate", TypeKind::Enumerate),
        ("reversed", TypeKind::Reversed),
        ("property", TypeKind::Property),
        ("staticmethod", TypeKind::StaticMethod),
        ("classmethod", TypeKind::ClassMethod),
        ("super", TypeKind::Super),
    ];
    for (name, k) in type_names {
        d.set_str(name, Value::Type(ty(*k)));
    }
    for t in all_exc_types() {
        d.set_str(&t.name.clone(), Value::Type(t));
    }
    d.set_str("None", Value::None);
    d.set_str("True", Value::Bool(crate::objects::PyBool::TRUE));
    d.set_str("False", Value::Bool(crate::objects::PyBool::FALSE));
    d.set_str("Ellipsis", Value::Ellipsis);
    d.set_str("NotImplemented", Value::NotImplemented);
    d.set_str("__name__", Value::str("builtins"));
    d.set_str("__debug__", Value::Bool(crate::objects::PyBool::TRUE));
    for name in cpython_dir::BUILTIN_NAMES {
        if d.get_str(name).is_none() {
            d.set_str(
                name,
                builtin(name, "builtins", functions::unsupported_builtin),
            );
        }
    }
    d
}

/// Makes `d` the Vm's `builtins` dict and registers the `builtins` module.
pub fn install(vm: &mut Vm, d: Dict) {
    *vm.builtins.borrow_mut() = d;
    let m = crate::objects::Module {
        name: Rc::from("builtins"),
        dict: vm.builtins.clone(),
    };
    vm.modules
        .insert(Rc::from("builtins"), Value::Module(Rc::new(m)));
}

/// `repr(type)`: `<class 'int'>`.
pub fn type_repr(t: &Rc<TypeObj>) -> String {
    let m = t.module_name();
    if &*m == "builtins" {
        format!("<class '{}'>", t.qualname)
    } else {
        format!("<class '{m}.{}'>", t.qualname)
    }
}

/// Reprs of objects that are not containers or numbers.
pub fn object_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let addr = |v: &Value| format!("0x{:x}", v.id());
    Ok(match v {
        Value::Function(f) => format!("<function {} at {}>", f.qualname.borrow(), addr(v)),
        Value::Builtin(b) => match &b.bound {
            Some(s) if !matches!(s, Value::Module(_)) => {
                format!(
                    "<built-in method {} of {} object at {}>",
                    b.name,
                    s.type_name(),
                    addr(s)
                )
            }
            _ => format!("<built-in function {}>", b.name),
        },
        Value::Method(m) => {
            let fname = match &m.func {
                Value::Function(f) => f.qualname.borrow().to_string(),
                _ => "?".into(),
            };
            format!("<bound method {} of {}>", fname, vm.repr(&m.self_)?)
        }
        Value::Code(c) => format!(
            "<code object {} at {}, file \"{}\", line {}>",
            c.name,
            addr(v),
            c.filename,
            c.firstlineno
        ),
        Value::Cell(c) => match c.get() {
            Some(x) => format!(
                "<cell at {}: {} object at {}>",
                addr(v),
                x.type_name(),
                addr(&x)
            ),
            None => format!("<cell at {}: empty>", addr(v)),
        },
        Value::Frame(f) => {
            let line = match vm.getattr(v, "f_lineno")? {
                Value::Int(i) => i.to_string(),
                _ => "None".into(),
            };
            format!(
                "<frame at {}, file '{}', line {}, code {}>",
                addr(v),
                f.code.filename,
                line,
                f.code.name
            )
        }
        Value::Traceback(_) => format!("<traceback object at {}>", addr(v)),
        Value::Module(m) => {
            if &*m.name == "builtins" || &*m.name == "sys" {
                format!("<module '{}' (built-in)>", m.name)
            } else {
                format!("<module '{}'>", m.name)
            }
        }
        Value::Type(t) => type_repr(t),
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            vm.repr(&s.start)?,
            vm.repr(&s.stop)?,
            vm.repr(&s.step)?
        ),
        Value::Iter(_) => format!("<{} object at {}>", v.type_name(), addr(v)),
        Value::Generator(g) => {
            let kind = match g.kind {
                crate::objects::generator::GenKind::Generator => "generator",
                crate::objects::generator::GenKind::Coroutine => "coroutine",
            };
            format!("<{kind} object {} at {}>", g.qualname, addr(v))
        }
        Value::Opaque(o) => match o.kind {
            crate::objects::OpaqueKind::Stdout => {
                "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>".into()
            }
            crate::objects::OpaqueKind::Stderr => {
                "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>".into()
            }
            crate::objects::OpaqueKind::Stdin => {
                "<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>".into()
            }
            _ => format!("<object at {}>", addr(v)),
        },
        _ => format!("<{} object at {}>", v.type_name(), addr(v)),
    })
}

/// `str(exception)`: a user `__str__` if the class defines one, else BaseException's.
pub fn exception_str(vm: &mut Vm, e: &Rc<ExcObj>) -> PyResult<String> {
    if e.cls.heap {
        if let Some(r) = vm.call_special(&Value::Exception(e.clone()), "__str__", vec![])? {
            return match r {
                Value::Str(s) => Ok(s.to_string()),
                other => Err(PyErr::type_error(format!(
                    "__str__ returned non-string (type {})",
                    other.type_name()
                ))),
            };
        }
    }
    exception_base_str(vm, e)
}

/// `BaseException.__str__`.
pub fn exception_base_str(vm: &mut Vm, e: &Rc<ExcObj>) -> PyResult<String> {
    if e.is(crate::objects::ExcType::SyntaxError) {
        return syntax_error_str(vm, e);
    }
    let args = e.args();
    if e.is(crate::objects::ExcType::KeyError) && args.len() == 1 {
        return vm.repr(&args[0]);
    }
    match args.len() {
        0 => Ok(String::new()),
        1 => vm.str(&args[0]),
        _ => vm.repr(&Value::Tuple(args)),
    }
}

/// `SyntaxError_str`: "msg (file, line N)" with the file's base name, as far as the
/// filename (a str) and line number (an int) are known.
fn syntax_error_str(vm: &mut Vm, e: &Rc<ExcObj>) -> PyResult<String> {
    let msg = vm.str(&e.get_attr("msg").unwrap_or(Value::None))?;
    let file = match e.get_attr("filename") {
        Some(Value::Str(f)) => Some(f.rsplit('/').next().unwrap_or("").to_string()),
        _ => None,
    };
    let line = match e.get_attr("lineno") {
        Some(Value::Int(n)) => Some(n),
        _ => None,
    };
    Ok(match (file, line) {
        (Some(f), Some(n)) => format!("{msg} ({f}, line {n})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(n)) => format!("{msg} (line {n})"),
        (None, None) => msg,
    })
}

/// Attributes every exception of a class has by default (`name` of NameError is None, ...).
pub fn exception_default_attr(e: &Rc<ExcObj>, name: &str) -> Option<Value> {
    use crate::objects::ExcType as E;
    match name {
        "name" if e.is(E::NameError) || e.is(E::AttributeError) || e.is(E::ImportError) => {
            Some(Value::None)
        }
        "obj" if e.is(E::AttributeError) => Some(Value::None),
        "msg"
        | "filename"
        | "lineno"
        | "offset"
        | "text"
        | "end_lineno"
        | "end_offset"
        | "print_file_and_line"
            if e.is(E::SyntaxError) =>
        {
            Some(Value::None)
        }
        "value" if e.is(E::StopIteration) => Some(e.args().first().cloned().unwrap_or(Value::None)),
        "code" if e.is(E::SystemExit) => {
            let a = e.args();
            Some(match a.len() {
                0 => Value::None,
                1 => a[0].clone(),
                _ => Value::Tuple(a),
            })
        }
        "with_traceback" => Some(Value::Builtin(Rc::new(Builtin {
            name: "with_traceback",
            owner: "BaseException",
            func: functions::exc_with_traceback,
            bound: Some(Value::Exception(e.clone())),
            module: "builtins",
        }))),
        _ => None,
    }
}

/// Fills a frame's f_locals dict from its fast locals (PyFrame_FastToLocals).
pub fn fill_locals_dict(code: &Code, locals: &[Option<Value>], d: &mut Dict) {
    let n = code.varnames.len();
    let mut put = |name: &Rc<str>, v: Option<Value>| match v {
        Some(v) => d.insert(Key::str(name), v),
        None => {
            d.remove(&Key::str(name));
        }
    };
    for (i, name) in code.varnames.iter().enumerate() {
        let v = locals.get(i).cloned().flatten();
        let v = match (v, code.cellvars.contains(name)) {
            (Some(Value::Cell(c)), true) => c.get(),
            (v, _) => v,
        };
        put(name, v);
    }
    for (k, name) in code.cellvars.iter().enumerate() {
        let slot = code.cell_slots[k] as usize;
        if slot < n {
            continue;
        }
        let v = match locals.get(slot).cloned().flatten() {
            Some(Value::Cell(c)) => c.get(),
            _ => None,
        };
        put(name, v);
    }
    let fs = code.free_start() as usize;
    for (k, name) in code.freevars.iter().enumerate() {
        let v = match locals.get(fs + k).cloned().flatten() {
            Some(Value::Cell(c)) => c.get(),
            _ => None,
        };
        put(name, v);
    }
}

fn set_items(v: &Value) -> Vec<Key> {
    match v {
        Value::Set(s) => s.borrow().keys().cloned().collect(),
        Value::FrozenSet(s) => s.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn set_contains(v: &Value, k: &Key) -> bool {
    match v {
        Value::Set(s) => s.borrow().contains(k),
        Value::FrozenSet(s) => s.contains(k),
        _ => false,
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` on sets.
pub fn set_binop(_vm: &mut Vm, a: &Value, b: &Value, op: BinOp, inplace: bool) -> PyResult<Value> {
    let (xa, xb) = (set_items(a), set_items(b));
    let mut out = Dict::default();
    match op {
        BinOp::Or => {
            for k in xa.into_iter().chain(xb) {
                out.insert(k, Value::None);
            }
        }
        BinOp::And => {
            for k in xa.into_iter().filter(|k| set_contains(b, k)) {
                out.insert(k, Value::None);
            }
        }
        BinOp::Sub => {
            for k in xa.into_iter().filter(|k| !set_contains(b, k)) {
                out.insert(k, Value::None);
            }
        }
        _ => {
            for k in xa.into_iter().filter(|k| !set_contains(b, k)) {
                out.insert(k, Value::None);
            }
            for k in xb.into_iter().filter(|k| !set_contains(a, k)) {
                out.insert(k, Value::None);
            }
        }
    }
    if inplace {
        if let Value::Set(s) = a {
            *s.borrow_mut() = out;
            return Ok(a.clone());
        }
    }
    Ok(match a {
        Value::FrozenSet(_) => Value::FrozenSet(Rc::new(out)),
        _ => Value::Set(Rc::new(std::cell::RefCell::new(out))),
    })
}

pub fn set_eq(a: &Value, b: &Value) -> bool {
    let (xa, xb) = (set_items(a), set_items(b));
    xa.len() == xb.len() && xa.iter().all(|k| set_contains(b, k))
}

pub fn set_order(a: &Value, b: &Value, op: CmpOp) -> bool {
    let (xa, xb) = (set_items(a), set_items(b));
    let sub = xa.iter().all(|k| set_contains(b, k));
    let sup = xb.iter().all(|k| set_contains(a, k));
    match op {
        CmpOp::Le => sub,
        CmpOp::Lt => sub && xa.len() < xb.len(),
        CmpOp::Ge => sup,
        CmpOp::Gt => sup && xa.len() > xb.len(),
        CmpOp::Eq => sub && sup,
        CmpOp::Ne => !(sub && sup),
    }
}

/// `ascii()` applied to a repr string: escapes non-ASCII characters.
pub fn ascii_of(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u < 0x100 {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u < 0x10000 {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}

/// Parses `args` against a simple positional signature for builtins.
pub fn check_nargs(name: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
    if args.n_kw() > 0 {
        return Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    check_count(name, args.values.len(), min, max)
}

/// CPython's arity messages for `n` positional arguments against `min..=max`.
pub fn check_count(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n >= min && n <= max {
        return Ok(());
    }
    let msg = if min == max {
        match min {
            0 => format!("{name}() takes no arguments ({n} given)"),
            1 => format!("{name}() takes exactly one argument ({n} given)"),
            _ => format!("{name} expected {min} arguments, got {n}"),
        }
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    };
    Err(PyErr::type_error(msg))
}

/// `dir(obj)` names (sorted) for AttributeError suggestions; None when unknown.
pub fn dir_names(_vm: &mut Vm, obj: &Value) -> Option<Vec<String>> {
    let keys = |d: &crate::objects::Dict| -> Vec<String> {
        d.keys()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect()
    };
    let mut names: Vec<String> = match obj {
        Value::Module(m) => keys(&m.dict.borrow()),
        Value::Instance(i) => {
            let mut v = keys(&i.dict.borrow());
            for t in i.cls.mro() {
                if t.heap {
                    v.extend(keys(&t.dict.borrow()));
                } else {
                    v.extend(cpython_dir::names_of(&t.name).iter().map(|s| s.to_string()));
                }
            }
            v
        }
        Value::Type(t) if t.heap => {
            let mut v = Vec::new();
            for c in t.mro() {
                if c.heap {
                    v.extend(keys(&c.dict.borrow()));
                } else {
                    v.extend(cpython_dir::names_of("type").iter().map(|s| s.to_string()));
                }
            }
            v
        }
        _ => {
            let tn = obj.type_name();
            let mut v: Vec<String> = cpython_dir::names_of(&tn)
                .iter()
                .map(|s| s.to_string())
                .collect();
            if let Value::Function(f) = obj {
                if let Some(d) = f.dict.borrow().as_ref() {
                    v.extend(
                        d.borrow()
                            .keys()
                            .filter_map(|k| k.value.as_str().map(str::to_string)),
                    );
                }
            }
            v
        }
    };
    names.sort();
    names.dedup();
    Some(names)
}

/// Argument Clinic's `_PyArg_UnpackKeywords` (3.11) for `fname(params...)` with the first
/// `posonly` positional-only and the first `minpos` required (no keyword-only parameters):
/// the values by parameter, with CPython's TypeError texts in its order of checks.
pub fn unpack_keywords(
    fname: &str,
    args: &Args,
    params: &[&str],
    posonly: usize,
    minpos: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    let (nargs, nkw, maxpos) = (pos.len(), args.n_kw(), params.len());
    if nargs + nkw > maxpos {
        return Err(PyErr::type_error(format!(
            "{fname}() takes at most {maxpos} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if maxpos == 1 { "" } else { "s" },
            nargs + nkw
        )));
    }
    let minposonly = posonly.min(minpos);
    if nargs < minposonly {
        return Err(PyErr::type_error(format!(
            "{fname}() takes {} {minposonly} positional argument{} ({nargs} given)",
            if minposonly < maxpos {
                "at least"
            } else {
                "exactly"
            },
            if minposonly == 1 { "" } else { "s" }
        )));
    }
    let mut out: Vec<Option<Value>> = pos.iter().cloned().map(Some).collect();
    out.resize(maxpos, None);
    let mut left = nkw;
    for (i, p) in params.iter().enumerate().skip(nargs.max(posonly)) {
        if left == 0 && i >= minpos {
            break;
        }
        let found = if left > 0 { args.kw(p).cloned() } else { None };
        match found {
            Some(v) => {
                out[i] = Some(v);
                left -= 1;
            }
            None if i < minpos => {
                return Err(PyErr::type_error(format!(
                    "{fname}() missing required argument '{p}' (pos {})",
                    i + 1
                )))
            }
            None => {}
        }
    }
    if left > 0 {
        for (i, p) in params.iter().enumerate().take(nargs).skip(posonly) {
            if args.kw(p).is_some() {
                return Err(PyErr::type_error(format!(
                    "argument for {fname}() given by name ('{p}') and position ({})",
                    i + 1
                )));
            }
        }
        if let Some((k, _)) = args
            .kwargs()
            .find(|(k, _)| !params[posonly..].contains(&&***k))
        {
            return Err(PyErr::type_error(format!(
                "'{k}' is an invalid keyword argument for {fname}()"
            )));
        }
    }
    Ok(out)
}
