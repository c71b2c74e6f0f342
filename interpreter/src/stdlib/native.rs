//! Shared machinery for stdlib modules written in Rust: argument binding with CPython 3.11's
//! messages, natively defined classes and their instances, per-instance native state, and
//! writing to file-like objects.
//!
//! Invariants:
//! - Per-instance state ([`set_state`]/[`state`]) is keyed by the instance's allocation and
//!   checked against a weak reference, so state never leaks onto another object; it is invisible
//!   to Python code (it is not in the instance `__dict__`) and is released when the instance
//!   dies (`Instance::drop` calls [`drop_state`]), so what it holds dies when CPython would
//!   free it.
//! - [`bind`] reports argument errors with the texts CPython uses for a Python function of the
//!   same signature (`f() missing 1 required positional argument: 'x'`, ...).

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, Builtin, NativeFn};
use crate::objects::instance::{Descriptor, Instance};
use crate::objects::{ExcObj, ExcType, OpaqueKind, TypeObj, Value};
use crate::vm::Vm;

/// A Python-level signature of a natively implemented function.
pub struct Sig<'a> {
    /// The qualname used in error messages.
    pub name: &'a str,
    /// Positional-or-keyword parameters (the first `posonly` are positional-only).
    pub pos: &'a [&'a str],
    pub posonly: usize,
    /// How many leading `pos` parameters have no default.
    pub required: usize,
    pub kwonly: &'a [&'a str],
    /// How many leading `kwonly` parameters have no default.
    pub kwonly_required: usize,
    pub varargs: bool,
    pub varkw: bool,
}

impl<'a> Sig<'a> {
    /// Positional-or-keyword parameters only (the first `required` without a default): the
    /// common shape of a native function's signature.
    pub const fn positional(name: &'a str, pos: &'a [&'a str], required: usize) -> Sig<'a> {
        Sig {
            name,
            pos,
            posonly: 0,
            required,
            kwonly: &[],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        }
    }
}

/// Bound arguments: one slot per `pos` then `kwonly` parameter (None = use the default).
pub struct Bound {
    pub slots: Vec<Option<Value>>,
    pub varargs: Vec<Value>,
    pub varkw: Vec<(Rc<str>, Value)>,
}

impl Bound {
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.slots[i].as_ref()
    }
    /// The slot's value, or None (Python's `None`) when not given.
    pub fn or_none(&self, i: usize) -> Value {
        self.slots[i].clone().unwrap_or(Value::None)
    }
}

fn list_names(names: &[String]) -> String {
    match names.len() {
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!(
            "{}, {}, and {}",
            names[..n - 2].join(", "),
            names[n - 2],
            names[n - 1]
        ),
    }
}

/// Binds `args` to `sig` as CPython binds a call to a Python function.
pub fn bind(args: &Args, sig: &Sig) -> PyResult<Bound> {
    let npos = sig.pos.len();
    let mut slots: Vec<Option<Value>> = vec![None; npos + sig.kwonly.len()];
    let pos = args.pos();
    let mut varargs = Vec::new();
    for (i, v) in pos.iter().enumerate() {
        if i < npos {
            slots[i] = Some(v.clone());
        } else {
            varargs.push(v.clone());
        }
    }
    let mut varkw = Vec::new();
    for (k, v) in args.kwargs() {
        let j = sig.pos[sig.posonly..]
            .iter()
            .position(|p| *p == &**k)
            .map(|j| j + sig.posonly)
            .or_else(|| sig.kwonly.iter().position(|p| *p == &**k).map(|j| j + npos));
        match j {
            Some(j) => {
                if slots[j].is_some() {
                    return Err(PyErr::type_error(format!(
                        "{}() got multiple values for argument '{k}'",
                        sig.name
                    )));
                }
                slots[j] = Some(v.clone());
            }
            None if sig.varkw => varkw.push((k.clone(), v.clone())),
            None => {
                if sig.pos[..sig.posonly].iter().any(|p| *p == &**k) {
                    return Err(PyErr::type_error(format!(
                        "{}() got some positional-only arguments passed as keyword arguments: '{k}'",
                        sig.name
                    )));
                }
                return Err(PyErr::type_error(format!(
                    "{}() got an unexpected keyword argument '{k}'",
                    sig.name
                )));
            }
        }
    }
    if !varargs.is_empty() && !sig.varargs {
        let given = pos.len();
        let optional = npos - sig.required;
        let (what, plural) = if optional > 0 {
            (format!("from {} to {npos}", sig.required), true)
        } else {
            (npos.to_string(), npos != 1)
        };
        return Err(PyErr::type_error(format!(
            "{}() takes {what} positional argument{} but {given} {} given",
            sig.name,
            if plural { "s" } else { "" },
            if given == 1 { "was" } else { "were" }
        )));
    }
    let missing: Vec<String> = (0..sig.required)
        .filter(|&i| slots[i].is_none())
        .map(|i| format!("'{}'", sig.pos[i]))
        .collect();
    if !missing.is_empty() {
        return Err(PyErr::type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            sig.name,
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            list_names(&missing)
        )));
    }
    let missing: Vec<String> = (0..sig.kwonly_required)
        .filter(|&i| slots[npos + i].is_none())
        .map(|i| format!("'{}'", sig.kwonly[i]))
        .collect();
    if !missing.is_empty() {
        return Err(PyErr::type_error(format!(
            "{}() missing {} required keyword-only argument{}: {}",
            sig.name,
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            list_names(&missing)
        )));
    }
    Ok(Bound {
        slots,
        varargs,
        varkw,
    })
}

