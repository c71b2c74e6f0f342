//! The `types` module: the builtin type objects under their `types` names, `SimpleNamespace`,
//! `coroutine`, and the constructors of builtin types that only `types` exposes by name
//! (`FunctionType(code, globals, ...)`, `CellType(x)`, `MethodType(f, obj)`,
//! `ModuleType(name, doc)`, `TracebackType(next, frame, lasti, lineno)`).
//!
//! Invariants:
//! - Every `types.XType` is the very type object of the corresponding values
//!   (`type(f) is types.FunctionType`), never a copy.
//! - Constructors check their arguments in CPython's order with its messages; types CPython
//!   refuses to instantiate say "cannot create 'X' instances"; a constructor pyref does not
//!   implement (e.g. `CodeType(...)`) is reported unsupported.
//! - Cells compare by contents, an empty cell ordering before any full one (`cell_richcompare`).

use std::cell::RefCell;
use std::rc::Rc;

use super::native;
use super::{finish_module, new_module};
use crate::builtins::check_nargs;
use crate::bytecode::{co_flags, CmpOp, Code};
use crate::error::{PyErr, PyResult};
use crate::objects::exception::Traceback;
use crate::objects::function::Args;
use crate::objects::types::ty;
use crate::objects::{Cell, Dict, Function, Method, Module, TypeKind, TypeObj, Value};
use crate::vm::Vm;

pub fn make(_vm: &mut Vm) -> Value {
    let (m, mut d) = new_module("types", &[("coroutine", coroutine)], "types");
    let t = |k: TypeKind| Value::Type(ty(k));
    for (name, kind) in [
        ("FunctionType", TypeKind::Function),
        ("LambdaType", TypeKind::Function),
        ("CodeType", TypeKind::Code),
        ("FrameType", TypeKind::Frame),
        ("CellType", TypeKind::Cell),
        ("TracebackType", TypeKind::Traceback),
        ("GeneratorType", TypeKind::Generator),
        ("CoroutineType", TypeKind::Coroutine),
        ("ModuleType", TypeKind::Module),
        ("MethodType", TypeKind::Method),
        ("BuiltinFunctionType", TypeKind::BuiltinFunction),
        ("BuiltinMethodType", TypeKind::BuiltinFunction),
        ("NoneType", TypeKind::NoneType),
        ("NotImplementedType", TypeKind::NotImplementedType),
        ("EllipsisType", TypeKind::Ellipsis),
    ] {
        d.set_str(name, t(kind));
    }
    let ns = TypeObj::native_class(
        "SimpleNamespace",
        "types",
        None,
        &[
            ("__init__", ns_init),
            ("__repr__", ns_repr),
            ("__eq__", ns_eq),
            ("__getattr__", super::functools_mod::c_getattr),
            ("__delattr__", ns_delattr),
            ("__hash__", super::functools_mod::c_unhashable),
        ],
        "SimpleNamespace",
    );
    d.set_str("SimpleNamespace", Value::Type(ns));
    finish_module(m, d)
}

// ---- constructors of builtin types ------------------------------------------------------

