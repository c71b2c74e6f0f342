//! `Signature.bind`/`bind_partial` (`Signature._bind` of CPython 3.11's `Lib/inspect.py`),
//! `inspect.BoundArguments`, and the `mappingproxy` behind `Signature.parameters`.
//!
//! Invariants:
//! - `bind_args` follows `Signature._bind` step by step, so the same argument list fails with
//!   the same TypeError text ("missing a required argument: 'x'", "too many positional
//!   arguments", ...); the arguments keep the parameters' order.
//! - A BoundArguments' `arguments` is an ordinary, reassignable attribute (a dict); `args`,
//!   `kwargs` and `apply_defaults` read it at call time, as the Python properties do.
//! - The proxy's repr is CPython's `mappingproxy(OrderedDict([...]))`; its `keys()`,
//!   `values()` and `items()` are views of a plain dict (CPython's are `odict_*` views).

use std::rc::Rc;

use super::inspect_sig::{
    classes, is_empty, iterate, sig_params, ParamState, KEYWORD_ONLY, POSITIONAL_ONLY, VAR_KEYWORD,
    VAR_POSITIONAL,
};
use super::native::{self, bind, Sig};
use crate::error::{PyErr, PyResult};
use crate::objects::dict::Key;
use crate::objects::function::Args;
use crate::objects::{Dict, DictRef, TypeObj, Value};
use crate::vm::Vm;

pub fn make_bound_class() -> Rc<TypeObj> {
    let bound = TypeObj::native_class(
        "BoundArguments",
        "inspect",
        None,
        &[
            ("__init__", ba_init),
            ("__repr__", ba_repr),
            ("__eq__", ba_eq),
            ("apply_defaults", ba_apply_defaults),
        ],
        "BoundArguments",
    );
    native::add_property(&bound, "signature", "BoundArguments", ba_signature, None);
    native::add_property(&bound, "args", "BoundArguments", ba_args, None);
    native::add_property(&bound, "kwargs", "BoundArguments", ba_kwargs, None);
    bound
}

pub fn make_proxy_class() -> Rc<TypeObj> {
    TypeObj::native_class(
        "mappingproxy",
        "builtins",
        None,
        &[
            ("__getitem__", proxy_getitem),
            ("__len__", proxy_len),
            ("__iter__", proxy_iter),
            ("__contains__", proxy_contains),
            ("__repr__", proxy_repr),
            ("__str__", proxy_str),
            ("__eq__", proxy_eq),
            ("keys", proxy_keys),
            ("values", proxy_values),
            ("items", proxy_items),
            ("get", proxy_get),
            ("copy", proxy_copy),
        ],
        "mappingproxy",
    )
}

/// `Signature._bind`: the arguments dict, or 3.11's TypeError.
pub fn bind_args(
    params: &[ParamState],
    args: &[Value],
    mut kwargs: Vec<(Rc<str>, Value)>,
    partial: bool,
) -> PyResult<Vec<(Rc<str>, Value)>> {
    let mut arguments: Vec<(Rc<str>, Value)> = Vec::new();
    let has_kw = |kw: &Vec<(Rc<str>, Value)>, n: &str| kw.iter().any(|(k, _)| &**k == n);
    let missing = |n: &str| PyErr::type_error(format!("missing a required argument: '{n}'"));
    let posonly_kw = |n: &str| {
        PyErr::type_error(format!(
            "'{n}' parameter is positional only, but was passed as a keyword"
        ))
    };
    let too_many = || PyErr::type_error("too many positional arguments");
    let mut pi = 0;
    let mut ai = 0;
    let mut first_ex: Option<usize> = None;
    loop {
        if ai >= args.len() {
            let Some(p) = params.get(pi) else { break };
            pi += 1;
            if p.kind == VAR_POSITIONAL {
                break;
            } else if has_kw(&kwargs, &p.name) {
                if p.kind == POSITIONAL_ONLY {
                    return Err(posonly_kw(&p.name));
                }
                first_ex = Some(pi - 1);
                break;
            } else if p.kind == VAR_KEYWORD || !is_empty(&p.default) || partial {
                first_ex = Some(pi - 1);
                break;
            } else {
                return Err(missing(&p.name));
            }
        }
        let arg = args[ai].clone();
        ai += 1;
        let Some(p) = params.get(pi) else {
            return Err(too_many());
        };
        pi += 1;
        if p.kind == VAR_KEYWORD || p.kind == KEYWORD_ONLY {
            return Err(too_many());
        }
        if p.kind == VAR_POSITIONAL {
            let rest = args[ai - 1..].to_vec();
            arguments.push((p.name.clone(), Value::tuple(rest)));
            break;
        }
        if has_kw(&kwargs, &p.name) && p.kind != POSITIONAL_ONLY {
            return Err(PyErr::type_error(format!(
                "multiple values for argument '{}'",
                p.name
            )));
        }
        arguments.push((p.name.clone(), arg));
    }
    let mut kwargs_param: Option<&ParamState> = None;
    let rest = first_ex.into_iter().chain(pi..params.len());
    for i in rest {
        let p = &params[i];
        if p.kind == VAR_KEYWORD {
            kwargs_param = Some(p);
            continue;
        }
        if p.kind == VAR_POSITIONAL {
            continue;
        }
        match kwargs.iter().position(|(k, _)| *k == p.name) {
            None => {
                if !partial && is_empty(&p.default) {
                    return Err(missing(&p.name));
                }
            }
            Some(j) => {
                if p.kind == POSITIONAL_ONLY {
                    return Err(posonly_kw(&p.name));
                }
                let (_, v) = kwargs.remove(j);
                arguments.push((p.name.clone(), v));
            }
        }
    }
    if !kwargs.is_empty() {
        match kwargs_param {
            Some(kp) => {
                let mut d = Dict::default();
                for (k, v) in kwargs {
                    d.set_str(&k, v);
                }
                arguments.push((kp.name.clone(), Value::dict(d)));
            }
            None => {
                return Err(PyErr::type_error(format!(
                    "got an unexpected keyword argument '{}'",
                    kwargs[0].0
                )))
            }
        }
    }
    Ok(arguments)
}