/// A builtin function value (module-level function of a native module).
pub fn func(name: &'static str, module: &'static str, f: NativeFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: "",
        func: f,
        bound: None,
        module,
    }))
}

/// A builtin bound to `obj` (receives it as its first argument).
pub fn bound_func(name: &'static str, module: &'static str, f: NativeFn, obj: Value) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: "",
        func: f,
        bound: Some(obj),
        module,
    }))
}

/// A class method slot of a native class: the method bound to the class when looked up.
pub fn add_classmethod(cls: &Rc<TypeObj>, name: &'static str, owner: &'static str, f: NativeFn) {
    let b = Value::Builtin(Rc::new(Builtin {
        name,
        owner,
        func: f,
        bound: None,
        module: "builtins",
    }));
    cls.dict
        .borrow_mut()
        .set_str(name, Value::Descriptor(Rc::new(Descriptor::ClassMethod(b))));
}

/// A read-only (or read-write, with `setter`) property of a native class.
pub fn add_property(
    cls: &Rc<TypeObj>,
    name: &'static str,
    owner: &'static str,
    getter: NativeFn,
    setter: Option<NativeFn>,
) {
    let mk = |f: NativeFn| {
        Value::Builtin(Rc::new(Builtin {
            name,
            owner,
            func: f,
            bound: None,
            module: "builtins",
        }))
    };
    let p = Descriptor::Property {
        fget: mk(getter),
        fset: setter.map(mk).unwrap_or(Value::None),
        fdel: Value::None,
        doc: Value::None,
    };
    cls.dict
        .borrow_mut()
        .set_str(name, Value::Descriptor(Rc::new(p)));
}

/// A fresh instance of a (native) class.
pub fn new_instance(cls: &Rc<TypeObj>) -> Rc<Instance> {
    Instance::new(cls.clone())
}

/// `self` of a native method: the instance in `args.values[0]`.
pub fn this(args: &Args) -> PyResult<Rc<Instance>> {
    match args.values.first() {
        Some(Value::Instance(i)) => Ok(i.clone()),
        Some(other) => Err(PyErr::type_error(format!(
            "descriptor requires an instance, not a '{}' object",
            other.type_name()
        ))),
        None => Err(PyErr::type_error("descriptor needs an argument")),
    }
}

/// An attribute of an instance dict (no descriptors), or None.
pub fn dict_get(i: &Instance, name: &str) -> Option<Value> {
    i.dict.borrow().get_str(name)
}

pub fn dict_set(i: &Instance, name: &str, v: Value) {
    let old = i.dict.borrow_mut().remove_then_set(name, v);
    drop(old);
}

/// The module `module` (importing it if needed) and its global `name` (NameError if absent,
/// as the Python-level implementation would raise).
pub fn module_global(vm: &mut Vm, module: &str, name: &str) -> PyResult<Value> {
    let m = vm.import_module(module)?;
    let Value::Module(m) = m else {
        return Err(PyErr::internal(format!("module {module} is not a module")));
    };
    let v = m.dict.borrow().get_str(name);
    v.ok_or_else(|| crate::vm::name_error(name))
}

/// `sys.<name>` (sys.stderr, sys.tracebacklimit, ...) if sys defines it.
pub fn sys_attr(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let sys = vm.import_module("sys")?;
    match sys {
        Value::Module(m) => Ok(m.dict.borrow().get_str(name)),
        _ => Ok(None),
    }
}

/// Calls `f(*pos, **kw)`.
pub fn call_kw(vm: &mut Vm, f: &Value, pos: Vec<Value>, kw: Vec<(&str, Value)>) -> PyResult<Value> {
    let mut values: smallvec::SmallVec<[Value; 6]> = smallvec::SmallVec::from_vec(pos);
    let mut names: Vec<Rc<str>> = Vec::with_capacity(kw.len());
    for (k, v) in kw {
        names.push(Rc::from(k));
        values.push(v);
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(Rc::new(names))
    };
    vm.call_args(f, Args { values, kwnames })
}

/// Calls the method `name` of `obj`.
pub fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: Vec<Value>) -> PyResult<Value> {
    let m = vm.getattr(obj, name)?;
    vm.call(&m, args)
}

