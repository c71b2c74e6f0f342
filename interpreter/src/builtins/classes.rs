//! Builtins for classes: `__build_class__`, `super`, `property`, `staticmethod`,
//! `classmethod`, and the methods of `object` / `BaseException` reachable from user classes.
//!
//! Invariant: these methods behave as the C slots of CPython 3.11 (argument checks and messages).

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, Builtin, NativeFn};
use crate::objects::instance::Descriptor;
use crate::objects::{TypeObj, Value};
use crate::vm::Vm;

fn native(name: &'static str, owner: &'static str, func: NativeFn, bound: Option<Value>) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner,
        func,
        bound,
        module: "builtins",
    }))
}

pub fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.build_class(args)
}

pub fn super_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.n_kw() > 0 {
        return Err(PyErr::type_error("super() takes no keyword arguments"));
    }
    vm.make_super(&args.values)
}

pub fn property(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let names = ["fget", "fset", "fdel", "doc"];
    let mut vals = [Value::None, Value::None, Value::None, Value::None];
    let pos = args.pos();
    if pos.len() > 4 {
        return Err(PyErr::type_error(format!(
            "property() takes at most 4 arguments ({} given)",
            pos.len()
        )));
    }
    for (i, v) in pos.iter().enumerate() {
        vals[i] = v.clone();
    }
    for (k, v) in args.kwargs() {
        match names.iter().position(|n| **n == **k) {
            Some(i) => vals[i] = v.clone(),
            None => {
                return Err(PyErr::type_error(format!(
                    "property() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let [fget, fset, fdel, doc] = vals;
    Ok(Value::Descriptor(Rc::new(Descriptor::Property {
        fget,
        fset,
        fdel,
        doc,
    })))
}

pub fn staticmethod(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::check_nargs("staticmethod", &args, 1, 1)?;
    Ok(Value::Descriptor(Rc::new(Descriptor::StaticMethod(
        args.values[0].clone(),
    ))))
}

pub fn classmethod(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::check_nargs("classmethod", &args, 1, 1)?;
    Ok(Value::Descriptor(Rc::new(Descriptor::ClassMethod(
        args.values[0].clone(),
    ))))
}

fn property_with(args: &Args, which: usize) -> PyResult<Value> {
    let Value::Descriptor(d) = &args.values[0] else {
        return Err(PyErr::internal("property method"));
    };
    let Descriptor::Property {
        fget,
        fset,
        fdel,
        doc,
    } = &**d
    else {
        return Err(PyErr::internal("property method"));
    };
    let f = args.values.get(1).cloned().unwrap_or(Value::None);
    let (mut g, mut s, mut dl) = (fget.clone(), fset.clone(), fdel.clone());
    match which {
        0 => g = f,
        1 => s = f,
        _ => dl = f,
    }
    Ok(Value::Descriptor(Rc::new(Descriptor::Property {
        fget: g,
        fset: s,
        fdel: dl,
        doc: doc.clone(),
    })))
}

fn prop_getter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(&args, 0)
}
fn prop_setter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(&args, 1)
}
fn prop_deleter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(&args, 2)
}

/// Attributes of property/staticmethod/classmethod objects.
pub fn descriptor_attr(d: &Rc<Descriptor>, name: &str) -> Option<Value> {
    let this = Value::Descriptor(d.clone());
    match &**d {
        Descriptor::Property {
            fget,
            fset,
            fdel,
            doc,
        } => match name {
            "fget" => Some(fget.clone()),
            "fset" => Some(fset.clone()),
            "fdel" => Some(fdel.clone()),
            "__doc__" => Some(if doc.is_none() {
                match fget {
                    Value::Function(f) => f.doc.borrow().clone(),
                    _ => Value::None,
                }
            } else {
                doc.clone()
            }),
            "getter" => Some(native("getter", "property", prop_getter, Some(this))),
            "setter" => Some(native("setter", "property", prop_setter, Some(this))),
            "deleter" => Some(native("deleter", "property", prop_deleter, Some(this))),
            _ => None,
        },
        Descriptor::StaticMethod(f) | Descriptor::ClassMethod(f) => match name {
            "__func__" | "__wrapped__" => Some(f.clone()),
            _ => None,
        },
    }
}

fn object_init(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.values.len() > 1 {
        return Err(PyErr::type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
    }
    Ok(Value::None)
}

fn object_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.values.first() {
        Some(Value::Type(t)) => {
            let t = t.clone();
            Ok(vm.object_new(&t, &Args::positional(args.values[1..].to_vec())))
        }
        _ => Err(PyErr::type_error(
            "object.__new__(X): X is not a type object",
        )),
    }
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::check_nargs("__setattr__", &args, 3, 3)?;
    let Value::Str(name) = &args.values[1] else {
        return Err(PyErr::type_error("attribute name must be string"));
    };
    match &args.values[0] {
        Value::Instance(i) => {
            let cls = i.cls.clone();
            vm.generic_setattr(&args.values[0], &cls, &i.dict, name, args.values[2].clone())?;
        }
        other => vm.setattr(other, name, args.values[2].clone())?,
    }
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::check_nargs("__getattribute__", &args, 2, 2)?;
    let Value::Str(name) = &args.values[1] else {
        return Err(PyErr::type_error("attribute name must be string"));
    };
    vm.getattr(&args.values[0], name)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::str(&default_repr(vm, &args.values[0])))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::str(&vm.repr(&args.values[0])?))
}

fn object_eq(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::check_nargs("__eq__", &args, 2, 2)?;
    Ok(if args.values[0].is(&args.values[1]) {
        Value::Bool(crate::objects::PyBool::TRUE)
    } else {
        Value::NotImplemented
    })
}

fn object_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(
        (args.values[0].id() as u64).rotate_right(4) as i64
    ))
}

