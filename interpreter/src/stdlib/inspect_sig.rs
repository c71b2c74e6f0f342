//! `inspect.Signature`, `inspect.Parameter`, `inspect.BoundArguments`, the `_ParameterKind`
//! enum, the `_empty`/`_void` markers and the `mappingproxy` that `Signature.parameters`
//! returns, as natively defined classes following CPython 3.11's `Lib/inspect.py`.
//!
//! Invariants:
//! - The five kinds are single instances (`param.kind is Parameter.KEYWORD_ONLY` holds); they
//!   compare, order and hash as the ints 0..4 (an `IntEnum`), `str()` is the member name and
//!   `repr()` is `<_ParameterKind.NAME: n>`.
//! - Parameters and signatures are immutable; every constructor (including `replace`) runs
//!   3.11's validation with its exact ValueError/TypeError texts.
//! - `bind`/`bind_partial` follow `Signature._bind` step by step, so the same argument list
//!   fails with the same message ("missing a required argument: 'x'", ...).
//! - `Signature.parameters` is one read-only proxy per signature whose repr is CPython's
//!   `mappingproxy(OrderedDict([...]))`; its `keys()`/`values()`/`items()` are views of a plain
//!   dict (CPython's are `odict_*` views: their reprs differ).

use std::cell::RefCell;
use std::rc::Rc;

use super::inspect_bound::{bind_args, new_bound, ProxyState};
use super::native::{self, bind, Sig};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{Dict, TypeObj, Value};
use crate::vm::Vm;

pub const POSITIONAL_ONLY: u8 = 0;
pub const POSITIONAL_OR_KEYWORD: u8 = 1;
pub const VAR_POSITIONAL: u8 = 2;
pub const KEYWORD_ONLY: u8 = 3;
pub const VAR_KEYWORD: u8 = 4;

const KIND_NAMES: [&str; 5] = [
    "POSITIONAL_ONLY",
    "POSITIONAL_OR_KEYWORD",
    "VAR_POSITIONAL",
    "KEYWORD_ONLY",
    "VAR_KEYWORD",
];
const KIND_DESCRIPTIONS: [&str; 5] = [
    "positional-only",
    "positional or keyword",
    "variadic positional",
    "keyword-only",
    "variadic keyword",
];

/// The classes and singletons of this module.
pub struct Classes {
    pub empty: Rc<TypeObj>,
    pub void: Rc<TypeObj>,
    pub kind_cls: Rc<TypeObj>,
    pub kinds: Vec<Value>,
    pub parameter: Rc<TypeObj>,
    pub signature: Rc<TypeObj>,
    pub bound: Rc<TypeObj>,
    pub proxy: Rc<TypeObj>,
}

thread_local! {
    // Never freed: the kinds are instances whose destructors must not run during thread-local
    // teardown (other thread-locals they touch may already be gone).
    static CLASSES: Rc<Classes> = {
        let c = Rc::new(make_classes());
        std::mem::forget(c.clone());
        c
    };
}

pub fn classes() -> Rc<Classes> {
    CLASSES.with(|c| c.clone())
}

