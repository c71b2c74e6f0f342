//! The attribute lookup cache of type objects (CPython's method cache, `_PyType_Lookup`).
//!
//! A direct-mapped table keyed by (type address, name) remembers where a name was found
//! along the MRO: (position in the MRO, entry index in that dict), or "nowhere".
//!
//! Invariants:
//! - An entry is used only when the MRO has the same length and every dict along it has the
//!   version recorded at fill time. Dict versions identify contents (see [`super::Dict`]),
//!   so a hit returns exactly what a fresh walk would, whatever was freed or reallocated
//!   since; the type address only spreads entries over the table.
//! - Entries hold no object references (only the name text, shared with the interned name
//!   when there is one), so the cache never keeps an object alive or changes when
//!   finalizers run.

use std::cell::RefCell;

use super::dict::hash_str;
use super::{TypeObj, Value};

const SIZE: usize = 1024;
/// Longest MRO (the type included) that is cached.
const MAX_MRO: usize = 8;

#[derive(Clone)]
struct Entry {
    type_addr: usize,
    heap_only: bool,
    /// The interned name when there is one (a hit then matches by address).
    name: std::rc::Rc<str>,
    mro_len: u8,
    versions: [u64; MAX_MRO],
    /// (MRO position, dict index), or None for "not found".
    found: Option<(u8, u32)>,
}

thread_local! {
    static TABLE: RefCell<Vec<Option<Entry>>> = const { RefCell::new(Vec::new()) };
}

fn dict_at(t: &TypeObj, pos: usize) -> &RefCell<super::Dict> {
    if pos == 0 {
        &t.dict
    } else {
        &t.mro_tail[pos - 1].dict
    }
}

/// Looks `name` up along `t`'s MRO: the first dict that has it (only heap classes when
/// `heap_only`), through the cache.
pub fn lookup(t: &TypeObj, name: &str, heap_only: bool) -> Option<Value> {
    let mro_len = t.mro_tail.len() + 1;
    if mro_len > MAX_MRO {
        return walk(t, name, hash_str(name), heap_only).map(|(_, _, v)| v);
    }
    let addr = t as *const TypeObj as usize;
    // The slot comes from the addresses (no hashing of the text on a hit); the entry's own
    // copy of the name is what a hit is checked against.
    let slot = ((addr >> 4)
        ^ (name.as_ptr() as usize >> 3).wrapping_mul(31)
        ^ name.len()
        ^ heap_only as usize)
        % SIZE;
    let hit = TABLE.with(|tab| {
        let tab = tab.borrow();
        match tab.get(slot).unwrap_or(&None) {
            Some(e)
                if e.type_addr == addr
                    && e.heap_only == heap_only
                    && e.mro_len as usize == mro_len
                    && ((e.name.as_ptr() == name.as_ptr() && e.name.len() == name.len())
                        || &*e.name == name)
                    && (0..mro_len).all(|i| dict_at(t, i).borrow().version() == e.versions[i]) =>
            {
                Some(e.found)
            }
            _ => None,
        }
    });
    if let Some(found) = hit {
        return found.and_then(|(pos, idx)| {
            dict_at(t, pos as usize)
                .borrow()
                .get_index(idx as usize)
                .map(|(_, v)| v.clone())
        });
    }
    let mut versions = [0u64; MAX_MRO];
    for (i, v) in versions.iter_mut().enumerate().take(mro_len) {
        *v = dict_at(t, i).borrow().version();
    }
    let r = walk(t, name, hash_str(name), heap_only);
    let found = r.as_ref().map(|(pos, idx, _)| (*pos as u8, *idx as u32));
    TABLE.with(|tab| {
        let mut tab = tab.borrow_mut();
        if tab.is_empty() {
            tab.resize(SIZE, None);
        }
        tab[slot] = Some(Entry {
            type_addr: addr,
            heap_only,
            name: super::pystr::interned(name).unwrap_or_else(|| std::rc::Rc::from(name)),
            mro_len: mro_len as u8,
            versions,
            found,
        });
    });
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

/// Per-type answers to special-method questions, valid while every dict along the MRO
/// keeps the version recorded at fill time (the method cache's rule); no object
/// references.
#[derive(Default)]
pub struct SlotFlags(RefCell<Option<(u8, [u64; MAX_MRO], u8)>>);

/// The flags of `t` (`HAS_USER_SETATTR`, `HAS_DEL`), recomputed when a dict along its MRO
/// changed.
pub fn slot_flags(t: &TypeObj) -> u8 {
    let mro_len = t.mro_tail.len() + 1;
    if mro_len <= MAX_MRO {
        if let Some((len, versions, flags)) = &*t.slot_flags.0.borrow() {
            if *len as usize == mro_len
                && (0..mro_len).all(|i| dict_at(t, i).borrow().version() == versions[i])
            {
                return *flags;
            }
        }
    }
    let flags = (lookup(t, "__setattr__", true).is_some() as u8 * HAS_USER_SETATTR)
        | (lookup(t, "__del__", false).is_some() as u8 * HAS_DEL);
    if mro_len <= MAX_MRO {
        let mut versions = [0u64; MAX_MRO];
        for (i, v) in versions.iter_mut().enumerate().take(mro_len) {
            *v = dict_at(t, i).borrow().version();
        }
        if let Ok(mut slot) = t.slot_flags.0.try_borrow_mut() {
            *slot = Some((mro_len as u8, versions, flags));
        }
    }
    flags
}
