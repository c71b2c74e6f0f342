//! The builder: the input, the configuration, the text being written, the scope stack and
//! the callables defined so far, with the small helpers every construct uses.
//!
//! Invariants:
//! - Every choice is drawn from the `Unstructured` input; nothing else is random, so the
//!   same bytes always give the same program.
//! - Recursion of the builder is bounded by the configuration: `def`/lambda nesting by
//!   `max_def_depth`, blocks by `max_block_depth`, expressions by `max_expr_depth`, and the
//!   number of statements by `max_total_stmts` ([`Builder::stmts_left`]).
//! - Costs: every statement charges work units to its cost root (the enclosing function,
//!   stored lambda or the module), multiplied by the iterations of the loops around it;
//!   a call charges the callee's cost. Nothing is generated that would push a root past
//!   `max_cost`, so every program finishes in milliseconds (recursion included: its depth
//!   is a literal bounded by the callable's `count_max`).

use arbitrary::{Result, Unstructured};

use super::config::GenConfig;
use super::render::Out;
use std::borrow::Cow;
use std::rc::Rc;

use super::scope::{Kind, Scope, ScopeKind, Scopes, Var};

/// `a + b + ...` for pieces of text ([`Piece`]: strings and integers), with one
/// allocation of the exact size: the same text as `format!` with only `{}` arguments,
/// without the formatting machinery.
macro_rules! cat {
    ($($s:expr),+ $(,)?) => {
        $crate::gen::builder::concat(&[$($crate::gen::builder::Piece::piece(&$s)),+])
    };
}
pub(crate) use cat;