fn make_classes() -> Classes {
    let empty = TypeObj::native_class("_empty", "inspect", None, &[], "_empty");
    let void = TypeObj::native_class("_void", "inspect", None, &[], "_void");
    let kind_cls = TypeObj::native_class(
        "_ParameterKind",
        "inspect",
        None,
        &[
            ("__repr__", kind_repr),
            ("__str__", kind_str),
            ("__eq__", kind_eq),
            ("__ne__", kind_ne),
            ("__lt__", kind_lt),
            ("__le__", kind_le),
            ("__gt__", kind_gt),
            ("__ge__", kind_ge),
            ("__hash__", kind_hash),
            ("__int__", kind_value),
            ("__index__", kind_value),
        ],
        "_ParameterKind",
    );
    for (name, f) in [
        ("name", kind_name as crate::objects::NativeFn),
        ("value", kind_value),
        ("description", kind_description),
    ] {
        native::add_property(&kind_cls, name, "_ParameterKind", f, None);
    }
    let kinds: Vec<Value> = (0..5)
        .map(|_| Value::Instance(native::new_instance(&kind_cls)))
        .collect();
    let parameter = TypeObj::native_class(
        "Parameter",
        "inspect",
        None,
        &[
            ("__init__", param_init),
            ("__str__", param_str_m),
            ("__repr__", param_repr),
            ("__eq__", param_eq),
            ("__hash__", param_hash),
            ("replace", param_replace),
        ],
        "Parameter",
    );
    for (name, f) in [
        ("name", param_name as crate::objects::NativeFn),
        ("kind", param_kind),
        ("default", param_default),
        ("annotation", param_annotation),
    ] {
        native::add_property(&parameter, name, "Parameter", f, None);
    }
    let signature = TypeObj::native_class(
        "Signature",
        "inspect",
        None,
        &[
            ("__init__", sig_init),
            ("__str__", sig_str_m),
            ("__repr__", sig_repr),
            ("__eq__", sig_eq),
            ("__hash__", sig_hash),
            ("bind", sig_bind),
            ("bind_partial", sig_bind_partial),
            ("replace", sig_replace),
        ],
        "Signature",
    );
    native::add_property(&signature, "parameters", "Signature", sig_parameters, None);
    native::add_property(
        &signature,
        "return_annotation",
        "Signature",
        sig_return_annotation,
        None,
    );
    native::add_classmethod(
        &signature,
        "from_callable",
        "Signature",
        super::inspect_sigfrom::from_callable,
    );
    let bound = super::inspect_bound::make_bound_class();
    let proxy = super::inspect_bound::make_proxy_class();
    {
        let mut d = parameter.dict.borrow_mut();
        for (i, n) in KIND_NAMES.iter().enumerate() {
            d.set_str(n, kinds[i].clone());
        }
        d.set_str("empty", Value::Type(empty.clone()));
    }
    signature
        .dict
        .borrow_mut()
        .set_str("empty", Value::Type(empty.clone()));
    Classes {
        empty,
        void,
        kind_cls,
        kinds,
        parameter,
        signature,
        bound,
        proxy,
    }
}

/// Adds the public names to the `inspect` module dict.
pub fn export(d: &mut Dict) {
    let c = classes();
    d.set_str("Parameter", Value::Type(c.parameter.clone()));
    d.set_str("Signature", Value::Type(c.signature.clone()));
    d.set_str("BoundArguments", Value::Type(c.bound.clone()));
    d.set_str("_ParameterKind", Value::Type(c.kind_cls.clone()));
    d.set_str("_empty", Value::Type(c.empty.clone()));
    d.set_str("_void", Value::Type(c.void.clone()));
}

pub fn is_empty(v: &Value) -> bool {
    matches!(v, Value::Type(t) if Rc::ptr_eq(t, &classes().empty))
}

fn is_void(v: &Value) -> bool {
    matches!(v, Value::Type(t) if Rc::ptr_eq(t, &classes().void))
}

pub fn empty() -> Value {
    Value::Type(classes().empty.clone())
}

// ---- _ParameterKind ----------------------------------------------------------------------

/// The kind number of a `_ParameterKind` member.
pub fn kind_index(v: &Value) -> Option<u8> {
    classes()
        .kinds
        .iter()
        .position(|k| k.is(v))
        .map(|i| i as u8)
}

pub fn kind_value_of(k: u8) -> Value {
    classes().kinds[k as usize].clone()
}

fn self_kind(args: &Args) -> PyResult<u8> {
    args.values
        .first()
        .and_then(kind_index)
        .ok_or_else(|| PyErr::type_error("descriptor requires a '_ParameterKind' object"))
}

fn kind_repr(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let k = self_kind(&args)?;
    Ok(Value::str(&format!(
        "<_ParameterKind.{}: {k}>",
        KIND_NAMES[k as usize]
    )))
}

fn kind_str(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::str(KIND_NAMES[self_kind(&args)? as usize]))
}

fn kind_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_str(vm, args)
}

fn kind_value(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(self_kind(&args)? as i64))
}

fn kind_description(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::str(KIND_DESCRIPTIONS[self_kind(&args)? as usize]))
}

fn kind_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(self_kind(&args)? as i64))
}

/// The int a kind compares as, for `other` (a kind, int or bool).
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(b.get() as i64),
        other => kind_index(other).map(|k| k as i64),
    }
}

fn kind_cmp(args: &Args, f: fn(i64, i64) -> bool) -> PyResult<Value> {
    let a = self_kind(args)? as i64;
    match args.values.get(1).and_then(int_of) {
        Some(b) => Ok(Value::Bool(crate::objects::PyBool::from(f(a, b)))),
        None => Ok(Value::NotImplemented),
    }
}

