//! Calling builtin types: `int(x)`, `list(it)`, `range(...)`, `ValueError("...")`, ...
//!
//! Invariant: constructors raise CPython 3.11's TypeError/ValueError texts for bad arguments.

use std::cell::RefCell;
use std::rc::Rc;

use super::check_nargs;
use crate::error::{PyErr, PyResult};
use crate::numfmt;
use crate::objects::function::Args;
use crate::objects::{Dict, DictRef, ExcObj, IterState, Key, Range, TypeKind, TypeObj, Value};
use crate::vm::Vm;

fn iter_value(st: IterState) -> Value {
    Value::Iter(Rc::new(RefCell::new(st)))
}

/// Adds the items of a mapping or an iterable of pairs to `d` (dict(x), dict.update(x)).
pub fn dict_merge_from(vm: &mut Vm, d: &DictRef, src: &Value) -> PyResult<()> {
    if let Value::Dict(s) = src {
        let items: Vec<(Key, Value)> = s
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            d.borrow_mut().insert(k, v);
        }
        return Ok(());
    }
    if let Value::Instance(_) = src {
        // A mapping with keys() (CPython's PyDict_Merge): src[k] for each key.
        let keys = match vm.getattr(src, "keys") {
            Ok(k) => Some(k),
            Err(e) if e.is(crate::objects::ExcType::AttributeError) => None,
            Err(e) => return Err(e),
        };
        if let Some(keys) = keys {
            let ks = vm.call(&keys, Vec::new())?;
            for k in vm.collect_iterable_for_unpack(&ks)? {
                let v = vm.getitem(src, &k)?;
                let k = vm.key_in(d, k)?;
                d.borrow_mut().insert(k, v);
            }
            return Ok(());
        }
    }
    let items = vm.collect_iterable_for_unpack(src)?;
    for (i, it) in items.into_iter().enumerate() {
        let pair = match &it {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            other if vm.is_iterable(other) => vm.collect_iterable_for_unpack(other)?,
            _ => {
                return Err(PyErr::type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )))
            }
        };
        if pair.len() != 2 {
            return Err(PyErr::value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let k = vm.key_in(d, pair[0].clone())?;
        d.borrow_mut().insert(k, pair[1].clone());
    }
    Ok(())
}

fn int_from(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    // `int(x=0, /, base=10)`
    let a = super::unpack_keywords("int", args, &["x", "base"], 1, 0)?;
    let base = match &a[1] {
        Some(b) => Some(vm.index_clamped(b)?),
        None => None,
    };
    let Some(x) = a[0].as_ref() else {
        if base.is_some() {
            return Err(PyErr::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    if let Some(b) = base {
        if b != 0 && !(2..=36).contains(&b) {
            return Err(PyErr::value_error(
                "int() base must be >= 2 and <= 36, or 0",
            ));
        }
        let Value::Str(s) = x else {
            return Err(PyErr::type_error(
                "int() can't convert non-string with explicit base",
            ));
        };
        return numfmt::parse_int(s, b as u32)
            .map(Value::from_bigint)
            .map_err(PyErr::value_error);
    }
    match x {
        Value::Int(_) | Value::Long(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(b.get() as i64)),
        Value::Float(f) => numfmt::float_to_int(f.get())
            .map(Value::from_bigint)
            .map_err(|m| {
                if m.contains("NaN") {
                    PyErr::value_error(m)
                } else {
                    PyErr::new(crate::objects::ExcType::OverflowError, m)
                }
            }),
        Value::Str(s) => numfmt::parse_int(s, 10)
            .map(Value::from_bigint)
            .map_err(PyErr::value_error),
        other => match vm.number_long_user(other)? {
            Some(v) => Ok(v),
            None => Err(PyErr::type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                other.type_name()
            ))),
        },
    }
}

fn float_from(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    check_nargs("float", args, 0, 1)?;
    let Some(x) = args.values.first() else {
        return Ok(Value::Float(crate::objects::PyFloat::from(0.0)));
    };
    match x {
        Value::Float(_) => Ok(x.clone()),
        Value::Int(i) => Ok(Value::Float(crate::objects::PyFloat::from(*i as f64))),
        Value::Bool(b) => Ok(Value::Float(crate::objects::PyFloat::from(
            b.get() as i64 as f64
        ))),
        Value::Long(b) => numfmt::int_to_float(b)
            .map(|f| Value::Float(f.into()))
            .map_err(|m| PyErr::new(crate::objects::ExcType::OverflowError, m)),
        Value::Str(s) => numfmt::parse_float(s)
            .map(|f| Value::Float(f.into()))
            .map_err(PyErr::value_error),
        other => match vm.number_float_user(other)? {
            Some(f) => Ok(Value::Float(f.into())),
            None => Err(PyErr::type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                other.type_name()
            ))),
        },
    }
}

