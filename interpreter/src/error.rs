//! Errors crossing Rust function boundaries inside the interpreter.
//!
//! Invariants:
//! - [`PyErr::Exc`] is a Python exception: catchable by `try`/`except`.
//! - [`PyErr::Unsupported`] and [`PyErr::Internal`] are not Python exceptions: they unwind the
//!   whole VM and end the program with exit status 3 and 70 respectively. User input never
//!   causes a Rust panic; an internal invariant failure becomes `Internal`.

use std::rc::Rc;

use crate::objects::{ExcObj, ExcType, Value};

pub enum PyErr {
    /// A raised Python exception.
    Exc(Rc<ExcObj>),
    /// The program uses something pyref does not implement.
    Unsupported(Box<str>),
    /// pyref broke one of its own invariants.
    Internal(Box<str>),
}

pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    pub fn new(e: ExcType, msg: impl Into<String>) -> PyErr {
        PyErr::Exc(ExcObj::with_msg(e, msg))
    }
    pub fn no_args(e: ExcType) -> PyErr {
        PyErr::Exc(ExcObj::new(crate::objects::types::exc_ty(e), vec![]))
    }
    pub fn with_args(e: ExcType, args: Vec<Value>) -> PyErr {
        PyErr::Exc(ExcObj::new(crate::objects::types::exc_ty(e), args))
    }
    pub fn type_error(msg: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::TypeError, msg)
    }
    pub fn value_error(msg: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::ValueError, msg)
    }
    pub fn unsupported(what: impl Into<String>) -> PyErr {
        PyErr::Unsupported(what.into().into_boxed_str())
    }
    pub fn internal(what: impl Into<String>) -> PyErr {
        PyErr::Internal(what.into().into_boxed_str())
    }
    /// True when this is a Python exception of class `e` (or a subclass).
    pub fn is(&self, e: ExcType) -> bool {
        matches!(self, PyErr::Exc(x) if x.is(e))
    }
}
