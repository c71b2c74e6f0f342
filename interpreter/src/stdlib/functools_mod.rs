//! The `functools` module: `update_wrapper`, `wraps`, `partial`, `lru_cache`, `reduce`,
//! `cmp_to_key`.
//!
//! Invariants:
//! - `partial`, the `lru_cache` wrapper and `cmp_to_key` keys are C objects in CPython: calling
//!   them pushes no Python frame, so the wrapped function's frame sits directly on its caller's
//!   (as in `inspect.stack()` and tracebacks). The lru wrapper's call is charged one recursion
//!   level (CPython's `tp_call`).
//! - `partial(partial(f, a), b)` flattens to `partial(f, a, b)` unless the inner partial has
//!   instance attributes; keyword arguments of the call override the stored ones.
//! - `lru_cache` keys follow `lru_cache_make_key` (a lone str/int argument is its own key), so
//!   hits and misses count as in CPython; exceptions are never cached.
//! - `update_wrapper` copies `WRAPPER_ASSIGNMENTS` that exist, merges `__dict__`, then sets
//!   `__wrapped__`; errors other than AttributeError propagate.

use std::cell::RefCell;
use std::rc::Rc;

use super::functools_lru as lru;
use super::native::{self, bind, Sig};
use super::{finish_module, new_module};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::instance::Descriptor;
use crate::objects::{Dict, DictRef, ExcType, TypeObj, Value};
use crate::vm::Vm;

const ASSIGNED: [&str; 5] = [
    "__module__",
    "__name__",
    "__qualname__",
    "__doc__",
    "__annotations__",
];

pub fn make(_vm: &mut Vm) -> Value {
    let (m, mut d) = new_module(
        "functools",
        &[
            ("update_wrapper", update_wrapper),
            ("wraps", wraps),
            ("lru_cache", lru::lru_cache),
            ("reduce", reduce),
            ("cmp_to_key", lru::cmp_to_key),
        ],
        "functools",
    );
    d.set_str(
        "WRAPPER_ASSIGNMENTS",
        Value::tuple(ASSIGNED.iter().map(|s| Value::str(s)).collect()),
    );
    d.set_str(
        "WRAPPER_UPDATES",
        Value::tuple(vec![Value::str("__dict__")]),
    );
    let partial = TypeObj::native_class(
        "partial",
        "functools",
        None,
        &[
            ("__call__", partial_call),
            ("__repr__", partial_repr),
            ("__getattr__", c_getattr),
        ],
        "partial",
    );
    set_new(&partial, "partial", partial_new);
    for (name, get) in [
        ("func", partial_func as crate::objects::NativeFn),
        ("args", partial_args),
        ("keywords", partial_keywords),
    ] {
        native::add_property(&partial, name, "partial", get, Some(readonly));
    }
    d.set_str("partial", Value::Type(partial));
    let lru_cls = TypeObj::native_class(
        "_lru_cache_wrapper",
        "functools",
        None,
        &[
            ("__call__", lru::lru_call),
            ("__get__", lru::lru_get),
            ("cache_info", lru::lru_cache_info),
            ("cache_clear", lru::lru_cache_clear),
            ("__getattr__", c_getattr),
        ],
        "_lru_cache_wrapper",
    );
    set_new(&lru_cls, "_lru_cache_wrapper", lru::lru_new);
    d.set_str("_lru_cache_wrapper", Value::Type(lru_cls));
    let key = TypeObj::native_class(
        "KeyWrapper",
        "functools",
        None,
        &[
            ("__call__", lru::key_call),
            ("__lt__", lru::key_lt),
            ("__le__", lru::key_le),
            ("__eq__", lru::key_eq),
            ("__ne__", lru::key_ne),
            ("__gt__", lru::key_gt),
            ("__ge__", lru::key_ge),
            ("__getattr__", c_getattr),
            ("__hash__", c_unhashable),
        ],
        "KeyWrapper",
    );
    native::add_property(&key, "obj", "KeyWrapper", lru::key_obj, None);
    d.set_str("KeyWrapper", Value::Type(key));
    finish_module(m, d)
}

fn set_new(cls: &Rc<TypeObj>, owner: &'static str, f: crate::objects::NativeFn) {
    let b = Value::Builtin(Rc::new(crate::objects::Builtin {
        name: "__new__",
        owner,
        func: f,
        bound: None,
        module: "builtins",
    }));
    cls.dict.borrow_mut().set_str(
        "__new__",
        Value::Descriptor(Rc::new(Descriptor::StaticMethod(b))),
    );
}

