//! Simple statements: prints, assignments, calls (right and wrong arity), raise, del,
//! break/continue, return, yield, lambdas, comprehensions, shadowed builtins, deliberate
//! NameError/UnboundLocalError, `eval` of a name, driving generators.
//!
//! Invariants:
//! - A statement that raises on purpose is wrapped in `try`/`except` that prints
//!   `type(e).__name__, e`, unless uncaught exceptions are enabled and the draw says so.
//! - Names are bound only where [`super::scope::Scopes::can_bind`] allows, except the
//!   deliberate UnboundLocalError, which reads first and binds right after.

use arbitrary::Result;

use super::builder::{cat, Builder, Callable, Param, Sig, SHADOWABLE};
use super::expr::Arity;
use super::scope::{Bound, Kind, Res, Scope, ScopeKind};

/// Prefix of new variables in the current statement scope.
fn var_prefix(b: &Builder<'_, '_>) -> &'static str {
    if b.in_function() {
        "v"
    } else {
        "g"
    }
}

/// `try: <lines> except <exc> as e: print('X', type(e).__name__, e)`, or the lines
/// alone when uncaught exceptions are allowed and drawn.
pub fn guarded(b: &mut Builder<'_, '_>, exc: &str, lines: &[String]) -> Result<()> {
    let bare = b.cfg.uncaught_enabled && b.chance(1, 8)?;
    if bare {
        for l in lines {
            b.out.line(l.clone());
        }
        return Ok(());
    }
    b.out.open_block("try:");
    for l in lines {
        b.out.line(l.clone());
    }
    b.out.close_block();
    let e = b.fresh("e");
    b.out.open_block(cat!("except ", exc, " as ", e, ":"));
    b.out
        .line(cat!("print('X', type(", e, ").__name__, ", e, ")"));
    b.out.close_block();
    Ok(())
}

pub fn print_value(b: &mut Builder<'_, '_>) -> Result<()> {
    let a = b.int_expr()?;
    // Python 3.11 f-strings cannot contain their own quote character.
    if !a.contains('\'') && b.chance(1, 4)? {
        b.out.line(cat!("print(f'V {", a, "}')"));
    } else if b.chance(1, 2)? {
        let c = b.int_expr()?;
        b.out.line(cat!("print('V', ", a, ", ", c, ")"));
    } else {
        b.out.line(cat!("print('V', ", a, ")"));
    }
    Ok(())
}

pub fn assign(b: &mut Builder<'_, '_>) -> Result<()> {
    let existing = b.assignable_ints();
    let list = b.chance(1, 5)?;
    let value = if list { b.list_expr()? } else { b.int_expr()? };
    let name = if !list && !existing.is_empty() && b.chance(1, 2)? {
        b.pick(&existing)?
    } else {
        let p = var_prefix(b);
        b.fresh(p)
    };
    b.out.line(cat!(name, " = ", value));
    let kind = if list { Kind::List } else { Kind::Int };
    b.sc.bind(&name, kind, Bound::Yes, false);
    Ok(())
}

/// Int names an augmented assignment may update: the statement scope's own or declared
/// names (`x += 1` on a name read from outside would be an UnboundLocalError).
pub fn aug_targets(b: &Builder<'_, '_>) -> Vec<String> {
    let s = b.stmt_scope();
    b.assignable_ints()
        .into_iter()
        .filter(|n| {
            s.kind() == ScopeKind::Module
                || s.local(n).is_some()
                || s.globals().contains(n)
                || s.nonlocals().contains(n)
        })
        .collect()
}

pub fn aug_assign(b: &mut Builder<'_, '_>) -> Result<()> {
    let names = aug_targets(b);
    let name = b.pick(&names)?;
    let value = b.int_expr()?;
    let op = b.pick(&["+=", "-="])?;
    b.read(&name);
    b.out.line(cat!(name, " ", op, " ", value));
    Ok(())
}

pub fn list_append(b: &mut Builder<'_, '_>) -> Result<()> {
    let lists = b.readable_lists();
    let l = b.pick(&lists)?;
    let v = b.int_expr()?;
    let l = b.read(&l.name);
    b.out.line(cat!(l, ".append(", v, ")"));
    Ok(())
}

pub fn walrus(b: &mut Builder<'_, '_>) -> Result<()> {
    let v = b.int_expr()?;
    let p = var_prefix(b);
    let name = b.fresh(p);
    b.out.line(cat!("print('W', (", name, " := ", v, "))"));
    b.sc.bind(&name, Kind::Int, Bound::Yes, false);
    Ok(())
}

