//! Compound statements: `def` (plain and generator functions, with `global`/`nonlocal`
//! declarations and every parameter kind), `if`, `for`, `while`, `try`.
//!
//! Invariants:
//! - `global`/`nonlocal` declarations are the first statements of a body, name only
//!   existing module-level names (global) or names that pass CPython's static rule
//!   (nonlocal), and never a parameter: no unintended SyntaxError.
//! - Parameters with defaults form a suffix of the positional parameters; a bare `*`
//!   appears only before keyword-only parameters; names are fresh, so never duplicated.
//! - Loops are bounded: `for` over `range(k)`, a short list or a slice; `while` over a
//!   read-only counter incremented first in the body (so `continue` cannot skip it).

use arbitrary::Result;

use super::builder::{cat, Builder, Param, Sig};
use super::expr::Arity;
use super::scope::{Bound, Kind, ScopeKind};

impl Builder<'_, '_> {
    /// A default value, evaluated in the current scope at definition time.
    fn default_value(&mut self) -> Result<(String, Kind)> {
        match self.index(4)? {
            0 => Ok(("[]".into(), Kind::List)),
            1 => {
                let ints = self.readable_ints();
                if ints.is_empty() {
                    Ok((self.literal()?, Kind::Int))
                } else {
                    let v = self.pick(&ints)?;
                    Ok((self.read(&v.name), Kind::Int))
                }
            }
            _ => Ok((self.literal()?, Kind::Int)),
        }
    }

    /// A signature per the configuration. `count`: the first parameter is a required
    /// read-only count (recursion depth, generator length).
    pub fn signature(&mut self, count: bool, lambda: bool) -> Result<Sig> {
        let mut sig = Sig::default();
        if count {
            let n = self.fresh("n");
            sig.normal.push(Param {
                name: n,
                kind: Kind::Int,
                default: None,
            });
        }
        let max = if lambda {
            self.cfg.max_params.min(2)
        } else {
            self.cfg.max_params
        };
        let n = self.int(0, max as i64)?;
        for _ in 0..n {
            let name = self.fresh("p");
            let kind = if self.chance(1, 6)? {
                Kind::List
            } else {
                Kind::Int
            };
            let p = Param {
                name,
                kind,
                default: None,
            };
            let slot = self.index(4)?;
            if slot == 0 && self.cfg.posonly_enabled && !count {
                sig.posonly.push(p);
            } else if slot == 1 && self.cfg.kwonly_enabled {
                sig.kwonly.push(p);
            } else {
                sig.normal.push(p);
            }
        }
        if self.cfg.defaults_enabled {
            let npos = sig.posonly.len() + sig.normal.len();
            let first_fixed = usize::from(count);
            let ndef = self.int(0, (npos - first_fixed.min(npos)) as i64)? as usize;
            for i in npos - ndef..npos {
                let (d, kind) = self.default_value()?;
                let p = if i < sig.posonly.len() {
                    &mut sig.posonly[i]
                } else {
                    let j = i - sig.posonly.len();
                    &mut sig.normal[j]
                };
                p.default = Some(d);
                p.kind = kind;
            }
            for i in 0..sig.kwonly.len() {
                if self.chance(1, 2)? {
                    let (d, kind) = self.default_value()?;
                    sig.kwonly[i].default = Some(d);
                    sig.kwonly[i].kind = kind;
                }
            }
        }
        if self.cfg.star_params_enabled {
            if self.chance(1, 4)? {
                sig.varargs = Some(self.fresh("args"));
            }
            if self.chance(1, 4)? {
                sig.varkw = Some(self.fresh("kw"));
            }
        }
        Ok(sig)
    }

    /// `global`/`nonlocal` declarations at the top of a new function body.
    fn declarations(&mut self) -> Result<()> {
        if self.cfg.globals_enabled && self.chance(1, 3)? {
            let module: Vec<String> = self
                .sc
                .get(0)
                .vars()
                .iter()
                .filter(|v| v.kind == Kind::Int && !v.readonly)
                .map(|v| v.name.to_string())
                .collect();
            let name = if !module.is_empty() && self.chance(2, 3)? {
                self.pick(&module)?
            } else {
                self.fresh("g")
            };
            self.out.line(cat!("global ", name));
            self.sc.declare_global(&name);
        }
        if self.cfg.nonlocals_enabled && self.def_depth >= 2 && self.chance(1, 2)? {
            let top = self.sc.top();
            let cands: Vec<String> = self
                .sc
                .visible()
                .into_iter()
                .filter(|v| v.kind == Kind::Int && !v.readonly)
                .filter(|v| top.local(&v.name).is_none())
                .filter(|v| !top.globals().iter().any(|g| **g == *v.name))
                .filter(|v| self.sc.nonlocal_ok(&v.name))
                .map(|v| v.name.to_string())
                .collect();
            if !cands.is_empty() {
                let name = self.pick(&cands)?;
                self.out.line(cat!("nonlocal ", name));
                self.sc.declare_nonlocal(&name);
            }
        }
        Ok(())
    }

