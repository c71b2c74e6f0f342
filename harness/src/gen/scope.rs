//! The scope model: which names are bound where, as Python's symbol table will see them.
//!
//! Invariants:
//! - The stack mirrors the program text being written: module, then each enclosing `def`,
//!   `lambda` or comprehension. [`Scopes::resolve`] applies CPython's rules (explicit
//!   `global`/`nonlocal` first, then the innermost function scope that binds the name,
//!   then the module, then builtins) so the generator knows what a read will see.
//! - Reads are recorded ([`Scopes::note_read`]) in every scope they pass through; a name read
//!   from outside a function is never made local there afterwards unless on purpose (that
//!   would turn the earlier read into an UnboundLocalError).
//! - [`Scopes::nonlocal_ok`] is exactly CPython's static rule for `nonlocal`: some enclosing
//!   function binds the name and no scope in between declares it `global`.
//! - The model only has to be exact for static (compile-time) facts; runtime facts
//!   (bound or not, kinds) only steer the generator towards programs that run further.
//! - [`Scopes::view`] (what is visible from the top scope) is cached per stack level. The
//!   stack and every field that visibility depends on (a scope's kind, bindings and
//!   declarations) are private to this module, so every change goes through a method that
//!   drops the cached views of the changed level and the levels above it (the levels below
//!   cannot see it). Reads (`read_outer`) and the counters (loops, blocks, costs, handlers)
//!   do not change visibility and do not touch the cache.
//! - A view holds exactly the surely bound ints, lists and callables of [`Scopes::visible`],
//!   in its order (the same lists the generator used to filter out of it at every use):
//!   a level's view is derived from its parent's by CPython's resolution rules (see
//!   `compute_view`), relying on the flags `shadows`/`dups` of [`Scope`], which are true
//!   whenever a name is bound in a scope and a lower one, or twice in one scope.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// What a name holds, as far as the generator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    List,
    /// A function or lambda: index into the builder's callables.
    Func(usize),
    /// A generator object made by the callable with this index.
    Gen(usize),
    /// Anything else (None, tuples, dicts, exceptions): printed, never computed with.
    Other,
}

/// Whether a name is bound at the current point of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Yes,
    /// Bound on some paths only (branch, loop, a function that may not have run).
    Maybe,
    No,
}

/// One binding of a scope.
#[derive(Clone, Debug)]
pub struct Var {
    pub name: Rc<str>,
    pub kind: Kind,
    pub bound: Bound,
    /// Loop counters and recursion depths: never reassigned or deleted (termination).
    pub readonly: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Lambda,
    Comprehension,
}

/// One scope of the stack. Its kind, bindings, declarations and reads are private (see
/// the module invariants); the counters are free to change.
#[derive(Clone, Debug)]
pub struct Scope {
    kind: ScopeKind,
    vars: Vec<Var>,
    globals: Vec<String>,
    nonlocals: Vec<String>,
    /// Names read here (or in a nested scope) that resolve outside this scope.
    read_outer: Vec<String>,
    /// Some name of `vars` is also bound in a lower scope (false: none is).
    shadows: bool,
    /// Some name occurs twice in `vars` (false: none does).
    dups: bool,
    pub loop_depth: usize,
    pub block_depth: usize,
    /// Iterations of the enclosing loops inside this scope (cost multiplier).
    pub mult: u64,
    /// Work units charged to this scope; a function's cost per call.
    pub cost: u64,
    /// Costs are charged here (functions, stored lambdas, the module), not to a parent.
    pub cost_root: bool,
    pub is_generator: bool,
    /// Inside an `except` handler (bare `raise` is meaningful).
    pub in_handler: usize,
    /// Inside a `try` body.
    pub in_try: usize,
}

impl Scope {
    pub fn new(kind: ScopeKind, cost_root: bool) -> Scope {
        Scope {
            kind,
            vars: Vec::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            read_outer: Vec::new(),
            shadows: false,
            dups: false,
            loop_depth: 0,
            block_depth: 0,
            mult: 1,
            cost: 0,
            cost_root,
            is_generator: false,
            in_handler: 0,
            in_try: 0,
        }
    }

    pub fn kind(&self) -> ScopeKind {
        self.kind
    }

    /// The names bound here, in binding order.
    pub fn vars(&self) -> &[Var] {
        &self.vars
    }

