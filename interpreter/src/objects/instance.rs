//! Instances of user-defined classes, descriptor objects (property, staticmethod,
//! classmethod) and `super()` proxies.
//!
//! Invariants:
//! - An instance's class is fixed at creation; its attributes live in `dict`.
//! - A class with `__del__` gets its finalizer queued (not run) when the last reference to an
//!   instance goes; the finalizer runs once on a resurrected instance that is marked
//!   `finalized`, so its own death queues nothing (PEP 442: `__del__` runs at most once).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::pending::{push, Pending};
use super::{Dict, DictRef, TypeObj, Value};

pub struct Instance {
    pub cls: Rc<TypeObj>,
    /// `__dict__` (shared: `vars(obj)` and `obj.__dict__` are this very dict).
    pub dict: DictRef,
    pub finalized: Cell<bool>,
}

impl Instance {
    pub fn new(cls: Rc<TypeObj>) -> Rc<Instance> {
        Rc::new(Instance {
            cls,
            dict: Rc::new(RefCell::new(Dict::default())),
            finalized: Cell::new(false),
        })
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // Native state of stdlib objects (functools.partial, ...) dies with the instance.
        crate::stdlib::native::drop_state(self as *const Instance as usize);
        if self.finalized.get() {
            return;
        }
        if !self.cls.has_del() {
            return;
        }
        if let Some(del) = self.cls.lookup("__del__") {
            let dict = std::mem::take(&mut *self.dict.borrow_mut());
            let again = Rc::new(Instance {
                cls: self.cls.clone(),
                dict: Rc::new(RefCell::new(dict)),
                finalized: Cell::new(true),
            });
            push(Pending::Del(Value::Instance(again), del));
        }
    }
}

/// property / staticmethod / classmethod.
pub enum Descriptor {
    Property {
        fget: Value,
        fset: Value,
        fdel: Value,
        doc: Value,
    },
    StaticMethod(Value),
    ClassMethod(Value),
}

impl Descriptor {
    pub fn type_name(&self) -> &'static str {
        match self {
            Descriptor::Property { .. } => "property",
            Descriptor::StaticMethod(_) => "staticmethod",
            Descriptor::ClassMethod(_) => "classmethod",
        }
    }
}

/// `super(ty, obj)`: attribute lookup starts after `ty` in `type(obj).__mro__`.
pub struct SuperObj {
    pub ty: Rc<TypeObj>,
    /// The bound object (an instance, or a class for classmethods).
    pub obj: Value,
    /// The type whose MRO is searched (type(obj), or obj itself when it is a class).
    pub obj_type: Rc<TypeObj>,
}