    /// The name a new `def` binds: always fresh. (A `def` named like a builtin could
    /// call, through other functions, code that calls that builtin: unbounded recursion.)
    fn def_name(&mut self, prefix: &str) -> Result<String> {
        Ok(self.fresh(prefix))
    }

    /// After a definition, call it right away (so its body runs) when the draw says so.
    fn maybe_call_now(&mut self, name: &str, id: usize) -> Result<()> {
        if self.callables[id].is_gen || !self.room(self.callables[id].cost + 1) {
            return Ok(());
        }
        if self.chance(1, 2)? {
            let t = self.call_text(name, id, Arity::Right)?;
            self.out.line(cat!("print('R', ", t, ")"));
        }
        Ok(())
    }
}

/// A nested-able `def` with a generated body, maybe returning an inner closure.
pub fn def_function(b: &mut Builder<'_, '_>) -> Result<()> {
    let name = b.def_name("f")?;
    let sig = b.signature(false, false)?;
    b.out
        .open_block(cat!("def ", name, "(", sig.render(), "):"));
    let id = b.push_function(ScopeKind::Function, &sig, false, None);
    let r = (|| -> Result<Kind> {
        b.declarations()?;
        b.block_body()?;
        let inner: Vec<(String, usize)> =
            b.sc.top()
                .vars()
                .iter()
                .filter(|v| v.bound == Bound::Yes)
                .filter_map(|v| match v.kind {
                    Kind::Func(i) if !b.callables[i].is_gen => Some((v.name.to_string(), i)),
                    _ => None,
                })
                .collect();
        if !inner.is_empty() && b.cfg.closures_enabled && b.chance(1, 2)? {
            let (n, i) = b.pick(&inner)?;
            let n = b.read(&n);
            b.out.line(cat!("return ", n));
            Ok(Kind::Func(i))
        } else if b.chance(3, 4)? {
            let v = b.int_expr()?;
            b.out.line(cat!("return ", v));
            Ok(Kind::Int)
        } else {
            Ok(Kind::Other)
        }
    })();
    let cost = b.pop_function();
    b.out.close_block();
    let ret = r?;
    b.callables[id].cost = cost;
    b.callables[id].ret = ret;
    b.sc.bind(&name, Kind::Func(id), Bound::Yes, false);
    b.maybe_call_now(&name, id)
}

/// A generator function: statements, a bounded `for` with `yield`, maybe in try/finally.
pub fn generator_def(b: &mut Builder<'_, '_>) -> Result<()> {
    let name = b.fresh("gen");
    let sig = b.signature(true, false)?;
    let n = sig.normal[0].name.clone();
    let count_max = b.cfg.max_loop_iters as i64;
    b.out
        .open_block(cat!("def ", name, "(", sig.render(), "):"));
    let id = b.push_function(
        ScopeKind::Function,
        &sig,
        true,
        Some((n.clone(), count_max)),
    );
    let r = (|| -> Result<()> {
        b.declarations()?;
        b.body(0, 2)?;
        let fin = b.cfg.exceptions_enabled && b.chance(1, 3)?;
        if fin {
            b.open("try:");
        }
        let i = b.fresh("i");
        b.open(cat!("for ", i, " in range(", n, "):"));
        b.sc.bind(&i, Kind::Int, Bound::Yes, false);
        b.sc.set_bound(&i, Bound::Yes);
        let s = b.stmt_scope_mut();
        s.loop_depth += 1;
        s.mult = s.mult.saturating_mul(count_max.max(1) as u64);
        b.body(0, 2)?;
        let v = b.int_expr()?;
        b.out.line(cat!("yield ", v));
        let s = b.stmt_scope_mut();
        s.loop_depth -= 1;
        s.mult = 1;
        b.close();
        b.sc.set_bound(&i, Bound::Maybe);
        if fin {
            b.close();
            b.open("finally:");
            let k = b.fresh("fin");
            b.out.line(cat!("print('GF', '", k, "')"));
            b.close();
        }
        b.body(0, 1)
    })();
    let cost = b.pop_function();
    b.out.close_block();
    r?;
    b.callables[id].cost = cost;
    b.sc.bind(&name, Kind::Func(id), Bound::Yes, false);
    Ok(())
}