/// Calls a builtin type that `builtins::call_type` leaves to this module.
pub fn call_builtin_type(vm: &mut Vm, t: &Rc<TypeObj>, args: Args) -> PyResult<Value> {
    match t.kind {
        TypeKind::Cell => {
            check_nargs("cell", &args, 0, 1)?;
            Ok(Value::Cell(Cell::new(args.values.first().cloned())))
        }
        TypeKind::Method => {
            check_nargs("method", &args, 2, 2)?;
            let (func, obj) = (args.values[0].clone(), args.values[1].clone());
            if !native::callable(vm, &func)? {
                return Err(PyErr::type_error("first argument must be callable"));
            }
            if obj.is_none() {
                return Err(PyErr::type_error("instance must not be None"));
            }
            Ok(Value::Method(Rc::new(Method { func, self_: obj })))
        }
        TypeKind::Function => function_new(vm, &args),
        TypeKind::Module => module_new(&args),
        TypeKind::Traceback => traceback_new(vm, &args),
        TypeKind::NoneType | TypeKind::NotImplementedType | TypeKind::Ellipsis => {
            if !args.values.is_empty() {
                return Err(PyErr::type_error(format!("{} takes no arguments", t.name)));
            }
            Ok(match t.kind {
                TypeKind::NoneType => Value::None,
                TypeKind::NotImplementedType => Value::NotImplemented,
                _ => Value::Ellipsis,
            })
        }
        TypeKind::Frame
        | TypeKind::Generator
        | TypeKind::Coroutine
        | TypeKind::BuiltinFunction
        | TypeKind::BuiltinMethod
        | TypeKind::ListIterator
        | TypeKind::ListReverseIterator
        | TypeKind::TupleIterator
        | TypeKind::RangeIterator
        | TypeKind::StrIterator
        | TypeKind::DictKeyIterator
        | TypeKind::DictValueIterator
        | TypeKind::DictItemIterator
        | TypeKind::SetIterator
        | TypeKind::CallableIterator
        | TypeKind::SeqIterator
        | TypeKind::DictKeys
        | TypeKind::DictValues
        | TypeKind::DictItems => Err(PyErr::type_error(format!(
            "cannot create '{}' instances",
            t.name
        ))),
        _ => Err(PyErr::unsupported(format!("calling type '{}'", t.name))),
    }
}