fn object_init_subclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.n_kw() > 0 {
        let cls = match &args.values[0] {
            Value::Type(t) => t.name.to_string(),
            _ => "object".into(),
        };
        return Err(PyErr::type_error(format!(
            "{cls}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

fn exc_init(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Value::Exception(e) = &args.values[0] {
        *e.args.borrow_mut() = Rc::new(args.pos()[1..].to_vec());
    }
    Ok(Value::None)
}

fn exc_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match &args.values[0] {
        Value::Exception(e) => Ok(Value::str(&super::exception_base_str(vm, e)?)),
        other => Ok(Value::str(&vm.repr(other)?)),
    }
}

/// `<module.Qualname object at 0x...>`.
pub fn default_repr(_vm: &mut Vm, v: &Value) -> String {
    let t = v.type_obj();
    let m = t.module_name();
    let prefix = if &*m == "builtins" {
        String::new()
    } else {
        format!("{m}.")
    };
    format!("<{prefix}{} object at 0x{:x}>", t.qualname, v.id())
}

/// Methods of builtin bases (`object`, `BaseException`) reachable from instances of `t`.
pub fn object_method(t: &Rc<TypeObj>, name: &str) -> Option<Value> {
    if t.is_exception() {
        match name {
            "__init__" => return Some(native("__init__", "BaseException", exc_init, None)),
            "__str__" => return Some(native("__str__", "BaseException", exc_str, None)),
            _ => {}
        }
    }
    let f: NativeFn = match name {
        "__init__" => object_init,
        "__new__" => object_new,
        "__setattr__" => object_setattr,
        "__getattribute__" => object_getattribute,
        "__repr__" => object_repr,
        "__str__" => object_str,
        "__eq__" => object_eq,
        "__hash__" => object_hash,
        "__init_subclass__" => object_init_subclass,
        _ => return None,
    };
    let leaked: &'static str = match name {
        "__init__" => "__init__",
        "__new__" => "__new__",
        "__setattr__" => "__setattr__",
        "__getattribute__" => "__getattribute__",
        "__repr__" => "__repr__",
        "__str__" => "__str__",
        "__eq__" => "__eq__",
        "__hash__" => "__hash__",
        _ => "__init_subclass__",
    };
    Some(native(leaked, "object", f, None))
}
