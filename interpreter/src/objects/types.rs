//! Type objects and the per-thread registry of builtin types.
//!
//! Invariants:
//! - Each builtin type (and each builtin exception class) has exactly one [`TypeObj`] per
//!   thread, so `type(x) is int` is pointer identity.
//! - `mro` starts with the type itself and ends with `object`.

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::Dict;
use super::exception::{ExcType, EXC_TABLE};
use super::Value;

/// The layout of a type's instances: which [`super::Value`] variant they are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Str,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    BuiltinMethod,
    Method,
    Code,
    Cell,
    Frame,
    Traceback,
    Module,
    BaseException,
    ListIterator,
    ListReverseIterator,
    TupleIterator,
    RangeIterator,
    StrIterator,
    DictKeyIterator,
    DictValueIterator,
    DictItemIterator,
    SetIterator,
    Map,
    Filter,
    Zip,
    Enumerate,
    Reversed,
    CallableIterator,
    DictKeys,
    DictValues,
    DictItems,
    Record,
    Opaque,
    Coroutine,
    Generator,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    SeqIterator,
}

const BUILTIN_TYPES: &[(TypeKind, &str)] = &[
    (TypeKind::Object, "object"),
    (TypeKind::Type, "type"),
    (TypeKind::NoneType, "NoneType"),
    (TypeKind::NotImplementedType, "NotImplementedType"),
    (TypeKind::Ellipsis, "ellipsis"),
    (TypeKind::Bool, "bool"),
    (TypeKind::Int, "int"),
    (TypeKind::Float, "float"),
    (TypeKind::Str, "str"),
    (TypeKind::Tuple, "tuple"),
    (TypeKind::List, "list"),
    (TypeKind::Dict, "dict"),
    (TypeKind::Set, "set"),
    (TypeKind::FrozenSet, "frozenset"),
    (TypeKind::Range, "range"),
    (TypeKind::Slice, "slice"),
    (TypeKind::Function, "function"),
    (TypeKind::BuiltinFunction, "builtin_function_or_method"),
    (TypeKind::BuiltinMethod, "builtin_function_or_method"),
    (TypeKind::Method, "method"),
    (TypeKind::Code, "code"),
    (TypeKind::Cell, "cell"),
    (TypeKind::Frame, "frame"),
    (TypeKind::Traceback, "traceback"),
    (TypeKind::Module, "module"),
    (TypeKind::BaseException, "BaseException"),
    (TypeKind::ListIterator, "list_iterator"),
    (TypeKind::ListReverseIterator, "list_reverseiterator"),
    (TypeKind::TupleIterator, "tuple_iterator"),
    (TypeKind::RangeIterator, "range_iterator"),
    (TypeKind::StrIterator, "str_ascii_iterator"),
    (TypeKind::DictKeyIterator, "dict_keyiterator"),
    (TypeKind::DictValueIterator, "dict_valueiterator"),
    (TypeKind::DictItemIterator, "dict_itemiterator"),
    (TypeKind::SetIterator, "set_iterator"),
    (TypeKind::Map, "map"),
    (TypeKind::Filter, "filter"),
    (TypeKind::Zip, "zip"),
    (TypeKind::Enumerate, "enumerate"),
    (TypeKind::Reversed, "reversed"),
    (TypeKind::CallableIterator, "callable_iterator"),
    (TypeKind::DictKeys, "dict_keys"),
    (TypeKind::DictValues, "dict_values"),
    (TypeKind::DictItems, "dict_items"),
    (TypeKind::Record, "record"),
    (TypeKind::Opaque, "object"),
    (TypeKind::Coroutine, "coroutine"),
    (TypeKind::Generator, "generator"),
    (TypeKind::Property, "property"),
    (TypeKind::StaticMethod, "staticmethod"),
    (TypeKind::ClassMethod, "classmethod"),
    (TypeKind::Super, "super"),
    (TypeKind::SeqIterator, "iterator"),
];

/// A type object (builtin or, later, user-defined).
pub struct TypeObj {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub module: Rc<str>,
    /// Instance layout.
    pub kind: TypeKind,
    /// For exception classes: which builtin exception this is or derives from.
    pub exc: Option<ExcType>,
    pub bases: Vec<Rc<TypeObj>>,
    /// Method resolution order without the type itself (computed at creation).
    pub mro_tail: Vec<Rc<TypeObj>>,
    /// Class attributes.
    pub dict: RefCell<Dict>,
    /// A class created by a `class` statement or `type(name, bases, dict)`.
    pub heap: bool,
    /// Answers to the special-method questions asked on every instance store and death
    /// (see [`super::mcache::SlotFlags`]).
    pub slot_flags: super::mcache::SlotFlags,
    /// Heap classes made with this heap class as a direct base, in creation order
    /// (`__subclasses__`; builtin types keep none).
    pub subclasses: RefCell<Vec<std::rc::Weak<TypeObj>>>,
}