fn kind_eq(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a == b)
}
fn kind_ne(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a != b)
}
fn kind_lt(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a < b)
}
fn kind_le(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a <= b)
}
fn kind_gt(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a > b)
}
fn kind_ge(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    kind_cmp(&args, |a, b| a >= b)
}

// ---- Parameter ---------------------------------------------------------------------------

#[derive(Clone)]
pub struct ParamState {
    pub name: Rc<str>,
    pub kind: u8,
    pub default: Value,
    pub annotation: Value,
}

pub fn param_state(v: &Value) -> Option<ParamState> {
    native::state::<ParamState>(v).map(|s| s.borrow().clone())
}

fn this_param(args: &Args) -> PyResult<ParamState> {
    args.values
        .first()
        .and_then(param_state)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Parameter' object"))
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// `Parameter(name, kind, *, default=_empty, annotation=_empty)` with 3.11's validation.
pub fn new_param(
    vm: &mut Vm,
    name: &Value,
    kind: &Value,
    default: Value,
    annotation: Value,
) -> PyResult<Value> {
    let mut k = match (kind_index(kind), kind) {
        (Some(k), _) => k,
        (None, Value::Int(i)) if (0..5).contains(i) => *i as u8,
        (None, Value::Bool(b)) => b.get() as u8,
        _ => {
            return Err(PyErr::value_error(format!(
                "value {} is not a valid Parameter.kind",
                vm.repr(kind)?
            )))
        }
    };
    if !is_empty(&default) && (k == VAR_POSITIONAL || k == VAR_KEYWORD) {
        return Err(PyErr::value_error(format!(
            "{} parameters cannot have default values",
            KIND_DESCRIPTIONS[k as usize]
        )));
    }
    if is_empty(name) {
        return Err(PyErr::value_error(
            "name is a required attribute for Parameter",
        ));
    }
    let Value::Str(s) = name else {
        return Err(PyErr::type_error(format!(
            "name must be a str, not a {}",
            name.type_name()
        )));
    };
    let mut s = s.clone();
    if let Some(rest) = s.strip_prefix('.') {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            if k != POSITIONAL_OR_KEYWORD {
                return Err(PyErr::value_error(format!(
                    "implicit arguments must be passed as positional or keyword arguments, not {}",
                    KIND_DESCRIPTIONS[k as usize]
                )));
            }
            k = POSITIONAL_ONLY;
            s = format!("implicit{rest}").into();
        }
    }
    if (is_keyword(&s) && k != POSITIONAL_ONLY) || !is_identifier(&s) {
        return Err(PyErr::value_error(format!(
            "{} is not a valid parameter name",
            vm.repr(&Value::Str(s.clone()))?
        )));
    }
    let inst = native::new_instance(&classes().parameter);
    native::set_state(
        &inst,
        ParamState {
            name: s.rc(),
            kind: k,
            default,
            annotation,
        },
    );
    Ok(Value::Instance(inst))
}

fn param_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig {
            name: "Parameter.__init__",
            pos: &["self", "name", "kind"],
            posonly: 0,
            required: 3,
            kwonly: &["default", "annotation"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let Some(Value::Instance(me)) = b.get(0).cloned() else {
        return Err(PyErr::type_error("Parameter.__init__ needs an instance"));
    };
    let default = b.get(3).cloned().unwrap_or_else(empty);
    let annotation = b.get(4).cloned().unwrap_or_else(empty);
    let p = new_param(vm, &b.or_none(1), &b.or_none(2), default, annotation)?;
    let st = param_state(&p).ok_or_else(|| PyErr::internal("parameter state"))?;
    native::set_state(&me, st);
    Ok(Value::None)
}

fn param_name(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Str(this_param(&args)?.name.into()))
}
fn param_kind(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(kind_value_of(this_param(&args)?.kind))
}
fn param_default(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this_param(&args)?.default)
}
fn param_annotation(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this_param(&args)?.annotation)
}

/// `inspect.formatannotation(annotation)` for the annotations pyref supports.
pub fn format_annotation(vm: &mut Vm, a: &Value) -> PyResult<String> {
    if let Value::Type(_) = a {
        let module = vm.getattr(a, "__module__")?;
        let qualname = vm.getattr(a, "__qualname__")?;
        let q = vm.str(&qualname)?;
        if module.as_str() == Some("builtins") {
            return Ok(q);
        }
        return Ok(format!("{}.{q}", vm.str(&module)?));
    }
    vm.repr(a)
}