pub fn new_bound(sig: Value, arguments: Vec<(Rc<str>, Value)>) -> Value {
    let mut d = Dict::default();
    for (k, v) in arguments {
        d.set_str(&k, v);
    }
    let inst = native::new_instance(&classes().bound);
    native::set_state(&inst, BoundState { sig });
    native::dict_set(&inst, "arguments", Value::dict(d));
    Value::Instance(inst)
}

// ---- BoundArguments ----------------------------------------------------------------------

struct BoundState {
    sig: Value,
}

fn ba_sig(v: &Value) -> PyResult<Value> {
    native::state::<BoundState>(v)
        .map(|s| s.borrow().sig.clone())
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'BoundArguments' object"))
}

/// The `arguments` dict of a BoundArguments.
fn ba_arguments(vm: &mut Vm, me: &Value) -> PyResult<DictRef> {
    match vm.getattr(me, "arguments")? {
        Value::Dict(d) => Ok(d),
        other => Err(PyErr::unsupported(format!(
            "BoundArguments with a '{}' as arguments",
            other.type_name()
        ))),
    }
}

fn ba_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional(
            "BoundArguments.__init__",
            &["self", "signature", "arguments"],
            3,
        ),
    )?;
    let Some(Value::Instance(me)) = b.get(0).cloned() else {
        return Err(PyErr::type_error(
            "BoundArguments.__init__ needs an instance",
        ));
    };
    native::set_state(&me, BoundState { sig: b.or_none(1) });
    vm.setattr(&Value::Instance(me), "arguments", b.or_none(2))?;
    Ok(Value::None)
}

fn ba_signature(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    ba_sig(&args.values[0])
}

fn ba_params(me: &Value) -> PyResult<Vec<ParamState>> {
    let sig = ba_sig(me)?;
    sig_params(&sig)
        .map(|(p, _)| p)
        .ok_or_else(|| PyErr::unsupported("BoundArguments of a non-Signature"))
}

fn ba_args(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let params = ba_params(&me)?;
    let d = ba_arguments(vm, &me)?;
    let mut out = Vec::new();
    for p in &params {
        if p.kind == VAR_KEYWORD || p.kind == KEYWORD_ONLY {
            break;
        }
        let Some(v) = d.borrow().get_str(&p.name) else {
            break;
        };
        if p.kind == VAR_POSITIONAL {
            out.extend(iterate(vm, &v)?);
        } else {
            out.push(v);
        }
    }
    Ok(Value::tuple(out))
}

fn ba_kwargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let params = ba_params(&me)?;
    let d = ba_arguments(vm, &me)?;
    let mut out = Dict::default();
    let mut started = false;
    for p in &params {
        if !started {
            if p.kind == VAR_KEYWORD || p.kind == KEYWORD_ONLY {
                started = true;
            } else if d.borrow().get_str(&p.name).is_none() {
                started = true;
                continue;
            }
        }
        if !started {
            continue;
        }
        let Some(v) = d.borrow().get_str(&p.name) else {
            continue;
        };
        if p.kind == VAR_KEYWORD {
            let Value::Dict(kw) = v else {
                return Err(PyErr::unsupported(
                    "BoundArguments **kwargs that is not a dict",
                ));
            };
            for (k, v) in kw.borrow().iter() {
                out.insert(k.clone(), v.clone());
            }
        } else {
            out.set_str(&p.name, v);
        }
    }
    Ok(Value::dict(out))
}