/// The pieces of [`cat!`] joined.
pub fn concat(parts: &[Cow<'_, str>]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// A piece of [`cat!`]: its text as `Display` shows it.
pub trait Piece {
    fn piece(&self) -> Cow<'_, str>;
}

impl Piece for str {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Piece for String {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Piece for Rc<str> {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn piece(&self) -> Cow<'_, str> {
        (**self).piece()
    }
}

impl Piece for i64 {
    fn piece(&self) -> Cow<'_, str> {
        Cow::Owned(small_int(*self))
    }
}

macro_rules! display_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn piece(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_piece!(u8, u32, u64, usize, i32);

/// `n` as decimal text (the small numbers generated most are not formatted).
pub fn small_int(n: i64) -> String {
    const SMALL: [&str; 15] = [
        "-2", "-1", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
    ];
    match usize::try_from(n.saturating_add(2)) {
        Ok(i) if i < SMALL.len() => SMALL[i].to_string(),
        _ => n.to_string(),
    }
}

/// One parameter of a generated function.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub kind: Kind,
    /// Default value (source text), if any.
    pub default: Option<String>,
}

/// A generated function's signature.
#[derive(Clone, Debug, Default)]
pub struct Sig {
    pub posonly: Vec<Param>,
    pub normal: Vec<Param>,
    pub varargs: Option<String>,
    pub kwonly: Vec<Param>,
    pub varkw: Option<String>,
}

impl Sig {
    /// The parameter list as source text (without parentheses).
    pub fn render(&self) -> String {
        let p = |p: &Param| match &p.default {
            Some(d) => cat!(p.name, "=", d),
            None => p.name.clone(),
        };
        let mut parts: Vec<String> = self.posonly.iter().map(p).collect();
        if !self.posonly.is_empty() {
            parts.push("/".into());
        }
        parts.extend(self.normal.iter().map(p));
        match &self.varargs {
            Some(v) => parts.push(cat!("*", v)),
            None if !self.kwonly.is_empty() => parts.push("*".into()),
            None => {}
        }
        parts.extend(self.kwonly.iter().map(p));
        if let Some(k) = &self.varkw {
            parts.push(cat!("**", k));
        }
        parts.join(", ")
    }

    pub fn positional(&self) -> impl Iterator<Item = &Param> {
        self.posonly.iter().chain(self.normal.iter())
    }
}

/// A function, lambda or generator function defined by the program.
#[derive(Clone, Debug)]
pub struct Callable {
    pub sig: Sig,
    /// Work units of one call.
    pub cost: u64,
    /// What a call returns.
    pub ret: Kind,
    pub is_gen: bool,
    /// A parameter that must get a small literal (recursion depth, generator length).
    pub count_param: Option<String>,
    pub count_max: i64,
}

/// The state of one generation.
pub struct Builder<'a, 'b> {
    pub u: &'a mut Unstructured<'b>,
    pub cfg: GenConfig,
    pub out: Out,
    pub sc: Scopes,
    pub callables: Vec<Callable>,
    next_name: usize,
    pub stmts_left: usize,
    pub def_depth: usize,
    pub expr_depth: usize,
    pub intended_syntax_error: bool,
    /// The `show_stack` helper is defined in the prologue.
    pub has_stack_helper: bool,
    /// `import inspect` is in the prologue.
    pub has_inspect: bool,
    /// The `as` names of the enclosing `except` handlers, innermost last.
    pub handler_vars: Vec<String>,
}

/// Builtins the program may shadow; the observation helpers never use these.
pub const SHADOWABLE: &[&str] = &["abs", "max", "min", "sum", "any", "all", "pow", "round"];

impl<'a, 'b> Builder<'a, 'b> {
    pub fn new(u: &'a mut Unstructured<'b>, cfg: GenConfig) -> Builder<'a, 'b> {
        let stmts_left = cfg.max_total_stmts;
        Builder {
            u,
            cfg,
            out: Out::default(),
            sc: Scopes::new(),
            callables: Vec::new(),
            next_name: 0,
            stmts_left,
            def_depth: 0,
            expr_depth: 0,
            intended_syntax_error: false,
            has_stack_helper: false,
            has_inspect: false,
            handler_vars: Vec::new(),
        }
    }

    /// A name never used before: `<prefix><n>`.
    pub fn fresh(&mut self, prefix: &str) -> String {
        self.next_name += 1;
        cat!(prefix, self.next_name)
    }

    pub fn chance(&mut self, num: u8, den: u8) -> Result<bool> {
        self.u.ratio(num, den)
    }

    pub fn int(&mut self, lo: i64, hi: i64) -> Result<i64> {
        self.u.int_in_range(lo..=hi)
    }

    pub fn index(&mut self, len: usize) -> Result<usize> {
        if len <= 1 {
            return Ok(0);
        }
        self.u.choose_index(len)
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> Result<T> {
        let i = self.index(items.len())?;
        Ok(items[i].clone())
    }

    /// Index of the cost root of the top scope.
    fn root(&self) -> usize {
        let s = self.sc.scopes();
        (0..s.len()).rev().find(|&i| s[i].cost_root).unwrap_or(0)
    }

    /// Product of loop iterations between the top scope and its cost root.
    pub fn mult(&self) -> u64 {
        let r = self.root();
        self.sc.scopes()[r..]
            .iter()
            .fold(1u64, |m, s| m.saturating_mul(s.mult))
    }

    /// Whether `units` more (times the loops around) still fit the budget.
    pub fn room(&self, units: u64) -> bool {
        let r = self.root();
        let cost = self.sc.get(r).cost;
        cost.saturating_add(units.saturating_mul(self.mult())) <= self.cfg.max_cost
    }

    /// Charges `units` (times the loops around) to the cost root.
    pub fn charge(&mut self, units: u64) {
        let m = self.mult();
        let r = self.root();
        let s = self.sc.get_mut(r);
        s.cost = s.cost.saturating_add(units.saturating_mul(m));
    }

    /// Visible, surely bound ints (innermost scope's first; see [`Scopes::view`]).
    pub fn readable_ints(&self) -> Rc<Vec<Var>> {
        self.sc.view().ints.clone()
    }

    /// Visible, surely bound lists.
    pub fn readable_lists(&self) -> Rc<Vec<Var>> {
        self.sc.view().lists.clone()
    }

    /// Visible, surely bound callables.
    pub fn readable_funcs(&self) -> Rc<Vec<Var>> {
        self.sc.view().funcs.clone()
    }

    /// Whether the callable `v` (generator functions if `gen`) may be called: its call
    /// fits the budget.
    pub fn callable_ok(&self, v: &Var, gen: bool) -> bool {
        match v.kind {
            Kind::Func(id) => {
                let c = &self.callables[id];
                c.is_gen == gen && self.room(c.cost + 1)
            }
            _ => false,
        }
    }

    /// Names of visible, surely bound callables whose call fits the budget.
    pub fn callable_vars(&self, gen: bool) -> Vec<(String, usize)> {
        self.sc
            .view()
            .funcs
            .iter()
            .filter(|v| self.callable_ok(v, gen))
            .filter_map(|v| match v.kind {
                Kind::Func(id) => Some((v.name.to_string(), id)),
                _ => None,
            })
            .collect()
    }

    /// Whether [`Builder::callable_vars`] is not empty (without building it).
    pub fn has_callable(&self, gen: bool) -> bool {
        self.sc
            .view()
            .funcs
            .iter()
            .any(|v| self.callable_ok(v, gen))
    }

    /// Reads `name` (records the read for the scope rules) and returns it.
    pub fn read(&mut self, name: &str) -> String {
        self.sc.note_read(name);
        name.to_string()
    }

    pub fn in_function(&self) -> bool {
        self.stmt_scope().kind() == ScopeKind::Function
    }

    pub fn stmt_scope(&self) -> &Scope {
        self.sc.get(self.sc.stmt_scope())
    }

    pub fn stmt_scope_mut(&mut self) -> &mut Scope {
        let i = self.sc.stmt_scope();
        self.sc.get_mut(i)
    }

    /// Opens a block (`if`, `for`, `try`, ...) in the statement scope.
    pub fn open(&mut self, header: impl Into<String>) {
        self.out.open_block(header);
        self.stmt_scope_mut().block_depth += 1;
    }

    pub fn close(&mut self) {
        self.out.close_block();
        let s = self.stmt_scope_mut();
        s.block_depth = s.block_depth.saturating_sub(1);
    }

    /// Whether another nested block fits the configuration.
    pub fn block_room(&self) -> bool {
        self.stmt_scope().block_depth < self.cfg.max_block_depth && self.stmts_left > 2
    }

    /// Variables of the statement scope that the program may assign.
    pub fn assignable_ints(&self) -> Vec<String> {
        self.sc
            .view()
            .ints
            .iter()
            .filter(|v| !v.readonly && self.sc.can_bind_visible(v))
            .map(|v| v.name.to_string())
            .collect()
    }
}
