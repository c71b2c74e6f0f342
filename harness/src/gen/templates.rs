//! Multi-statement patterns that random statements rarely assemble: closures over loop
//! variables (late binding), `del` of a captured variable, recursion (direct, mutual,
//! through a closure, runaway under a small recursion limit) and the deliberately
//! invalid `global`/`nonlocal` placements.
//!
//! Invariants:
//! - Bounded recursion gets its depth as a literal `<= count_max` (the depth parameter is
//!   read-only), so it ends; runaway recursion only exists under `sys.setrecursionlimit`
//!   and is always called inside `try ... except RecursionError` (or as the program's
//!   last, uncaught statement), with a body that does nothing but recurse.
//! - [`invalid_scope`] is the only source of SyntaxErrors; it sets
//!   `intended_syntax_error` and emits exactly one error.

use arbitrary::Result;

use super::builder::{cat, Builder, Param, Sig};
use super::observe;
use super::scope::{Bound, Kind, Scope, ScopeKind};
use super::stmts::guarded;

/// Cost charged for one runaway recursion (the recursion limit bounds it).
pub const RUNAWAY_COST: u64 = 200;

/// `fs = []; for i in range(k): fs.append(lambda: i ...)` then call them all.
pub fn late_binding(b: &mut Builder<'_, '_>) -> Result<()> {
    let fs = b.fresh(if b.in_function() { "fs" } else { "gfs" });
    let k = b.int(1, b.cfg.max_loop_iters.min(4) as i64)?;
    let i = b.fresh("i");
    let variant = b.index(4)?;
    // The lambda body: the loop variable, maybe plus an expression over enclosing names.
    let body = |b: &mut Builder<'_, '_>| -> Result<String> {
        let mut s = Scope::new(ScopeKind::Lambda, false);
        s.mult = k as u64;
        b.sc.push(s);
        let extra = if b.chance(1, 2)? {
            Some(b.int_expr())
        } else {
            None
        };
        b.sc.pop();
        Ok(match extra {
            Some(e) => cat!(i, " + ", e?),
            None => i.clone(),
        })
    };
    match variant {
        0 | 1 => {
            b.out.line(cat!(fs, " = []"));
            b.out.open_block(cat!("for ", i, " in range(", k, "):"));
            b.sc.bind(&i, Kind::Int, Bound::Yes, false);
            b.sc.note_read(&i);
            let e = body(b)?;
            if variant == 0 {
                b.out.line(cat!(fs, ".append(lambda: ", e, ")"));
            } else {
                b.out
                    .line(cat!(fs, ".append(lambda ", i, "=", i, ": ", e, ")"));
            }
            b.out.close_block();
        }
        2 => {
            b.out.line(cat!(fs, " = []"));
            b.out.open_block(cat!("for ", i, " in range(", k, "):"));
            b.sc.bind(&i, Kind::Int, Bound::Yes, false);
            let e = body(b)?;
            let h = b.fresh("h");
            b.out.open_block(cat!("def ", h, "():"));
            b.out.line(cat!("return ", e));
            b.out.close_block();
            b.out.line(cat!(fs, ".append(", h, ")"));
            b.out.close_block();
            b.sc.bind(&h, Kind::Other, Bound::Maybe, false);
        }
        _ => {
            // The comprehension's own scope: every lambda sees the last value of `i`.
            let mut s = Scope::new(ScopeKind::Comprehension, false);
            s.mult = k as u64;
            b.sc.push(s);
            b.sc.bind_top(&i, Kind::Int, true);
            let e = body(b);
            b.sc.pop();
            b.out.line(cat!(
                fs,
                " = [lambda: ",
                e?,
                " for ",
                i,
                " in range(",
                k,
                ")]"
            ));
        }
    }
    b.sc.bind(&fs, Kind::Other, Bound::Yes, false);
    b.charge(k as u64 * 4);
    let f = b.fresh("fn");
    let fs = b.read(&fs);
    b.out
        .line(cat!("print('LB', [", f, "() for ", f, " in ", fs, "])"));
    Ok(())
}