fn ba_apply_defaults(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let params = ba_params(&me)?;
    let d = ba_arguments(vm, &me)?;
    let mut out = Dict::default();
    for p in &params {
        let v = d.borrow().get_str(&p.name);
        let v = match v {
            Some(v) => v,
            None if !is_empty(&p.default) => p.default.clone(),
            None if p.kind == VAR_POSITIONAL => Value::tuple(Vec::new()),
            None if p.kind == VAR_KEYWORD => Value::dict(Dict::default()),
            None => continue,
        };
        out.set_str(&p.name, v);
    }
    vm.setattr(&me, "arguments", Value::dict(out))?;
    Ok(Value::None)
}

fn ba_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let d = ba_arguments(vm, &me)?;
    let items: Vec<(Key, Value)> = d
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut parts = Vec::new();
    for (k, v) in items {
        parts.push(format!("{}={}", vm.str(&k.value)?, vm.repr(&v)?));
    }
    let cls = me.type_obj().name.clone();
    Ok(Value::str(&format!("<{cls} ({})>", parts.join(", "))))
}

fn ba_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    if other.is(&me) {
        return Ok(Value::Bool(crate::objects::PyBool::TRUE));
    }
    if native::state::<BoundState>(&other).is_none() {
        return Ok(Value::NotImplemented);
    }
    let (sa, sb) = (ba_sig(&me)?, ba_sig(&other)?);
    if !vm.eq(&sa, &sb)? {
        return Ok(Value::Bool(crate::objects::PyBool::FALSE));
    }
    let a = Value::Dict(ba_arguments(vm, &me)?);
    let b = Value::Dict(ba_arguments(vm, &other)?);
    Ok(Value::Bool(crate::objects::PyBool::from(vm.eq(&a, &b)?)))
}

// ---- mappingproxy ------------------------------------------------------------------------

pub struct ProxyState {
    pub dict: DictRef,
}

fn proxy_dict(args: &Args) -> PyResult<DictRef> {
    args.values
        .first()
        .and_then(native::state::<ProxyState>)
        .map(|s| s.borrow().dict.clone())
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'mappingproxy' object"))
}

fn arg1(args: &Args) -> Value {
    args.values.get(1).cloned().unwrap_or(Value::None)
}

fn proxy_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    let k = arg1(&args);
    vm.getitem(&d, &k)
}

fn proxy_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    let rest = args.values[1..].to_vec();
    native::call_method(vm, &d, "get", rest)
}

fn proxy_len(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(proxy_dict(&args)?.borrow().len() as i64))
}

fn proxy_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    vm.get_iter(&d)
}

fn proxy_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    Ok(Value::Bool(crate::objects::PyBool::from(
        vm.contains(&d, &arg1(&args))?,
    )))
}

fn proxy_view(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    native::call_method(vm, &d, name, vec![])
}

fn proxy_keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    proxy_view(vm, args, "keys")
}
fn proxy_values(vm: &mut Vm, args: Args) -> PyResult<Value> {
    proxy_view(vm, args, "values")
}
fn proxy_items(vm: &mut Vm, args: Args) -> PyResult<Value> {
    proxy_view(vm, args, "items")
}

fn proxy_copy(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Err(PyErr::unsupported(format!(
        "mappingproxy.copy() of an OrderedDict ({} items)",
        proxy_dict(&args)?.borrow().len()
    )))
}

fn proxy_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = Value::Dict(proxy_dict(&args)?);
    let other = arg1(&args);
    let other = match native::state::<ProxyState>(&other) {
        Some(s) => Value::Dict(s.borrow().dict.clone()),
        None => other,
    };
    Ok(Value::Bool(crate::objects::PyBool::from(
        vm.eq(&d, &other)?,
    )))
}

fn proxy_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inner = proxy_str(vm, args)?;
    Ok(Value::str(&format!("mappingproxy({})", vm.str(&inner)?)))
}

/// `str(proxy)` is `str()` of the wrapped OrderedDict.
fn proxy_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = proxy_dict(&args)?;
    let items: Vec<(Key, Value)> = d
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if items.is_empty() {
        return Ok(Value::str("OrderedDict()"));
    }
    let pairs: Vec<Value> = items
        .into_iter()
        .map(|(k, v)| Value::tuple(vec![k.value, v]))
        .collect();
    let inner = vm.repr(&Value::list(pairs))?;
    Ok(Value::str(&format!("OrderedDict({inner})")))
}
