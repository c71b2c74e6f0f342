//! Exception objects and traceback entries.
//!
//! Invariants:
//! - An exception's traceback is a singly linked list from the outermost frame to the
//!   innermost (`tb_next`), built by prepending one entry per frame as the exception
//!   unwinds (CPython's `PyTraceBack_Here`).
//! - `__context__` chains never form a cycle (broken when set, as `_PyErr_SetObject` does).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::types::{exc_ty, TypeObj};
use super::{Dict, Value};
use crate::vm::frame::FrameObj;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum ExcType {
    BaseException,
    BaseExceptionGroup,
    ExceptionGroup,
    Exception,
    ArithmeticError,
    FloatingPointError,
    OverflowError,
    ZeroDivisionError,
    AssertionError,
    AttributeError,
    BufferError,
    EOFError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    MemoryError,
    NameError,
    UnboundLocalError,
    OSError,
    BlockingIOError,
    ChildProcessError,
    ConnectionError,
    BrokenPipeError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    ConnectionResetError,
    FileExistsError,
    FileNotFoundError,
    InterruptedError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ProcessLookupError,
    TimeoutError,
    ReferenceError,
    RuntimeError,
    NotImplementedError,
    RecursionError,
    StopAsyncIteration,
    StopIteration,
    SyntaxError,
    IndentationError,
    TabError,
    SystemError,
    TypeError,
    ValueError,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    UnicodeTranslateError,
    Warning,
    BytesWarning,
    DeprecationWarning,
    EncodingWarning,
    FutureWarning,
    ImportWarning,
    PendingDeprecationWarning,
    ResourceWarning,
    RuntimeWarning,
    SyntaxWarning,
    UnicodeWarning,
    UserWarning,
    GeneratorExit,
    KeyboardInterrupt,
    SystemExit,
}

/// (type, name, parent) in an order where parents come first.
pub const EXC_TABLE: &[(ExcType, &str, Option<ExcType>)] = &[
    (ExcType::BaseException, "BaseException", None),
    (
        ExcType::BaseExceptionGroup,
        "BaseExceptionGroup",
        Some(ExcType::BaseException),
    ),
    (
        ExcType::ExceptionGroup,
        "ExceptionGroup",
        Some(ExcType::BaseExceptionGroup),
    ),
    (
        ExcType::Exception,
        "Exception",
        Some(ExcType::BaseException),
    ),
    (
        ExcType::ArithmeticError,
        "ArithmeticError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::FloatingPointError,
        "FloatingPointError",
        Some(ExcType::ArithmeticError),
    ),
    (
        ExcType::OverflowError,
        "OverflowError",
        Some(ExcType::ArithmeticError),
    ),
    (
        ExcType::ZeroDivisionError,
        "ZeroDivisionError",
        Some(ExcType::ArithmeticError),
    ),
    (
        ExcType::AssertionError,
        "AssertionError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::AttributeError,
        "AttributeError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::BufferError,
        "BufferError",
        Some(ExcType::Exception),
    ),
    (ExcType::EOFError, "EOFError", Some(ExcType::Exception)),
    (
        ExcType::ImportError,
        "ImportError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::ModuleNotFoundError,
        "ModuleNotFoundError",
        Some(ExcType::ImportError),
    ),
    (
        ExcType::LookupError,
        "LookupError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::IndexError,
        "IndexError",
        Some(ExcType::LookupError),
    ),
    (ExcType::KeyError, "KeyError", Some(ExcType::LookupError)),
    (
        ExcType::MemoryError,
        "MemoryError",
        Some(ExcType::Exception),
    ),
    (ExcType::NameError, "NameError", Some(ExcType::Exception)),
    (
        ExcType::UnboundLocalError,
        "UnboundLocalError",
        Some(ExcType::NameError),
    ),
    (ExcType::OSError, "OSError", Some(ExcType::Exception)),
    (
        ExcType::BlockingIOError,
        "BlockingIOError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::ChildProcessError,
        "ChildProcessError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::ConnectionError,
        "ConnectionError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::BrokenPipeError,
        "BrokenPipeError",
        Some(ExcType::ConnectionError),
    ),
    (
        ExcType::ConnectionAbortedError,
        "ConnectionAbortedError",
        Some(ExcType::ConnectionError),
    ),
    (
        ExcType::ConnectionRefusedError,
        "ConnectionRefusedError",
        Some(ExcType::ConnectionError),
    ),
    (
        ExcType::ConnectionResetError,
        "ConnectionResetError",
        Some(ExcType::ConnectionError),
    ),
    (
        ExcType::FileExistsError,
        "FileExistsError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::FileNotFoundError,
        "FileNotFoundError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::InterruptedError,
        "InterruptedError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::IsADirectoryError,
        "IsADirectoryError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::NotADirectoryError,
        "NotADirectoryError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::PermissionError,
        "PermissionError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::ProcessLookupError,
        "ProcessLookupError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::TimeoutError,
        "TimeoutError",
        Some(ExcType::OSError),
    ),
    (
        ExcType::ReferenceError,
        "ReferenceError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::RuntimeError,
        "RuntimeError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::NotImplementedError,
        "NotImplementedError",
        Some(ExcType::RuntimeError),
    ),
    (
        ExcType::RecursionError,
        "RecursionError",
        Some(ExcType::RuntimeError),
    ),
    (
        ExcType::StopAsyncIteration,
        "StopAsyncIteration",
        Some(ExcType::Exception),
    ),
    (
        ExcType::StopIteration,
        "StopIteration",
        Some(ExcType::Exception),
    ),
    (
        ExcType::SyntaxError,
        "SyntaxError",
        Some(ExcType::Exception),
    ),
    (
        ExcType::IndentationError,
        "IndentationError",
        Some(ExcType::SyntaxError),
    ),
    (
        ExcType::TabError,
        "TabError",
        Some(ExcType::IndentationError),
    ),
    (
        ExcType::SystemError,
        "SystemError",
        Some(ExcType::Exception),
    ),
    (ExcType::TypeError, "TypeError", Some(ExcType::Exception)),
    (ExcType::ValueError, "ValueError", Some(ExcType::Exception)),
    (
        ExcType::UnicodeError,
        "UnicodeError",
        Some(ExcType::ValueError),
    ),
    (
        ExcType::UnicodeDecodeError,
        "UnicodeDecodeError",
        Some(ExcType::UnicodeError),
    ),
    (
        ExcType::UnicodeEncodeError,
        "UnicodeEncodeError",
        Some(ExcType::UnicodeError),
    ),
    (
        ExcType::UnicodeTranslateError,
        "UnicodeTranslateError",
        Some(ExcType::UnicodeError),
    ),
    (ExcType::Warning, "Warning", Some(ExcType::Exception)),
    (
        ExcType::BytesWarning,
        "BytesWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::DeprecationWarning,
        "DeprecationWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::EncodingWarning,
        "EncodingWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::FutureWarning,
        "FutureWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::ImportWarning,
        "ImportWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::PendingDeprecationWarning,
        "PendingDeprecationWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::ResourceWarning,
        "ResourceWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::RuntimeWarning,
        "RuntimeWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::SyntaxWarning,
        "SyntaxWarning",
        Some(ExcType::Warning),
    ),
    (
        ExcType::UnicodeWarning,
        "UnicodeWarning",
        Some(ExcType::Warning),
    ),
    (ExcType::UserWarning, "UserWarning", Some(ExcType::Warning)),
    (
        ExcType::GeneratorExit,
        "GeneratorExit",
        Some(ExcType::BaseException),
    ),
    (
        ExcType::KeyboardInterrupt,
        "KeyboardInterrupt",
        Some(ExcType::BaseException),
    ),
    (
        ExcType::SystemExit,
        "SystemExit",
        Some(ExcType::BaseException),
    ),
];