    /// The names declared `global` here.
    pub fn globals(&self) -> &[String] {
        &self.globals
    }

    /// The names declared `nonlocal` here.
    pub fn nonlocals(&self) -> &[String] {
        &self.nonlocals
    }

    pub fn local(&self, name: &str) -> Option<&Var> {
        self.vars.iter().find(|v| same(&v.name, name))
    }

    fn local_mut(&mut self, name: &str) -> Option<&mut Var> {
        self.vars.iter_mut().find(|v| same(&v.name, name))
    }

    /// Whether `name` is declared `global` or `nonlocal` here.
    pub fn declares(&self, name: &str) -> bool {
        self.globals.iter().any(|g| same(g, name)) || self.nonlocals.iter().any(|g| same(g, name))
    }
}

/// `a == b` for generated names, which mostly differ in their last character (`g12`,
/// `g13`): checked first, so most comparisons end without a `memcmp` call.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    x.len() == y.len() && x.last() == y.last() && x == y
}

/// Where a name resolves: the index of the scope holding its binding, or nothing bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Res {
    Scope(usize),
    Unbound,
}

/// The surely bound ints, lists and callables visible from one level of the stack, each
/// in the order of [`Scopes::visible`] (see [`Scopes::view`]).
#[derive(Clone, Debug)]
pub struct View {
    pub ints: Rc<Vec<Var>>,
    pub lists: Rc<Vec<Var>>,
    pub funcs: Rc<Vec<Var>>,
}

/// The lists of a [`View`] being built.
#[derive(Default)]
struct Lists {
    ints: Vec<Var>,
    lists: Vec<Var>,
    funcs: Vec<Var>,
}

impl Lists {
    /// Appends `v` to the list it belongs to, if any (surely bound ints, lists, callables).
    fn add(&mut self, v: &Var) {
        if v.bound != Bound::Yes {
            return;
        }
        match v.kind {
            Kind::Int => self.ints.push(v.clone()),
            Kind::List => self.lists.push(v.clone()),
            Kind::Func(_) => self.funcs.push(v.clone()),
            Kind::Gen(_) | Kind::Other => {}
        }
    }

    /// Appends the entries of `parent` that `keep` accepts, each to its list.
    fn add_view(&mut self, parent: &View, keep: impl Fn(&Var) -> bool) {
        for (mine, theirs) in [
            (&mut self.ints, &parent.ints),
            (&mut self.lists, &parent.lists),
            (&mut self.funcs, &parent.funcs),
        ] {
            mine.extend(theirs.iter().filter(|v| keep(v)).cloned());
        }
    }

    fn finish(self) -> View {
        View {
            ints: Rc::new(self.ints),
            lists: Rc::new(self.lists),
            funcs: Rc::new(self.funcs),
        }
    }
}

/// A set of names: a list while small, hashed (with a cheap hash) when larger.
struct NameSet<'a> {
    small: Vec<&'a str>,
    large: Option<HashSet<&'a str, BuildHasherDefault<NameHasher>>>,
}

impl<'a> NameSet<'a> {
    const SMALL: usize = 12;

    fn with_capacity(n: usize) -> NameSet<'a> {
        if n <= Self::SMALL {
            NameSet {
                small: Vec::with_capacity(n),
                large: None,
            }
        } else {
            let mut set = HashSet::default();
            set.reserve(n);
            NameSet {
                small: Vec::new(),
                large: Some(set),
            }
        }
    }

    /// Adds `name`; false if it was there already.
    fn insert(&mut self, name: &'a str) -> bool {
        match &mut self.large {
            Some(set) => set.insert(name),
            None if self.small.iter().any(|n| same(n, name)) => false,
            None => {
                self.small.push(name);
                true
            }
        }
    }

    fn contains(&self, name: &str) -> bool {
        match &self.large {
            Some(set) => set.contains(name),
            None => self.small.iter().any(|n| same(n, name)),
        }
    }
}

/// FxHash over bytes: short generated names, no hash flooding to fear.
#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The scope stack.
#[derive(Clone, Debug)]
pub struct Scopes {
    stack: Vec<Scope>,
    /// `views[i]`: the view from level `i` when it is the top, if computed since the last
    /// change of levels `0..=i` (same length as `stack`).
    views: Vec<OnceCell<View>>,
}