/// Argument-clinic parsing for `name(p0, p1, ...)`: positional or keyword, the first
/// `required` mandatory.
fn clinic(
    fname: &str,
    args: &Args,
    params: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    if pos.len() > params.len() {
        return Err(PyErr::type_error(format!(
            "{fname}() takes at most {} arguments ({} given)",
            params.len(),
            pos.len() + args.n_kw()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; params.len()];
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        match params.iter().position(|p| *p == &**k) {
            Some(i) if out[i].is_some() => {
                return Err(PyErr::type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(PyErr::type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    for (i, p) in params.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(PyErr::type_error(format!(
                "{fname}() missing required argument '{p}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

fn function_new(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    let a = clinic(
        "function",
        args,
        &["code", "globals", "name", "argdefs", "closure"],
        2,
    )?;
    let get = |i: usize| a[i].clone().unwrap_or(Value::None);
    let code = match get(0) {
        Value::Code(c) => c,
        other => {
            return Err(PyErr::type_error(format!(
                "function() argument 'code' must be code, not {}",
                other.type_name()
            )))
        }
    };
    let globals = match get(1) {
        Value::Dict(d) => d,
        other => {
            return Err(PyErr::type_error(format!(
                "function() argument 'globals' must be dict, not {}",
                other.type_name()
            )))
        }
    };
    let name = get(2);
    if !matches!(name, Value::None | Value::Str(_)) {
        return Err(PyErr::type_error("arg 3 (name) must be None or string"));
    }
    let defaults = match get(3) {
        Value::None => None,
        Value::Tuple(t) => Some(t),
        _ => return Err(PyErr::type_error("arg 4 (defaults) must be None or tuple")),
    };
    let nfree = code.freevars.len();
    let closure = match get(4) {
        Value::Tuple(t) => Some(t),
        Value::None if nfree > 0 => return Err(PyErr::type_error("arg 5 (closure) must be tuple")),
        Value::None => None,
        _ => return Err(PyErr::type_error("arg 5 (closure) must be None or tuple")),
    };
    let n = closure.as_ref().map_or(0, |c| c.len());
    if n != nfree {
        return Err(PyErr::value_error(format!(
            "{} requires closure of length {nfree}, not {n}",
            code.name
        )));
    }
    let mut cells = Vec::with_capacity(n);
    for v in closure.iter().flat_map(|c| c.iter()) {
        match v {
            Value::Cell(c) => cells.push(c.clone()),
            other => {
                return Err(PyErr::type_error(format!(
                    "arg 5 (closure) expected cell, found {}",
                    other.type_name()
                )))
            }
        }
    }
    let module = globals.borrow().get_str("__name__").unwrap_or(Value::None);
    let doc = if code.flags & co_flags::OPTIMIZED != 0 && &*code.name != "<lambda>" {
        code.consts
            .first()
            .cloned()
            .filter(|v| matches!(v, Value::Str(_)))
            .unwrap_or(Value::None)
    } else {
        Value::None
    };
    let fname = match name {
        Value::Str(s) => s.rc(),
        _ => code.name.clone(),
    };
    let _ = vm;
    Ok(Value::Function(Rc::new(Function {
        name: RefCell::new(fname),
        qualname: RefCell::new(code.qualname.clone()),
        code: RefCell::new(code),
        globals,
        defaults: RefCell::new(defaults),
        kwdefaults: RefCell::new(None),
        closure: (n > 0).then(|| Rc::new(cells)),
        dict: RefCell::new(None),
        module: RefCell::new(module),
        doc: RefCell::new(doc),
        annotations: RefCell::new(Value::None),
    })))
}

fn module_new(args: &Args) -> PyResult<Value> {
    let a = clinic("module", args, &["name", "doc"], 1)?;
    let name = match a[0].clone().unwrap_or(Value::None) {
        Value::Str(s) => s,
        other => {
            return Err(PyErr::type_error(format!(
                "module() argument 'name' must be str, not {}",
                other.type_name()
            )))
        }
    };
    let mut d = Dict::default();
    d.set_str("__name__", Value::Str(name.clone()));
    d.set_str("__doc__", a[1].clone().unwrap_or(Value::None));
    d.set_str("__package__", Value::None);
    d.set_str("__loader__", Value::None);
    d.set_str("__spec__", Value::None);
    Ok(Value::Module(Rc::new(Module {
        name: name.rc(),
        dict: Rc::new(RefCell::new(d)),
    })))
}

fn traceback_new(vm: &mut Vm, args: &Args) -> PyResult<Value> {
    let a = clinic(
        "traceback",
        args,
        &["tb_next", "tb_frame", "tb_lasti", "tb_lineno"],
        4,
    )?;
    let get = |i: usize| a[i].clone().unwrap_or(Value::None);
    let next = match get(0) {
        Value::Traceback(t) => Some(t),
        Value::None => None,
        other => {
            return Err(PyErr::type_error(format!(
                "expected traceback object or None, got '{}'",
                other.type_name()
            )))
        }
    };
    let frame = match get(1) {
        Value::Frame(f) => f,
        other => {
            return Err(PyErr::type_error(format!(
                "TracebackType() argument 'tb_frame' must be frame, not {}",
                other.type_name()
            )))
        }
    };
    let lasti = vm.index_of(&get(2))?;
    let lineno = vm.index_of(&get(3))?;
    if lasti < 0 || lasti % 2 != 0 || lineno < 0 || lineno > u32::MAX as i64 {
        return Err(PyErr::unsupported(
            "TracebackType with a negative or odd tb_lasti or an out-of-range tb_lineno",
        ));
    }
    Ok(Value::Traceback(Rc::new(Traceback {
        frame,
        lasti: (lasti / 2) as usize,
        lineno: Some(lineno as u32),
        next,
    })))
}

/// `cell_richcompare`: by contents, empty cells first.
pub fn cell_compare(vm: &mut Vm, a: &Rc<Cell>, b: &Rc<Cell>, op: CmpOp) -> PyResult<Value> {
    match (a.get(), b.get()) {
        (Some(x), Some(y)) => vm.compare(&x, &y, op),
        (x, y) => {
            let (l, r) = (y.is_none() as i64, x.is_none() as i64);
            vm.compare(&Value::Int(l), &Value::Int(r), op)
        }
    }
}

// ---- coroutine --------------------------------------------------------------------------

fn coroutine(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = native::bind(&args, &native::Sig::positional("coroutine", &["func"], 1))?;
    let func = b.or_none(0);
    if !native::callable(vm, &func)? {
        return Err(PyErr::type_error("types.coroutine() expects a callable"));
    }
    if let Value::Function(f) = &func {
        let co = f.code.borrow().clone();
        if co.flags & 0x180 != 0 {
            return Ok(func);
        }
        if co.flags & co_flags::GENERATOR != 0 {
            let new = with_flags(&co, co.flags | 0x100);
            *f.code.borrow_mut() = Rc::new(new);
            return Ok(func);
        }
    }
    Err(PyErr::unsupported(
        "types.coroutine() of a callable that is not a generator function",
    ))
}

/// `code.replace(co_flags=flags)`.
fn with_flags(c: &Code, flags: u32) -> Code {
    Code {
        name: c.name.clone(),
        qualname: c.qualname.clone(),
        filename: c.filename.clone(),
        firstlineno: c.firstlineno,
        argcount: c.argcount,
        posonlyargcount: c.posonlyargcount,
        kwonlyargcount: c.kwonlyargcount,
        flags,
        varnames: c.varnames.clone(),
        cellvars: c.cellvars.clone(),
        freevars: c.freevars.clone(),
        cell_slots: c.cell_slots.clone(),
        nlocalsplus: c.nlocalsplus,
        names: c.names.clone(),
        consts: c.consts.clone(),
        ops: c.ops.clone(),
        positions: c.positions.clone(),
        exc_table: c.exc_table.clone(),
        stacksize: c.stacksize,
        uses_name_locals: c.uses_name_locals,
        warmup: Default::default(),
    }
}

// ---- SimpleNamespace --------------------------------------------------------------------

fn ns_init(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    if args.pos().len() > 1 {
        return Err(PyErr::type_error("no positional arguments expected"));
    }
    for (k, v) in args.kwargs() {
        native::dict_set(&me, k, v.clone());
    }
    Ok(Value::None)
}

thread_local! {
    static NS_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn ns_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let cls = me.cls.clone();
    let name = if cls.dict.borrow().get_str("__getattr__").is_some() {
        "namespace".to_string()
    } else {
        cls.name.to_string()
    };
    let id = Rc::as_ptr(&me) as usize;
    if NS_REPR.with(|r| r.borrow().contains(&id)) {
        return Ok(Value::str(&format!("{name}(...)")));
    }
    let items: Vec<(Value, Value)> = me
        .dict
        .borrow()
        .iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect();
    NS_REPR.with(|r| r.borrow_mut().push(id));
    let mut parts = Vec::new();
    let mut err = None;
    for (k, v) in items {
        let Value::Str(k) = k else { continue };
        if k.is_empty() {
            continue;
        }
        match vm.repr(&v) {
            Ok(r) => parts.push(format!("{k}={r}")),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    NS_REPR.with(|r| r.borrow_mut().retain(|x| *x != id));
    if let Some(e) = err {
        return Err(e);
    }
    Ok(Value::str(&format!("{name}({})", parts.join(", "))))
}

fn ns_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let other = args.values.get(1).cloned().unwrap_or(Value::None);
    let base = match native::module_global(vm, "types", "SimpleNamespace") {
        Ok(Value::Type(t)) => t,
        _ => me.cls.clone(),
    };
    match &other {
        Value::Instance(o) if o.cls.is_subclass(&base) && me.cls.is_subclass(&base) => {
            let a = Value::Dict(me.dict.clone());
            let b = Value::Dict(o.dict.clone());
            Ok(Value::Bool(crate::objects::PyBool::from(vm.eq(&a, &b)?)))
        }
        _ => Ok(Value::NotImplemented),
    }
}

fn ns_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let obj = args.values[0].clone();
    let Some(Value::Str(name)) = args.values.get(1).cloned() else {
        return Err(PyErr::type_error("attribute name must be string"));
    };
    let cls = me.cls.clone();
    if cls.lookup(&name).is_some() {
        vm.instance_delattr(&obj, &cls, &me.dict, &name)?;
        return Ok(Value::None);
    }
    let removed = me
        .dict
        .borrow_mut()
        .remove(&crate::objects::Key::str(&name));
    match removed {
        Some(_) => Ok(Value::None),
        None => {
            let tn = native::tp_name(&cls, "__getattr__");
            Err(native::attribute_error(
                &obj,
                &name,
                format!("'{tn}' object has no attribute '{name}'"),
            ))
        }
    }
}
