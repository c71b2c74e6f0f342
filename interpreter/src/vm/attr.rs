//! Attribute access on builtin objects, imports, and deferred finalizers.
//!
//! Invariants:
//! - A missing attribute that CPython 3.11 has on that type is reported as unsupported, never
//!   as AttributeError (which would fake CPython's behaviour).
//! - AttributeError carries `name` and `obj`, which the traceback printer uses for
//!   "Did you mean" suggestions.

use std::rc::Rc;

use super::frame::FrameState;
use super::Vm;
use crate::builtins::cpython_dir::cpython_has_attr;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Builtin;
use crate::objects::{ExcObj, ExcType, Key, Value};

fn attr_error(obj: &Value, name: &str, msg: String) -> PyErr {
    let e = ExcObj::with_msg(ExcType::AttributeError, msg);
    e.set_attr("name", Value::str(name));
    e.set_attr("obj", obj.clone());
    PyErr::Exc(e)
}

struct FrameView {
    live: Option<usize>,
    lasti: usize,
    locals: Vec<Option<Value>>,
    name_locals: Option<Value>,
    back: Option<Rc<super::FrameObj>>,
}

fn opt_tuple(v: Vec<Rc<str>>) -> Value {
    Value::tuple(v.into_iter().map(|s| Value::Str(s.into())).collect())
}

