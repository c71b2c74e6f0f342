//! User-defined classes: `__build_class__`, class creation (C3 MRO), instantiation, generic
//! attribute access with descriptors, `super()`, and the `with` protocol.
//!
//! Invariants:
//! - Attribute lookup on instances follows `PyObject_GenericGetAttr`: data descriptors on the
//!   type, then the instance dict, then other class attributes (functions bind to the
//!   instance), then `__getattr__`.
//! - A class body runs as its own frame with the class namespace as its locals; the `__class__`
//!   cell it returns is filled with the new class.
//! - Only heap (user) classes have Python-level special methods; builtin types keep their
//!   native behaviour.

use std::cell::RefCell;
use std::rc::Rc;

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, NativeFn};
use crate::objects::instance::{Descriptor, Instance, SuperObj};
use crate::objects::types::ty;
use crate::objects::{Dict, ExcObj, ExcType, Key, Method, TypeKind, TypeObj, Value};

/// C3 linearization of `bases` (each base's own MRO included), or the heads left unmerged.
fn c3_merge(mut seqs: Vec<Vec<Rc<TypeObj>>>) -> Result<Vec<Rc<TypeObj>>, Vec<Rc<TypeObj>>> {
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let mut found = None;
        for s in &seqs {
            let cand = &s[0];
            if !seqs
                .iter()
                .any(|t| t[1..].iter().any(|x| Rc::ptr_eq(x, cand)))
            {
                found = Some(cand.clone());
                break;
            }
        }
        let Some(c) = found else {
            // No head can go next: the error names the heads still waiting, each once, in
            // list order (`set_mro_error`).
            let mut heads: Vec<Rc<TypeObj>> = Vec::new();
            for s in &seqs {
                if !heads.iter().any(|h| Rc::ptr_eq(h, &s[0])) {
                    heads.push(s[0].clone());
                }
            }
            return Err(heads);
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// A method of `type` looked up on `cls`: bound to it, or unbound when `cls` is `type`.
fn type_method(name: &'static str, funcs: [NativeFn; 2], cls: &Rc<TypeObj>) -> Value {
    let unbound = !cls.heap && cls.kind == TypeKind::Type;
    Value::Builtin(Rc::new(crate::objects::function::Builtin {
        name,
        owner: "type",
        func: funcs[unbound as usize],
        bound: (!unbound).then(|| Value::Type(cls.clone())),
        module: "builtins",
    }))
}

/// The class a no-argument `type` method applies to, with 3.11's errors for a bound
/// method (named after the class, as its `__qualname__`) and the unbound descriptor.
fn type_arg(args: &Args, what: &str, bound: bool) -> PyResult<Rc<TypeObj>> {
    let pos = args.pos();
    let Some(first) = pos.first() else {
        return Err(PyErr::type_error(format!(
            "unbound method type.{what}() needs an argument"
        )));
    };
    let Value::Type(t) = first else {
        return Err(PyErr::type_error(format!(
            "descriptor '{what}' for 'type' objects doesn't apply to a '{}' object",
            first.type_name()
        )));
    };
    let owner = if bound { &*t.qualname } else { "type" };
    if args.kwnames.is_some() {
        return Err(PyErr::type_error(format!(
            "{owner}.{what}() takes no keyword arguments"
        )));
    }
    if pos.len() > 1 {
        return Err(PyErr::type_error(format!(
            "{owner}.{what}() takes no arguments ({} given)",
            pos.len() - 1
        )));
    }
    Ok(t.clone())
}

/// `type.mro()`: the class's method resolution order as a list.
fn type_mro(t: &Rc<TypeObj>) -> PyResult<Value> {
    Ok(Value::list(t.mro().into_iter().map(Value::Type).collect()))
}

/// `type.__subclasses__()`: the direct subclasses still alive, in creation order.
fn type_subclasses(t: &Rc<TypeObj>) -> PyResult<Value> {
    if !t.heap {
        return Err(PyErr::unsupported(format!(
            "__subclasses__() of the builtin type '{}'",
            t.name
        )));
    }
    let subs = t.subclasses.borrow();
    Ok(Value::list(
        subs.iter()
            .filter_map(|w| w.upgrade())
            .map(Value::Type)
            .collect(),
    ))
}

const TYPE_MRO: [NativeFn; 2] = [
    |_, a| type_mro(&type_arg(&a, "mro", true)?),
    |_, a| type_mro(&type_arg(&a, "mro", false)?),
];
const TYPE_SUBCLASSES: [NativeFn; 2] = [
    |_, a| type_subclasses(&type_arg(&a, "__subclasses__", true)?),
    |_, a| type_subclasses(&type_arg(&a, "__subclasses__", false)?),
];

impl Vm {
    /// `builtins.__build_class__(func, name, *bases, **kwds)`.
    pub fn build_class(&mut self, args: Args) -> PyResult<Value> {
        let pos = args.pos().to_vec();
        if pos.len() < 2 {
            return Err(PyErr::type_error("__build_class__: not enough arguments"));
        }
        let Value::Function(func) = &pos[0] else {
            return Err(PyErr::type_error(
                "__build_class__: func must be a function",
            ));
        };
        let Value::Str(name) = &pos[1] else {
            return Err(PyErr::type_error("__build_class__: name is not a string"));
        };
        if let Some((k, _)) = args.kwargs().next() {
            return Err(PyErr::unsupported(format!(
                "class keyword argument '{k}' (metaclasses)"
            )));
        }
        let mut bases = Vec::new();
        for b in &pos[2..] {
            match b {
                Value::Type(t) => bases.push(t.clone()),
                other => {
                    return Err(PyErr::unsupported(format!(
                        "class base of type '{}' (__mro_entries__)",
                        other.type_name()
                    )))
                }
            }
        }
        let ns: crate::objects::DictRef = Rc::new(RefCell::new(Dict::default()));
        let mut frame = self.bind_function(func, Args::positional(vec![]))?;
        frame.name_locals = Some(Box::new(Value::Dict(ns.clone())));
        let cell = self.run_nested(frame)?;
        let cls = self.new_class(name.as_rc(), bases, ns)?;
        if let Value::Cell(c) = &cell {
            c.set(Some(Value::Type(cls.clone())));
        }
        Ok(Value::Type(cls))
    }

    /// `type(name, bases, ns)` for user classes.
    pub fn new_class(
        &mut self,
        name: &Rc<str>,
        mut bases: Vec<Rc<TypeObj>>,
        ns: crate::objects::DictRef,
    ) -> PyResult<Rc<TypeObj>> {
        if bases.is_empty() {
            bases.push(ty(TypeKind::Object));
        }
        let mut kind = TypeKind::Object;
        let mut exc = None;
        for b in &bases {
            if b.is_exception() {
                kind = TypeKind::BaseException;
                exc = exc.or(b.exc);
            } else if b.kind != TypeKind::Object {
                return Err(PyErr::unsupported(format!(
                    "subclassing the builtin type '{}'",
                    b.name
                )));
            }
        }
        let mut seqs: Vec<Vec<Rc<TypeObj>>> = bases.iter().map(|b| b.mro()).collect();
        seqs.push(bases.clone());
        let mro_tail = match c3_merge(seqs) {
            Ok(m) => m,
            Err(heads) => {
                let names: Vec<&str> = heads.iter().map(|b| &*b.name).collect();
                return Err(PyErr::type_error(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                )));
            }
        };
        let mut dict = ns.borrow().clone();
        let qualname = match dict.remove(&Key::str("__qualname__")) {
            Some(Value::Str(q)) => q.rc(),
            _ => name.clone(),
        };
        dict.remove(&Key::str("__classcell__"));
        let module = match dict.get_str("__module__") {
            Some(Value::Str(m)) => m.rc(),
            _ => Rc::from("builtins"),
        };
        // A class that defines __eq__ without __hash__ is unhashable (type_new sets None).
        if dict.get_str("__eq__").is_some() && dict.get_str("__hash__").is_none() {
            dict.set_str("__hash__", Value::None);
        }
        if dict.get_str("__doc__").is_none() {
            dict.set_str("__doc__", Value::None);
        }
        // __new__ is implicitly a static method.
        if let Some(f @ Value::Function(_)) = dict.get_str("__new__") {
            dict.set_str(
                "__new__",
                Value::Descriptor(Rc::new(Descriptor::StaticMethod(f))),
            );
        }
        for special in ["__init_subclass__", "__class_getitem__"] {
            if let Some(f @ Value::Function(_)) = dict.get_str(special) {
                dict.set_str(
                    special,
                    Value::Descriptor(Rc::new(Descriptor::ClassMethod(f))),
                );
            }
        }
        let cls = Rc::new(TypeObj {
            name: name.clone(),
            qualname,
            module,
            kind,
            exc,
            bases,
            mro_tail,
            dict: RefCell::new(dict.into_type_dict()),
            heap: true,
            slot_flags: Default::default(),
            subclasses: Default::default(),
        });
        for b in cls.bases.iter().filter(|b| b.heap) {
            let mut subs = b.subclasses.borrow_mut();
            subs.retain(|w| w.strong_count() > 0);
            subs.push(Rc::downgrade(&cls));
        }
        // __set_name__ on attributes whose type defines it.
        let items: Vec<(Key, Value)> = cls
            .dict
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            if let Value::Instance(i) = &v {
                if let Some(sn) = i.cls.lookup("__set_name__") {
                    self.call(
                        &sn,
                        vec![v.clone(), Value::Type(cls.clone()), k.value.clone()],
                    )?;
                }
            }
        }
        // __init_subclass__ of the parent (user-defined only; object's takes no arguments).
        if let Some(parent) = cls.mro_tail.first() {
            if let Some(Value::Descriptor(d)) = parent.user_lookup("__init_subclass__") {
                if let Descriptor::ClassMethod(f) = &*d {
                    self.call(f, vec![Value::Type(cls.clone())])?;
                }
            }
        }
        Ok(cls)
    }

    /// Calling a user class: `__new__`, then `__init__`.
    pub fn call_class(&mut self, cls: &Rc<TypeObj>, args: Args) -> PyResult<Value> {
        self.enter_recursion(" while calling a Python object")?;
        let r = self.call_class_inner(cls, args);
        self.leave_recursion();
        r
    }

    fn call_class_inner(&mut self, cls: &Rc<TypeObj>, args: Args) -> PyResult<Value> {
        let new = cls.user_lookup("__new__");
        let init = cls.user_lookup("__init__");
        let obj = match &new {
            Some(n) => {
                let f = match n {
                    Value::Descriptor(d) => match &**d {
                        Descriptor::StaticMethod(f) => f.clone(),
                        _ => n.clone(),
                    },
                    other => other.clone(),
                };
                let mut a = Args {
                    values: args.values.clone(),
                    kwnames: args.kwnames.clone(),
                };
                a.values.insert(0, Value::Type(cls.clone()));
                let obj = self.call_args(&f, a)?;
                if !obj.type_obj().is_subclass(cls) {
                    return Ok(obj);
                }
                obj
            }
            None => {
                if init.is_none() && !args.values.is_empty() && !cls.is_exception() {
                    return Err(PyErr::type_error(format!(
                        "{}() takes no arguments",
                        cls.name
                    )));
                }
                self.object_new(cls, &args)
            }
        };
        if let Some(i) = init {
            let mut a = Args {
                values: args.values.clone(),
                kwnames: args.kwnames.clone(),
            };
            a.values.insert(0, obj.clone());
            let r = self.call_args(&i, a)?;
            if !r.is_none() {
                return Err(PyErr::type_error(format!(
                    "__init__() should return None, not '{}'",
                    r.type_name()
                )));
            }
        }
        Ok(obj)
    }

    /// `object.__new__(cls)` (exception classes get their args).
    pub fn object_new(&mut self, cls: &Rc<TypeObj>, args: &Args) -> Value {
        if cls.is_exception() {
            return Value::Exception(ExcObj::new(cls.clone(), args.pos().to_vec()));
        }
        Value::Instance(Instance::new(cls.clone()))
    }

    /// Binds a class attribute found on the type for access through `obj` (or the class).
    pub fn bind_attr(
        &mut self,
        v: Value,
        obj: Option<&Value>,
        cls: &Rc<TypeObj>,
    ) -> PyResult<Value> {
        Ok(match v {
            Value::Builtin(ref b) if b.bound.is_none() && !b.owner.is_empty() => match obj {
                // Methods of natively defined classes bind like Python functions.
                Some(o) => Value::Method(Rc::new(Method {
                    func: v.clone(),
                    self_: o.clone(),
                })),
                None => v,
            },
            Value::Function(_) => match obj {
                Some(o) => Value::Method(Rc::new(Method {
                    func: v,
                    self_: o.clone(),
                })),
                None => v,
            },
            Value::Descriptor(d) => match &*d {
                Descriptor::StaticMethod(f) => f.clone(),
                Descriptor::ClassMethod(f) => Value::Method(Rc::new(Method {
                    func: f.clone(),
                    self_: Value::Type(cls.clone()),
                })),
                Descriptor::Property { fget, .. } => match obj {
                    Some(o) => {
                        if fget.is_none() {
                            return Err(PyErr::new(
                                ExcType::AttributeError,
                                "unreadable attribute",
                            ));
                        }
                        self.call(fget, vec![o.clone()])?
                    }
                    None => Value::Descriptor(d.clone()),
                },
            },
            Value::Instance(ref i) => match i.cls.lookup("__get__") {
                Some(get) => {
                    let o = obj.cloned().unwrap_or(Value::None);
                    self.call(&get, vec![v.clone(), o, Value::Type(cls.clone())])?
                }
                None => v,
            },
            other => other,
        })
    }

    fn is_data_descriptor(v: &Value) -> bool {
        match v {
            Value::Descriptor(d) => matches!(**d, Descriptor::Property { .. }),
            Value::Instance(i) => {
                i.cls.lookup("__set__").is_some() || i.cls.lookup("__delete__").is_some()
            }
            _ => false,
        }
    }

    /// Generic attribute lookup on an instance (or a user exception); Ok(None) when absent.
    pub fn instance_getattr(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        dict: Option<&RefCell<Dict>>,
        name: &str,
    ) -> PyResult<Option<Value>> {
        if name == "__class__" {
            return Ok(Some(Value::Type(cls.clone())));
        }
        if name == "__dict__" {
            if let Value::Instance(i) = obj {
                return Ok(Some(Value::Dict(i.dict.clone())));
            }
        }
        let descr = cls.lookup(name);
        if let Some(d) = &descr {
            if Self::is_data_descriptor(d) {
                return self.bind_attr(d.clone(), Some(obj), cls).map(Some);
            }
        }
        if let Some(d) = dict {
            if let Some(v) = d.borrow().get_str(name) {
                return Ok(Some(v));
            }
        }
        if let Some(d) = descr {
            return self.bind_attr(d, Some(obj), cls).map(Some);
        }
        Ok(None)
    }

    /// Calls `__getattr__` after a failed lookup, if the class defines it.
    pub fn getattr_hook(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        name: &str,
    ) -> PyResult<Option<Value>> {
        match cls.user_lookup("__getattr__") {
            Some(g) => {
                let g = self.bind_attr(g, Some(obj), cls)?;
                self.call(&g, vec![Value::str(name)]).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Attribute lookup on a class object: along the MRO, binding classmethods/staticmethods.
    pub fn class_getattr(&mut self, cls: &Rc<TypeObj>, name: &str) -> PyResult<Option<Value>> {
        match name {
            "__dict__" => return Ok(Some(Value::dict(cls.dict.borrow().clone()))),
            "__doc__" if !cls.heap => return Ok(Some(Value::None)),
            _ => {}
        }
        match cls.lookup(name) {
            Some(v) => self.bind_attr(v, None, cls).map(Some),
            // Methods of `type` itself (the metaclass), found after the class's own MRO.
            None => Ok(match name {
                "mro" => Some(type_method("mro", TYPE_MRO, cls)),
                "__subclasses__" if cls.heap || cls.kind == TypeKind::Type => {
                    Some(type_method("__subclasses__", TYPE_SUBCLASSES, cls))
                }
                _ => None,
            }),
        }
    }

    /// Attribute store on an instance: data descriptors, `__setattr__`, else the dict.
    pub fn instance_setattr(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        dict: &RefCell<Dict>,
        name: &str,
        v: Value,
    ) -> PyResult<()> {
        if let Some(sa) = cls.user_lookup("__setattr__") {
            let sa = self.bind_attr(sa, Some(obj), cls)?;
            self.call(&sa, vec![Value::str(name), v])?;
            return Ok(());
        }
        self.generic_setattr(obj, cls, dict, name, v)
    }

    /// `object.__setattr__`.
    pub fn generic_setattr(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        dict: &RefCell<Dict>,
        name: &str,
        v: Value,
    ) -> PyResult<()> {
        if let Some(d) = cls.lookup(name) {
            match &d {
                Value::Descriptor(dd) => {
                    if let Descriptor::Property { fset, .. } = &**dd {
                        if fset.is_none() {
                            return Err(PyErr::new(
                                ExcType::AttributeError,
                                format!("property '{name}' of '{}' object has no setter", cls.name),
                            ));
                        }
                        self.call(fset, vec![obj.clone(), v])?;
                        return Ok(());
                    }
                }
                Value::Instance(i) => {
                    if let Some(set) = i.cls.lookup("__set__") {
                        self.call(&set, vec![d.clone(), obj.clone(), v])?;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        let old = dict.borrow_mut().remove_then_set(name, v);
        drop(old);
        Ok(())
    }

    /// Attribute deletion on an instance.
    pub fn instance_delattr(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        dict: &RefCell<Dict>,
        name: &str,
    ) -> PyResult<()> {
        if let Some(Value::Descriptor(dd)) = cls.lookup(name) {
            if let Descriptor::Property { fdel, .. } = &*dd {
                if fdel.is_none() {
                    return Err(PyErr::new(
                        ExcType::AttributeError,
                        format!("property '{name}' of '{}' object has no deleter", cls.name),
                    ));
                }
                self.call(fdel, vec![obj.clone()])?;
                return Ok(());
            }
        }
        let removed = dict.borrow_mut().remove(&Key::str(name));
        match removed {
            Some(_) => Ok(()),
            None => Err(PyErr::new(
                ExcType::AttributeError,
                format!("'{}' object has no attribute '{name}'", cls.name),
            )),
        }
    }

    /// Attribute lookup through `super()`.
    pub fn super_getattr(&mut self, s: &Rc<SuperObj>, name: &str) -> PyResult<Option<Value>> {
        let mro = s.obj_type.mro();
        let start = mro
            .iter()
            .position(|t| Rc::ptr_eq(t, &s.ty))
            .map_or(mro.len(), |i| i + 1);
        for t in &mro[start..] {
            let v = t.dict.borrow().get_str(name);
            if let Some(v) = v {
                let obj = if matches!(s.obj, Value::Type(_)) {
                    None
                } else {
                    Some(&s.obj)
                };
                return self.bind_attr(v, obj, &s.obj_type).map(Some);
            }
            if !t.heap {
                // Builtin base methods reachable through super(): object.__init__ etc.
                if let Some(v) = crate::builtins::object_method(t, name) {
                    return Ok(Some(Value::Method(Rc::new(Method {
                        func: v,
                        self_: s.obj.clone(),
                    }))));
                }
            }
        }
        Ok(None)
    }

    /// `with` entry: (bound `__exit__`, result of `__enter__()`).
    pub fn before_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let cls = mgr.type_obj();
        let enter = cls.user_lookup("__enter__");
        let exit = cls.user_lookup("__exit__");
        let (Some(enter), Some(exit)) = (enter, exit) else {
            let missing = if cls.user_lookup("__enter__").is_some() {
                " (missed __exit__ method)"
            } else {
                ""
            };
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the context manager protocol{missing}",
                cls.name
            )));
        };
        let exit = self.bind_attr(exit, Some(mgr), &cls)?;
        let enter = self.bind_attr(enter, Some(mgr), &cls)?;
        let res = self.call(&enter, vec![])?;
        Ok((exit, res))
    }

    /// Calls `type(obj).<name>(obj, *args)` when a user class defines it.
    pub fn call_special(
        &mut self,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Option<Value>> {
        let cls = match obj {
            Value::Instance(i) => i.cls.clone(),
            Value::Exception(e) if e.cls.heap => e.cls.clone(),
            _ => return Ok(None),
        };
        let Some(m) = cls.user_lookup(name) else {
            return Ok(None);
        };
        let f = self.bind_attr(m, Some(obj), &cls)?;
        self.call(&f, args).map(Some)
    }

    /// `super()` / `super(type, obj)`.
    pub fn make_super(&mut self, args: &[Value]) -> PyResult<Value> {
        let (ty, obj) = match args {
            [Value::Type(t), o] => (t.clone(), o.clone()),
            [] => {
                let fi = self.frames.len().checked_sub(1).ok_or_else(|| {
                    PyErr::new(ExcType::RuntimeError, "super(): no current frame")
                })?;
                let code = self.frames[fi].code.clone();
                let slots = self.frame_slots(fi);
                if code.argcount == 0 {
                    return Err(PyErr::new(ExcType::RuntimeError, "super(): no arguments"));
                }
                let first = match slots.first() {
                    Some(Value::Cell(c))
                        if code.cellvars.iter().any(|c| c == &code.varnames[0]) =>
                    {
                        c.get()
                    }
                    Some(Value::Null) | None => None,
                    Some(other) => Some(other.clone()),
                };
                let Some(obj) = first else {
                    return Err(PyErr::new(ExcType::RuntimeError, "super(): arg[0] deleted"));
                };
                let Some(k) = code.freevars.iter().position(|n| &**n == "__class__") else {
                    return Err(PyErr::new(
                        ExcType::RuntimeError,
                        "super(): __class__ cell not found",
                    ));
                };
                let slot = code.free_start() as usize + k;
                let cls = match slots.get(slot) {
                    Some(Value::Cell(c)) => c.get(),
                    _ => None,
                };
                match cls {
                    Some(Value::Type(t)) => (t, obj),
                    Some(_) => {
                        return Err(PyErr::new(
                            ExcType::RuntimeError,
                            "super(): __class__ is not a type",
                        ))
                    }
                    None => {
                        return Err(PyErr::new(
                            ExcType::RuntimeError,
                            "super(): empty __class__ cell",
                        ))
                    }
                }
            }
            _ => return Err(PyErr::unsupported("this form of super()")),
        };
        let obj_type = match &obj {
            Value::Type(t) if t.is_subclass(&ty) => t.clone(),
            other => other.type_obj(),
        };
        if !obj_type.is_subclass(&ty) {
            return Err(PyErr::type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ));
        }
        Ok(Value::Super(Rc::new(SuperObj { ty, obj, obj_type })))
    }
}