pub fn call(b: &mut Builder<'_, '_>) -> Result<()> {
    let calls = b.callable_vars(false);
    let (name, id) = b.pick(&calls)?;
    let text = b.call_text(&name, id, Arity::Right)?;
    let ret = b.callables[id].ret;
    match b.index(3)? {
        0 => b.out.line(cat!("print('R', ", text, ")")),
        1 if ret != Kind::Other => {
            let p = var_prefix(b);
            let v = b.fresh(p);
            b.out.line(cat!(v, " = ", text));
            b.sc.bind(&v, ret, Bound::Yes, false);
        }
        _ => b.out.line(text),
    }
    Ok(())
}

pub fn wrong_call(b: &mut Builder<'_, '_>) -> Result<()> {
    let calls = b.callable_vars(false);
    let (name, id) = b.pick(&calls)?;
    let text = if b.chance(1, 8)? {
        // Calling something that is not callable.
        let ints = b.readable_ints();
        if ints.is_empty() {
            b.call_text(&name, id, Arity::Wrong)?
        } else {
            let v = b.pick(&ints)?;
            cat!(b.read(&v.name), "()")
        }
    } else {
        b.call_text(&name, id, Arity::Wrong)?
    };
    guarded(b, "TypeError", &[cat!("print('R', ", text, ")")])
}

const EXC_TYPES: &[&str] = &[
    "ValueError",
    "KeyError",
    "IndexError",
    "RuntimeError",
    "LookupError",
    "TypeError",
];

pub fn raise(b: &mut Builder<'_, '_>) -> Result<()> {
    let handler = b.stmt_scope().in_handler > 0;
    if handler && b.chance(1, 2)? {
        match (b.index(3)?, b.handler_vars.last().cloned()) {
            (0, _) | (_, None) => b.out.line("raise"),
            (1, Some(e)) => {
                let t = b.pick(&EXC_TYPES[..4])?;
                let n = b.fresh("r");
                let e = b.read(&e);
                b.out.line(cat!("raise ", t, "('", n, "') from ", e));
            }
            _ => {
                let n = b.fresh("r");
                b.out.line(cat!("raise RuntimeError('", n, "') from None"));
            }
        }
        return Ok(());
    }
    let t = b.pick(EXC_TYPES)?;
    let line = match b.index(4)? {
        0 => cat!("raise ", t),
        1 => cat!("raise ", t, "(", b.int_expr()?, ")"),
        2 => "print('V', 1 // 0)".to_string(),
        _ => {
            let n = b.fresh("m");
            cat!("raise ", t, "('", n, "')")
        }
    };
    b.out.line(line);
    Ok(())
}

pub fn assert(b: &mut Builder<'_, '_>) -> Result<()> {
    let c = b.cond_expr()?;
    let n = b.fresh("a");
    b.out.line(cat!("assert ", c, ", '", n, "'"));
    Ok(())
}

/// Names the statement scope may `del`: its own bindings and declared names.
pub fn deletable(b: &Builder<'_, '_>) -> Vec<String> {
    let s = b.stmt_scope();
    let mut names: Vec<String> = s
        .vars()
        .iter()
        .filter(|v| v.bound == Bound::Yes && !v.readonly)
        .filter(|v| {
            !s.globals().iter().any(|g| **g == *v.name)
                && !s.nonlocals().iter().any(|g| **g == *v.name)
        })
        .filter(|v| v.kind != Kind::Other || s.kind() == ScopeKind::Function)
        .map(|v| v.name.to_string())
        .collect();
    for d in s.globals().iter().chain(s.nonlocals().iter()) {
        if b.sc
            .lookup(d)
            .is_some_and(|v| v.bound == Bound::Yes && !v.readonly)
        {
            names.push(d.clone());
        }
    }
    names.retain(|n| !["sys", "inspect", "show_stack"].contains(&n.as_str()));
    names
}

pub fn del(b: &mut Builder<'_, '_>) -> Result<()> {
    let names = deletable(b);
    let n = b.pick(&names)?;
    b.out.line(cat!("del ", n));
    b.sc.unbind(&n);
    Ok(())
}

pub fn break_continue(b: &mut Builder<'_, '_>) -> Result<()> {
    let c = b.cond_expr()?;
    let kw = b.pick(&["break", "continue"])?;
    b.out.open_block(cat!("if ", c, ":"));
    b.out.line(kw);
    b.out.close_block();
    Ok(())
}

pub fn return_stmt(b: &mut Builder<'_, '_>) -> Result<()> {
    if b.stmt_scope().is_generator && b.chance(1, 2)? {
        b.out.line("return");
    } else {
        let v = b.int_expr()?;
        b.out.line(cat!("return ", v));
    }
    Ok(())
}

pub fn yield_stmt(b: &mut Builder<'_, '_>) -> Result<()> {
    let v = b.int_expr()?;
    if b.chance(1, 3)? {
        let r = b.fresh("s");
        b.out.line(cat!(r, " = yield ", v));
        b.out.line(cat!("print('Y', ", r, ")"));
        b.sc.bind(&r, Kind::Other, Bound::Yes, false);
    } else {
        b.out.line(cat!("yield ", v));
    }
    Ok(())
}