impl Vm {
    pub fn getattr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        if let Some(v) = self.getattr_opt(obj, name)? {
            return Ok(v);
        }
        let user_cls = match obj {
            Value::Instance(i) => Some(i.cls.clone()),
            Value::Exception(e) if e.cls.heap => Some(e.cls.clone()),
            _ => None,
        };
        if let Some(cls) = &user_cls {
            if let Some(v) = self.getattr_hook(obj, cls, name)? {
                return Ok(v);
            }
        }
        let tn = obj.type_name();
        let builtin_tn: &str = match obj {
            Value::Instance(_) => "object",
            Value::Exception(_) => "BaseException",
            Value::Type(_) => "type",
            _ => &tn,
        };
        if let Some(m) = crate::builtins::object_method(&obj.type_obj(), name) {
            if !matches!(obj, Value::Type(_)) {
                return Ok(Value::Method(Rc::new(crate::objects::Method {
                    func: m,
                    self_: obj.clone(),
                })));
            }
        }
        if cpython_has_attr(builtin_tn, name)
            || (matches!(obj, Value::Exception(_)) && cpython_has_attr("BaseException", name))
            || (matches!(obj, Value::Builtin(_))
                && cpython_has_attr("builtin_function_or_method", name))
        {
            return Err(PyErr::unsupported(format!(
                "attribute '{name}' of '{tn}' objects"
            )));
        }
        if let Value::Module(m) = obj {
            // A name CPython's module has but pyref's native module lacks.
            let native = self.modules.get(&*m.name).is_some_and(|v| v.is(obj));
            if native && crate::stdlib::cpython_module_has(&m.name, name) {
                return Err(PyErr::unsupported(format!("'{}.{name}'", m.name)));
            }
        }
        Err(match obj {
            Value::Module(m) => attr_error(
                obj,
                name,
                format!("module '{}' has no attribute '{name}'", m.name),
            ),
            Value::Type(t) => attr_error(
                obj,
                name,
                format!("type object '{}' has no attribute '{name}'", t.name),
            ),
            _ => attr_error(
                obj,
                name,
                format!("'{tn}' object has no attribute '{name}'"),
            ),
        })
    }

    /// Attribute lookup; Ok(None) when absent.
    pub fn getattr_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        if let Some(m) = crate::builtins::methods::lookup(obj, name) {
            return Ok(Some(Value::Builtin(Rc::new(Builtin {
                name: m.0,
                owner: m.1,
                func: m.2,
                bound: Some(obj.clone()),
                module: "builtins",
            }))));
        }
        let v = match obj {
            Value::Instance(i) => {
                let cls = i.cls.clone();
                return self.instance_getattr(obj, &cls, Some(&i.dict), name);
            }
            Value::Super(s) => return self.super_getattr(s, name),
            Value::Descriptor(d) => crate::builtins::descriptor_attr(d, name),
            Value::Module(m) => match name {
                "__dict__" => Some(Value::Dict(m.dict.clone())),
                _ => m.dict.borrow().get_str(name),
            },
            Value::Function(f) => match name {
                "__name__" => Some(Value::Str(f.name.borrow().clone().into())),
                "__qualname__" => Some(Value::Str(f.qualname.borrow().clone().into())),
                "__code__" => Some(Value::Code(f.code.borrow().clone())),
                "__globals__" => Some(Value::Dict(f.globals.clone())),
                "__defaults__" => Some(
                    f.defaults
                        .borrow()
                        .clone()
                        .map(Value::Tuple)
                        .unwrap_or(Value::None),
                ),
                "__kwdefaults__" => Some(
                    f.kwdefaults
                        .borrow()
                        .clone()
                        .map(Value::Dict)
                        .unwrap_or(Value::None),
                ),
                "__closure__" => Some(match &f.closure {
                    Some(c) => Value::tuple(c.iter().map(|c| Value::Cell(c.clone())).collect()),
                    None => Value::None,
                }),
                "__module__" => Some(f.module.borrow().clone()),
                "__doc__" => Some(f.doc.borrow().clone()),
                "__dict__" => {
                    let mut d = f.dict.borrow_mut();
                    let d = d.get_or_insert_with(|| {
                        Rc::new(std::cell::RefCell::new(Default::default()))
                    });
                    Some(Value::Dict(d.clone()))
                }
                "__annotations__" => {
                    let mut a = f.annotations.borrow_mut();
                    if a.is_none() {
                        *a = Value::dict(Default::default());
                    }
                    Some(a.clone())
                }
                _ => f
                    .dict
                    .borrow()
                    .as_ref()
                    .and_then(|d| d.borrow().get_str(name)),
            },
            Value::Code(c) => match name {
                "co_name" => Some(Value::Str(c.name.clone().into())),
                "co_qualname" => Some(Value::Str(c.qualname.clone().into())),
                "co_filename" => Some(Value::Str(c.filename.clone().into())),
                "co_firstlineno" => Some(Value::Int(c.firstlineno as i64)),
                "co_argcount" => Some(Value::Int(c.argcount as i64)),
                "co_posonlyargcount" => Some(Value::Int(c.posonlyargcount as i64)),
                "co_kwonlyargcount" => Some(Value::Int(c.kwonlyargcount as i64)),
                "co_nlocals" => Some(Value::Int(c.varnames.len() as i64)),
                "co_varnames" => Some(opt_tuple(c.varnames.clone())),
                "co_cellvars" => Some(opt_tuple(c.cellvars.clone())),
                "co_freevars" => Some(opt_tuple(c.freevars.clone())),
                "co_names" => Some(opt_tuple(c.names.clone())),
                "co_flags" => Some(Value::Int(c.flags as i64)),
                "co_consts" => Some(Value::tuple(c.consts.clone())),
                "co_stacksize" => {
                    // CPython's value is computed on its own bytecode (see README).
                    return Err(PyErr::unsupported(
                        "attribute 'co_stacksize' of 'code' objects",
                    ));
                }
                _ => None,
            },
            Value::Cell(c) => match name {
                "cell_contents" => match c.get() {
                    Some(v) => Some(v),
                    None => return Err(PyErr::value_error("Cell is empty")),
                },
                _ => None,
            },
            Value::Frame(fo) => self.frame_attr(fo, name)?,
            Value::Traceback(tb) => match name {
                "tb_frame" => Some(Value::Frame(tb.frame.clone())),
                "tb_lineno" => Some(tb.lineno.map_or(Value::None, |l| Value::Int(l as i64))),
                "tb_lasti" => Some(Value::Int(tb.lasti as i64 * 2)),
                "tb_next" => Some(tb.next.clone().map(Value::Traceback).unwrap_or(Value::None)),
                _ => None,
            },
            Value::Exception(e) => match name {
                "args" => Some(Value::Tuple(e.args())),
                "__traceback__" => Some(
                    e.traceback
                        .borrow()
                        .clone()
                        .map(Value::Traceback)
                        .unwrap_or(Value::None),
                ),
                "__cause__" => Some(e.cause.borrow().clone()),
                "__context__" => Some(e.context.borrow().clone()),
                "__suppress_context__" => Some(Value::Bool(crate::objects::PyBool::from(
                    e.suppress_context.get(),
                ))),
                "__class__" => Some(Value::Type(e.cls.clone())),
                _ => match e.get_attr(name) {
                    Some(v) => Some(v),
                    None => {
                        if e.cls.heap {
                            let cls = e.cls.clone();
                            if let Some(v) = self.instance_getattr(obj, &cls, None, name)? {
                                return Ok(Some(v));
                            }
                        }
                        crate::builtins::exception_default_attr(e, name)
                    }
                },
            },
            Value::Type(t) => match name {
                "__name__" => Some(Value::Str(t.name.clone().into())),
                "__qualname__" => Some(Value::Str(t.qualname.clone().into())),
                "__module__" => Some(Value::Str(t.module_name().into())),
                "__mro__" => Some(Value::tuple(t.mro().into_iter().map(Value::Type).collect())),
                "__bases__" => Some(Value::tuple(
                    t.bases.iter().cloned().map(Value::Type).collect(),
                )),
                "__base__" => Some(
                    t.bases
                        .first()
                        .cloned()
                        .map(Value::Type)
                        .unwrap_or(Value::None),
                ),
                _ => {
                    let t = t.clone();
                    return self.class_getattr(&t, name);
                }
            },
            Value::Record(r) => r
                .kind
                .fields
                .iter()
                .position(|f| *f == name)
                .map(|i| r.values[i].clone()),
            Value::Generator(g) => {
                let p = match g.kind {
                    crate::objects::generator::GenKind::Generator => "gi_",
                    crate::objects::generator::GenKind::Coroutine => "cr_",
                };
                match name.strip_prefix(p) {
                    Some("frame") => Some(self.gen_frame_obj(g)),
                    Some("running") => Some(Value::Bool(crate::objects::PyBool::from(
                        g.state.get() == crate::objects::generator::GenState::Running,
                    ))),
                    Some("code") => Some(Value::Code(g.code.clone())),
                    Some("yieldfrom") | Some("await") => {
                        Some(super::awaiting::gen_yieldfrom(g).unwrap_or(Value::None))
                    }
                    _ => match name {
                        "__name__" => Some(Value::Str(g.name.clone().into())),
                        "__qualname__" => Some(Value::Str(g.qualname.clone().into())),
                        "__await__" if g.kind == crate::objects::generator::GenKind::Coroutine => {
                            return Err(PyErr::unsupported(
                                "coroutine.__await__ (coroutine_wrapper)",
                            ))
                        }
                        _ => None,
                    },
                }
            }
            Value::Builtin(b) => match name {
                "__name__" => Some(Value::str(b.name)),
                "__qualname__" => Some(Value::str(&if b.owner.is_empty() {
                    b.name.to_string()
                } else {
                    format!("{}.{}", b.owner, b.name)
                })),
                "__self__" => Some(b.bound.clone().unwrap_or(Value::None)),
                "__module__" => Some(if b.bound.is_some() {
                    Value::None
                } else {
                    Value::str(b.module)
                }),
                _ => None,
            },
            Value::Method(m) => match name {
                "__func__" => Some(m.func.clone()),
                "__self__" => Some(m.self_.clone()),
                _ => return self.getattr_opt(&m.func.clone(), name),
            },
            _ => None,
        };
        if v.is_some() {
            return Ok(v);
        }
        if name == "__class__" {
            return Ok(Some(Value::Type(obj.type_obj())));
        }
        Ok(None)
    }

    /// What a frame object currently sees: live index, lasti, locals, name locals, f_back.
    fn frame_view(&mut self, fo: &Rc<super::FrameObj>) -> FrameView {
        let state = fo.state.borrow();
        match &*state {
            FrameState::Live { index } => {
                let f = &self.frames[*index];
                FrameView {
                    live: Some(*index),
                    lasti: f.lasti as usize,
                    locals: self.frame_locals_vec(*index),
                    name_locals: f.name_locals.as_deref().cloned(),
                    back: None,
                }
            }
            FrameState::Suspended { gen } => match gen.upgrade().and_then(|g| {
                let view = g
                    .frame
                    .borrow()
                    .as_ref()
                    .map(|f| (f.lasti as usize, f.name_locals.as_deref().cloned()));
                view.map(|(lasti, nl)| (lasti, g.locals(), nl))
            }) {
                Some((lasti, locals, name_locals)) => FrameView {
                    live: None,
                    lasti,
                    locals,
                    name_locals,
                    back: None,
                },
                None => FrameView {
                    live: None,
                    lasti: 0,
                    locals: Vec::new(),
                    name_locals: None,
                    back: None,
                },
            },
            FrameState::Dead {
                locals,
                lasti,
                back,
                name_locals,
            } => FrameView {
                live: None,
                lasti: *lasti,
                locals: locals.clone(),
                name_locals: name_locals.clone(),
                back: back.clone(),
            },
        }
    }

    /// `gi_frame`: the generator's frame object (None once it finished).
    fn gen_frame_obj(&mut self, g: &Rc<crate::objects::generator::Generator>) -> Value {
        use crate::objects::generator::GenState;
        match g.state.get() {
            GenState::Closed => Value::None,
            GenState::Running => {
                let idx = self
                    .frames
                    .iter()
                    .rposition(|f| Rc::ptr_eq(&f.code, &g.code));
                idx.and_then(|i| self.frame_obj_at(i))
                    .map(Value::Frame)
                    .unwrap_or(Value::None)
            }
            _ => {
                let mut slot = g.frame.borrow_mut();
                let Some(f) = slot.as_mut() else {
                    return Value::None;
                };
                if let Some(o) = &f.obj {
                    return Value::Frame(o.clone());
                }
                let o = super::FrameObj::new(
                    f.code.clone(),
                    f.globals.clone(),
                    f.builtins.clone(),
                    FrameState::Suspended {
                        gen: Rc::downgrade(g),
                    },
                );
                f.obj = Some(o.clone());
                Value::Frame(o)
            }
        }
    }

    /// f_lasti (instruction index) of a frame object.
    pub fn frame_lasti(&mut self, fo: &Rc<super::FrameObj>) -> usize {
        self.frame_view(fo).lasti
    }

    fn frame_attr(&mut self, fo: &Rc<super::FrameObj>, name: &str) -> PyResult<Option<Value>> {
        Ok(match name {
            "f_code" => Some(Value::Code(fo.code.clone())),
            "f_globals" => Some(Value::Dict(fo.globals.clone())),
            "f_builtins" => Some(Value::Dict(fo.builtins.clone())),
            "f_back" => {
                let v = self.frame_view(fo);
                let back = match v.live {
                    Some(i) if i > 0 => self.frame_obj_at(i - 1),
                    Some(_) => None,
                    None => v.back,
                };
                Some(back.map(Value::Frame).unwrap_or(Value::None))
            }
            "f_lineno" => {
                let lasti = self.frame_view(fo).lasti;
                Some(
                    fo.code
                        .line_of(lasti)
                        .map_or(Value::None, |l| Value::Int(l as i64)),
                )
            }
            "f_lasti" => Some(Value::Int(self.frame_view(fo).lasti as i64 * 2)),
            "f_locals" => Some(self.frame_locals(fo)?),
            "f_trace" => Some(fo.trace.borrow().clone()),
            "f_trace_lines" => Some(Value::Bool(crate::objects::PyBool::from(
                fo.trace_lines.get(),
            ))),
            "f_trace_opcodes" => Some(Value::Bool(crate::objects::PyBool::from(
                fo.trace_opcodes.get(),
            ))),
            _ => None,
        })
    }

    /// The locals mapping of a frame object (3.11: a dict refreshed from fast locals on access).
    pub fn frame_locals(&mut self, fo: &Rc<super::FrameObj>) -> PyResult<Value> {
        let v = self.frame_view(fo);
        if let Some(nl) = v.name_locals {
            return Ok(nl);
        }
        let d = {
            let mut slot = fo.locals_dict.borrow_mut();
            slot.get_or_insert_with(|| Rc::new(std::cell::RefCell::new(Default::default())))
                .clone()
        };
        crate::builtins::fill_locals_dict(&fo.code, &v.locals, &mut d.borrow_mut());
        Ok(Value::Dict(d))
    }

    pub fn setattr(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        match obj {
            Value::Frame(fo) if name == "f_lineno" => self.set_frame_lineno(fo, &v),
            Value::Code(_) => Err(crate::stdlib::code_replace::readonly(obj, name)),
            Value::Frame(fo) if matches!(name, "f_trace" | "f_trace_lines" | "f_trace_opcodes") => {
                match name {
                    "f_trace" => *fo.trace.borrow_mut() = v,
                    "f_trace_lines" => fo.trace_lines.set(self.truthy(&v)?),
                    _ => fo.trace_opcodes.set(self.truthy(&v)?),
                }
                Ok(())
            }
            Value::Instance(i) => {
                let cls = i.cls.clone();
                self.instance_setattr(obj, &cls, &i.dict, name, v)
            }
            Value::Type(t) if t.heap => {
                let old = t.dict.borrow_mut().remove_then_set(name, v);
                drop(old);
                Ok(())
            }
            Value::Exception(e) if e.cls.heap && e.cls.user_lookup("__setattr__").is_some() => {
                let cls = e.cls.clone();
                self.instance_setattr(obj, &cls, &e.attrs, name, v)
            }
            Value::Function(f) => {
                match name {
                    "__name__" => match v {
                        Value::Str(s) => *f.name.borrow_mut() = s.rc(),
                        _ => {
                            return Err(PyErr::type_error(
                                "__name__ must be set to a string object",
                            ))
                        }
                    },
                    "__qualname__" => match v {
                        Value::Str(s) => *f.qualname.borrow_mut() = s.rc(),
                        _ => {
                            return Err(PyErr::type_error(
                                "__qualname__ must be set to a string object",
                            ))
                        }
                    },
                    "__doc__" => *f.doc.borrow_mut() = v,
                    "__module__" => *f.module.borrow_mut() = v,
                    "__defaults__" => {
                        *f.defaults.borrow_mut() = match v {
                            Value::Tuple(t) => Some(t),
                            Value::None => None,
                            _ => {
                                return Err(PyErr::type_error(
                                    "__defaults__ must be set to a tuple object",
                                ))
                            }
                        }
                    }
                    "__kwdefaults__" => {
                        *f.kwdefaults.borrow_mut() = match v {
                            Value::Dict(d) => Some(d),
                            Value::None => None,
                            _ => {
                                return Err(PyErr::type_error(
                                    "__kwdefaults__ must be set to a dict object",
                                ))
                            }
                        }
                    }
                    "__code__" => match v {
                        Value::Code(c) => {
                            let nfree = f.closure.as_ref().map_or(0, |c| c.len());
                            if c.freevars.len() != nfree {
                                return Err(PyErr::value_error(format!(
                                    "{}() requires a code object with {} free vars, not {}",
                                    f.name.borrow(),
                                    nfree,
                                    c.freevars.len()
                                )));
                            }
                            *f.code.borrow_mut() = c;
                        }
                        _ => {
                            return Err(PyErr::type_error("__code__ must be set to a code object"))
                        }
                    },
                    "__closure__" | "__globals__" => {
                        return Err(PyErr::new(ExcType::AttributeError, "readonly attribute"))
                    }
                    "__dict__" => match v {
                        Value::Dict(d) => *f.dict.borrow_mut() = Some(d),
                        other => {
                            return Err(PyErr::type_error(format!(
                                "__dict__ must be set to a dictionary, not a '{}'",
                                other.type_name()
                            )))
                        }
                    },
                    _ => {
                        let mut d = f.dict.borrow_mut();
                        let d = d.get_or_insert_with(|| {
                            Rc::new(std::cell::RefCell::new(Default::default()))
                        });
                        d.borrow_mut().set_str(name, v);
                    }
                }
                Ok(())
            }
            Value::Module(m) => {
                m.dict.borrow_mut().set_str(name, v);
                Ok(())
            }
            Value::Exception(e) => {
                match name {
                    "__cause__" => {
                        *e.cause.borrow_mut() = v;
                        e.suppress_context.set(true);
                    }
                    "__context__" => *e.context.borrow_mut() = v,
                    "__suppress_context__" => e.suppress_context.set(self.truthy(&v)?),
                    "__traceback__" => match v {
                        Value::Traceback(t) => *e.traceback.borrow_mut() = Some(t),
                        Value::None => *e.traceback.borrow_mut() = None,
                        _ => {
                            return Err(PyErr::type_error(
                                "__traceback__ must be a traceback or None",
                            ))
                        }
                    },
                    "args" => {
                        let items = self.collect_iterable_for_unpack(&v)?;
                        *e.args.borrow_mut() = Rc::new(items);
                    }
                    _ => e.set_attr(name, v),
                }
                Ok(())
            }
            Value::Cell(c) if name == "cell_contents" => {
                c.set(Some(v));
                Ok(())
            }
            Value::Type(t) => Err(PyErr::type_error(format!(
                "cannot set '{name}' attribute of immutable type '{}'",
                t.name
            ))),
            other => {
                let tn = other.type_name();
                if self.getattr_opt(other, name)?.is_some() || cpython_has_attr(&tn, name) {
                    Err(attr_error(
                        other,
                        name,
                        format!("'{tn}' object attribute '{name}' is read-only"),
                    ))
                } else {
                    Err(attr_error(
                        other,
                        name,
                        format!("'{tn}' object has no attribute '{name}'"),
                    ))
                }
            }
        }
    }

    pub fn delattr(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        match obj {
            Value::Code(_) => Err(crate::stdlib::code_replace::readonly(obj, name)),
            Value::Instance(i) => {
                let cls = i.cls.clone();
                if let Some(da) = cls.user_lookup("__delattr__") {
                    let da = self.bind_attr(da, Some(obj), &cls)?;
                    self.call(&da, vec![Value::str(name)])?;
                    return Ok(());
                }
                self.instance_delattr(obj, &cls, &i.dict, name)
            }
            Value::Type(t) if t.heap => match t.dict.borrow_mut().remove(&Key::str(name)) {
                Some(_) => Ok(()),
                None => Err(attr_error(
                    obj,
                    name,
                    format!("type object '{}' has no attribute '{name}'", t.name),
                )),
            },
            Value::Function(f) => {
                let removed = f
                    .dict
                    .borrow()
                    .as_ref()
                    .and_then(|d| d.borrow_mut().remove(&Key::str(name)));
                match removed {
                    Some(_) => Ok(()),
                    None => Err(attr_error(
                        obj,
                        name,
                        format!("'function' object has no attribute '{name}'"),
                    )),
                }
            }
            Value::Module(m) => match m.dict.borrow_mut().remove(&Key::str(name)) {
                Some(_) => Ok(()),
                None => Err(attr_error(
                    obj,
                    name,
                    format!("module '{}' has no attribute '{name}'", m.name),
                )),
            },
            Value::Cell(c) if name == "cell_contents" => {
                c.set(None);
                Ok(())
            }
            other => Err(PyErr::unsupported(format!(
                "deleting attribute '{name}' of '{}'",
                other.type_name()
            ))),
        }
    }

    /// IMPORT_NAME for pyref's builtin modules.
    pub fn import_module(&mut self, name: &str) -> PyResult<Value> {
        if let Some(m) = self.modules.get(name) {
            return Ok(m.clone());
        }
        match crate::stdlib::make_module(self, name)? {
            Some(m) => {
                self.modules.insert(Rc::from(name), m.clone());
                if let Some(Value::Module(sys)) = self.modules.get("sys") {
                    if let Some(Value::Dict(d)) = sys.dict.borrow().get_str("modules") {
                        d.borrow_mut().set_str(name, m.clone());
                    }
                }
                Ok(m)
            }
            None => Err(PyErr::unsupported(format!("import of module '{name}'"))),
        }
    }

    pub fn import_from(&mut self, m: &Value, name: &str) -> PyResult<Value> {
        match self.getattr_opt(m, name)? {
            Some(v) => Ok(v),
            None => {
                let mname = match m {
                    Value::Module(m) => m.name.to_string(),
                    _ => "?".into(),
                };
                if crate::stdlib::cpython_module_has(&mname, name) {
                    return Err(PyErr::unsupported(format!("'{mname}.{name}'")));
                }
                let e = ExcObj::with_msg(
                    ExcType::ImportError,
                    format!("cannot import name '{name}' from '{mname}' (unknown location)"),
                );
                e.set_attr("name", Value::str(&mname));
                Err(PyErr::Exc(e))
            }
        }
    }

    pub fn import_star(&mut self, fi: usize, m: &Value) -> PyResult<()> {
        let Value::Module(m) = m else { return Ok(()) };
        let items: Vec<(Key, Value)> = m
            .dict
            .borrow()
            .iter()
            .filter(|(k, _)| !k.value.as_str().unwrap_or("_").starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(Value::Dict(d)) = self.frames[fi].name_locals.as_deref() {
            for (k, v) in items {
                d.borrow_mut().insert(k, v);
            }
        }
        Ok(())
    }

    /// Runs deferred finalizers (coroutines never awaited) at a safe point.
    #[inline]
    pub fn check_pending(&mut self) -> PyResult<()> {
        if crate::objects::pending::has_pending() {
            self.run_pending()?;
        }
        Ok(())
    }
}
