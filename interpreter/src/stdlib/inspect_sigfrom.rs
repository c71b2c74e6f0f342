//! `inspect.signature(obj)` / `Signature.from_callable` / `inspect.unwrap`: the signature of
//! a Python function, a bound method, a `__wrapped__` chain, a `functools.partial`, a user
//! class and a callable instance, as 3.11's `_signature_from_callable` computes it.
//!
//! Invariants:
//! - Parameters come from the code object (`co_varnames`, argument counts, `CO_VARARGS`,
//!   `CO_VARKEYWORDS`), defaults from `__defaults__`/`__kwdefaults__` and annotations from
//!   `__annotations__` (evaluated objects, or strings under `from __future__ import
//!   annotations`), exactly as `_signature_from_function` reads them.
//! - Callables whose signature CPython takes from a C-level `__text_signature__` (builtin
//!   functions and methods, builtin types, classes deriving from builtin types other than
//!   `object`) are reported as unsupported, never guessed.

use std::rc::Rc;

use super::inspect_bound::bind_args;
use super::inspect_sig::{
    empty, is_empty, kind_value_of, new_param, new_sig, param_state, sig_params, ParamState,
    KEYWORD_ONLY, POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_KEYWORD, VAR_POSITIONAL,
};
use super::native;
use crate::bytecode::co_flags;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{ExcObj, ExcType, Value};
use crate::vm::Vm;

