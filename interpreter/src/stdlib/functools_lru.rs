//! `functools.lru_cache` (the C `_lru_cache_wrapper`) and `functools.cmp_to_key` (the C
//! `KeyWrapper`).
//!
//! Invariants:
//! - Neither wrapper pushes a Python frame: the cached function's frame sits on its caller's;
//!   the lru wrapper's call is charged one recursion level (CPython's `tp_call`).
//! - Cache keys follow `lru_cache_make_key` (a lone exact str/int argument is its own key), so
//!   hits, misses and `currsize` count as in CPython; a bounded cache evicts the least recently
//!   used entry; exceptions are never cached.

use std::cell::RefCell;
use std::rc::Rc;

use super::native::{self, bind, Sig};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::instance::Instance;
use crate::objects::{Dict, ExcType, Method, Record, RecordKind, Value};
use crate::vm::Vm;

// ---- lru_cache --------------------------------------------------------------------------

struct LruState {
    func: Value,
    /// None: unbounded.
    maxsize: Option<i64>,
    typed: bool,
    cache: Dict,
    hits: i64,
    misses: i64,
    kwd_mark: Value,
}

thread_local! {
    static CACHE_INFO: Rc<RecordKind> = RecordKind::new(
        "CacheInfo",
        "CacheInfo",
        "functools",
        vec!["hits", "misses", "maxsize", "currsize"],
        4,
    );
}

pub(super) fn lru_cache(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional("lru_cache", &["maxsize", "typed"], 0),
    )?;
    let maxsize = b.slots[0].clone().unwrap_or(Value::Int(128));
    let typed = b.slots[1]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE));
    let maxsize = match maxsize {
        Value::Int(_) | Value::Bool(_) | Value::Long(_) => {
            let n = vm.index_of(&maxsize).unwrap_or(i64::MAX);
            Value::Int(n.max(0))
        }
        Value::None => Value::None,
        f => {
            if native::callable(vm, &f)? && matches!(typed, Value::Bool(_)) {
                let params = Value::tuple(vec![Value::Int(128), typed.clone()]);
                let typed_flag = vm.truthy(&typed)?;
                let wrapper = make_wrapper(vm, f.clone(), Some(128), typed_flag)?;
                set_cache_parameters(vm, &wrapper, params)?;
                let uw = native::module_global(vm, "functools", "update_wrapper")?;
                return vm.call(&uw, vec![wrapper, f]);
            }
            return Err(PyErr::type_error(
                "Expected first argument to be an integer, a callable, or None",
            ));
        }
    };
    Ok(native::bound_func(
        "decorating_function",
        "functools",
        decorating_function,
        Value::tuple(vec![maxsize, typed]),
    ))
}

fn set_cache_parameters(vm: &mut Vm, wrapper: &Value, params: Value) -> PyResult<()> {
    let f = native::bound_func("<lambda>", "functools", cache_parameters, params);
    vm.setattr(wrapper, "cache_parameters", f)
}

fn cache_parameters(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Value::Tuple(t) = &args.values[0] else {
        return Err(PyErr::internal("cache_parameters state"));
    };
    let mut d = Dict::default();
    d.set_str("maxsize", t[0].clone());
    d.set_str("typed", t[1].clone());
    Ok(Value::dict(d))
}

fn decorating_function(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let params = args.values[0].clone();
    if args.n_kw() > 0 || args.values.len() != 2 {
        let got = args.values.len() - 1;
        return Err(PyErr::type_error(if got == 0 {
            "lru_cache.<locals>.decorating_function() missing 1 required positional argument: 'user_function'".to_string()
        } else {
            format!("lru_cache.<locals>.decorating_function() takes 1 positional argument but {got} were given")
        }));
    }
    let user_function = args.values[1].clone();
    let Value::Tuple(t) = &params else {
        return Err(PyErr::internal("decorating_function state"));
    };
    let maxsize = match &t[0] {
        Value::Int(n) => Some(*n),
        _ => None,
    };
    let typed = vm.truthy(&t[1])?;
    let wrapper = make_wrapper(vm, user_function.clone(), maxsize, typed)?;
    set_cache_parameters(vm, &wrapper, params)?;
    let uw = native::module_global(vm, "functools", "update_wrapper")?;
    vm.call(&uw, vec![wrapper, user_function])
}

