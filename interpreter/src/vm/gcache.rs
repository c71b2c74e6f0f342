//! LOAD_GLOBAL's lookup cache (CPython 3.11's LOAD_GLOBAL inline cache keyed on dict
//! versions).
//!
//! A direct-mapped table keyed by (code object address, name index) remembers where the
//! name was found: (in builtins?, entry index), with the versions of the globals and
//! builtins dicts at that moment.
//!
//! Invariants:
//! - A hit requires the same name object (the entry holds a reference to the name string,
//!   so its address cannot be reused) and the globals version unchanged, and for a name
//!   found in builtins also the builtins version unchanged (a name in globals shadows
//!   builtins whatever they hold); dict versions
//!   identify contents (see [`crate::objects::Dict`]), so a hit reads exactly the entry a
//!   fresh lookup would find.
//! - Only hits are cached (a miss raises NameError and is never cached); entries hold no
//!   object other than the name string.

use std::cell::RefCell;
use std::rc::Rc;

use crate::objects::{Dict, Value};

const SIZE: usize = 512;

struct Entry {
    code_addr: usize,
    name: Rc<str>,
    gver: u64,
    bver: u64,
    in_builtins: bool,
    index: u32,
}

/// The table (owned by the VM).
pub struct GlobalCache {
    table: Vec<Option<Entry>>,
}

impl Default for GlobalCache {
    fn default() -> GlobalCache {
        GlobalCache {
            table: (0..SIZE).map(|_| None).collect(),
        }
    }
}

#[inline]
fn slot(code_addr: usize, idx: u32) -> usize {
    ((code_addr >> 4) ^ (idx as usize).wrapping_mul(0x9e37)) % SIZE
}

impl GlobalCache {
    /// Looks `name` (index `idx` of the code at `code_addr`) up in `globals`, then `builtins`.
    /// A hit found in globals needs only the globals version (builtins are not consulted
    /// when globals has the name).
    #[inline]
    pub fn load(
        &mut self,
        code_addr: usize,
        idx: u32,
        name: &Rc<str>,
        globals: &RefCell<Dict>,
        builtins: &RefCell<Dict>,
    ) -> Option<Value> {
        let s = slot(code_addr, idx);
        {
            let g = globals.borrow();
            if let Some(e) = &self.table[s] {
                if e.code_addr == code_addr && Rc::ptr_eq(&e.name, name) && e.gver == g.version() {
                    if !e.in_builtins {
                        return g.get_index(e.index as usize).map(|(_, v)| v.clone());
                    }
                    let b = builtins.borrow();
                    if e.bver == b.version() {
                        return b.get_index(e.index as usize).map(|(_, v)| v.clone());
                    }
                }
            }
        }
        let (globals, builtins) = (globals.borrow(), builtins.borrow());
        let (gver, bver) = (globals.version(), builtins.version());
        let h = crate::objects::dict::hash_str(name);
        let (in_builtins, index) = match globals.index_of_str(name, h) {
            Some(i) => (false, i),
            None => (true, builtins.index_of_str(name, h)?),
        };
        self.table[s] = Some(Entry {
            code_addr,
            name: name.clone(),
            gver,
            bver,
            in_builtins,
            index: index as u32,
        });
        let d = if in_builtins { &builtins } else { &globals };
        d.get_index(index).map(|(_, v)| v.clone())
    }
}
