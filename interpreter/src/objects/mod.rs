//! The object model: [`Value`], the one type every Python object is.
//!
//! Invariants:
//! - Lifetimes follow CPython's reference counting: every heap object is an `Rc`, so an
//!   object dies the moment its last reference goes (cycles wait, as they would for CPython's gc).
//! - `Int` holds every int that fits in `i64`; `Long` holds only ints that do not (normalized by
//!   [`Value::from_bigint`]), so equal ints always have the same representation.
//! - Every payload is one word of integer or pointer class (bools and floats are the
//!   [`PyBool`] / [`PyFloat`] words), so `Value` is a scalar pair (tag, word): 16 bytes,
//!   moved in registers.
//! - `Null` is the VM's internal "no value" marker (CPython's NULL on the value stack, used by
//!   LOAD_METHOD/PUSH_NULL); it never reaches Python code.

pub mod dict;
pub mod exception;
pub mod function;
pub mod generator;
pub mod instance;
pub mod iter;
pub mod mcache;
pub mod pending;
pub mod pystr;
pub mod types;

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

pub use dict::{Dict, DictRef, Key};
pub use exception::{ExcObj, ExcType};
pub use function::{Builtin, Cell, Function, Method, NativeFn};
pub use iter::IterState;
pub use pystr::PyStr;
pub use types::{TypeKind, TypeObj};

use crate::bytecode::Code;
use crate::vm::frame::FrameObj;

/// A Python object reference.
#[derive(Clone)]
pub enum Value {
    /// Internal NULL marker on the value stack; never visible to Python code.
    Null,
    None,
    NotImplemented,
    Ellipsis,
    Bool(PyBool),
    Int(i64),
    /// An int outside the `i64` range.
    Long(Rc<BigInt>),
    Float(PyFloat),
    Str(PyStr),
    Tuple(Rc<Vec<Value>>),
    List(Rc<RefCell<Vec<Value>>>),
    Dict(DictRef),
    Set(Rc<RefCell<Dict>>),
    FrozenSet(Rc<Dict>),
    Range(Rc<Range>),
    Slice(Rc<Slice>),
    Function(Rc<Function>),
    Builtin(Rc<Builtin>),
    Method(Rc<Method>),
    Code(Rc<Code>),
    Cell(Rc<Cell>),
    Frame(Rc<FrameObj>),
    Traceback(Rc<exception::Traceback>),
    Module(Rc<Module>),
    Type(Rc<TypeObj>),
    Exception(Rc<ExcObj>),
    Iter(Rc<RefCell<IterState>>),
    /// A small record object of a builtin module (sys.version_info, inspect.FrameInfo, ...):
    /// a named tuple of a fixed type.
    Record(Rc<Record>),
    /// An object whose behaviour is provided by Rust (sys.stdout, ...).
    Opaque(Rc<Opaque>),
    /// A generator or coroutine object.
    Generator(Rc<generator::Generator>),
    /// `dict.keys()`, `dict.values()`, `dict.items()`.
    DictView(Rc<DictView>),
    /// An instance of a user-defined class.
    Instance(Rc<instance::Instance>),
    /// property / staticmethod / classmethod.
    Descriptor(Rc<instance::Descriptor>),
    /// A `super()` proxy.
    Super(Rc<instance::SuperObj>),
}

/// A bool payload as one word. With every payload one word of integer or pointer class,
/// `Value` is a scalar pair (tag, word): it moves in two registers, is returned in
/// registers, and copies through memory as two 8-byte moves (no 16-byte copies of values
/// written in parts, which stall store forwarding).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(transparent)]
pub struct PyBool(u64);

impl PyBool {
    pub const TRUE: PyBool = PyBool(1);
    pub const FALSE: PyBool = PyBool(0);
    #[inline(always)]
    pub fn get(self) -> bool {
        self.0 != 0
    }
}

impl From<bool> for PyBool {
    #[inline(always)]
    fn from(b: bool) -> PyBool {
        PyBool(b as u64)
    }
}

/// A float payload as its bits (see [`PyBool`] for why).
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct PyFloat(u64);