/// A closure reads a variable, the variable is deleted, the closure is called again.
pub fn del_captured(b: &mut Builder<'_, '_>) -> Result<()> {
    let v = b.fresh(if b.in_function() { "c" } else { "gc" });
    let h = b.fresh("h");
    let init = b.literal()?;
    b.out.line(cat!(v, " = ", init));
    b.sc.bind(&v, Kind::Int, Bound::Yes, false);
    b.out.open_block(cat!("def ", h, "():"));
    b.out.line(cat!("return ", v, " + 1"));
    b.out.close_block();
    b.sc.note_read(&v);
    b.out.line(cat!("print('V', ", h, "())"));
    b.out.line(cat!("del ", v));
    b.sc.unbind(&v);
    b.charge(4);
    guarded(b, "NameError", &[cat!("print('V', ", h, "())")])?;
    b.sc.bind(&h, Kind::Other, Bound::Yes, false);
    Ok(())
}

/// A function with a read-only depth parameter, registered before its body is written.
fn recursive_sig(b: &mut Builder<'_, '_>) -> Result<Sig> {
    let n = b.fresh("n");
    let mut sig = Sig::default();
    sig.normal.push(Param {
        name: n,
        kind: Kind::Int,
        default: None,
    });
    if b.cfg.defaults_enabled && b.chance(1, 2)? {
        let acc = b.fresh("acc");
        sig.normal.push(Param {
            name: acc,
            kind: Kind::Int,
            default: Some("0".into()),
        });
    }
    Ok(sig)
}

/// `if n <= 0: <observe>; return ...` then `return f(n - 1) ...`.
fn recursive_body(b: &mut Builder<'_, '_>, me: &str, other: &str, sig: &Sig) -> Result<()> {
    let n = sig.normal[0].name.clone();
    b.body(0, 1)?;
    b.open(cat!("if ", n, " <= 0:"));
    if b.chance(1, 2)? && observe::any_enabled(b) {
        observe::observe(b)?;
    }
    let base = match sig.normal.get(1) {
        Some(acc) => b.read(&acc.name),
        None => b.literal()?,
    };
    b.out.line(cat!("return ", base));
    b.close();
    let args = match sig.normal.get(1) {
        Some(acc) => cat!(n, " - 1, ", acc.name, " + ", n),
        None => cat!(n, " - 1"),
    };
    b.sc.note_read(other);
    let e = b.int_expr()?;
    b.out.line(cat!("return ", other, "(", args, ") + ", e));
    let _ = me;
    Ok(())
}

fn define_recursive(b: &mut Builder<'_, '_>, name: &str, other: &str, max: i64) -> Result<usize> {
    let sig = recursive_sig(b)?;
    let n = sig.normal[0].name.clone();
    b.out
        .open_block(cat!("def ", name, "(", sig.render(), "):"));
    let id = b.push_function(ScopeKind::Function, &sig, false, Some((n, max)));
    let r = recursive_body(b, name, other, &sig);
    let cost = b.pop_function();
    b.out.close_block();
    r?;
    b.callables[id].cost = cost * (max as u64 + 1) + 1;
    Ok(id)
}

fn call_now(b: &mut Builder<'_, '_>, name: &str, max: i64) -> Result<()> {
    let d = b.int(0, max)?;
    let name = b.read(name);
    b.out.line(cat!("print('R', ", name, "(", d, "))"));
    Ok(())
}

pub fn recursion(b: &mut Builder<'_, '_>) -> Result<()> {
    let name = b.fresh("rec");
    let max = b.int(1, 6)?;
    let id = define_recursive(b, &name, &name, max)?;
    b.sc.bind(&name, Kind::Func(id), Bound::Yes, false);
    if b.room(b.callables[id].cost) {
        call_now(b, &name, max)?;
        b.charge(b.callables[id].cost);
    }
    Ok(())
}

