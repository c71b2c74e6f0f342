//! Insertion-ordered dict storage keyed by hashable Python values.
//!
//! Invariants:
//! - A [`Key`] carries its Python hash, computed once; equal keys have equal hashes
//!   (`1`, `1.0` and `True` are the same key, as in CPython).
//! - Only hashable values become keys: [`Key::new`] fails with the unhashable type's name.
//! - [`key_eq`] never runs Python code: keys whose equality may (instances of classes with a
//!   user `__eq__`, tuples holding one: [`py_eq_key`]) set the dict's `py_keys` flag, and
//!   lookups then go through the VM first (`Vm::dict_key`), which resolves the lookup key to
//!   the stored key object it equals, so the map's own lookup matches it by identity.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use super::Value;

pub type DictRef = Rc<RefCell<Dict>>;

/// A hashable value with its precomputed hash.
#[derive(Clone)]
pub struct Key {
    pub hash: i64,
    pub value: Value,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.hash == other.hash && key_eq(&self.value, &other.value)
    }
}
impl Eq for Key {}

/// Equality used for dict/set keys (builtin hashable values only).
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Str(x), Str(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.is(q) || key_eq(p, q))
        }
        (FrozenSet(x), FrozenSet(y)) => x.len() == y.len() && x.keys().all(|k| y.contains(k)),
        _ => match (num_value(a), num_value(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a.is(b),
        },
    }
}

/// Numeric view for cross-type equality of int/bool/float keys.
#[derive(PartialEq)]
enum Num {
    I(i64),
    B(Rc<num_bigint::BigInt>),
    F(f64),
}

fn num_value(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Bool(b) => Some(Num::I(b.get() as i64)),
        Value::Long(b) => Some(Num::B(b.clone())),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                Some(Num::I(f.get() as i64))
            } else if f.fract() == 0.0 && f.is_finite() {
                use num_traits::FromPrimitive;
                num_bigint::BigInt::from_f64(f.get()).map(|b| Num::B(Rc::new(b)))
            } else {
                Some(Num::F(f.get()))
            }
        }
        _ => None,
    }
}

impl Key {
    /// Hashes `v`; `Err(type name)` when it is unhashable.
    pub fn new(v: Value) -> Result<Key, Rc<str>> {
        let hash = hash_value(&v)?;
        Ok(Key { hash, value: v })
    }
    pub fn str(s: &str) -> Key {
        Key {
            hash: hash_str(s),
            value: Value::str(s),
        }
    }
}

/// Python's `hash()` of a builtin value, or `Err(type name)` when unhashable.
pub fn hash_value(v: &Value) -> Result<i64, Rc<str>> {
    Ok(match v {
        Value::Int(i) => crate::numfmt::hash_i64(*i),
        Value::Bool(b) => b.get() as i64,
        Value::Long(b) => crate::numfmt::hash_int(b),
        Value::Float(f) => crate::numfmt::hash_float(f.get()),
        Value::Str(s) => hash_str(s),
        Value::Tuple(items) => {
            let mut hs = Vec::with_capacity(items.len());
            for it in items.iter() {
                hs.push(hash_value(it)?);
            }
            tuple_hash(&hs)
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) => return Err(v.type_name()),
        Value::FrozenSet(d) => {
            let mut h: u64 = 0;
            for k in d.keys() {
                let x = k.hash as u64;
                h ^= (x ^ (x << 16) ^ 89869747).wrapping_mul(3644798167);
            }
            h ^= (d.len() as u64 + 1).wrapping_mul(1927868237);
            h ^= (h >> 11) ^ (h >> 25);
            h = h.wrapping_mul(69069).wrapping_add(907133923);
            if h as i64 == -1 {
                590923713
            } else {
                h as i64
            }
        }
        Value::Slice(_) => return Err(v.type_name()),
        _ => {
            // Identity hash: CPython rotates the address right by 4 bits.
            let id = v.id() as u64;
            id.rotate_right(4) as i64
        }
    })
}