fn make_wrapper(vm: &mut Vm, func: Value, maxsize: Option<i64>, typed: bool) -> PyResult<Value> {
    if !native::callable(vm, &func)? {
        return Err(PyErr::type_error("the first argument must be callable"));
    }
    let cls = super::functools_mod::module_class(vm, "_lru_cache_wrapper")?;
    let inst = native::new_instance(&cls);
    let mark = Value::Instance(Instance::new(crate::objects::types::ty(
        crate::objects::TypeKind::Object,
    )));
    native::set_state(
        &inst,
        LruState {
            func,
            maxsize,
            typed,
            cache: Dict::default(),
            hits: 0,
            misses: 0,
            kwd_mark: mark,
        },
    );
    Ok(Value::Instance(inst))
}

pub(super) fn lru_new(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(PyErr::unsupported(
        "calling functools._lru_cache_wrapper directly",
    ))
}

fn lru_state(v: &Value) -> PyResult<Rc<RefCell<LruState>>> {
    native::state::<LruState>(v).ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'functools._lru_cache_wrapper' object but received '{}'",
            v.type_name()
        ))
    })
}

/// `lru_cache_make_key`.
fn make_key(
    vm: &mut Vm,
    typed: bool,
    kwd_mark: &Value,
    args: &Args,
) -> PyResult<crate::objects::Key> {
    let pos = &args.pos()[1..];
    if !typed && args.n_kw() == 0 {
        if let [one] = pos {
            if matches!(one, Value::Str(_) | Value::Int(_) | Value::Long(_)) {
                return vm.key(one.clone());
            }
        }
        return vm.key(Value::tuple(pos.to_vec()));
    }
    let mut items: Vec<Value> = pos.to_vec();
    if args.n_kw() > 0 {
        items.push(kwd_mark.clone());
        for (k, v) in args.kwargs() {
            items.push(Value::Str(k.clone().into()));
            items.push(v.clone());
        }
    }
    if typed {
        for v in pos {
            items.push(Value::Type(v.type_obj()));
        }
        for (_, v) in args.kwargs() {
            items.push(Value::Type(v.type_obj()));
        }
    }
    vm.key(Value::tuple(items))
}

pub(super) fn lru_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = lru_state(&args.values[0])?;
    let mut call_args = Args {
        values: args.values.clone(),
        kwnames: args.kwnames.clone(),
    };
    call_args.values.remove(0);
    let (func, maxsize) = {
        let s = st.borrow();
        (s.func.clone(), s.maxsize)
    };
    if maxsize == Some(0) {
        st.borrow_mut().misses += 1;
        return vm.call_args(&func, call_args);
    }
    let (typed, mark) = {
        let s = st.borrow();
        (s.typed, s.kwd_mark.clone())
    };
    // Hashing may run Python code (__hash__): no borrow of the state is held meanwhile.
    let key = make_key(vm, typed, &mark, &args)?;
    let hit = st.borrow().cache.get(&key);
    if let Some(v) = hit {
        let mut s = st.borrow_mut();
        s.hits += 1;
        if s.maxsize.is_some() {
            if let Some(v) = s.cache.remove(&key) {
                s.cache.insert(key, v);
            }
        }
        return Ok(v);
    }
    st.borrow_mut().misses += 1;
    let result = vm.call_args(&func, call_args)?;
    let mut s = st.borrow_mut();
    match s.maxsize {
        None => s.cache.insert(key, result.clone()),
        Some(max) => {
            if s.cache.contains(&key) {
                return Ok(result);
            }
            if s.cache.len() as i64 >= max {
                s.cache.pop_first();
            }
            s.cache.insert(key, result.clone());
        }
    }
    Ok(result)
}