pub fn param_to_string(vm: &mut Vm, p: &ParamState) -> PyResult<String> {
    let mut s = p.name.to_string();
    let has_ann = !is_empty(&p.annotation);
    if has_ann {
        s = format!("{s}: {}", format_annotation(vm, &p.annotation)?);
    }
    if !is_empty(&p.default) {
        let d = vm.repr(&p.default)?;
        s = if has_ann {
            format!("{s} = {d}")
        } else {
            format!("{s}={d}")
        };
    }
    Ok(match p.kind {
        VAR_POSITIONAL => format!("*{s}"),
        VAR_KEYWORD => format!("**{s}"),
        _ => s,
    })
}

fn param_str_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = this_param(&args)?;
    Ok(Value::str(&param_to_string(vm, &p)?))
}

fn param_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let p = this_param(&args)?;
    let cls = me.type_obj().name.clone();
    Ok(Value::str(&format!(
        "<{cls} \"{}\">",
        param_to_string(vm, &p)?
    )))
}

fn param_equal(vm: &mut Vm, a: &ParamState, b: &ParamState) -> PyResult<bool> {
    Ok(a.name == b.name
        && a.kind == b.kind
        && vm.eq(&a.default, &b.default)?
        && vm.eq(&a.annotation, &b.annotation)?)
}

fn param_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = this_param(&args)?;
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    if other.is(&args.values[0]) {
        return Ok(Value::Bool(crate::objects::PyBool::TRUE));
    }
    match param_state(&other) {
        Some(b) => Ok(Value::Bool(crate::objects::PyBool::from(param_equal(
            vm, &a, &b,
        )?))),
        None => Ok(Value::NotImplemented),
    }
}

/// CPython's tuple hash over already computed element hashes (shared with dict keys).
pub use crate::objects::dict::tuple_hash;

fn hash_of(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    Ok(vm.key(v.clone())?.hash)
}

fn param_hash_value(vm: &mut Vm, p: &ParamState) -> PyResult<i64> {
    let hs = [
        hash_of(vm, &Value::Str(p.name.clone().into()))?,
        p.kind as i64,
        hash_of(vm, &p.annotation)?,
        hash_of(vm, &p.default)?,
    ];
    Ok(tuple_hash(&hs))
}

fn param_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = this_param(&args)?;
    Ok(Value::Int(param_hash_value(vm, &p)?))
}

fn kw_or_void(args: &Args, name: &str) -> Option<Value> {
    args.kw(name).cloned().filter(|v| !is_void(v))
}