/// `name = lambda params: expr`: a stored lambda is its own cost root.
pub fn lambda_assign(b: &mut Builder<'_, '_>) -> Result<()> {
    let sig = b.signature(false, true)?;
    let name = b.fresh("lam");
    let id = b.push_function(ScopeKind::Lambda, &sig, false, None);
    let body = b.int_expr();
    let cost = b.pop_function();
    let body = body?;
    b.callables[id].cost = cost;
    b.out
        .line(cat!(name, " = lambda ", sig.render(), ": ", body).replace("lambda : ", "lambda: "));
    b.sc.bind(&name, Kind::Func(id), Bound::Yes, false);
    Ok(())
}

pub fn comprehension_stmt(b: &mut Builder<'_, '_>) -> Result<()> {
    match b.index(4)? {
        0 => {
            let c = b.comprehension("[", "]")?;
            let p = var_prefix(b);
            let v = b.fresh(p);
            b.out.line(cat!(v, " = ", c));
            b.sc.bind(&v, Kind::List, Bound::Yes, false);
        }
        1 => {
            let c = b.comprehension("{", "}")?;
            b.out.line(cat!("print('C', sorted(", c, "))"));
        }
        2 => {
            let c = b.comprehension("(", ")")?;
            b.out.line(cat!("print('C', list", c, ")"));
        }
        _ => {
            // A dict comprehension (insertion order is deterministic).
            let k = b.int(0, b.cfg.max_loop_iters as i64)?;
            let q = b.fresh("q");
            let mut s = Scope::new(ScopeKind::Comprehension, false);
            s.mult = k.max(1) as u64;
            b.sc.push(s);
            b.sc.bind_top(&q, Kind::Int, true);
            let v = b.int_expr();
            b.sc.pop();
            b.out.line(cat!(
                "print('C', {",
                q,
                ": ",
                v?,
                " for ",
                q,
                " in range(",
                k,
                ")})"
            ));
        }
    }
    Ok(())
}

/// Shadows a builtin of [`SHADOWABLE`] with an int or a lambda in the statement scope.
pub fn shadow_builtin(b: &mut Builder<'_, '_>) -> Result<()> {
    let names: Vec<&str> = SHADOWABLE
        .iter()
        .copied()
        .filter(|n| b.sc.can_bind(n))
        .collect();
    if names.is_empty() {
        return print_value(b);
    }
    let name = b.pick(&names)?.to_string();
    if b.chance(1, 2)? {
        let v = b.literal()?;
        b.out.line(cat!(name, " = ", v));
        b.sc.bind(&name, Kind::Int, Bound::Yes, false);
    } else {
        let a = b.fresh("a");
        let sig = Sig {
            varargs: Some(a.clone()),
            ..Sig::default()
        };
        let id = b.push_function(ScopeKind::Lambda, &sig, false, None);
        // A leaf body: a shadowing lambda that called functions could recurse forever
        // through code that uses the builtin it replaces.
        let depth = std::mem::replace(&mut b.expr_depth, usize::MAX / 2);
        let body = b.int_expr();
        b.expr_depth = depth;
        let cost = b.pop_function();
        b.callables[id].cost = cost;
        b.out.line(cat!(name, " = lambda *", a, ": ", body?));
        b.sc.bind(&name, Kind::Func(id), Bound::Yes, false);
    }
    Ok(())
}

/// Int names visible from an enclosing scope that a function could still make local.
pub fn outer_ints(b: &Builder<'_, '_>) -> Vec<String> {
    if !b.in_function() {
        return Vec::new();
    }
    let i = b.sc.stmt_scope();
    b.readable_ints()
        .iter()
        .filter(|v| !v.readonly)
        .filter(|v| matches!(b.sc.resolve_from(i, &v.name), Res::Scope(j) if j != i))
        .filter(|v| {
            let s = b.sc.get(i);
            !s.globals().iter().any(|g| **g == *v.name)
                && !s.nonlocals().iter().any(|g| **g == *v.name)
                && b.sc.can_bind(&v.name)
        })
        .map(|v| v.name.to_string())
        .collect()
}

/// Reads an outer name, then assigns it: the read is an UnboundLocalError.
pub fn unbound_local(b: &mut Builder<'_, '_>) -> Result<()> {
    let names = outer_ints(b);
    let n = b.pick(&names)?;
    guarded(b, "UnboundLocalError", &[cat!("print('V', ", n, ")")])?;
    let v = b.literal()?;
    b.out.line(cat!(n, " = ", v));
    b.sc.bind(&n, Kind::Int, Bound::Yes, false);
    Ok(())
}