pub fn mutual_recursion(b: &mut Builder<'_, '_>) -> Result<()> {
    let a = b.fresh("ev");
    let c = b.fresh("od");
    let max = b.int(1, 6)?;
    let ia = define_recursive(b, &a, &c, max)?;
    let ic = define_recursive(b, &c, &a, max)?;
    let cost = b.callables[ia].cost + b.callables[ic].cost;
    b.callables[ia].cost = cost;
    b.callables[ic].cost = cost;
    b.sc.bind(&a, Kind::Func(ia), Bound::Yes, false);
    b.sc.bind(&c, Kind::Func(ic), Bound::Yes, false);
    if b.room(cost) {
        call_now(b, &a, max)?;
        b.charge(cost);
    }
    Ok(())
}

/// `def outer(k): def step(n): ... step(n - 1) ... k ...; return step(k)`.
pub fn closure_recursion(b: &mut Builder<'_, '_>) -> Result<()> {
    let outer = b.fresh("outer");
    let k = b.fresh("k");
    let max = b.int(1, 5)?;
    let osig = Sig {
        normal: vec![Param {
            name: k.clone(),
            kind: Kind::Int,
            default: None,
        }],
        ..Sig::default()
    };
    b.out.open_block(cat!("def ", outer, "(", k, "):"));
    let oid = b.push_function(ScopeKind::Function, &osig, false, Some((k.clone(), max)));
    let r = (|| -> Result<()> {
        let step = b.fresh("step");
        let sid = define_recursive(b, &step, &step, max)?;
        b.sc.bind(&step, Kind::Func(sid), Bound::Yes, false);
        b.charge(b.callables[sid].cost);
        b.body(0, 1)?;
        let (step, k) = (b.read(&step), b.read(&k));
        b.out.line(cat!("return ", step, "(", k, ")"));
        Ok(())
    })();
    let cost = b.pop_function();
    b.out.close_block();
    r?;
    b.callables[oid].cost = cost;
    b.sc.bind(&outer, Kind::Func(oid), Bound::Yes, false);
    if b.room(cost) {
        call_now(b, &outer, max)?;
    }
    Ok(())
}

/// Recursion without a base case under a small recursion limit.
pub fn runaway(b: &mut Builder<'_, '_>) -> Result<()> {
    let w = b.fresh("w");
    let n = b.fresh("n");
    match b.index(3)? {
        0 => {
            b.out.open_block(cat!("def ", w, "(", n, "):"));
            b.out.line(cat!("return ", w, "(", n, " + 1)"));
            b.out.close_block();
        }
        1 => {
            b.out.open_block(cat!("def ", w, "(", n, "):"));
            b.out.line(cat!("return 1 + ", w, "(", n, " + 1)"));
            b.out.close_block();
        }
        _ => {
            b.out
                .line(cat!(w, " = lambda ", n, ": ", w, "(", n, " + 1)"));
        }
    }
    b.sc.bind(&w, Kind::Other, Bound::Yes, false);
    b.sc.note_read(&w);
    b.charge(RUNAWAY_COST);
    guarded(b, "RecursionError", &[cat!("print('R', ", w, "(0))")])
}

/// Exactly one scoping SyntaxError, chosen to fit where the program is.
pub fn invalid_scope(b: &mut Builder<'_, '_>) -> Result<()> {
    b.intended_syntax_error = true;
    b.stmts_left = b.stmts_left.min(4);
    let z = b.fresh("z");
    if !b.in_function() {
        if b.chance(1, 2)? {
            b.out.line(cat!("nonlocal ", z));
            return Ok(());
        }
        let f = b.fresh("f");
        let p = b.fresh("p");
        b.out.open_block(cat!("def ", f, "(", p, "):"));
        let kw = b.pick(&["global", "nonlocal"])?;
        b.out.line(cat!(kw, " ", p));
        b.out.line(cat!("return ", p));
        b.out.close_block();
        return Ok(());
    }
    match b.index(4)? {
        0 => b.out.line(cat!("nonlocal ", z)),
        1 => {
            b.out.line(cat!(z, " = 1"));
            b.out.line(cat!("global ", z));
        }
        2 => {
            b.out.line(cat!("print(", z, ")"));
            b.out.line(cat!("global ", z));
        }
        _ => {
            b.out.line(cat!("global ", z));
            b.out.line(cat!("nonlocal ", z));
        }
    }
    Ok(())
}