pub(super) fn lru_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    match args.values.get(1) {
        None | Some(Value::None) => Ok(me),
        Some(obj) => Ok(Value::Method(Rc::new(Method {
            func: me,
            self_: obj.clone(),
        }))),
    }
}

pub(super) fn lru_cache_info(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = lru_state(&args.values[0])?;
    let s = st.borrow();
    let values = vec![
        Value::Int(s.hits),
        Value::Int(s.misses),
        s.maxsize.map_or(Value::None, Value::Int),
        Value::Int(s.cache.len() as i64),
    ];
    Ok(CACHE_INFO.with(|k| {
        Value::Record(Rc::new(Record {
            kind: k.clone(),
            values,
        }))
    }))
}

pub(super) fn lru_cache_clear(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = lru_state(&args.values[0])?;
    let old = {
        let mut s = st.borrow_mut();
        s.hits = 0;
        s.misses = 0;
        std::mem::take(&mut s.cache)
    };
    drop(old);
    Ok(Value::None)
}

// ---- cmp_to_key -------------------------------------------------------------------------

struct KeyState {
    cmp: Value,
    obj: Option<Value>,
}

pub(super) fn cmp_to_key(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(&args, &Sig::positional("cmp_to_key", &["mycmp"], 1))?;
    let cls = super::functools_mod::module_class(vm, "KeyWrapper")?;
    let inst = native::new_instance(&cls);
    native::set_state(
        &inst,
        KeyState {
            cmp: b.or_none(0),
            obj: None,
        },
    );
    Ok(Value::Instance(inst))
}

fn key_state(v: &Value) -> PyResult<Rc<RefCell<KeyState>>> {
    native::state::<KeyState>(v)
        .ok_or_else(|| PyErr::type_error("other argument must be K instance"))
}

pub(super) fn key_call(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = key_state(&args.values[0])?;
    let b = bind(
        &args,
        &Sig {
            name: "K",
            pos: &["self", "obj"],
            posonly: 1,
            required: 2,
            kwonly: &[],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let cls = args.values[0].type_obj();
    let inst = native::new_instance(&cls);
    let cmp = st.borrow().cmp.clone();
    native::set_state(
        &inst,
        KeyState {
            cmp,
            obj: Some(b.or_none(1)),
        },
    );
    Ok(Value::Instance(inst))
}

pub(super) fn key_obj(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match key_state(&args.values[0])?.borrow().obj.clone() {
        Some(v) => Ok(v),
        None => Err(PyErr::new(ExcType::AttributeError, "obj")),
    }
}

fn key_compare(vm: &mut Vm, args: &Args, op: crate::bytecode::CmpOp) -> PyResult<Value> {
    let me = key_state(&args.values[0])?;
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    if !Rc::ptr_eq(&other.type_obj(), &args.values[0].type_obj()) {
        return Err(PyErr::type_error("other argument must be K instance"));
    }
    let them = key_state(&other)?;
    let (cmp, x) = {
        let s = me.borrow();
        (s.cmp.clone(), s.obj.clone())
    };
    let y = them.borrow().obj.clone();
    let (Some(x), Some(y)) = (x, y) else {
        return Err(PyErr::new(ExcType::AttributeError, "object"));
    };
    let res = vm.call(&cmp, vec![x, y])?;
    vm.compare(&res, &Value::Int(0), op)
}

pub(super) fn key_lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Lt)
}
pub(super) fn key_le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Le)
}
pub(super) fn key_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Eq)
}
pub(super) fn key_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Ne)
}
pub(super) fn key_gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Gt)
}
pub(super) fn key_ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    key_compare(vm, &args, crate::bytecode::CmpOp::Ge)
}
