//! Expressions: ints, lists, conditions, lambdas called in place, comprehensions and
//! generator expressions over enclosing names, and calls with right or wrong arguments.
//!
//! Invariants:
//! - Depth is bounded by `max_expr_depth` (leaves only past it).
//! - Only surely-bound names of the right kind are read, and every read is recorded in the
//!   scope model; a call is generated only when its cost fits the budget.
//! - Arithmetic stays small: `+`, `-`, and `*` by a literal; no division by a variable.
//! - Keyword arguments of one call are distinct (a repeated keyword is a SyntaxError).

use arbitrary::Result;

use super::builder::{cat, small_int, Builder, Param, SHADOWABLE};
use super::scope::{Kind, Scope, ScopeKind, Var};

/// How a call's arguments are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Right,
    Wrong,
}

impl Builder<'_, '_> {
    fn deeper<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.expr_depth += 1;
        let r = f(self);
        self.expr_depth -= 1;
        r
    }

    fn leaf(&self) -> bool {
        self.expr_depth >= self.cfg.max_expr_depth
    }

    pub fn literal(&mut self) -> Result<String> {
        Ok(small_int(self.int(-2, 12)?))
    }

    /// An int-valued expression.
    pub fn int_expr(&mut self) -> Result<String> {
        self.deeper(|b| b.int_expr_inner())
    }

    fn int_expr_inner(&mut self) -> Result<String> {
        let view = self.sc.view();
        let (ints, lists, funcs) = (view.ints.clone(), view.lists.clone(), view.funcs.clone());
        // Callables returning an int whose call fits: counted here, the chosen one found
        // again below (nothing in between changes the budget), so no list is built.
        let int_call = |b: &Self, v: &Var| {
            b.callable_ok(v, false)
                && matches!(v.kind, Kind::Func(id) if b.callables[id].ret == Kind::Int)
        };
        let leaf = self.leaf();
        let calls = if leaf {
            0
        } else {
            funcs.iter().filter(|v| int_call(self, v)).count()
        };
        // The choices, with repeats as weights (at most 15; no allocation per expression).
        let mut opts = [0u8; 16];
        let mut n = 1;
        let mut add = |more: &[u8]| {
            opts[n..n + more.len()].copy_from_slice(more);
            n += more.len();
        };
        if !ints.is_empty() {
            add(&[1, 1, 1]);
        }
        if !leaf {
            add(&[2, 2, 3, 4, 5]);
            if !lists.is_empty() {
                add(&[6, 10]);
            }
            if calls > 0 {
                add(&[7, 7]);
            }
            if self.cfg.lambdas_enabled && self.def_depth < self.cfg.max_def_depth {
                add(&[8]);
            }
            if self.cfg.comprehensions_enabled && self.room(self.cfg.max_loop_iters as u64) {
                add(&[9]);
            }
        }
        match self.pick(&opts[..n])? {
            1 => {
                let v = self.pick(&ints)?;
                Ok(self.read(&v.name))
            }
            2 => {
                let a = self.int_expr()?;
                let b = self.int_expr()?;
                let op = self.pick(&["+", "-"])?;
                Ok(cat!("(", a, " ", op, " ", b, ")"))
            }
            3 => {
                let a = self.int_expr()?;
                let k = self.int(2, 3)?;
                Ok(cat!(a, " * ", small_int(k)))
            }
            4 => {
                let c = self.cond_expr()?;
                let a = self.int_expr()?;
                let b = self.int_expr()?;
                Ok(cat!("(", a, " if ", c, " else ", b, ")"))
            }
            5 => {
                let f = self.pick(&SHADOWABLE[..3])?;
                let f = self.read(f);
                let a = self.int_expr()?;
                if f == "abs" {
                    Ok(cat!("abs(", a, ")"))
                } else {
                    let b = self.int_expr()?;
                    Ok(cat!(f, "(", a, ", ", b, ")"))
                }
            }
            6 => {
                let l = self.pick(&lists)?;
                Ok(cat!("len(", self.read(&l.name), ")"))
            }
            10 => {
                let l = self.pick(&lists)?;
                let n = self.read(&l.name);
                let d = self.literal()?;
                Ok(cat!("(", n, "[-1] if ", n, " else ", d, ")"))
            }
            7 => {
                let k = self.index(calls)?;
                let f = funcs.iter().filter(|v| int_call(self, v)).nth(k);
                match f {
                    Some(Var {
                        name,
                        kind: Kind::Func(id),
                        ..
                    }) => self.call_text(name, *id, Arity::Right),
                    // Not reached: option 7 is offered only when `calls > 0`.
                    _ => self.literal(),
                }
            }
            8 => self.lambda_called(),
            9 => self.comprehension_sum(),
            _ => self.literal(),
        }
    }

    /// A condition.
    pub fn cond_expr(&mut self) -> Result<String> {
        self.deeper(|b| {
            let lists = b.readable_lists();
            let n = if lists.is_empty() { 4 } else { 6 };
            match b.index(n)? {
                0 => {
                    let a = b.int_expr()?;
                    let c = b.int_expr()?;
                    let op = b.pick(&["<", "<=", "==", "!=", ">"])?;
                    Ok(cat!(a, " ", op, " ", c))
                }
                1 => Ok(cat!("not ", b.int_expr()?)),
                2 => {
                    let a = b.int_expr()?;
                    let c = b.int_expr()?;
                    let d = b.int_expr()?;
                    Ok(cat!(a, " < ", c, " <= ", d))
                }
                3 => {
                    let a = b.int_expr()?;
                    let k = b.literal()?;
                    Ok(cat!(a, " >= ", k))
                }
                4 => {
                    let l = b.pick(&lists)?;
                    Ok(b.read(&l.name))
                }
                _ => {
                    let l = b.pick(&lists)?;
                    let a = b.int_expr()?;
                    let l = b.read(&l.name);
                    Ok(cat!(a, " in ", l))
                }
            }
        })
    }

    /// A list-valued expression.
    pub fn list_expr(&mut self) -> Result<String> {
        self.deeper(|b| {
            let lists = b.readable_lists();
            let mut opts = vec![0u8, 1];
            if !lists.is_empty() {
                opts.push(2);
            }
            if b.cfg.comprehensions_enabled && !b.leaf() && b.room(b.cfg.max_loop_iters as u64) {
                opts.push(3);
            }
            match b.pick(&opts)? {
                0 => Ok("[]".into()),
                1 => {
                    let n = b.int(1, 3)?;
                    let mut items = Vec::new();
                    for _ in 0..n {
                        items.push(b.int_expr()?);
                    }
                    Ok(cat!("[", items.join(", "), "]"))
                }
                2 => {
                    let l = b.pick(&lists)?;
                    let k = b.int(1, 3)?;
                    Ok(cat!(b.read(&l.name), "[:", small_int(k), "]"))
                }
                _ => b.comprehension("[", "]"),
            }
        })
    }

    /// `(lambda q: <expr>)(<arg>)`: a lambda scope read in place.
    fn lambda_called(&mut self) -> Result<String> {
        let arg = self.int_expr()?;
        let q = self.fresh("q");
        self.def_depth += 1;
        self.sc.push(Scope::new(ScopeKind::Lambda, false));
        self.sc.bind_top(&q, Kind::Int, true);
        let body = self.int_expr();
        self.sc.pop();
        self.def_depth -= 1;
        Ok(cat!("(lambda ", q, ": ", body?, ")(", arg, ")"))
    }

    /// `sum(<genexpr>)` or `len(<listcomp>)` over a range.
    fn comprehension_sum(&mut self) -> Result<String> {
        if self.chance(1, 2)? {
            let c = self.comprehension("(", ")")?;
            Ok(cat!("sum", c))
        } else {
            let c = self.comprehension("[", "]")?;
            Ok(cat!("len(", c, ")"))
        }
    }

    /// `<open><elt> for q in range(k) [if cond]<close>`; the iterable is evaluated
    /// outside the comprehension scope (as in CPython), the rest inside.
    pub fn comprehension(&mut self, open: &str, close: &str) -> Result<String> {
        let k = self.int(0, self.cfg.max_loop_iters as i64)?;
        let q = self.fresh("q");
        let mut scope = Scope::new(ScopeKind::Comprehension, false);
        scope.mult = k.max(1) as u64;
        self.sc.push(scope);
        self.sc.bind_top(&q, Kind::Int, true);
        let r = (|| -> Result<String> {
            let elt = if open == "{" && self.chance(1, 2)? {
                cat!(q, ": ", self.int_expr()?)
            } else {
                self.int_expr()?
            };
            let cond = if self.chance(1, 3)? {
                cat!(" if ", self.cond_expr()?)
            } else {
                String::new()
            };
            Ok(cat!(
                open,
                elt,
                " for ",
                q,
                " in range(",
                small_int(k),
                ")",
                cond,
                close
            ))
        })();
        self.sc.pop();
        r
    }

    fn param_value(&mut self, c_count: &Option<String>, max: i64, p: &Param) -> Result<String> {
        if c_count.as_deref() == Some(p.name.as_str()) {
            return Ok(small_int(self.int(0, max)?));
        }
        match p.kind {
            Kind::List => self.list_expr(),
            _ => self.int_expr(),
        }
    }

    /// `name(args)`; charges the callee's cost.
    pub fn call_text(&mut self, name: &str, id: usize, arity: Arity) -> Result<String> {
        let c = self.callables[id].clone();
        self.charge(c.cost + 1);
        let callee = self.read(name);
        let positional: Vec<Param> = c.sig.positional().cloned().collect();
        let n_posonly = c.sig.posonly.len();
        let required_pos = positional.iter().filter(|p| p.default.is_none()).count();
        let min_pos = c.sig.posonly.iter().filter(|p| p.default.is_none()).count();
        let npos = self.int(min_pos as i64, positional.len() as i64)? as usize;
        let mut pos: Vec<String> = Vec::new();
        let mut kw: Vec<(String, String)> = Vec::new();
        for p in &positional[..npos] {
            pos.push(self.param_value(&c.count_param, c.count_max, p)?);
        }
        for p in &positional[npos..] {
            if p.default.is_none() || self.chance(1, 3)? {
                let v = self.param_value(&c.count_param, c.count_max, p)?;
                kw.push((p.name.clone(), v));
            }
        }
        if c.sig.varargs.is_some() && npos == positional.len() {
            for _ in 0..self.int(0, 2)? {
                pos.push(self.int_expr()?);
            }
        }
        for p in &c.sig.kwonly {
            if p.default.is_none() || self.chance(1, 3)? {
                let v = self.param_value(&c.count_param, c.count_max, p)?;
                kw.push((p.name.clone(), v));
            }
        }
        if c.sig.varkw.is_some() && self.chance(1, 3)? {
            let k = self.fresh("k");
            kw.push((k, self.int_expr()?));
        }
        if arity == Arity::Wrong {
            let mut muts: Vec<u8> = Vec::new();
            if required_pos > 0 || c.sig.kwonly.iter().any(|p| p.default.is_none()) {
                muts.push(0);
            }
            if c.sig.varargs.is_none() {
                muts.push(1);
            }
            if c.sig.varkw.is_none() {
                muts.push(2);
            }
            if npos > n_posonly {
                muts.push(3);
            }
            if n_posonly > 0 && c.sig.varkw.is_none() {
                muts.push(4);
            }
            // Always possible: unpacking a non-iterable.
            muts.push(5);
            match self.pick(&muts)? {
                0 => {
                    if !kw.is_empty() && (pos.is_empty() || self.chance(1, 2)?) {
                        kw.remove(0);
                    } else if !pos.is_empty() {
                        pos.pop();
                    }
                }
                1 => {
                    for _ in npos..positional.len() {
                        pos.push(self.literal()?);
                    }
                    kw.retain(|(k, _)| !positional.iter().any(|p| &p.name == k));
                    pos.push(self.literal()?);
                }
                2 => {
                    let k = self.fresh("bad");
                    kw.push((k, self.literal()?));
                }
                3 => {
                    let p = &positional[n_posonly];
                    kw.retain(|(k, _)| k != &p.name);
                    kw.push((p.name.clone(), self.literal()?));
                }
                4 => {
                    let p = c.sig.posonly[0].clone();
                    kw.push((p.name, self.literal()?));
                }
                _ => {
                    let k = self.literal()?;
                    let mut seen: Vec<&String> = Vec::new();
                    let rest: Vec<String> = kw
                        .iter()
                        .filter(|(k, _)| {
                            let dup = seen.contains(&k);
                            seen.push(k);
                            !dup
                        })
                        .map(|(k, v)| cat!(k, "=", v))
                        .collect();
                    let mut parts = pos;
                    parts.push(cat!("*", k));
                    parts.extend(rest);
                    return Ok(cat!(callee, "(", parts.join(", "), ")"));
                }
            }
        }
        // A keyword given twice is a SyntaxError: keep the first of each name.
        let mut seen: Vec<String> = Vec::new();
        kw.retain(|(k, _)| {
            let dup = seen.contains(k);
            seen.push(k.clone());
            !dup
        });
        let mut parts: Vec<String> = Vec::new();
        if pos.len() >= 2 && self.chance(1, 6)? {
            parts.push(cat!("*[", pos.join(", "), "]"));
        } else {
            parts.extend(pos);
        }
        if kw.len() >= 2 && self.chance(1, 6)? {
            let items: Vec<String> = kw.iter().map(|(k, v)| cat!("'", k, "': ", v)).collect();
            parts.push(cat!("**{", items.join(", "), "}"));
        } else {
            parts.extend(kw.into_iter().map(|(k, v)| cat!(k, "=", v)));
        }
        Ok(cat!(callee, "(", parts.join(", "), ")"))
    }
}
