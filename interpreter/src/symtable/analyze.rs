//! Pass 2: resolve names (CPython's `analyze_block`, `analyze_name`, `analyze_cells`,
//! `drop_class_free`, `update_symbols`).
//!
//! Invariant: after [`analyze`], every symbol of every scope has `scope = Some(_)`, and a name
//! that is FREE in a child and bound in an enclosing function is CELL there.

use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::rc::Rc;

use super::flags::*;
use super::{BlockKind, Scope, ScopeError, ScopeId, Symbol, SymbolTable};

type NameSet = HashSet<Rc<str>>;

pub fn analyze(st: &mut SymbolTable) -> Result<(), ScopeError> {
    let mut free = NameSet::default();
    let mut global = NameSet::default();
    analyze_block(st, ScopeId(0), None, &mut free, &mut global)
}

fn analyze_block(
    st: &mut SymbolTable,
    id: ScopeId,
    bound: Option<&NameSet>,
    free: &mut NameSet,
    global: &mut NameSet,
) -> Result<(), ScopeError> {
    // The scope of each of the block's own symbols, by symbol index (CPython's `scopes`
    // dict; names bound here are CPython's `local` set, which only a function block passes
    // on, as part of `newbound`, so they go straight there).
    let mut scopes: Vec<Scope> = Vec::with_capacity(st.scopes[id.0 as usize].symbols.len());
    let mut newglobal = NameSet::default();
    let mut newfree = NameSet::default();
    let mut newbound = NameSet::default();
    let kind = st.scopes[id.0 as usize].kind;
    // A `global` declaration hides an enclosing binding from this block and its children
    // (the enclosing set is copied only then).
    let mut bound_local: Option<Cow<'_, NameSet>> = bound.map(Cow::Borrowed);

    if kind == BlockKind::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound {
            newbound.extend(b.iter().cloned());
        }
    }

    let names: Vec<(Rc<str>, u32)> = st.scopes[id.0 as usize]
        .symbols
        .iter()
        .map(|(k, v)| (k.clone(), v.flags))
        .collect();
    for (name, flags) in names {
        let local = (kind == BlockKind::Function).then_some(&mut newbound);
        let scope = analyze_name(st, id, &name, flags, &mut bound_local, local, free, global)?;
        scopes.push(scope);
    }

    let bound: Option<&NameSet> = bound_local.as_deref();
    if kind != BlockKind::Class {
        if let Some(b) = bound {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert(Rc::from("__class__"));
    }

    let mut allfree = NameSet::default();
    let children = st.scopes[id.0 as usize].children.clone();
    for child in children {
        // CPython passes each child copies of these sets; a child only reads `bound` (it
        // copies it itself before changing it), and `newfree` is still empty here.
        let mut temp_free = NameSet::default();
        let mut temp_global = newglobal.clone();
        analyze_block(st, child, Some(&newbound), &mut temp_free, &mut temp_global)?;
        allfree.extend(temp_free);
        let c = &st.scopes[child.0 as usize];
        if c.has_free || c.child_free {
            st.scopes[id.0 as usize].child_free = true;
        }
    }
    newfree.extend(allfree);

    match kind {
        BlockKind::Function => analyze_cells(st, id, &mut scopes, &mut newfree),
        BlockKind::Class => {
            if newfree.remove("__class__") {
                st.scopes[id.0 as usize].needs_class_closure = true;
            }
        }
        BlockKind::Module => {}
    }
    update_symbols(st, id, &scopes, bound, &newfree, kind == BlockKind::Class);
    free.extend(newfree);
    Ok(())
}

/// The scope of `name` in block `id` (CPython's `analyze_name`; `local` is the set a
/// bound name joins, if the block keeps one).
#[allow(clippy::too_many_arguments)]
fn analyze_name(
    st: &mut SymbolTable,
    id: ScopeId,
    name: &Rc<str>,
    flags: u32,
    bound: &mut Option<Cow<'_, NameSet>>,
    local: Option<&mut NameSet>,
    free: &mut NameSet,
    global: &mut NameSet,
) -> Result<Scope, ScopeError> {
    let directive = |st: &SymbolTable| {
        let s = &st.scopes[id.0 as usize];
        s.directives.get(name).copied().unwrap_or(s.range)
    };
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(ScopeError {
                recursion: false,
                msg: format!("name '{name}' is nonlocal and global"),
                range: directive(st),
            });
        }
        global.insert(name.clone());
        if let Some(b) = bound.as_mut() {
            if b.contains(name) {
                b.to_mut().remove(name);
            }
        }
        return Ok(Scope::GlobalExplicit);
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound.as_ref() else {
            return Err(ScopeError {
                recursion: false,
                msg: "nonlocal declaration not allowed at module level".into(),
                range: directive(st),
            });
        };
        if !b.contains(name) {
            return Err(ScopeError {
                recursion: false,
                msg: format!("no binding for nonlocal '{name}' found"),
                range: directive(st),
            });
        }
        st.scopes[id.0 as usize].has_free = true;
        free.insert(name.clone());
        return Ok(Scope::Free);
    }
    if flags & DEF_BOUND != 0 {
        if let Some(local) = local {
            local.insert(name.clone());
        }
        if !global.is_empty() {
            global.remove(name);
        }
        return Ok(Scope::Local);
    }
    if let Some(b) = bound.as_ref() {
        if b.contains(name) {
            st.scopes[id.0 as usize].has_free = true;
            free.insert(name.clone());
            return Ok(Scope::Free);
        }
    }
    if global.contains(name) {
        return Ok(Scope::GlobalImplicit);
    }
    if st.scopes[id.0 as usize].nested {
        st.scopes[id.0 as usize].has_free = true;
    }
    Ok(Scope::GlobalImplicit)
}

/// Bound names that a child uses freely become cells (CPython's `analyze_cells`).
fn analyze_cells(st: &SymbolTable, id: ScopeId, scopes: &mut [Scope], free: &mut NameSet) {
    if free.is_empty() {
        return;
    }
    let symbols = &st.scopes[id.0 as usize].symbols;
    for (i, scope) in scopes.iter_mut().enumerate() {
        if *scope != Scope::Local {
            continue;
        }
        if let Some((name, _)) = symbols.get_index(i) {
            if free.remove(&**name) {
                *scope = Scope::Cell;
            }
        }
    }
}

fn update_symbols(
    st: &mut SymbolTable,
    id: ScopeId,
    scopes: &[Scope],
    bound: Option<&NameSet>,
    free: &NameSet,
    classflag: bool,
) {
    let s = &mut st.scopes[id.0 as usize];
    for (i, (_, sym)) in s.symbols.iter_mut().enumerate() {
        sym.scope = Some(scopes.get(i).copied().unwrap_or(Scope::GlobalImplicit));
    }
    // Free variables of children that pass through this block.
    let mut names: Vec<&Rc<str>> = free.iter().collect();
    names.sort();
    for name in names {
        if let Some(sym) = s.symbols.get_mut(name) {
            if classflag && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                sym.flags |= DEF_FREE_CLASS;
            }
            continue;
        }
        if let Some(b) = bound {
            if !b.contains(name) {
                continue;
            }
        } else {
            continue;
        }
        s.symbols.insert(
            name.clone(),
            Symbol {
                flags: DEF_FREE,
                scope: Some(Scope::Free),
            },
        );
    }
}