impl PyFloat {
    #[inline(always)]
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl PyFloat {
    #[inline(always)]
    pub fn abs(self) -> f64 {
        self.get().abs()
    }
    #[inline(always)]
    pub fn is_finite(self) -> bool {
        self.get().is_finite()
    }
    #[inline(always)]
    pub fn fract(self) -> f64 {
        self.get().fract()
    }
    #[inline(always)]
    pub fn to_bits(self) -> u64 {
        self.0
    }
}

impl std::ops::Neg for PyFloat {
    type Output = PyFloat;
    fn neg(self) -> PyFloat {
        PyFloat::from(-self.get())
    }
}

impl std::ops::Neg for &PyFloat {
    type Output = PyFloat;
    fn neg(self) -> PyFloat {
        PyFloat::from(-self.get())
    }
}

/// Float comparison (NaN is unequal and unordered), as on `f64`.
impl PartialEq for PyFloat {
    fn eq(&self, other: &PyFloat) -> bool {
        self.get() == other.get()
    }
}

impl PartialOrd for PyFloat {
    fn partial_cmp(&self, other: &PyFloat) -> Option<std::cmp::Ordering> {
        self.get().partial_cmp(&other.get())
    }
}

impl From<f64> for PyFloat {
    #[inline(always)]
    fn from(f: f64) -> PyFloat {
        PyFloat(f.to_bits())
    }
}

/// A live view of a dict: `what` 0 keys, 1 values, 2 items.
pub struct DictView {
    pub dict: DictRef,
    pub what: u8,
}

/// `range(start, stop, step)`; `step != 0`.
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 && lo < hi {
            (hi - lo - 1) / step + 1
        } else if step < 0 && lo > hi {
            (lo - hi - 1) / (-step) + 1
        } else {
            0
        };
        n.min(i64::MAX as i128) as i64
    }
    pub fn get(&self, i: i64) -> i64 {
        self.start + i * self.step
    }
}

/// `slice(start, stop, step)`.
pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A module object: a name and a namespace dict.
pub struct Module {
    pub name: Rc<str>,
    pub dict: DictRef,
}

/// A named-tuple-like record (sys.version_info, inspect.FrameInfo, ...).
pub struct Record {
    pub kind: Rc<RecordKind>,
    pub values: Vec<Value>,
}

/// The "type" of a [`Record`]: its type name and field names.
pub struct RecordKind {
    pub type_name: &'static str,
    pub module: &'static str,
    pub fields: Vec<&'static str>,
    /// How many leading fields are visible as tuple items (FrameInfo is a 4-tuple... no, 6).
    pub tuple_len: usize,
    /// Custom repr template: None = `type_name(field=value, ...)`.
    pub repr_fields: Option<Vec<&'static str>>,
    /// The record's class (a tuple subclass), created by [`RecordKind::new`].
    pub cls: Rc<TypeObj>,
}

impl RecordKind {
    /// A named-tuple-like kind: `class_name` in `module`, repr prefix `type_name`.
    pub fn new(
        type_name: &'static str,
        class_name: &str,
        module: &'static str,
        fields: Vec<&'static str>,
        tuple_len: usize,
    ) -> Rc<RecordKind> {
        let cls = TypeObj::native_class(
            class_name,
            module,
            Some(types::ty(TypeKind::Tuple)),
            &[],
            "tuple",
        );
        Rc::new(RecordKind {
            type_name,
            module,
            fields,
            tuple_len,
            repr_fields: None,
            cls,
        })
    }
}