/// `__getattr__` of C types: AttributeError naming CPython's dotted `tp_name`.
pub fn c_getattr(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let obj = args.values.first().cloned().unwrap_or(Value::None);
    let name = match args.values.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    let tn = native::tp_name(&obj.type_obj(), "__getattr__");
    Err(native::attribute_error(
        &obj,
        &name,
        format!("'{tn}' object has no attribute '{name}'"),
    ))
}

/// `__hash__` of unhashable C types: TypeError naming CPython's dotted `tp_name` (their
/// `__hash__` is None in CPython; pyref needs a callable to produce the dotted name).
pub fn c_unhashable(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let obj = args.values.first().cloned().unwrap_or(Value::None);
    let tn = native::tp_name(&obj.type_obj(), "__getattr__");
    Err(PyErr::type_error(format!("unhashable type: '{tn}'")))
}

pub(super) fn readonly(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(PyErr::new(ExcType::AttributeError, "readonly attribute"))
}

pub(super) fn module_class(vm: &mut Vm, name: &str) -> PyResult<Rc<TypeObj>> {
    match native::module_global(vm, "functools", name)? {
        Value::Type(t) => Ok(t),
        other => Err(PyErr::type_error(format!(
            "'{}' object is not callable",
            other.type_name()
        ))),
    }
}

// ---- update_wrapper / wraps -------------------------------------------------------------

fn update_wrapper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional(
            "update_wrapper",
            &["wrapper", "wrapped", "assigned", "updated"],
            2,
        ),
    )?;
    let wrapper = b.or_none(0);
    let wrapped = b.or_none(1);
    let assigned = match b.get(2) {
        Some(v) => vm.collect_iterable_for_unpack(v)?,
        None => ASSIGNED.iter().map(|s| Value::str(s)).collect(),
    };
    let updated = match b.get(3) {
        Some(v) => vm.collect_iterable_for_unpack(v)?,
        None => vec![Value::str("__dict__")],
    };
    for attr in assigned {
        let name = attr_name(&attr)?;
        let value = match vm.getattr(&wrapped, &name) {
            Ok(v) => v,
            Err(e) if e.is(ExcType::AttributeError) => continue,
            Err(e) => return Err(e),
        };
        set_wrapper_attr(vm, &wrapper, &name, value)?;
    }
    for attr in updated {
        let name = attr_name(&attr)?;
        let target = vm.getattr(&wrapper, &name)?;
        let source = match vm.getattr(&wrapped, &name) {
            Ok(v) => v,
            Err(e) if e.is(ExcType::AttributeError) => Value::dict(Dict::default()),
            Err(e) => return Err(e),
        };
        native::call_method(vm, &target, "update", vec![source])?;
    }
    vm.setattr(&wrapper, "__wrapped__", wrapped)?;
    Ok(wrapper)
}

fn attr_name(v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

/// `setattr(wrapper, name, value)`; a function's `__annotations__` is its own slot.
fn set_wrapper_attr(vm: &mut Vm, wrapper: &Value, name: &str, value: Value) -> PyResult<()> {
    if let (Value::Function(f), "__annotations__") = (wrapper, name) {
        return match value {
            Value::Dict(_) | Value::None => {
                *f.annotations.borrow_mut() = value;
                Ok(())
            }
            _ => Err(PyErr::type_error(
                "__annotations__ must be set to a dict object",
            )),
        };
    }
    vm.setattr(wrapper, name, value)
}

fn wraps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional("wraps", &["wrapped", "assigned", "updated"], 1),
    )?;
    let assigned = b.slots[1]
        .clone()
        .unwrap_or_else(|| Value::tuple(ASSIGNED.iter().map(|s| Value::str(s)).collect()));
    let updated = b.slots[2]
        .clone()
        .unwrap_or_else(|| Value::tuple(vec![Value::str("__dict__")]));
    let partial = native::module_global(vm, "functools", "partial")?;
    let uw = native::module_global(vm, "functools", "update_wrapper")?;
    native::call_kw(
        vm,
        &partial,
        vec![uw],
        vec![
            ("wrapped", b.or_none(0)),
            ("assigned", assigned),
            ("updated", updated),
        ],
    )
}

// ---- partial ----------------------------------------------------------------------------

struct PartialState {
    func: Value,
    args: Rc<Vec<Value>>,
    kw: DictRef,
}

fn partial_state(v: &Value) -> PyResult<Rc<RefCell<PartialState>>> {
    native::state::<PartialState>(v).ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'functools.partial' object but received '{}'",
            v.type_name()
        ))
    })
}