/// Reads a name that is not bound (never defined, or deleted).
pub fn name_error(b: &mut Builder<'_, '_>) -> Result<()> {
    let gone: Vec<String> =
        b.sc.visible()
            .into_iter()
            .filter(|v| v.bound == Bound::No)
            .map(|v| v.name.to_string())
            .collect();
    let n = if !gone.is_empty() && b.chance(2, 3)? {
        b.pick(&gone)?
    } else {
        b.fresh("undef")
    };
    b.read(&n);
    guarded(b, "NameError", &[cat!("print('V', ", n, ")")])
}

/// `eval('name')`: eval sees the frame's locals and globals, not unreferenced free names.
pub fn eval_name(b: &mut Builder<'_, '_>) -> Result<()> {
    let ints = b.readable_ints();
    let v = b.pick(&ints)?;
    guarded(b, "NameError", &[cat!("print('E', eval('", v.name, "'))")])
}

/// Runs a generator function: `for`, `list()`, or `next`/`send`/`throw`/`close`.
pub fn drive_generator(b: &mut Builder<'_, '_>) -> Result<()> {
    let gens = b.callable_vars(true);
    let (name, id) = b.pick(&gens)?;
    let call = b.call_text(&name, id, Arity::Right)?;
    match b.index(3)? {
        0 if b.block_room() => {
            let v = b.fresh("y");
            let n = b.callables[id].count_max.max(1) as u64;
            b.open(cat!("for ", v, " in ", call, ":"));
            b.sc.bind(&v, Kind::Other, Bound::Yes, false);
            b.stmt_scope_mut().loop_depth += 1;
            let m = b.stmt_scope().mult;
            b.stmt_scope_mut().mult = m.saturating_mul(n);
            b.out.line(cat!("print('Y', ", v, ")"));
            let r = b.body(0, 2);
            let s = b.stmt_scope_mut();
            s.mult = m;
            s.loop_depth -= 1;
            b.close();
            r?;
        }
        1 => b.out.line(cat!("print('GL', list(", call, "))")),
        _ => {
            let it = b.fresh("it");
            b.out.line(cat!(it, " = ", call));
            b.out.open_block("try:");
            b.out.line(cat!("print('GN', next(", it, "))"));
            if b.chance(1, 2)? {
                let v = b.int_expr()?;
                b.out.line(cat!("print('GS', ", it, ".send(", v, "))"));
            }
            if b.chance(1, 3)? {
                let m = b.fresh("t");
                b.out
                    .line(cat!("print('GT', ", it, ".throw(ValueError('", m, "')))"));
            }
            b.out.line(cat!("print('GN', next(", it, "))"));
            b.out.close_block();
            let e = b.fresh("e");
            b.out
                .open_block(cat!("except (StopIteration, ValueError) as ", e, ":"));
            b.out
                .line(cat!("print('X', type(", e, ").__name__, ", e, ")"));
            b.out.close_block();
            b.out.open_block("finally:");
            b.out.line(cat!(it, ".close()"));
            b.out.close_block();
            b.sc.bind(&it, Kind::Other, Bound::Yes, false);
        }
    }
    Ok(())
}

impl Builder<'_, '_> {
    /// Pushes the scope of a new function or stored lambda with its parameters bound and
    /// registers it as a callable (cost filled in by the caller after [`Self::pop_function`]).
    pub fn push_function(
        &mut self,
        kind: ScopeKind,
        sig: &Sig,
        is_gen: bool,
        count: Option<(String, i64)>,
    ) -> usize {
        let id = self.callables.len();
        self.callables.push(Callable {
            sig: sig.clone(),
            cost: 0,
            ret: if is_gen { Kind::Gen(id) } else { Kind::Int },
            is_gen,
            count_param: count.as_ref().map(|c| c.0.clone()),
            count_max: count.as_ref().map_or(0, |c| c.1),
        });
        self.def_depth += 1;
        let mut s = Scope::new(kind, true);
        s.is_generator = is_gen;
        self.sc.push(s);
        let params: Vec<Param> = sig
            .posonly
            .iter()
            .chain(sig.normal.iter())
            .chain(sig.kwonly.iter())
            .cloned()
            .collect();
        for p in params {
            let ro = count.as_ref().is_some_and(|c| c.0 == p.name);
            self.sc.bind_top(&p.name, p.kind, ro);
        }
        for v in sig.varargs.iter().chain(sig.varkw.iter()) {
            self.sc.bind_top(v, Kind::Other, false);
        }
        id
    }

    /// Pops a function scope; returns its cost per call.
    pub fn pop_function(&mut self) -> u64 {
        self.def_depth -= 1;
        self.sc.pop().map_or(1, |s| s.cost + 1)
    }
}