/// A Rust-implemented object such as `sys.stdout`.
pub struct Opaque {
    pub type_name: &'static str,
    pub kind: OpaqueKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpaqueKind {
    Stdout,
    Stderr,
    Stdin,
    /// sys.flags and similar attribute bags are Records; this is for a
    /// `builtins` placeholder object exposing nothing.
    Placeholder,
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(PyStr::from(s))
    }
    pub fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(v))
    }
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }
    /// Normalizes a big integer: `Int` when it fits in i64.
    pub fn from_bigint(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Long(Rc::new(b)),
        }
    }
    /// True for values that hold no reference (copying or dropping them is plain data).
    #[inline(always)]
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            Value::Null
                | Value::None
                | Value::NotImplemented
                | Value::Ellipsis
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
        )
    }
    /// `clone` with the common reference-free cases inline (the derived `clone` is an
    /// out-of-line call).
    #[inline(always)]
    pub fn fast_clone(&self) -> Value {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::None => Value::None,
            Value::Bool(b) => Value::Bool(*b),
            _ => self.clone(),
        }
    }
    /// Drops `v`, with no call into the drop glue for reference-free values.
    #[inline(always)]
    pub fn discard(v: Value) {
        if v.is_inline() {
            std::mem::forget(v);
        } else {
            drop(v);
        }
    }
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// The object's identity: the address of its heap cell, or a stable
    /// surrogate for unboxed values.
    pub fn id(&self) -> usize {
        fn p<T: ?Sized>(r: &Rc<T>) -> usize {
            Rc::as_ptr(r) as *const u8 as usize
        }
        match self {
            Value::Null => 0,
            Value::None => 0x9a_0000,
            Value::NotImplemented => 0x9a_0010,
            Value::Ellipsis => 0x9a_0020,
            Value::Bool(b) => 0x9a_0030 + b.get() as usize * 16,
            Value::Int(i) => 0x7f00_0000_0000usize.wrapping_add((*i as usize).wrapping_mul(32)),
            Value::Float(f) => f.to_bits() as usize,
            Value::Long(r) => p(r),
            Value::Str(r) => r.addr(),
            Value::Tuple(r) => p(r),
            Value::List(r) => p(r),
            Value::Dict(r) => p(r),
            Value::Set(r) => p(r),
            Value::FrozenSet(r) => p(r),
            Value::Range(r) => p(r),
            Value::Slice(r) => p(r),
            Value::Function(r) => p(r),
            Value::Builtin(r) => p(r),
            Value::Method(r) => p(r),
            Value::Code(r) => p(r),
            Value::Cell(r) => p(r),
            Value::Frame(r) => p(r),
            Value::Traceback(r) => p(r),
            Value::Module(r) => p(r),
            Value::Type(r) => p(r),
            Value::Exception(r) => p(r),
            Value::Iter(r) => p(r),
            Value::Record(r) => p(r),
            Value::Opaque(r) => p(r),
            Value::Generator(r) => p(r),
            Value::DictView(r) => p(r),
            Value::Instance(r) => p(r),
            Value::Descriptor(r) => p(r),
            Value::Super(r) => p(r),
        }
    }
    /// `a is b`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::None, Value::None)
            | (Value::NotImplemented, Value::NotImplemented)
            | (Value::Ellipsis, Value::Ellipsis)
            | (Value::Null, Value::Null) => true,
            (Value::Str(a), Value::Str(b)) => PyStr::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Value::Tuple(a), Value::Tuple(b)) => {
                Rc::ptr_eq(a, b) || (a.is_empty() && b.is_empty())
            }
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && self.id() == other.id()
            }
        }
    }
    /// The builtin type object of this value.
    pub fn type_obj(&self) -> Rc<TypeObj> {
        match self {
            Value::Exception(e) => e.cls.clone(),
            Value::Instance(i) => i.cls.clone(),
            Value::Record(r) => r.kind.cls.clone(),
            Value::Iter(it) => types::ty(it.borrow().type_kind()),
            _ => types::ty(self.type_kind()),
        }
    }
    pub fn type_kind(&self) -> TypeKind {
        match self {
            Value::Null => TypeKind::NoneType,
            Value::None => TypeKind::NoneType,
            Value::NotImplemented => TypeKind::NotImplementedType,
            Value::Ellipsis => TypeKind::Ellipsis,
            Value::Bool(_) => TypeKind::Bool,
            Value::Int(_) | Value::Long(_) => TypeKind::Int,
            Value::Float(_) => TypeKind::Float,
            Value::Str(_) => TypeKind::Str,
            Value::Tuple(_) => TypeKind::Tuple,
            Value::List(_) => TypeKind::List,
            Value::Dict(_) => TypeKind::Dict,
            Value::Set(_) => TypeKind::Set,
            Value::FrozenSet(_) => TypeKind::FrozenSet,
            Value::Range(_) => TypeKind::Range,
            Value::Slice(_) => TypeKind::Slice,
            Value::Function(_) => TypeKind::Function,
            Value::Builtin(b) => {
                if b.bound.is_some() {
                    TypeKind::BuiltinMethod
                } else {
                    TypeKind::BuiltinFunction
                }
            }
            Value::Method(_) => TypeKind::Method,
            Value::Code(_) => TypeKind::Code,
            Value::Cell(_) => TypeKind::Cell,
            Value::Frame(_) => TypeKind::Frame,
            Value::Traceback(_) => TypeKind::Traceback,
            Value::Module(_) => TypeKind::Module,
            Value::Type(_) => TypeKind::Type,
            Value::Exception(_) => TypeKind::BaseException,
            Value::Iter(it) => it.borrow().type_kind(),
            Value::Record(_) => TypeKind::Record,
            Value::Opaque(_) => TypeKind::Opaque,
            Value::Generator(g) => match g.kind {
                generator::GenKind::Generator => TypeKind::Generator,
                generator::GenKind::Coroutine => TypeKind::Coroutine,
            },
            Value::Instance(_) => TypeKind::Object,
            Value::Descriptor(d) => match **d {
                instance::Descriptor::Property { .. } => TypeKind::Property,
                instance::Descriptor::StaticMethod(_) => TypeKind::StaticMethod,
                instance::Descriptor::ClassMethod(_) => TypeKind::ClassMethod,
            },
            Value::Super(_) => TypeKind::Super,
            Value::DictView(v) => match v.what {
                0 => TypeKind::DictKeys,
                1 => TypeKind::DictValues,
                _ => TypeKind::DictItems,
            },
        }
    }
    /// `type(x).__name__`.
    pub fn type_name(&self) -> Rc<str> {
        match self {
            Value::Exception(e) => e.cls.name.clone(),
            Value::Instance(i) => i.cls.name.clone(),
            Value::Record(r) => Rc::from(r.kind.type_name),
            Value::Opaque(o) => Rc::from(o.type_name),
            _ => self.type_obj().name.clone(),
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Converts an int-like value to BigInt (for the slow paths).
pub fn to_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(b.get() as i64)),
        Value::Long(b) => Some((**b).clone()),
        _ => None,
    }
}