pub fn if_block(b: &mut Builder<'_, '_>) -> Result<()> {
    let c = b.cond_expr()?;
    b.open(cat!("if ", c, ":"));
    let r = b.block_body();
    b.close();
    r?;
    if b.chance(1, 3)? {
        let c = b.cond_expr()?;
        b.open(cat!("elif ", c, ":"));
        let r = b.block_body();
        b.close();
        r?;
    }
    if b.chance(1, 2)? {
        b.open("else:");
        let r = b.block_body();
        b.close();
        r?;
    }
    Ok(())
}

/// The body of a loop of `n` iterations (multiplier, loop depth).
fn loop_body(b: &mut Builder<'_, '_>, n: u64) -> Result<()> {
    let s = b.stmt_scope_mut();
    let m = s.mult;
    s.mult = m.saturating_mul(n.max(1));
    s.loop_depth += 1;
    let r = b.block_body();
    let s = b.stmt_scope_mut();
    s.mult = m;
    s.loop_depth -= 1;
    r
}

pub fn for_block(b: &mut Builder<'_, '_>) -> Result<()> {
    let max = b.cfg.max_loop_iters as i64;
    let lists = b.readable_lists();
    let (iter, n) = match b.index(3)? {
        0 if !lists.is_empty() => {
            let l = b.pick(&lists)?;
            let k = b.int(1, max)?;
            (cat!(b.read(&l.name), "[:", k, "]"), k)
        }
        1 => {
            let k = b.int(1, max.min(3))?;
            let mut items = Vec::new();
            for _ in 0..k {
                items.push(b.int_expr()?);
            }
            (cat!("[", items.join(", "), "]"), k)
        }
        _ => {
            let k = b.int(0, max)?;
            (cat!("range(", k, ")"), k)
        }
    };
    let i = b.fresh("i");
    if !b.sc.can_bind(&i) {
        return Ok(());
    }
    b.open(cat!("for ", i, " in ", iter, ":"));
    b.sc.bind(&i, Kind::Int, Bound::Yes, false);
    b.sc.set_bound(&i, Bound::Yes);
    let r = loop_body(b, n as u64);
    b.close();
    b.sc.set_bound(&i, Bound::Maybe);
    r?;
    if b.chance(1, 5)? {
        b.open("else:");
        let r = b.block_body();
        b.close();
        r?;
    }
    Ok(())
}

pub fn while_block(b: &mut Builder<'_, '_>) -> Result<()> {
    let w = b.fresh("w");
    let k = b.int(0, b.cfg.max_loop_iters as i64)?;
    b.out.line(cat!(w, " = 0"));
    b.sc.bind(&w, Kind::Int, Bound::Yes, true);
    b.open(cat!("while ", w, " < ", k, ":"));
    b.out.line(cat!(w, " += 1"));
    let r = loop_body(b, k as u64);
    b.close();
    r
}

const HANDLED: &[&str] = &[
    "ValueError",
    "KeyError",
    "LookupError",
    "TypeError",
    "NameError",
    "Exception",
    "(ValueError, KeyError)",
    "ZeroDivisionError",
    "RecursionError",
    "UnboundLocalError",
    "RuntimeError",
    "AssertionError",
];

pub fn try_block(b: &mut Builder<'_, '_>) -> Result<()> {
    b.open("try:");
    b.stmt_scope_mut().in_try += 1;
    let r = b.block_body();
    b.stmt_scope_mut().in_try -= 1;
    b.close();
    r?;
    let handlers = b.int(0, 2)?;
    let finally = handlers == 0 || b.chance(1, 3)?;
    for _ in 0..handlers {
        let t = b.pick(HANDLED)?;
        let e = b.fresh("e");
        b.open(cat!("except ", t, " as ", e, ":"));
        b.sc.bind(&e, Kind::Other, Bound::Yes, false);
        b.sc.set_bound(&e, Bound::Yes);
        b.out
            .line(cat!("print('X', type(", e, ").__name__, ", e, ")"));
        b.handler_vars.push(e.clone());
        b.stmt_scope_mut().in_handler += 1;
        let r = b.body(0, 2);
        b.stmt_scope_mut().in_handler -= 1;
        b.handler_vars.pop();
        b.close();
        b.sc.set_bound(&e, Bound::No);
        r?;
    }
    if handlers > 0 && b.chance(1, 4)? {
        b.open("else:");
        let r = b.body(1, 2);
        b.close();
        r?;
    }
    if finally {
        b.open("finally:");
        let r = b.body(1, 2);
        b.close();
        r?;
    }
    Ok(())
}