fn param_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = this_param(&args)?;
    if args.pos().len() > 1 {
        return Err(PyErr::type_error(format!(
            "Parameter.replace() takes 1 positional argument but {} were given",
            args.pos().len()
        )));
    }
    for (k, _) in args.kwargs() {
        if !matches!(&**k, "name" | "kind" | "annotation" | "default") {
            return Err(PyErr::type_error(format!(
                "Parameter.replace() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    let name = kw_or_void(&args, "name").unwrap_or(Value::Str(p.name.clone().into()));
    let kind = kw_or_void(&args, "kind").unwrap_or_else(|| kind_value_of(p.kind));
    let annotation = kw_or_void(&args, "annotation").unwrap_or(p.annotation.clone());
    let default = kw_or_void(&args, "default").unwrap_or(p.default.clone());
    new_param(vm, &name, &kind, default, annotation)
}

// ---- Signature ---------------------------------------------------------------------------

pub struct SigState {
    pub params: Vec<Value>,
    pub ret: Value,
    /// The `parameters` proxy, created on first access.
    pub proxy: Option<Value>,
}

pub fn sig_params(v: &Value) -> Option<(Vec<ParamState>, Value)> {
    let st = native::state::<SigState>(v)?;
    let st = st.borrow();
    let ps = st.params.iter().filter_map(param_state).collect();
    Some((ps, st.ret.clone()))
}

fn this_sig(args: &Args) -> PyResult<(Vec<ParamState>, Value)> {
    args.values
        .first()
        .and_then(sig_params)
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Signature' object"))
}

/// `Signature(parameters, return_annotation=...)`, validating as 3.11 does when `validate`.
pub fn new_sig(vm: &mut Vm, params: Vec<Value>, ret: Value, validate: bool) -> PyResult<Value> {
    let mut seen: Vec<Rc<str>> = Vec::new();
    let mut top = POSITIONAL_ONLY;
    let mut seen_default = false;
    let mut out = Vec::with_capacity(params.len());
    for p in params {
        let Some(ps) = param_state(&p) else {
            return Err(PyErr::unsupported(format!(
                "inspect.Signature() of a '{}' parameter object",
                p.type_name()
            )));
        };
        if validate {
            if ps.kind < top {
                return Err(PyErr::value_error(format!(
                    "wrong parameter order: {} parameter before {} parameter",
                    KIND_DESCRIPTIONS[top as usize], KIND_DESCRIPTIONS[ps.kind as usize]
                )));
            }
            top = top.max(ps.kind);
            if ps.kind <= POSITIONAL_OR_KEYWORD {
                if is_empty(&ps.default) {
                    if seen_default {
                        return Err(PyErr::value_error(
                            "non-default argument follows default argument",
                        ));
                    }
                } else {
                    seen_default = true;
                }
            }
            if seen.contains(&ps.name) {
                return Err(PyErr::value_error(format!(
                    "duplicate parameter name: {}",
                    vm.repr(&Value::Str(ps.name.clone().into()))?
                )));
            }
        } else if let Some(i) = seen.iter().position(|n| *n == ps.name) {
            // OrderedDict((p.name, p) for p in ...): a later duplicate replaces in place.
            out[i] = p;
            continue;
        }
        seen.push(ps.name.clone());
        out.push(p);
    }
    let inst = native::new_instance(&classes().signature);
    native::set_state(
        &inst,
        SigState {
            params: out,
            ret,
            proxy: None,
        },
    );
    Ok(Value::Instance(inst))
}

pub fn iterate(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    let it = vm.get_iter(v)?;
    let mut out = Vec::new();
    while let Some(x) = vm.next(&it)? {
        out.push(x);
    }
    Ok(out)
}

fn sig_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig {
            name: "Signature.__init__",
            pos: &["self", "parameters"],
            posonly: 0,
            required: 1,
            kwonly: &["return_annotation", "__validate_parameters__"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let Some(Value::Instance(me)) = b.get(0).cloned() else {
        return Err(PyErr::type_error("Signature.__init__ needs an instance"));
    };
    let params = match b.get(1) {
        None | Some(Value::None) => Vec::new(),
        Some(v) => iterate(vm, &v.clone())?,
    };
    let ret = b.get(2).cloned().unwrap_or_else(empty);
    let validate = match b.get(3) {
        Some(v) => vm.truthy(&v.clone())?,
        None => true,
    };
    let s = new_sig(vm, params, ret, validate)?;
    let st = native::state::<SigState>(&s).ok_or_else(|| PyErr::internal("signature state"))?;
    let st = std::mem::replace(
        &mut *st.borrow_mut(),
        SigState {
            params: Vec::new(),
            ret: Value::None,
            proxy: None,
        },
    );
    native::set_state(&me, st);
    Ok(Value::None)
}

pub fn sig_to_string(vm: &mut Vm, params: &[ParamState], ret: &Value) -> PyResult<String> {
    let mut result: Vec<String> = Vec::new();
    let mut pos_sep = false;
    let mut kw_sep = true;
    for p in params {
        let formatted = param_to_string(vm, p)?;
        if p.kind == POSITIONAL_ONLY {
            pos_sep = true;
        } else if pos_sep {
            result.push("/".into());
            pos_sep = false;
        }
        if p.kind == VAR_POSITIONAL {
            kw_sep = false;
        } else if p.kind == KEYWORD_ONLY && kw_sep {
            result.push("*".into());
            kw_sep = false;
        }
        result.push(formatted);
    }
    if pos_sep {
        result.push("/".into());
    }
    let mut r = format!("({})", result.join(", "));
    if !is_empty(ret) {
        r.push_str(&format!(" -> {}", format_annotation(vm, ret)?));
    }
    Ok(r)
}

fn sig_str_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (ps, ret) = this_sig(&args)?;
    Ok(Value::str(&sig_to_string(vm, &ps, &ret)?))
}

fn sig_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (ps, ret) = this_sig(&args)?;
    let cls = args.values[0].type_obj().name.clone();
    Ok(Value::str(&format!(
        "<{cls} {}>",
        sig_to_string(vm, &ps, &ret)?
    )))
}

fn sig_parameters(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = native::state::<SigState>(&args.values[0])
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'Signature' object"))?;
    if let Some(p) = st.borrow().proxy.clone() {
        return Ok(p);
    }
    let mut d = Dict::default();
    for p in st.borrow().params.iter() {
        if let Some(ps) = param_state(p) {
            d.set_str(&ps.name, p.clone());
        }
    }
    let inst = native::new_instance(&classes().proxy);
    native::set_state(
        &inst,
        ProxyState {
            dict: Rc::new(RefCell::new(d)),
        },
    );
    let v = Value::Instance(inst);
    st.borrow_mut().proxy = Some(v.clone());
    Ok(v)
}

fn sig_return_annotation(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this_sig(&args)?.1)
}

/// `Signature._hash_basis` equality.
fn sig_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let (Some((pa, ra)), Some((pb, rb))) = (sig_params(a), sig_params(b)) else {
        return Ok(false);
    };
    let (pos_a, kw_a): (Vec<_>, Vec<_>) = pa.iter().partition(|p| p.kind != KEYWORD_ONLY);
    let (pos_b, kw_b): (Vec<_>, Vec<_>) = pb.iter().partition(|p| p.kind != KEYWORD_ONLY);
    if pos_a.len() != pos_b.len() || kw_a.len() != kw_b.len() {
        return Ok(false);
    }
    for (x, y) in pos_a.iter().zip(pos_b.iter()) {
        if !param_equal(vm, x, y)? {
            return Ok(false);
        }
    }
    for x in &kw_a {
        let Some(y) = kw_b.iter().find(|y| y.name == x.name) else {
            return Ok(false);
        };
        if !param_equal(vm, x, y)? {
            return Ok(false);
        }
    }
    vm.eq(&ra, &rb)
}

fn sig_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    if other.is(&me) {
        return Ok(Value::Bool(crate::objects::PyBool::TRUE));
    }
    if sig_params(&other).is_none() {
        return Ok(Value::NotImplemented);
    }
    Ok(Value::Bool(crate::objects::PyBool::from(sig_equal(
        vm, &me, &other,
    )?)))
}