/// CPython's xxHash-based tuple hash (Objects/tupleobject.c, 3.8+) of the items' hashes.
pub fn tuple_hash(hashes: &[i64]) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for &h in hashes {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((hashes.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        1546275796
    } else {
        acc as i64
    }
}

/// The hash of a str (internal: stable within a run; dict/set order does not depend on it).
pub fn hash_str(s: &str) -> i64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    let x = h.finish() as i64;
    if x == -1 {
        -2
    } else {
        x
    }
}

/// A borrowed str key for lookups that need no allocation: hashes and compares like
/// `Key::str(s)` (a str key equals only a str key with the same text).
struct StrLookup<'a> {
    hash: i64,
    s: &'a str,
}

impl Hash for StrLookup<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl indexmap::Equivalent<Key> for StrLookup<'_> {
    fn equivalent(&self, k: &Key) -> bool {
        self.hash == k.hash
            && matches!(&k.value, Value::Str(x)
                if (std::ptr::eq(x.as_ptr(), self.s.as_ptr()) && x.len() == self.s.len())
                    || **x == *self.s)
    }
}

impl<'a> StrLookup<'a> {
    #[inline]
    fn new(s: &'a str) -> StrLookup<'a> {
        StrLookup {
            hash: hash_str(s),
            s,
        }
    }
}

thread_local! {
    static STAMP: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A version stamp never handed out before (CPython's global dict version counter).
#[inline]
fn next_stamp() -> u64 {
    STAMP.with(|s| {
        let v = s.get() + 1;
        s.set(v);
        v
    })
}

thread_local! {
    static TYPE_EPOCH: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The type epoch: changes whenever the dict of any type object changes or a type object is
/// created (see [`Dict::into_type_dict`]). The method cache ([`super::mcache`]) is valid
/// while it stays the same.
#[inline]
pub fn type_epoch() -> u64 {
    TYPE_EPOCH.with(|e| e.get())
}

#[cold]
fn bump_type_epoch() {
    TYPE_EPOCH.with(|e| e.set(e.get() + 1));
}

thread_local! {
    /// Where a name was last found in a dict, by the name object's address: a guess that
    /// [`Dict::get_name`] / [`Dict::set_name`] check by key identity before using it (so a
    /// stale or colliding hint only costs the normal lookup).
    static NAME_HINTS: [std::cell::Cell<u32>; 256] =
        const { [const { std::cell::Cell::new(0) }; 256] };
}

#[inline]
fn with_name_hint<R>(name: &Rc<str>, f: impl FnOnce(&std::cell::Cell<u32>) -> R) -> R {
    let p = name.as_ptr() as usize;
    NAME_HINTS.with(|h| f(&h[((p >> 4) ^ (p >> 12)) & 255]))
}

/// An insertion-ordered mapping from [`Key`] to [`Value`].
///
/// Invariant: `version` identifies the contents: every mutation sets a fresh stamp, so two
/// dicts (or one dict at two moments) with the same version hold the same entries at the same
/// indexes (a clone keeps the version of its original; all empty new dicts have version 0).
/// Lookup caches ([`super::mcache`], LOAD_GLOBAL) rely on this.
#[derive(Clone, Default)]
pub struct Dict {
    map: IndexMap<Key, Value, FxBuildHasher>,
    version: u64,
    /// The dict of a type object: every mutation also changes the type epoch.
    type_dict: bool,
    /// Some key (now or earlier) compares through a Python `__eq__` ([`py_eq_key`]): lookups
    /// then go through the VM (`Vm::dict_key`).
    py_keys: bool,
}

/// True when equality with `v` may run Python code: an instance of a class with a user
/// `__eq__`, or a tuple holding one. Keys for which this is false compare with [`key_eq`].
pub fn py_eq_key(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.cls.user_lookup("__eq__").is_some(),
        Value::Exception(e) => e.cls.heap && e.cls.user_lookup("__eq__").is_some(),
        Value::Tuple(t) => t.iter().any(py_eq_key),
        _ => false,
    }
}

/// Finds nothing; collects the stored keys whose hash is `hash` (in probe order).
struct SameHash {
    hash: i64,
    out: RefCell<Vec<Value>>,
}

impl Hash for SameHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl indexmap::Equivalent<Key> for SameHash {
    fn equivalent(&self, key: &Key) -> bool {
        if key.hash == self.hash {
            self.out.borrow_mut().push(key.value.clone());
        }
        false
    }
}

impl Dict {
    /// The contents' version (see the type's invariant).
    #[inline]
    pub fn version(&self) -> u64 {
        self.version
    }
    #[inline]
    fn touch(&mut self) {
        self.version = next_stamp();
        if self.type_dict {
            bump_type_epoch();
        }
    }
    /// This dict as the dict of a new type object: from now on each of its mutations
    /// changes the type epoch (and so does the type's creation, which may reuse the
    /// address of a freed type).
    pub fn into_type_dict(mut self) -> Dict {
        self.type_dict = true;
        bump_type_epoch();
        self
    }
    /// Index of str key `s` (for caches that re-read it with [`Dict::get_index`]).
    pub fn index_of_str(&self, s: &str, hash: i64) -> Option<usize> {
        self.map.get_index_of(&StrLookup { hash, s })
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    #[cold]
    #[inline(never)]
    fn note_key(&mut self, v: &Value) {
        if !self.py_keys && py_eq_key(v) {
            self.py_keys = true;
        }
    }
    /// True when a lookup of `k` must compare through Python code (`Vm::dict_key`).
    #[inline(always)]
    pub fn needs_vm(&self, k: &Key) -> bool {
        (self.py_keys
            || matches!(
                k.value,
                Value::Instance(_) | Value::Exception(_) | Value::Tuple(_)
            ))
            && self.needs_vm_slow(k)
    }
    #[cold]
    #[inline(never)]
    fn needs_vm_slow(&self, k: &Key) -> bool {
        self.py_keys || py_eq_key(&k.value)
    }
    /// `insert` unless a lookup of `k` must compare through Python code: then `k` and `v`
    /// come back.
    #[inline]
    pub fn try_insert(&mut self, k: Key, v: Value) -> Result<(), (Key, Value)> {
        if self.needs_vm(&k) {
            return Err((k, v));
        }
        self.insert(k, v);
        Ok(())
    }
    /// See the `py_keys` field.
    #[inline]
    pub fn py_keys(&self) -> bool {
        self.py_keys
    }
    /// The stored keys whose hash is `hash`.
    pub fn same_hash(&self, hash: i64) -> Vec<Value> {
        let look = SameHash {
            hash,
            out: RefCell::new(Vec::new()),
        };
        self.map.get_index_of(&look);
        look.out.into_inner()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn get(&self, k: &Key) -> Option<Value> {
        self.map.get(k).cloned()
    }
    pub fn get_str(&self, s: &str) -> Option<Value> {
        self.map.get(&StrLookup::new(s)).cloned()
    }
    /// `get_str` with the hash of `s` already computed by [`hash_str`].
    pub fn get_str_hashed(&self, s: &str, hash: i64) -> Option<Value> {
        self.map.get(&StrLookup { hash, s }).cloned()
    }
    pub fn contains_str(&self, s: &str) -> bool {
        self.map.contains_key(&StrLookup::new(s))
    }
    pub fn contains(&self, k: &Key) -> bool {
        self.map.contains_key(k)
    }
    /// Inserts or replaces; an existing key keeps its position (and its original key object).
    pub fn insert(&mut self, k: Key, v: Value) {
        self.touch();
        if matches!(
            k.value,
            Value::Instance(_) | Value::Exception(_) | Value::Tuple(_)
        ) {
            self.note_key(&k.value);
        }
        match self.map.entry(k) {
            indexmap::map::Entry::Occupied(mut o) => {
                o.insert(v);
            }
            indexmap::map::Entry::Vacant(e) => {
                e.insert(v);
            }
        }
    }
    /// Sets `s` and returns the replaced value (to be dropped outside any borrow).
    pub fn remove_then_set(&mut self, s: &str, v: Value) -> Option<Value> {
        self.replace_or_insert(s, v, || Value::Str(super::pystr::key_str(s)))
            .1
    }

    /// Replaces the value under `s` (returned), or inserts it under the key `key()`; with
    /// the entry's index.
    fn replace_or_insert(
        &mut self,
        s: &str,
        v: Value,
        key: impl FnOnce() -> Value,
    ) -> (usize, Option<Value>) {
        self.touch();
        let look = StrLookup::new(s);
        if let Some((i, _, slot)) = self.map.get_full_mut(&look) {
            return (i, Some(std::mem::replace(slot, v)));
        }
        let (i, _) = self.map.insert_full(
            Key {
                hash: look.hash,
                value: key(),
            },
            v,
        );
        (i, None)
    }
    /// True when entry `i` has the str key `s` by identity (the same text object): then
    /// it is the entry a lookup of `s` finds (keys are unique).
    #[inline]
    fn same_str_key_at(&self, i: usize, s: &Rc<str>) -> bool {
        match self.map.get_index(i) {
            Some((k, _)) => matches!(&k.value, Value::Str(x)
                if std::ptr::eq(x.as_ptr(), s.as_ptr()) && x.len() == s.len()),
            None => false,
        }
    }
    /// `get_str` for a name object (an interned code name): tries first the entry where
    /// that name was last found in a dict (see [`NAME_HINTS`]).
    #[inline]
    pub fn get_name(&self, s: &Rc<str>) -> Option<Value> {
        with_name_hint(s, |h| self.get_rc_str_hinted(s, h))
    }
    /// `remove_then_set_rc` for a name object, through the same hints as [`Dict::get_name`].
    #[inline]
    pub fn set_name(&mut self, s: &Rc<str>, v: Value) -> Option<Value> {
        with_name_hint(s, |h| self.remove_then_set_rc_hinted(s, v, h))
    }
    /// `get_str` trying entry `*hint` first (checked by key identity, so any hint is
    /// safe); `*hint` is updated to where `s` was found.
    #[inline]
    fn get_rc_str_hinted(&self, s: &Rc<str>, hint: &std::cell::Cell<u32>) -> Option<Value> {
        let i = hint.get() as usize;
        if self.same_str_key_at(i, s) {
            return self.map.get_index(i).map(|(_, v)| v.clone());
        }
        let look = StrLookup::new(s);
        let (i, _, v) = self.map.get_full(&look)?;
        hint.set(i as u32);
        Some(v.clone())
    }
    /// `remove_then_set_rc` trying entry `*hint` first (as [`Dict::get_rc_str_hinted`]).
    #[inline]
    fn remove_then_set_rc_hinted(
        &mut self,
        s: &Rc<str>,
        v: Value,
        hint: &std::cell::Cell<u32>,
    ) -> Option<Value> {
        let i = hint.get() as usize;
        if self.same_str_key_at(i, s) {
            self.touch();
            return self
                .map
                .get_index_mut(i)
                .map(|(_, slot)| std::mem::replace(slot, v));
        }
        let (i, old) = self.replace_or_insert(s, v, || Value::Str(s.clone().into()));
        hint.set(i as u32);
        old
    }
    /// `remove_then_set` for a name given as an `Rc<str>` (a new key shares its text).
    pub fn remove_then_set_rc(&mut self, s: &Rc<str>, v: Value) -> Option<Value> {
        self.replace_or_insert(s, v, || Value::Str(s.clone().into()))
            .1
    }
    pub fn set_str(&mut self, s: &str, v: Value) {
        drop(self.remove_then_set(s, v));
    }
    /// Removes a str key preserving the order of the rest.
    pub fn remove_str(&mut self, s: &str) -> Option<Value> {
        self.touch();
        self.map.shift_remove(&StrLookup::new(s))
    }
    /// Removes preserving the order of the rest.
    pub fn remove(&mut self, k: &Key) -> Option<Value> {
        self.touch();
        self.map.shift_remove(k)
    }
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.map.keys()
    }
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.map.values()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> {
        self.map.iter()
    }
    pub fn get_index(&self, i: usize) -> Option<(&Key, &Value)> {
        self.map.get_index(i)
    }
    pub fn clear(&mut self) {
        self.touch();
        self.py_keys = false;
        self.map.clear();
    }
    /// [`Dict::clear`] that also gives the entries' storage back.
    pub fn clear_and_free(&mut self) {
        self.clear();
        self.map = IndexMap::default();
    }
    pub fn pop_last(&mut self) -> Option<(Key, Value)> {
        self.touch();
        self.map.pop()
    }
    pub fn pop_first(&mut self) -> Option<(Key, Value)> {
        self.touch();
        self.map.shift_remove_index(0)
    }
}