/// A `range()` bound: `PyNumber_Index` (through a user `__index__`).
fn range_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match vm.number_index(v)? {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b.get() as i64),
        _ => Err(PyErr::unsupported("range() with bounds outside 64 bits")),
    }
}

/// Calls a builtin type object.
pub fn call_type(vm: &mut Vm, t: &Rc<TypeObj>, args: Args) -> PyResult<Value> {
    if t.is_exception() {
        if args.n_kw() > 0 {
            return Err(PyErr::type_error(format!(
                "{}() takes no keyword arguments",
                t.name
            )));
        }
        let e = ExcObj::new(t.clone(), args.values.to_vec());
        if t.is_subclass(&crate::objects::types::exc_ty(
            crate::objects::ExcType::SyntaxError,
        )) {
            syntax_error_init(vm, &e, &args.values)?;
        }
        return Ok(Value::Exception(e));
    }
    let name = t.name.clone();
    let kw_check = |args: &Args| -> PyResult<()> {
        if args.n_kw() > 0 {
            Err(PyErr::type_error(format!(
                "{name}() takes no keyword arguments"
            )))
        } else {
            Ok(())
        }
    };
    match t.kind {
        TypeKind::Type => {
            kw_check(&args)?;
            match args.values.len() {
                1 => Ok(Value::Type(args.values[0].type_obj())),
                3 => match (&args.values[0], &args.values[1], &args.values[2]) {
                    (Value::Str(name), Value::Tuple(bases), Value::Dict(ns)) => {
                        let mut bs = Vec::new();
                        for b in bases.iter() {
                            match b {
                                Value::Type(t) => bs.push(t.clone()),
                                other => {
                                    return Err(PyErr::type_error(format!(
                                        "type.__new__() argument 2 must be tuple of types, not {}",
                                        other.type_name()
                                    )))
                                }
                            }
                        }
                        let ns = Rc::new(RefCell::new(ns.borrow().clone()));
                        if ns.borrow().get_str("__module__").is_none() {
                            let m = vm
                                .frames
                                .last()
                                .and_then(|f| f.globals.borrow().get_str("__name__"));
                            ns.borrow_mut()
                                .set_str("__module__", m.unwrap_or(Value::None));
                        }
                        Ok(Value::Type(vm.new_class(name.as_rc(), bs, ns)?))
                    }
                    _ => Err(PyErr::type_error("type.__new__() argument 1 must be str")),
                },
                _ => Err(PyErr::type_error("type() takes 1 or 3 arguments")),
            }
        }
        TypeKind::Int => int_from(vm, &args),
        TypeKind::Float => float_from(vm, &args),
        TypeKind::Bool => {
            check_nargs("bool", &args, 0, 1)?;
            match args.values.first() {
                Some(v) => Ok(Value::Bool(crate::objects::PyBool::from(vm.truthy(v)?))),
                None => Ok(Value::Bool(crate::objects::PyBool::FALSE)),
            }
        }
        TypeKind::Str => {
            if args.n_kw() > 0 || args.values.len() > 1 {
                return Err(PyErr::unsupported("str() with encoding arguments"));
            }
            match args.values.first() {
                Some(v) => Ok(Value::str(&vm.str(v)?)),
                None => Ok(Value::str("")),
            }
        }
        TypeKind::Tuple => {
            kw_check(&args)?;
            check_nargs("tuple", &args, 0, 1)?;
            match args.values.first() {
                Some(Value::Tuple(t)) => Ok(Value::Tuple(t.clone())),
                Some(v) => Ok(Value::tuple(vm.collect_sized(v)?)),
                None => Ok(Value::tuple(vec![])),
            }
        }
        TypeKind::List => {
            kw_check(&args)?;
            check_nargs("list", &args, 0, 1)?;
            match args.values.first() {
                Some(v) => Ok(Value::list(vm.collect_sized(v)?)),
                None => Ok(Value::list(vec![])),
            }
        }
        TypeKind::Set | TypeKind::FrozenSet => {
            kw_check(&args)?;
            check_nargs(&name, &args, 0, 1)?;
            let mut d = Dict::default();
            if let Some(v) = args.values.first() {
                for it in vm.collect_iterable_for_unpack(v)? {
                    let k = vm.key_in_owned(&d, it)?;
                    d.insert(k, Value::None);
                }
            }
            Ok(if t.kind == TypeKind::Set {
                Value::Set(Rc::new(RefCell::new(d)))
            } else {
                Value::FrozenSet(Rc::new(d))
            })
        }
        TypeKind::Dict => {
            let d: DictRef = Rc::new(RefCell::new(Dict::default()));
            let pos = args.pos();
            if pos.len() > 1 {
                return Err(PyErr::type_error(format!(
                    "dict expected at most 1 argument, got {}",
                    pos.len()
                )));
            }
            if let Some(src) = pos.first() {
                dict_merge_from(vm, &d, src)?;
            }
            for (k, v) in args.kwargs() {
                d.borrow_mut().insert(Key::str(k), v.clone());
            }
            Ok(Value::Dict(d))
        }
        TypeKind::Range => {
            kw_check(&args)?;
            let n = args.values.len();
            if n == 0 {
                return Err(PyErr::type_error(
                    "range expected at least 1 argument, got 0",
                ));
            }
            if n > 3 {
                return Err(PyErr::type_error(format!(
                    "range expected at most 3 arguments, got {n}"
                )));
            }
            let vals: Vec<i64> = args
                .values
                .iter()
                .map(|v| range_arg(vm, v))
                .collect::<PyResult<_>>()?;
            let (start, stop, step) = match n {
                1 => (0, vals[0], 1),
                2 => (vals[0], vals[1], 1),
                _ => (vals[0], vals[1], vals[2]),
            };
            if step == 0 {
                return Err(PyErr::value_error("range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Rc::new(Range { start, stop, step })))
        }
        TypeKind::Slice => {
            kw_check(&args)?;
            let v = &args.values;
            let (start, stop, step) = match v.len() {
                1 => (Value::None, v[0].clone(), Value::None),
                2 => (v[0].clone(), v[1].clone(), Value::None),
                3 => (v[0].clone(), v[1].clone(), v[2].clone()),
                0 => {
                    return Err(PyErr::type_error(
                        "slice expected at least 1 argument, got 0",
                    ))
                }
                n => {
                    return Err(PyErr::type_error(format!(
                        "slice expected at most 3 arguments, got {n}"
                    )))
                }
            };
            Ok(Value::Slice(Rc::new(crate::objects::Slice {
                start,
                stop,
                step,
            })))
        }
        TypeKind::Map => {
            kw_check(&args)?;
            if args.values.len() < 2 {
                return Err(PyErr::type_error("map() must have at least two arguments."));
            }
            let func = args.values[0].clone();
            let mut iters = Vec::new();
            for v in args.values[1..].iter() {
                iters.push(vm.get_iter(v)?);
            }
            Ok(iter_value(IterState::Map { func, iters }))
        }
        TypeKind::Filter => {
            kw_check(&args)?;
            check_nargs("filter", &args, 2, 2)?;
            let it = vm.get_iter(&args.values[1])?;
            Ok(iter_value(IterState::Filter {
                func: args.values[0].clone(),
                iter: it,
            }))
        }
        TypeKind::Zip => {
            if args.n_kw() > 0 {
                return Err(PyErr::unsupported("zip(strict=...)"));
            }
            let mut iters = Vec::new();
            for v in args.values.iter() {
                iters.push(vm.get_iter(v)?);
            }
            Ok(iter_value(IterState::Zip { iters }))
        }
        TypeKind::Enumerate => {
            // `enum_vectorcall`: `enumerate(iterable, start=0)` matched by hand.
            let pos = args.pos();
            let kws: Vec<(&Rc<str>, &Value)> = args.kwargs().collect();
            let total = pos.len() + kws.len();
            let check = |i: usize, want: &str| -> PyResult<()> {
                if &**kws[i].0 == want {
                    Ok(())
                } else {
                    Err(PyErr::type_error(format!(
                        "'{}' is an invalid keyword argument for enumerate()",
                        kws[i].0
                    )))
                }
            };
            let a: [Option<Value>; 2] = match (total, kws.len()) {
                (2, 0) => [Some(pos[0].clone()), Some(pos[1].clone())],
                (2, 1) => {
                    check(0, "start")?;
                    [Some(pos[0].clone()), Some(kws[0].1.clone())]
                }
                (2, _) => {
                    if &**kws[0].0 == "start" {
                        check(1, "iterable")?;
                        [Some(kws[1].1.clone()), Some(kws[0].1.clone())]
                    } else {
                        check(0, "iterable")?;
                        check(1, "start")?;
                        [Some(kws[0].1.clone()), Some(kws[1].1.clone())]
                    }
                }
                (1, 0) => [Some(pos[0].clone()), None],
                (1, _) => {
                    check(0, "iterable")?;
                    [Some(kws[0].1.clone()), None]
                }
                _ if pos.is_empty() => {
                    return Err(PyErr::type_error(
                        "enumerate() missing required argument 'iterable'",
                    ))
                }
                _ => {
                    return Err(PyErr::type_error(format!(
                        "enumerate() takes at most 2 arguments ({total} given)"
                    )))
                }
            };
            let start = match &a[1] {
                Some(s) => match vm.number_index(s)? {
                    Value::Int(i) => i,
                    Value::Bool(b) => b.get() as i64,
                    _ => return Err(PyErr::unsupported("enumerate() start outside 64 bits")),
                },
                None => 0,
            };
            let src = a[0].clone().unwrap_or(Value::None);
            let it = vm.get_iter(&src)?;
            Ok(iter_value(IterState::Enumerate {
                iter: it,
                count: start,
            }))
        }
        TypeKind::Reversed => {
            kw_check(&args)?;
            if args.values.len() != 1 {
                return Err(PyErr::type_error(format!(
                    "reversed expected 1 argument, got {}",
                    args.values.len()
                )));
            }
            let v = &args.values[0];
            Ok(match v {
                Value::List(_) => iter_value(IterState::ListRev {
                    seq: v.clone(),
                    idx: 0,
                }),
                Value::Tuple(t) => iter_value(IterState::Reversed {
                    seq: v.clone(),
                    idx: t.len() as i64 - 1,
                }),
                Value::Str(s) => iter_value(IterState::Reversed {
                    seq: v.clone(),
                    idx: s.chars().count() as i64 - 1,
                }),
                Value::Range(r) => iter_value(IterState::Reversed {
                    seq: v.clone(),
                    idx: r.len() - 1,
                }),
                Value::Dict(d) => {
                    let mut keys: Vec<Value> = d.borrow().keys().map(|k| k.value.clone()).collect();
                    keys.reverse();
                    vm.get_iter(&Value::list(keys))?
                }
                other if crate::vm::dunder::user_class(other).is_some() => {
                    return reversed_user(vm, other);
                }
                other => {
                    return Err(PyErr::type_error(format!(
                        "'{}' object is not reversible",
                        other.type_name()
                    )));
                }
            })
        }
        TypeKind::Property => super::classes::property(vm, args),
        TypeKind::StaticMethod => super::classes::staticmethod(vm, args),
        TypeKind::ClassMethod => super::classes::classmethod(vm, args),
        TypeKind::Super => super::classes::super_(vm, args),
        TypeKind::Object => {
            kw_check(&args)?;
            check_nargs("object", &args, 0, 0)?;
            Ok(Value::Instance(crate::objects::instance::Instance::new(
                t.clone(),
            )))
        }
        // Types constructed through their `types` names (CellType, FunctionType, ...).
        _ => crate::stdlib::types_mod::call_builtin_type(vm, t, args),
    }
}

/// `reversed()` of an instance of a user class (`reversed_new`): `__reversed__` (None: not
/// reversible), else the sequence protocol (`__getitem__` from `len() - 1` down to 0).
fn reversed_user(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let not_reversible =
        || PyErr::type_error(format!("'{}' object is not reversible", v.type_name()));
    let Some(cls) = crate::vm::dunder::user_class(v) else {
        return Err(not_reversible());
    };
    match cls.user_lookup("__reversed__") {
        Some(Value::None) => Err(not_reversible()),
        Some(_) => Ok(vm.dunder(v, "__reversed__", vec![])?.unwrap_or(Value::None)),
        None => {
            if cls.user_lookup("__getitem__").is_none() {
                return Err(not_reversible());
            }
            let Some(n) = vm.len_dunder(v)? else {
                return Err(PyErr::type_error(format!(
                    "object of type '{}' has no len()",
                    v.type_name()
                )));
            };
            Ok(iter_value(IterState::Reversed {
                seq: v.clone(),
                idx: n - 1,
            }))
        }
    }
}

/// `SyntaxError_init`: `msg` from the first argument; with two, the second is the
/// `(filename, lineno, offset, text[, end_lineno, end_offset])` details.
fn syntax_error_init(vm: &mut Vm, e: &Rc<ExcObj>, args: &[Value]) -> PyResult<()> {
    if let Some(m) = args.first() {
        e.set_attr("msg", m.clone());
    }
    if args.len() != 2 {
        return Ok(());
    }
    let info = vm.collect_iterable_for_unpack(&args[1])?;
    if info.len() < 4 || info.len() > 6 {
        return Err(PyErr::type_error(format!(
            "function takes at {} {} arguments ({} given)",
            if info.len() < 4 { "least" } else { "most" },
            if info.len() < 4 { 4 } else { 6 },
            info.len()
        )));
    }
    let names = [
        "filename",
        "lineno",
        "offset",
        "text",
        "end_lineno",
        "end_offset",
    ];
    for (n, v) in names.iter().zip(info.iter()) {
        e.set_attr(n, v.clone());
    }
    if info.len() == 5 {
        return Err(PyErr::type_error(
            "end_offset must be provided when end_lineno is provided",
        ));
    }
    Ok(())
}