fn sig_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (ps, ret) = this_sig(&args)?;
    let mut pos = Vec::new();
    let mut kwo: Vec<i64> = Vec::new();
    for p in &ps {
        let h = param_hash_value(vm, p)?;
        if p.kind == KEYWORD_ONLY {
            kwo.push(h);
        } else {
            pos.push(h);
        }
    }
    // frozenset of the keyword-only parameters (CPython's frozenset hash).
    let mut h: u64 = 0;
    for x in &kwo {
        let x = *x as u64;
        h ^= (x ^ (x << 16) ^ 89869747).wrapping_mul(3644798167);
    }
    h ^= (kwo.len() as u64 + 1).wrapping_mul(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69069).wrapping_add(907133923);
    let fs = if h as i64 == -1 { 590923713 } else { h as i64 };
    let hs = [tuple_hash(&pos), fs, hash_of(vm, &ret)?];
    Ok(Value::Int(tuple_hash(&hs)))
}

fn sig_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let (ps, ret) = this_sig(&args)?;
    if args.pos().len() > 1 {
        return Err(PyErr::type_error(format!(
            "Signature.replace() takes 1 positional argument but {} were given",
            args.pos().len()
        )));
    }
    for (k, _) in args.kwargs() {
        if !matches!(&**k, "parameters" | "return_annotation") {
            return Err(PyErr::type_error(format!(
                "Signature.replace() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    let params = match kw_or_void(&args, "parameters") {
        Some(v) => iterate(vm, &v)?,
        None => {
            let st = native::state::<SigState>(&me).ok_or_else(|| PyErr::internal("sig"))?;
            let v = st.borrow().params.clone();
            drop(ps);
            v
        }
    };
    let ret = kw_or_void(&args, "return_annotation").unwrap_or(ret);
    new_sig(vm, params, ret, true)
}

fn sig_bind_common(args: Args, partial: bool) -> PyResult<Value> {
    let me = args.values[0].clone();
    let (ps, _) = this_sig(&args)?;
    let kwargs: Vec<(Rc<str>, Value)> =
        args.kwargs().map(|(k, v)| (k.clone(), v.clone())).collect();
    let arguments = bind_args(&ps, &args.pos()[1..], kwargs, partial)?;
    Ok(new_bound(me, arguments))
}

fn sig_bind(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    sig_bind_common(args, false)
}

fn sig_bind_partial(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    sig_bind_common(args, true)
}
