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
    pub name: std::rc::Rc<str>,
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

/// One scope of the stack.
#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub vars: Vec<Var>,
    pub globals: Vec<String>,
    pub nonlocals: Vec<String>,
    /// Names read here (or in a nested scope) that resolve outside this scope.
    pub read_outer: Vec<String>,
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

    pub fn local(&self, name: &str) -> Option<&Var> {
        self.vars.iter().find(|v| same(&v.name, name))
    }

    fn local_mut(&mut self, name: &str) -> Option<&mut Var> {
        self.vars.iter_mut().find(|v| same(&v.name, name))
    }

    fn declares(&self, name: &str) -> bool {
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

/// The scope stack.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    pub stack: Vec<Scope>,
}

impl Scopes {
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
        match self.resolve(name) {
            Res::Scope(i) => self.stack[i].local(name),
            Res::Unbound => None,
        }
    }

    /// Records a read of `name` from the top scope in every scope it passes through.
    pub fn note_read(&mut self, name: &str) {
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
            None => s.vars.push(Var {
                name: name.into(),
                kind,
                bound: if maybe && bound == Bound::Yes {
                    Bound::Maybe
                } else {
                    bound
                },
                readonly,
            }),
        }
    }

    /// Sets the bound state of the binding `name` resolves to now (loop targets).
    pub fn set_bound(&mut self, name: &str, bound: Bound) {
        if let Res::Scope(i) = self.resolve(name) {
            if let Some(v) = self.stack[i].local_mut(name) {
                v.bound = bound;
            }
        }
    }

    /// Binds a name in the top scope itself (lambda/comprehension parameters).
    pub fn bind_top(&mut self, name: &str, kind: Kind, readonly: bool) {
        self.top_mut().vars.push(Var {
            name: name.into(),
            kind,
            bound: Bound::Yes,
            readonly,
        });
    }

    /// Marks `name` (as resolved now) unbound after `del` or the end of an `except` block.
    pub fn unbind(&mut self, name: &str) {
        if let Res::Scope(i) = self.resolve(name) {
            if let Some(v) = self.stack[i].local_mut(name) {
                v.bound = Bound::No;
            }
        }
    }

    /// Every name visible from the top scope with the binding it resolves to.
    pub fn visible(&self) -> Vec<Var> {
        self.visible_where(|_| true)
    }

    /// [`Scopes::visible`], keeping only the bindings `keep` accepts (without cloning the
    /// others).
    pub fn visible_where(&self, keep: impl Fn(&Var) -> bool) -> Vec<Var> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for s in self.stack.iter().rev() {
            for v in &s.vars {
                if seen.iter().any(|n| same(n, &v.name)) {
                    continue;
                }
                seen.push(&v.name);
                if let Some(r) = self.lookup(&v.name).filter(|r| keep(r)) {
                    out.push(r.clone());
                }
            }
        }
        out
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
