//! Fast paths of LOAD_ATTR / STORE_ATTR for plain instance attributes (what CPython 3.11
//! specializes as LOAD_ATTR_INSTANCE_VALUE / STORE_ATTR_INSTANCE_VALUE).
//!
//! Invariant: a fast path answers only where the general path (`Vm::getattr` /
//! `Vm::setattr`) would give the same result with the same effects: the class has no
//! attribute of that name along its MRO (so no descriptor, no binding, no class-level
//! default) and, for stores, no user `__setattr__`. Otherwise it declines and the general
//! path runs from the start.

use std::rc::Rc;

use crate::objects::instance::Instance;
use crate::objects::Value;

/// `inst.name` when it is found in the instance dict and the class has no such attribute.
#[inline]
pub fn load(inst: &Instance, name: &Rc<str>) -> Option<Value> {
    if &**name == "__class__" || &**name == "__dict__" || inst.cls.lookup(name).is_some() {
        return None;
    }
    inst.dict.borrow().get_name(name)
}

/// `inst.name = v` straight into the instance dict, returning the replaced value (to be
/// dropped by the caller); `Err(v)` when the general path must run.
#[inline]
pub fn store(inst: &Instance, name: &Rc<str>, v: Value) -> Result<Option<Value>, Value> {
    if inst.cls.has_user_setattr() || inst.cls.lookup(name).is_some() {
        return Err(v);
    }
    Ok(inst.dict.borrow_mut().set_name(name, v))
}