impl Scopes {
    /// A stack holding the module scope.
    pub fn new() -> Scopes {
        Scopes {
            stack: vec![Scope::new(ScopeKind::Module, true)],
            views: vec![OnceCell::new()],
        }
    }

    /// Drops the cached views that can see level `level`.
    fn changed(&mut self, level: usize) {
        for v in &mut self.views[level..] {
            v.take();
        }
    }

    /// Enters a scope (its view starts empty; the levels below keep theirs).
    pub fn push(&mut self, s: Scope) {
        self.stack.push(s);
        self.views.push(OnceCell::new());
    }

    /// Leaves the top scope (the views of the levels below stay valid: they cannot see it).
    pub fn pop(&mut self) -> Option<Scope> {
        self.views.pop();
        self.stack.pop()
    }

    /// The number of scopes on the stack (at least 1: the module).
    pub fn len(&self) -> usize {
        self.stack.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    /// The scope at level `i` (0 is the module).
    pub fn get(&self, i: usize) -> &Scope {
        &self.stack[i]
    }

    /// The scope at level `i`, for its counters.
    pub fn get_mut(&mut self, i: usize) -> &mut Scope {
        &mut self.stack[i]
    }

    /// The scopes from the module up.
    pub fn scopes(&self) -> &[Scope] {
        &self.stack
    }

    pub fn top(&self) -> &Scope {
        self.stack.last().expect("module scope")
    }

    pub fn top_mut(&mut self) -> &mut Scope {
        self.stack.last_mut().expect("module scope")
    }

    /// The innermost `def` or module scope (where statements are being written).
    pub fn stmt_scope(&self) -> usize {
        (0..self.stack.len())
            .rev()
            .find(|&i| matches!(self.stack[i].kind, ScopeKind::Module | ScopeKind::Function))
            .unwrap_or(0)
    }

    /// Index of the scope a name read from scope `from` would use (CPython's rules).
    pub fn resolve_from(&self, from: usize, name: &str) -> Res {
        let s = &self.stack[from];
        if s.globals.iter().any(|g| same(g, name)) {
            return self.module_res(name);
        }
        if s.local(name).is_some() && !s.declares(name) {
            return Res::Scope(from);
        }
        if s.kind == ScopeKind::Module {
            return self.module_res(name);
        }
        for i in (0..from).rev() {
            let e = &self.stack[i];
            match e.kind {
                ScopeKind::Module => return self.module_res(name),
                _ if e.globals.iter().any(|g| same(g, name)) => return self.module_res(name),
                _ if e.nonlocals.iter().any(|g| same(g, name)) => continue,
                _ if e.local(name).is_some() => return Res::Scope(i),
                _ => continue,
            }
        }
        self.module_res(name)
    }

    fn module_res(&self, name: &str) -> Res {
        if self.stack[0].local(name).is_some() {
            Res::Scope(0)
        } else {
            Res::Unbound
        }
    }

    pub fn resolve(&self, name: &str) -> Res {
        self.resolve_from(self.stack.len() - 1, name)
    }

    /// The binding a read of `name` sees now.
    pub fn lookup(&self, name: &str) -> Option<&Var> {
        self.lookup_from(self.stack.len() - 1, name)
    }

    /// Records a read of `name` from the top scope in every scope it passes through.
    pub fn note_read(&mut self, name: &str) {
        if self.stack.len() == 1 {
            return; // read from the module: it passes through no other scope
        }
        let target = match self.resolve(name) {
            Res::Scope(i) => i,
            Res::Unbound => 0,
        };
        let top = self.stack.len() - 1;
        for i in (target.max(1)..=top).rev() {
            if i == target {
                break;
            }
            let s = &mut self.stack[i];
            if !s.read_outer.iter().any(|r| same(r, name)) {
                s.read_outer.push(name.to_string());
            }
        }
    }

    /// Whether the statement scope may bind `name` without changing what earlier reads
    /// saw (no UnboundLocalError, no capture switched to another scope).
    pub fn can_bind(&self, name: &str) -> bool {
        let i = self.stmt_scope();
        let s = &self.stack[i];
        if s.kind == ScopeKind::Module || s.declares(name) || s.local(name).is_some() {
            return !self.lookup_from(i, name).is_some_and(|v| v.readonly);
        }
        !s.read_outer.iter().any(|r| same(r, name))
    }

    /// [`Scopes::can_bind`] for `v.name`, where `v` is what [`Scopes::lookup`] gives for
    /// it (an entry of [`Scopes::view`]): when the statement scope is the top, `v` is
    /// also what the statement scope's lookup gives, so no lookup is repeated.
    pub fn can_bind_visible(&self, v: &Var) -> bool {
        let i = self.stmt_scope();
        if i != self.stack.len() - 1 {
            return self.can_bind(&v.name);
        }
        let s = &self.stack[i];
        if s.kind == ScopeKind::Module || s.declares(&v.name) || s.local(&v.name).is_some() {
            return !v.readonly;
        }
        !s.read_outer.iter().any(|r| same(r, &v.name))
    }

    fn lookup_from(&self, from: usize, name: &str) -> Option<&Var> {
        match self.resolve_from(from, name) {
            Res::Scope(i) => self.stack[i].local(name),
            Res::Unbound => None,
        }
    }

    /// Binds `name` in the statement scope (or where its `global`/`nonlocal` points).
    pub fn bind(&mut self, name: &str, kind: Kind, bound: Bound, readonly: bool) {
        let i = self.stmt_scope();
        let target = if self.stack[i].declares(name) {
            match self.resolve_from(i, name) {
                Res::Scope(t) => t,
                Res::Unbound => 0,
            }
        } else {
            i
        };
        // A binding made through a declaration, or inside a branch or loop, is only "maybe"
        // for the code that follows (the generator does not track paths).
        let maybe = target != i || self.stack[i].block_depth > 0;
        self.changed(target);
        let s = &mut self.stack[target];
        match s.local_mut(name) {
            Some(v) => {
                v.kind = kind;
                v.bound = if maybe && v.bound != bound {
                    Bound::Maybe
                } else {
                    bound
                };
                v.readonly |= readonly;
            }
            None => {
                let v = Var {
                    name: name.into(),
                    kind,
                    bound: if maybe && bound == Bound::Yes {
                        Bound::Maybe
                    } else {
                        bound
                    },
                    readonly,
                };
                self.add_var(target, v);
            }
        }
    }

    /// Adds the binding `v` to level `level`, keeping the flags of [`Scope`] true whenever
    /// a name is bound twice in one scope (`dups`) or in this and a lower scope
    /// (`shadows`, on the upper of the two).
    fn add_var(&mut self, level: usize, v: Var) {
        self.changed(level);
        let name: &str = &v.name;
        let (below, rest) = self.stack.split_at_mut(level);
        let (here, above) = rest.split_first_mut().expect("level on the stack");
        here.dups |= here.local(name).is_some();
        here.shadows |= below.iter().any(|s| s.local(name).is_some());
        for s in above {
            s.shadows |= s.local(name).is_some();
        }
        here.vars.push(v);
    }

    /// Sets the bound state of the binding `name` resolves to now (loop targets, `del`).
    pub fn set_bound(&mut self, name: &str, bound: Bound) {
        if let Res::Scope(i) = self.resolve(name) {
            self.changed(i);
            if let Some(v) = self.stack[i].local_mut(name) {
                v.bound = bound;
            }
        }
    }

    /// Binds a name in the top scope itself (lambda/comprehension parameters).
    pub fn bind_top(&mut self, name: &str, kind: Kind, readonly: bool) {
        let top = self.stack.len() - 1;
        let v = Var {
            name: name.into(),
            kind,
            bound: Bound::Yes,
            readonly,
        };
        self.add_var(top, v);
    }

    /// Marks `name` (as resolved now) unbound after `del` or the end of an `except` block.
    pub fn unbind(&mut self, name: &str) {
        self.set_bound(name, Bound::No);
    }

    /// Declares `name` `global` in the top scope; a name the module does not bind yet is
    /// added there as a maybe-bound int.
    pub fn declare_global(&mut self, name: &str) {
        let top = self.stack.len() - 1;
        self.changed(0);
        self.stack[top].globals.push(name.to_string());
        if self.stack[0].local(name).is_none() {
            let v = Var {
                name: name.into(),
                kind: Kind::Int,
                bound: Bound::Maybe,
                readonly: false,
            };
            self.add_var(0, v);
        }
    }

    /// Declares `name` `nonlocal` in the top scope.
    pub fn declare_nonlocal(&mut self, name: &str) {
        let top = self.stack.len() - 1;
        self.changed(top);
        self.stack[top].nonlocals.push(name.to_string());
    }

    /// What is visible from the top scope (cached until a change the view can see).
    pub fn view(&self) -> &View {
        self.view_at(self.stack.len() - 1)
    }

    /// The view from level `level` as if it were the top.
    fn view_at(&self, level: usize) -> &View {
        self.views[level].get_or_init(|| self.compute_view(level))
    }

    /// Every name visible from the top scope with the binding it resolves to: each name
    /// once, the innermost scope's names first (not cached: rarely needed).
    pub fn visible(&self) -> Vec<Var> {
        self.all_from(self.stack.len() - 1)
    }

    /// [`Scopes::visible`] from level `level`. A name that no scope up to `level` declares
    /// resolves to its innermost binding, found without a lookup.
    fn all_from(&self, level: usize) -> Vec<Var> {
        let scopes = &self.stack[..=level];
        let declared = |name: &str| scopes.iter().any(|s| s.declares(name));
        let mut seen = NameSet::with_capacity(scopes.iter().map(|s| s.vars.len()).sum());
        let mut all: Vec<Var> = Vec::new();
        for s in scopes.iter().rev() {
            for v in &s.vars {
                if !seen.insert(&v.name) {
                    continue;
                }
                if !declared(&v.name) {
                    all.push(v.clone());
                } else if let Some(r) = self.lookup_from(level, &v.name) {
                    all.push(r.clone());
                }
            }
        }
        all
    }

    /// The view from `level`. A name this level does not bind resolves as from the parent
    /// level (a name declared `global` here too, unless some enclosing function binds it:
    /// then the view is computed in full, [`Scopes::all_from`]), so the view is this
    /// level's own names followed by the parent level's view less the names this level
    /// binds (the parent's view is cached too, and usually still valid: most changes
    /// happen at the top). The flags of [`Scope`] say when there is nothing to remove
    /// (`shadows`) or to deduplicate (`dups`).
    fn compute_view(&self, level: usize) -> View {
        let own = &self.stack[level];
        let full = if level == 0 {
            own.dups || !own.globals.is_empty() || !own.nonlocals.is_empty()
        } else {
            // A name declared `global` here and bound in an enclosing function resolves
            // differently here and in the parent level.
            own.globals
                .iter()
                .any(|g| self.stack[1..level].iter().any(|s| s.local(g).is_some()))
        };
        let mut out = Lists::default();
        if full {
            for v in &self.all_from(level) {
                out.add(v);
            }
            return out.finish();
        }
        if level == 0 {
            for v in &own.vars {
                out.add(v);
            }
            return out.finish();
        }
        let parent = self.view_at(level - 1);
        // Adds what a name bound here resolves to: this binding, unless declared here
        // (then the module's binding, or what it resolves to from the parent level).
        let plain = own.globals.is_empty() && own.nonlocals.is_empty();
        let add_own = |out: &mut Lists, v: &Var| {
            if plain || !own.declares(&v.name) {
                out.add(v);
            } else if own.globals.iter().any(|g| same(g, &v.name)) {
                if let Some(r) = self.stack[0].local(&v.name) {
                    out.add(r);
                }
            } else if let Some(r) = self.lookup_from(level - 1, &v.name) {
                out.add(r);
            }
        };
        if !own.dups && !own.shadows {
            for v in &own.vars {
                add_own(&mut out, v);
            }
            out.add_view(parent, |_| true);
            return out.finish();
        }
        let mut own_names = NameSet::with_capacity(own.vars.len());
        for v in &own.vars {
            if own_names.insert(&v.name) {
                add_own(&mut out, v);
            }
        }
        out.add_view(parent, |v| !own_names.contains(&v.name));
        out.finish()
    }

    /// CPython's static `nonlocal` rule, for a `def` scope at the top of the stack.
    pub fn nonlocal_ok(&self, name: &str) -> bool {
        let top = self.stack.len() - 1;
        for i in (0..top).rev() {
            let e = &self.stack[i];
            match e.kind {
                ScopeKind::Module => return false,
                _ if e.globals.iter().any(|g| same(g, name)) => return false,
                _ if e.nonlocals.iter().any(|g| same(g, name)) => continue,
                _ if e.local(name).is_some() => return true,
                _ => continue,
            }
        }
        false
    }
}

impl Default for Scopes {
    fn default() -> Scopes {
        Scopes::new()
    }
}