/// `file.write(text)`; sys.stdout/sys.stderr are written directly.
pub fn write(vm: &mut Vm, file: &Value, text: &str) -> PyResult<()> {
    match file {
        Value::Opaque(o) if o.kind == OpaqueKind::Stderr => vm.out.stderr.write(text),
        Value::Opaque(o) if o.kind == OpaqueKind::Stdout => vm.out.stdout.write(text),
        other => {
            call_method(vm, other, "write", vec![Value::str(text)])?;
        }
    }
    Ok(())
}

/// `print(text, file=file, end="")`: two writes (the text, then the empty end), as print does.
pub fn print_end_empty(vm: &mut Vm, file: &Value, text: &str) -> PyResult<()> {
    write(vm, file, text)?;
    write(vm, file, "")
}

/// `callable(v)`.
pub fn callable(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    let f = vm.builtins.borrow().get_str("callable");
    match f {
        Some(f) => {
            let r = vm.call(&f, vec![v.clone()])?;
            vm.truthy(&r)
        }
        None => Err(PyErr::internal("builtins.callable missing")),
    }
}

/// `isinstance(v, cls)` by the class's MRO.
pub fn is_instance(v: &Value, cls: &Rc<TypeObj>) -> bool {
    v.type_obj().is_subclass(cls)
}

/// An AttributeError with `name` and `obj` set (for "Did you mean" suggestions).
pub fn attribute_error(obj: &Value, name: &str, msg: String) -> PyErr {
    let e = ExcObj::with_msg(ExcType::AttributeError, msg);
    e.set_attr("name", Value::str(name));
    e.set_attr("obj", obj.clone());
    PyErr::Exc(e)
}

/// The tp_name CPython shows for an instance of a C type named `dotted` (`functools.partial`),
/// or the plain class name for a Python subclass.
pub fn tp_name(cls: &Rc<TypeObj>, marker: &str) -> String {
    if cls.dict.borrow().get_str(marker).is_some() {
        format!("{}.{}", cls.module, cls.name)
    } else {
        cls.name.to_string()
    }
}

/// `linecache.getline(filename, lineno)`: the line with its newline, or "".
pub fn getline(vm: &mut Vm, filename: &str, lineno: i64) -> String {
    match vm.source_lines(filename) {
        Some(lines) if lineno >= 1 && (lineno as usize) <= lines.len() => {
            format!("{}\n", lines[lineno as usize - 1])
        }
        _ => String::new(),
    }
}

/// Python's `str.isspace` for one character.
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `str.strip()` with no arguments.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

type StateMap = HashMap<usize, (Weak<Instance>, Rc<dyn Any>)>;

thread_local! {
    static STATE: RefCell<(StateMap, usize)> = RefCell::new((HashMap::new(), 64));
}

/// Attaches native state to an instance (replacing any previous state).
pub fn set_state<T: 'static>(inst: &Rc<Instance>, v: T) {
    let key = Rc::as_ptr(inst) as usize;
    let entry: (Weak<Instance>, Rc<dyn Any>) = (Rc::downgrade(inst), Rc::new(RefCell::new(v)));
    // Values leaving the map are dropped after the borrow ends: dropping them can drop
    // instances, whose `drop_state` needs the map.
    let mut released = Vec::new();
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let (map, limit) = &mut *s;
        released.extend(map.insert(key, entry));
        if map.len() > *limit {
            let dead: Vec<usize> = map
                .iter()
                .filter(|(_, (w, _))| w.strong_count() == 0)
                .map(|(k, _)| *k)
                .collect();
            released.extend(dead.iter().filter_map(|k| map.remove(k)));
            *limit = (map.len() * 2).max(64);
        }
    });
    drop(released);
}

/// Releases the native state of a dying instance (called by `Instance::drop`), so what the
/// state holds dies with the instance, as reference counting dictates.
pub fn drop_state(addr: usize) {
    let entry = STATE
        .try_with(|s| {
            s.try_borrow_mut().ok().and_then(|mut s| {
                // Most programs attach no native state: no hashing then.
                if s.0.is_empty() {
                    None
                } else {
                    s.0.remove(&addr)
                }
            })
        })
        .ok()
        .flatten();
    drop(entry);
}

/// The native state of type `T` attached to `v`, if any.
pub fn state<T: 'static>(v: &Value) -> Option<Rc<RefCell<T>>> {
    let Value::Instance(inst) = v else {
        return None;
    };
    let key = Rc::as_ptr(inst) as usize;
    let found = STATE.with(|s| {
        let s = s.borrow();
        s.0.get(&key).and_then(|(w, st)| {
            let alive = w.upgrade().is_some_and(|i| Rc::ptr_eq(&i, inst));
            alive.then(|| st.clone())
        })
    })?;
    found.downcast::<RefCell<T>>().ok()
}
