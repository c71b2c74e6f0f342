//! [`PyStr`]: the payload of `Value::Str`.
//!
//! Invariants:
//! - A thin pointer (one word), so that [`super::Value`] is 16 bytes (a tag and one word):
//!   values are copied on every push, pop and local access, and a 24-byte enum costs more
//!   than a second indirection on string access.
//! - Identity (`is`, `id()`) is the identity of the inner `Rc<str>`: a str value made from
//!   an interned name (code object names, attribute names) is the same object as that name,
//!   as before this wrapper existed.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A Python str object.
#[derive(Clone)]
pub struct PyStr(Rc<Rc<str>>);

impl PyStr {
    /// The shared text (no copy).
    #[inline]
    pub fn rc(&self) -> Rc<str> {
        (*self.0).clone()
    }
    /// The shared text, by reference.
    #[inline]
    pub fn as_rc(&self) -> &Rc<str> {
        &self.0
    }
    /// Same object (`is`).
    #[inline]
    pub fn ptr_eq(a: &PyStr, b: &PyStr) -> bool {
        Rc::ptr_eq(&a.0, &b.0) || Rc::ptr_eq(&*a.0, &*b.0)
    }
    /// The object's address (`id()`).
    #[inline]
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&*self.0) as *const u8 as usize
    }
}

impl Deref for PyStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for PyStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for PyStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<Rc<str>> for PyStr {
    #[inline]
    fn from(s: Rc<str>) -> PyStr {
        PyStr(Rc::new(s))
    }
}

impl From<&Rc<str>> for PyStr {
    #[inline]
    fn from(s: &Rc<str>) -> PyStr {
        PyStr(Rc::new(s.clone()))
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr(Rc::new(Rc::from(s)))
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        PyStr(Rc::new(Rc::from(s)))
    }
}

impl From<&String> for PyStr {
    fn from(s: &String) -> PyStr {
        PyStr(Rc::new(Rc::from(s.as_str())))
    }
}

impl From<Box<str>> for PyStr {
    fn from(s: Box<str>) -> PyStr {
        PyStr(Rc::new(Rc::from(s)))
    }
}

impl From<PyStr> for Rc<str> {
    fn from(s: PyStr) -> Rc<str> {
        s.rc()
    }
}

impl PartialEq for PyStr {
    fn eq(&self, other: &PyStr) -> bool {
        **self == **other
    }
}

impl Eq for PyStr {}

impl PartialEq<str> for PyStr {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for PyStr {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl std::hash::Hash for PyStr {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (**self).hash(h)
    }
}

impl fmt::Display for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

thread_local! {
    static INTERNED: std::cell::RefCell<rustc_hash::FxHashSet<Rc<str>>> =
        std::cell::RefCell::new(rustc_hash::FxHashSet::default());
}

/// The one shared copy of an identifier (CPython interns names and identifier-like
/// constants): names of different code objects share their text, so dict and method-cache
/// lookups by name match by address before comparing text. Only compile-time names go in
/// (the set is bounded by the source compiled).
pub fn intern(s: &str) -> Rc<str> {
    INTERNED.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(r) = t.get(s) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(s);
        t.insert(r.clone());
        r
    })
}

/// The interned copy of `s`, if there is one (never adds).
pub fn interned(s: &str) -> Option<Rc<str>> {
    INTERNED.with(|t| t.borrow().get(s).cloned())
}

/// True when CPython's compiler would intern a str constant (`all_name_chars`).
pub fn is_name_like(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A str value for the key text `s`: the interned name when there is one (so later lookups
/// by that name match by address), else a copy.
pub fn key_str(s: &str) -> PyStr {
    match interned(s) {
        Some(r) => PyStr::from(r),
        None => PyStr::from(s),
    }
}