/// `getattr(obj, name)`, or None on AttributeError.
fn attr_opt(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    match vm.getattr(obj, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is(ExcType::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Options of `signature()` that pyref implements.
fn follow_wrapped(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<bool> {
    let mut follow = true;
    for (k, v) in args.kwargs() {
        match &**k {
            "follow_wrapped" => follow = vm.truthy(v)?,
            "globals" | "locals" if v.is_none() => {}
            "eval_str" if !vm.truthy(v)? => {}
            "globals" | "locals" | "eval_str" => {
                return Err(PyErr::unsupported(format!("inspect.{fname}({k}=...)")))
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    Ok(follow)
}

/// `inspect.signature(obj, *, follow_wrapped=True, globals=None, locals=None, eval_str=False)`.
pub fn signature(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() != 1 {
        return Err(PyErr::type_error(if pos.is_empty() {
            "signature() missing 1 required positional argument: 'obj'".to_string()
        } else {
            format!(
                "signature() takes 1 positional argument but {} were given",
                pos.len()
            )
        }));
    }
    let obj = pos[0].clone();
    let follow = follow_wrapped(vm, &args, "signature")?;
    from_obj(vm, &obj, follow)
}

/// `Signature.from_callable(obj, *, follow_wrapped=True, ...)` (a classmethod).
pub fn from_callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() != 2 {
        return Err(PyErr::type_error(format!(
            "Signature.from_callable() takes 2 positional arguments but {} were given",
            pos.len()
        )));
    }
    let obj = pos[1].clone();
    let follow = follow_wrapped(vm, &args, "from_callable")?;
    from_obj(vm, &obj, follow)
}

/// `inspect.formatannotation(annotation, base_module=None)`.
pub fn formatannotation(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = native::bind(
        &args,
        &native::Sig::positional("formatannotation", &["annotation", "base_module"], 1),
    )?;
    if !b.or_none(1).is_none() {
        return Err(PyErr::unsupported(
            "inspect.formatannotation(base_module=...)",
        ));
    }
    let s = super::inspect_sig::format_annotation(vm, &b.or_none(0))?;
    Ok(Value::str(&s))
}

/// `inspect.unwrap(func, *, stop=None)`.
pub fn unwrap_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = native::bind(
        &args,
        &native::Sig {
            name: "unwrap",
            pos: &["func"],
            posonly: 0,
            required: 1,
            kwonly: &["stop"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let stop = b.or_none(1);
    unwrap(vm, &b.or_none(0), |vm, f| {
        if stop.is_none() {
            Ok(false)
        } else {
            let r = vm.call(&stop, vec![f.clone()])?;
            vm.truthy(&r)
        }
    })
}

/// Follows `__wrapped__` until `stop(f)`; ValueError on a loop (as `inspect.unwrap`).
fn unwrap(
    vm: &mut Vm,
    func: &Value,
    stop: impl Fn(&mut Vm, &Value) -> PyResult<bool>,
) -> PyResult<Value> {
    let mut memo: Vec<Value> = vec![func.clone()];
    let limit = vm.recursion_limit as usize;
    let mut f = func.clone();
    loop {
        let Some(next) = attr_opt(vm, &f, "__wrapped__")? else {
            break;
        };
        if stop(vm, &f)? {
            break;
        }
        f = next;
        if memo.iter().any(|m| m.is(&f)) || memo.len() >= limit {
            return Err(PyErr::value_error(format!(
                "wrapper loop when unwrapping {}",
                vm.repr(func)?
            )));
        }
        memo.push(f.clone());
    }
    Ok(f)
}

fn is_method(v: &Value) -> bool {
    matches!(v, Value::Method(_))
}

/// `_signature_from_callable`.
pub fn from_obj(vm: &mut Vm, obj: &Value, follow: bool) -> PyResult<Value> {
    if !native::callable(vm, obj)? {
        return Err(PyErr::type_error(format!(
            "{} is not a callable object",
            vm.repr(obj)?
        )));
    }
    if let Value::Method(m) = obj {
        // types.MethodType, whatever it binds (a function, an lru_cache wrapper, ...).
        let func = m.func.clone();
        let sig = from_obj(vm, &func, follow)?;
        return bound_method(vm, &sig);
    }
    let mut obj = obj.clone();
    if follow {
        obj = unwrap(vm, &obj, |vm, f| {
            Ok(attr_opt(vm, f, "__signature__")?.is_some() || is_method(f))
        })?;
        if is_method(&obj) {
            return from_obj(vm, &obj, follow);
        }
    }
    if !matches!(obj, Value::Builtin(_) | Value::Type(_)) {
        if let Some(sig) = attr_opt(vm, &obj, "__signature__")? {
            if !sig.is_none() {
                if sig_params(&sig).is_none() {
                    return Err(PyErr::type_error(format!(
                        "unexpected object {} in __signature__ attribute",
                        vm.repr(&sig)?
                    )));
                }
                return Ok(sig);
            }
        }
    }
    match &obj {
        Value::Function(_) => from_function(vm, &obj),
        Value::Instance(i) if i.cls.module.as_ref() == "functools" && &*i.cls.name == "partial" => {
            let func = vm.getattr(&obj, "func")?;
            let wrapped = from_obj(vm, &func, follow)?;
            partial_sig(vm, &wrapped, &obj)
        }
        Value::Type(t) if t.heap && t.user_lookup("__getattr__").is_none() => {
            class_sig(vm, &obj, follow)
        }
        Value::Instance(i) => match i.cls.user_lookup("__call__") {
            Some(call @ Value::Function(_)) => {
                let sig = from_obj(vm, &call, follow)?;
                bound_method(vm, &sig)
            }
            _ => Err(PyErr::unsupported(format!(
                "inspect.signature() of a '{}' object",
                obj.type_name()
            ))),
        },
        other => Err(PyErr::unsupported(format!(
            "inspect.signature() of {} (a builtin: CPython reads its __text_signature__)",
            vm.repr(other)?
        ))),
    }
}

/// The signature of a user class: its own or inherited Python `__new__`/`__init__` without
/// the first parameter, or `()` when it has neither.
fn class_sig(vm: &mut Vm, cls_v: &Value, follow: bool) -> PyResult<Value> {
    let Value::Type(cls) = cls_v else {
        return Err(PyErr::internal("class_sig"));
    };
    let user = |v: &Option<Value>| matches!(v, Some(Value::Function(_)));
    // getattr(cls, name) of a Python-level method: the function (a staticmethod unwrapped).
    let lookup = |name: &str| match cls.user_lookup(name) {
        Some(Value::Descriptor(d)) => match &*d {
            crate::objects::instance::Descriptor::StaticMethod(f) => Some(f.clone()),
            _ => None,
        },
        other => other,
    };
    let new = lookup("__new__");
    let init = lookup("__init__");
    let own = |n: &str| cls.dict.borrow().get_str(n).is_some();
    let factory = if own("__new__") && user(&new) {
        new
    } else if own("__init__") && user(&init) {
        init
    } else if user(&new) {
        new
    } else if user(&init) {
        init
    } else {
        None
    };
    if let Some(f) = factory {
        let sig = from_obj(vm, &f, follow)?;
        return bound_method(vm, &sig);
    }
    // No Python-level __new__/__init__: `object`'s signature if every base is a user class.
    let plain = cls
        .mro()
        .iter()
        .all(|t| t.heap || matches!(t.kind, crate::objects::types::TypeKind::Object))
        && !cls.is_exception();
    if plain {
        return new_sig(vm, Vec::new(), empty(), true);
    }
    Err(PyErr::unsupported(format!(
        "inspect.signature() of {} (derives from a builtin type)",
        vm.repr(cls_v)?
    )))
}

/// `_signature_bound_method`: drops the first positional parameter.
fn bound_method(vm: &mut Vm, sig: &Value) -> PyResult<Value> {
    let (ps, ret) = sig_params(sig).ok_or_else(|| PyErr::internal("signature"))?;
    let params = param_values(sig)?;
    let first = ps.first().map(|p| p.kind);
    let params = match first {
        None | Some(VAR_KEYWORD) | Some(KEYWORD_ONLY) => {
            return Err(PyErr::value_error("invalid method signature"))
        }
        Some(POSITIONAL_ONLY) | Some(POSITIONAL_OR_KEYWORD) => params[1..].to_vec(),
        Some(_) => params,
    };
    new_sig(vm, params, ret, true)
}

fn param_values(sig: &Value) -> PyResult<Vec<Value>> {
    native::state::<super::inspect_sig::SigState>(sig)
        .map(|s| s.borrow().params.clone())
        .ok_or_else(|| PyErr::internal("signature state"))
}

/// `_signature_from_function`.
fn from_function(vm: &mut Vm, fv: &Value) -> PyResult<Value> {
    let Value::Function(f) = fv else {
        return Err(PyErr::internal("from_function"));
    };
    if f.dict
        .borrow()
        .as_ref()
        .is_some_and(|d| d.borrow().get_str("__text_signature__").is_some())
    {
        return Err(PyErr::unsupported(
            "inspect.signature() of a function with __text_signature__",
        ));
    }
    let code = f.code.borrow().clone();
    let ann = match vm.getattr(fv, "__annotations__")? {
        Value::Dict(d) => Some(d),
        Value::None => None,
        _ => {
            return Err(PyErr::value_error(format!(
                "{}.__annotations__ is neither a dict nor None",
                vm.repr(fv)?
            )))
        }
    };
    let ann_of = |name: &str| {
        ann.as_ref()
            .and_then(|d| d.borrow().get_str(name))
            .unwrap_or_else(empty)
    };
    let pos_count = code.argcount as usize;
    let kwonly = code.kwonlyargcount as usize;
    let names = &code.varnames;
    let defaults: Vec<Value> = f
        .defaults
        .borrow()
        .as_ref()
        .map(|d| d.to_vec())
        .unwrap_or_default();
    let kwdefaults = f.kwdefaults.borrow().clone();
    let non_default = pos_count.saturating_sub(defaults.len());
    let mut posonly_left = code.posonlyargcount as usize;
    let mut params = Vec::new();
    for (i, name) in names.iter().take(pos_count).enumerate() {
        let kind = if posonly_left > 0 {
            posonly_left -= 1;
            POSITIONAL_ONLY
        } else {
            POSITIONAL_OR_KEYWORD
        };
        let default = if i >= non_default {
            defaults[i - non_default].clone()
        } else {
            empty()
        };
        params.push(new_param(
            vm,
            &Value::Str(name.clone().into()),
            &kind_value_of(kind),
            default,
            ann_of(name),
        )?);
    }
    let mut index = pos_count + kwonly;
    if code.flags & co_flags::VARARGS != 0 {
        let name = names[index].clone();
        index += 1;
        params.push(new_param(
            vm,
            &Value::Str(name.clone().into()),
            &kind_value_of(VAR_POSITIONAL),
            empty(),
            ann_of(&name),
        )?);
    }
    for name in names.iter().skip(pos_count).take(kwonly) {
        let default = kwdefaults
            .as_ref()
            .and_then(|d| d.borrow().get_str(name))
            .unwrap_or_else(empty);
        params.push(new_param(
            vm,
            &Value::Str(name.clone().into()),
            &kind_value_of(KEYWORD_ONLY),
            default,
            ann_of(name),
        )?);
    }
    if code.flags & co_flags::VARKEYWORDS != 0 {
        let name = names[index].clone();
        params.push(new_param(
            vm,
            &Value::Str(name.clone().into()),
            &kind_value_of(VAR_KEYWORD),
            empty(),
            ann_of(&name),
        )?);
    }
    new_sig(vm, params, ann_of("return"), false)
}

/// `_signature_get_partial`.
fn partial_sig(vm: &mut Vm, wrapped: &Value, partial: &Value) -> PyResult<Value> {
    let (old, _) = sig_params(wrapped).ok_or_else(|| PyErr::internal("signature"))?;
    let old_values = param_values(wrapped)?;
    let pargs = match vm.getattr(partial, "args")? {
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    };
    let pkw: Vec<(Rc<str>, Value)> = match vm.getattr(partial, "keywords")? {
        Value::Dict(d) => d
            .borrow()
            .iter()
            .filter_map(|(k, v)| k.value.as_str().map(|s| (Rc::from(s), v.clone())))
            .collect(),
        _ => Vec::new(),
    };
    let ba = match bind_args(&old, &pargs, pkw.clone(), true) {
        Ok(ba) => ba,
        Err(PyErr::Exc(cause)) => {
            let e = ExcObj::with_msg(
                ExcType::ValueError,
                format!(
                    "partial object {} has incorrect arguments",
                    vm.repr(partial)?
                ),
            );
            *e.cause.borrow_mut() = Value::Exception(cause.clone());
            *e.context.borrow_mut() = Value::Exception(cause);
            e.suppress_context.set(true);
            return Err(PyErr::Exc(e));
        }
        Err(other) => return Err(other),
    };
    let mut new: Vec<(Rc<str>, Value)> = old
        .iter()
        .zip(old_values.iter())
        .map(|(p, v)| (p.name.clone(), v.clone()))
        .collect();
    let pos_of = |new: &Vec<(Rc<str>, Value)>, n: &str| new.iter().position(|(k, _)| &**k == n);
    let mut transform = false;
    for p in &old {
        if let Some((_, arg)) = ba.iter().find(|(k, _)| *k == p.name) {
            let arg = arg.clone();
            if p.kind == POSITIONAL_ONLY {
                if let Some(i) = pos_of(&new, &p.name) {
                    new.remove(i);
                }
                continue;
            }
            if p.kind == POSITIONAL_OR_KEYWORD {
                if pkw.iter().any(|(k, _)| *k == p.name) {
                    transform = true;
                    let r = replaced(vm, p, None, Some(arg.clone()))?;
                    if let Some(i) = pos_of(&new, &p.name) {
                        new[i].1 = r;
                    }
                } else {
                    if let Some(i) = pos_of(&new, &p.name) {
                        new.remove(i);
                    }
                    continue;
                }
            }
            if p.kind == KEYWORD_ONLY {
                let r = replaced(vm, p, None, Some(arg))?;
                if let Some(i) = pos_of(&new, &p.name) {
                    new[i].1 = r;
                }
            }
        }
        if transform {
            let Some(i) = pos_of(&new, &p.name) else {
                continue;
            };
            match p.kind {
                POSITIONAL_OR_KEYWORD => {
                    let cur = param_state(&new[i].1).ok_or_else(|| PyErr::internal("param"))?;
                    let r = replaced(vm, &cur, Some(KEYWORD_ONLY), None)?;
                    new.remove(i);
                    new.push((p.name.clone(), r));
                }
                KEYWORD_ONLY | VAR_KEYWORD => {
                    let e = new.remove(i);
                    new.push(e);
                }
                VAR_POSITIONAL => {
                    new.remove(i);
                }
                _ => {}
            }
        }
    }
    let (_, ret) = sig_params(wrapped).ok_or_else(|| PyErr::internal("signature"))?;
    new_sig(vm, new.into_iter().map(|(_, v)| v).collect(), ret, true)
}

/// `param.replace(kind=..., default=...)`.
fn replaced(
    vm: &mut Vm,
    p: &ParamState,
    kind: Option<u8>,
    default: Option<Value>,
) -> PyResult<Value> {
    let d = default.unwrap_or_else(|| p.default.clone());
    let k = kind.unwrap_or(p.kind);
    let _ = is_empty(&d);
    new_param(
        vm,
        &Value::Str(p.name.clone().into()),
        &kind_value_of(k),
        d,
        p.annotation.clone(),
    )
}