fn partial_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Type(cls)) = args.values.first().cloned() else {
        return Err(PyErr::type_error(
            "partial.__new__(X): X is not a type object",
        ));
    };
    let pos = args.pos();
    if pos.len() < 2 {
        return Err(PyErr::type_error(
            "type 'partial' takes at least one argument",
        ));
    }
    let mut func = pos[1].clone();
    let mut pargs: Vec<Value> = Vec::new();
    let mut kw = Dict::default();
    if let Some(inner) = native::state::<PartialState>(&func) {
        let no_dict = matches!(&func, Value::Instance(i) if i.dict.borrow().is_empty());
        if no_dict {
            let inner = inner.borrow();
            pargs.extend(inner.args.iter().cloned());
            kw = inner.kw.borrow().clone();
            let f = inner.func.clone();
            drop(inner);
            func = f;
        }
    }
    if !native::callable(vm, &func)? {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    pargs.extend(pos[2..].iter().cloned());
    for (k, v) in args.kwargs() {
        kw.set_str(k, v.clone());
    }
    let inst = native::new_instance(&cls);
    native::set_state(
        &inst,
        PartialState {
            func,
            args: Rc::new(pargs),
            kw: Rc::new(RefCell::new(kw)),
        },
    );
    Ok(Value::Instance(inst))
}

fn partial_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = partial_state(&args.values[0])?;
    let (func, pargs, kw) = {
        let s = st.borrow();
        let kw = s.kw.borrow().clone();
        (s.func.clone(), s.args.clone(), kw)
    };
    let mut values: Vec<Value> = pargs.to_vec();
    values.extend(args.pos()[1..].iter().cloned());
    let mut merged = kw;
    for (k, v) in args.kwargs() {
        merged.set_str(k, v.clone());
    }
    let mut names = Vec::with_capacity(merged.len());
    for (k, v) in merged.iter() {
        match &k.value {
            Value::Str(s) => names.push(s.rc()),
            _ => return Err(PyErr::type_error("keywords must be strings")),
        }
        values.push(v.clone());
    }
    let kwnames = (!names.is_empty()).then(|| Rc::new(names));
    vm.call_args(
        &func,
        Args {
            values: smallvec::SmallVec::from_vec(values),
            kwnames,
        },
    )
}

thread_local! {
    static REPR_ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn partial_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let id = me.id();
    if REPR_ACTIVE.with(|r| r.borrow().contains(&id)) {
        return Ok(Value::str("..."));
    }
    REPR_ACTIVE.with(|r| r.borrow_mut().push(id));
    let r = partial_repr_inner(vm, &me);
    REPR_ACTIVE.with(|r| r.borrow_mut().retain(|x| *x != id));
    r
}

fn partial_repr_inner(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let st = partial_state(me)?;
    let (func, pargs, kw) = {
        let s = st.borrow();
        let kw = s.kw.borrow().clone();
        (s.func.clone(), s.args.clone(), kw)
    };
    let mut out = vm.repr(&func)?;
    for a in pargs.iter() {
        out.push_str(", ");
        out.push_str(&vm.repr(a)?);
    }
    for (k, v) in kw.iter() {
        out.push_str(", ");
        out.push_str(&vm.str(&k.value)?);
        out.push('=');
        out.push_str(&vm.repr(v)?);
    }
    // 3.11's partial_repr uses tp_name: "functools.partial", or a subclass's bare name.
    let text = format!("{}({out})", native::tp_name(&me.type_obj(), "__getattr__"));
    Ok(Value::str(&text))
}

fn partial_func(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(partial_state(&args.values[0])?.borrow().func.clone())
}

fn partial_args(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Tuple(
        partial_state(&args.values[0])?.borrow().args.clone(),
    ))
}

fn partial_keywords(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Dict(
        partial_state(&args.values[0])?.borrow().kw.clone(),
    ))
}

// ---- reduce, cmp_to_key -----------------------------------------------------------------

fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("reduce", &args, 2, 3)?;
    let f = args.values[0].clone();
    let it = match vm.get_iter(&args.values[1]) {
        Ok(it) => it,
        Err(e) if e.is(ExcType::TypeError) => {
            return Err(PyErr::type_error("reduce() arg 2 must support iteration"))
        }
        Err(e) => return Err(e),
    };
    let mut acc = args.values.get(2).cloned();
    while let Some(v) = vm.next(&it)? {
        acc = Some(match acc {
            None => v,
            Some(a) => vm.call(&f, vec![a, v])?,
        });
    }
    acc.ok_or_else(|| PyErr::type_error("reduce() of empty iterable with no initial value"))
}
