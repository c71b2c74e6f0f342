//! The attribute lookup cache of type objects (CPython's method cache, `_PyType_Lookup`).
//!
//! A direct-mapped table keyed by (type address, name) remembers where a name was found
//! along the MRO: (position in the MRO, entry index in that dict), or "nowhere".
//!
//! Invariants:
//! - An entry is used only while the type epoch ([`super::dict::type_epoch`]) is the one
//!   recorded at fill time. The epoch changes on every mutation of any type's dict (type
//!   dicts are marked at type creation, and every `Dict` mutation takes a fresh version)
//!   and on every type creation, while MROs are fixed at creation. So an unchanged epoch
//!   means the dicts along the MRO of the type at that address hold what they held at fill
//!   time (a type at a reused address was created after the fill: a new epoch), and a hit
//!   returns exactly what a fresh walk would.
//! - Entries hold no object references (only the name text, shared with the interned name
//!   when there is one, pinned beside the entry so its address identifies it), so the
//!   cache never keeps an object alive or changes when finalizers run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::dict::{hash_str, type_epoch};
use super::{TypeObj, Value};

const SIZE: usize = 1024;

/// A cache entry (plain data: the table needs no borrow flag). Its name text is kept alive
/// by `PINS` at the same slot, so `name_ptr` cannot be reused by another text while the
/// entry exists.
#[derive(Clone, Copy)]
struct Entry {
    type_addr: usize,
    name_ptr: usize,
    name_len: usize,
    epoch: u64,
    heap_only: bool,
    /// (MRO position, dict index), or None for "not found".
    found: Option<(u32, u32)>,
}

/// An empty slot (all zero: no type lives at address 0, so it never matches).
const EMPTY: Entry = Entry {
    type_addr: 0,
    name_ptr: 0,
    name_len: 0,
    epoch: 0,
    heap_only: false,
    found: None,
};

thread_local! {
    static TABLE: [Cell<Entry>; SIZE] = const { [const { Cell::new(EMPTY) }; SIZE] };
    /// The name of each slot's entry (interned when possible), written with the entry.
    static PINS: RefCell<Vec<Option<Rc<str>>>> = const { RefCell::new(Vec::new()) };
}

fn dict_at(t: &TypeObj, pos: usize) -> &RefCell<super::Dict> {
    if pos == 0 {
        &t.dict
    } else {
        &t.mro_tail[pos - 1].dict
    }
}

/// Looks `name` up along `t`'s MRO: the first dict that has it (only heap classes when
/// `heap_only`), through the cache. A hit compares the name by address (the entry's name
/// is pinned, and names are mostly interned); any other case takes [`lookup_slow`].
#[inline]
pub fn lookup(t: &TypeObj, name: &str, heap_only: bool) -> Option<Value> {
    let addr = t as *const TypeObj as usize;
    // The slot comes from the addresses (no hashing of the text on a hit).
    let slot = ((addr >> 4)
        ^ (name.as_ptr() as usize >> 3).wrapping_mul(31)
        ^ name.len()
        ^ heap_only as usize)
        % SIZE;
    let e = TABLE.with(|tab| tab[slot].get());
    if e.type_addr == addr
        && e.name_ptr == name.as_ptr() as usize
        && e.name_len == name.len()
        && e.heap_only == heap_only
        && e.epoch == type_epoch()
    {
        return found_value(t, e.found);
    }
    lookup_slow(t, name, heap_only, slot)
}

/// The value an entry found: entry `idx` of the dict of the MRO's type at `pos`.
#[inline]
fn found_value(t: &TypeObj, found: Option<(u32, u32)>) -> Option<Value> {
    let (pos, idx) = found?;
    dict_at(t, pos as usize)
        .borrow()
        .get_index(idx as usize)
        .map(|(_, v)| v.clone())
}

/// A hit by text (the caller's name is another object with the same text, e.g. a static
/// string), else the walk and the entry's fill (its name pinned at the slot).
#[inline(never)]
fn lookup_slow(t: &TypeObj, name: &str, heap_only: bool, slot: usize) -> Option<Value> {
    let epoch = type_epoch();
    let e = TABLE.with(|tab| tab[slot].get());
    if e.type_addr == t as *const TypeObj as usize
        && e.heap_only == heap_only
        && e.epoch == epoch
        && PINS.with(|p| matches!(p.borrow().get(slot), Some(Some(n)) if &**n == name))
    {
        return found_value(t, e.found);
    }
    let r = walk(t, name, hash_str(name), heap_only);
    let found = r.as_ref().map(|(pos, idx, _)| (*pos as u32, *idx as u32));
    let pin: Rc<str> = super::pystr::interned(name).unwrap_or_else(|| Rc::from(name));
    let entry = Entry {
        type_addr: t as *const TypeObj as usize,
        name_ptr: pin.as_ptr() as usize,
        name_len: pin.len(),
        epoch,
        heap_only,
        found,
    };
    PINS.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_empty() {
            p.resize(SIZE, None);
        }
        p[slot] = Some(pin);
    });
    TABLE.with(|tab| tab[slot].set(entry));
    r.map(|(_, _, v)| v)
}

/// The uncached walk: (MRO position, dict index, value) of the first match.
fn walk(t: &TypeObj, name: &str, h: i64, heap_only: bool) -> Option<(usize, usize, Value)> {
    let mro_len = t.mro_tail.len() + 1;
    for pos in 0..mro_len {
        let heap = if pos == 0 {
            t.heap
        } else {
            t.mro_tail[pos - 1].heap
        };
        if heap_only && !heap {
            continue;
        }
        let d = dict_at(t, pos).borrow();
        if let Some(i) = d.index_of_str(name, h) {
            let v = d.get_index(i).map(|(_, v)| v.clone())?;
            return Some((pos, i, v));
        }
    }
    None
}

/// `TypeObj::slot_flags` bits.
pub const HAS_USER_SETATTR: u8 = 1;
pub const HAS_DEL: u8 = 2;

/// Per-type answers to special-method questions, valid while the type epoch is the one
/// recorded at fill time (the method cache's rule); no object references.
#[derive(Default)]
pub struct SlotFlags(std::cell::Cell<Option<(u64, u8)>>);

/// The flags of `t` (`HAS_USER_SETATTR`, `HAS_DEL`), recomputed when the type epoch
/// changed.
pub fn slot_flags(t: &TypeObj) -> u8 {
    let epoch = type_epoch();
    if let Some((e, flags)) = t.slot_flags.0.get() {
        if e == epoch {
            return flags;
        }
    }
    let flags = (lookup(t, "__setattr__", true).is_some() as u8 * HAS_USER_SETATTR)
        | (lookup(t, "__del__", false).is_some() as u8 * HAS_DEL);
    t.slot_flags.0.set(Some((epoch, flags)));
    flags
}