/// An exception instance.
pub struct ExcObj {
    pub cls: Rc<TypeObj>,
    pub args: RefCell<Rc<Vec<Value>>>,
    pub traceback: RefCell<Option<Rc<Traceback>>>,
    pub cause: RefCell<Value>,
    pub context: RefCell<Value>,
    pub suppress_context: Cell<bool>,
    /// Other attributes (`name` of NameError, `msg`/`lineno` of SyntaxError, user attributes).
    pub attrs: RefCell<Dict>,
}

/// One traceback entry: `tb_frame`, `tb_lasti`, `tb_lineno`, `tb_next`.
pub struct Traceback {
    pub frame: Rc<FrameObj>,
    /// Index of the instruction that was running.
    pub lasti: usize,
    pub lineno: Option<u32>,
    pub next: Option<Rc<Traceback>>,
}

impl ExcObj {
    pub fn new(cls: Rc<TypeObj>, args: Vec<Value>) -> Rc<ExcObj> {
        Rc::new(ExcObj {
            cls,
            args: RefCell::new(Rc::new(args)),
            traceback: RefCell::new(None),
            cause: RefCell::new(Value::None),
            context: RefCell::new(Value::None),
            suppress_context: Cell::new(false),
            attrs: RefCell::new(Dict::default()),
        })
    }
    pub fn with_msg(e: ExcType, msg: impl Into<String>) -> Rc<ExcObj> {
        let s: String = msg.into();
        ExcObj::new(exc_ty(e), vec![Value::str(&s)])
    }
    /// True when this exception's class is `e` or a subclass of it.
    pub fn is(&self, e: ExcType) -> bool {
        self.cls.is_subclass(&exc_ty(e))
    }
    pub fn args(&self) -> Rc<Vec<Value>> {
        self.args.borrow().clone()
    }
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        self.attrs.borrow().get_str(name)
    }
    pub fn set_attr(&self, name: &str, v: Value) {
        self.attrs.borrow_mut().set_str(name, v);
    }
    /// Sets `__context__`, breaking any cycle the new link would close.
    pub fn set_context(self: &Rc<Self>, ctx: &Rc<ExcObj>) {
        if Rc::ptr_eq(self, ctx) {
            return;
        }
        // Walk ctx's context chain; if it reaches self, cut it there.
        let mut o = ctx.clone();
        loop {
            let next = match &*o.context.borrow() {
                Value::Exception(n) => n.clone(),
                _ => break,
            };
            if Rc::ptr_eq(&next, self) {
                *o.context.borrow_mut() = Value::None;
                break;
            }
            o = next;
        }
        *self.context.borrow_mut() = Value::Exception(ctx.clone());
    }
    /// Prepends a traceback entry for `frame` at `lasti`.
    pub fn push_traceback(&self, frame: Rc<FrameObj>, lasti: usize, lineno: Option<u32>) {
        let next = self.traceback.borrow_mut().take();
        *self.traceback.borrow_mut() = Some(Rc::new(Traceback {
            frame,
            lasti,
            lineno,
            next,
        }));
    }
}