impl TypeObj {
    /// `issubclass(self, other)`.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<TypeObj>) -> bool {
        Rc::ptr_eq(self, other) || self.mro_tail.iter().any(|t| Rc::ptr_eq(t, other))
    }
    /// `__module__`: a heap class's can be reassigned through its dict.
    pub fn module_name(&self) -> Rc<str> {
        if self.heap {
            if let Some(Value::Str(m)) = self.dict.borrow().get_str("__module__") {
                return m.rc();
            }
        }
        self.module.clone()
    }
    /// Looks `name` up along the MRO (the type's own dict first).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        super::mcache::lookup(self, name, false)
    }
    /// True when `name` is found in a heap (user) class along the MRO.
    pub fn user_lookup(&self, name: &str) -> Option<Value> {
        super::mcache::lookup(self, name, true)
    }
    /// `user_lookup("__setattr__").is_some()`, cached on the type.
    #[inline]
    pub fn has_user_setattr(&self) -> bool {
        super::mcache::slot_flags(self) & super::mcache::HAS_USER_SETATTR != 0
    }
    /// `lookup("__del__").is_some()`, cached on the type.
    #[inline]
    pub fn has_del(&self) -> bool {
        super::mcache::slot_flags(self) & super::mcache::HAS_DEL != 0
    }
    /// A class defined natively (heap-like: its methods live in its dict as builtins with an
    /// owner, and bind to instances like Python functions).
    pub fn native_class(
        name: &str,
        module: &str,
        base: Option<Rc<TypeObj>>,
        methods: &[(&'static str, crate::objects::function::NativeFn)],
        owner: &'static str,
    ) -> Rc<TypeObj> {
        let base = base.unwrap_or_else(|| ty(TypeKind::Object));
        let mut mro_tail = vec![base.clone()];
        mro_tail.extend(base.mro_tail.iter().cloned());
        let mut dict = Dict::default();
        for (n, f) in methods {
            let b = crate::objects::function::Builtin {
                name: n,
                owner,
                func: *f,
                bound: None,
                module: "builtins",
            };
            dict.set_str(n, Value::Builtin(Rc::new(b)));
        }
        dict.set_str("__module__", Value::str(module));
        dict.set_str("__doc__", Value::None);
        Rc::new(TypeObj {
            name: Rc::from(name),
            qualname: Rc::from(name),
            module: Rc::from(module),
            kind: base.kind,
            exc: base.exc,
            bases: vec![base],
            mro_tail,
            dict: RefCell::new(dict.into_type_dict()),
            heap: true,
            slot_flags: Default::default(),
            subclasses: Default::default(),
        })
    }
    /// The MRO including the type itself.
    pub fn mro(self: &Rc<Self>) -> Vec<Rc<TypeObj>> {
        let mut v = vec![self.clone()];
        v.extend(self.mro_tail.iter().cloned());
        v
    }
    pub fn is_exception(&self) -> bool {
        self.exc.is_some()
    }
}

/// Per-thread registry of builtin types.
pub struct Registry {
    types: Vec<Rc<TypeObj>>,
    excs: Vec<Rc<TypeObj>>,
}

fn new_type(
    name: &str,
    kind: TypeKind,
    exc: Option<ExcType>,
    base: Option<&Rc<TypeObj>>,
) -> Rc<TypeObj> {
    let mut mro_tail = Vec::new();
    if let Some(b) = base {
        mro_tail.push(b.clone());
        mro_tail.extend(b.mro_tail.iter().cloned());
    }
    Rc::new(TypeObj {
        name: Rc::from(name),
        qualname: Rc::from(name),
        module: Rc::from("builtins"),
        kind,
        exc,
        bases: base.into_iter().cloned().collect(),
        mro_tail,
        dict: RefCell::new(Dict::default().into_type_dict()),
        heap: false,
        slot_flags: Default::default(),
        subclasses: Default::default(),
    })
}

impl Registry {
    fn new() -> Registry {
        let object = new_type("object", TypeKind::Object, None, None);
        let int_ty = new_type("int", TypeKind::Int, None, Some(&object));
        let mut types: Vec<Rc<TypeObj>> = Vec::with_capacity(BUILTIN_TYPES.len());
        for (i, (kind, name)) in BUILTIN_TYPES.iter().enumerate() {
            debug_assert_eq!(*kind as usize, i);
            let t = match kind {
                TypeKind::Object => object.clone(),
                TypeKind::Int => int_ty.clone(),
                TypeKind::Bool => new_type(name, *kind, None, Some(&int_ty)),
                _ => new_type(name, *kind, None, Some(&object)),
            };
            types.push(t);
        }
        let mut excs: Vec<Rc<TypeObj>> = Vec::with_capacity(EXC_TABLE.len());
        for (i, (et, name, parent)) in EXC_TABLE.iter().enumerate() {
            debug_assert_eq!(*et as usize, i);
            let base = match parent {
                Some(p) => excs[*p as usize].clone(),
                None => object.clone(),
            };
            excs.push(new_type(
                name,
                TypeKind::BaseException,
                Some(*et),
                Some(&base),
            ));
        }
        types[TypeKind::BaseException as usize] = excs[ExcType::BaseException as usize].clone();
        Registry { types, excs }
    }
}

thread_local! {
    static REGISTRY: Registry = Registry::new();
}

/// The builtin type for `kind`.
pub fn ty(kind: TypeKind) -> Rc<TypeObj> {
    REGISTRY.with(|r| r.types[kind as usize].clone())
}

/// The builtin exception class `e`.
pub fn exc_ty(e: ExcType) -> Rc<TypeObj> {
    REGISTRY.with(|r| r.excs[e as usize].clone())
}

/// All builtin exception classes, in table order.
pub fn all_exc_types() -> Vec<Rc<TypeObj>> {
    REGISTRY.with(|r| r.excs.clone())
}
