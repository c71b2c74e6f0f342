//! Issue-6 constructs: simple classes with methods and closures inside them, class-body
//! scope rules, and coroutines driven by hand (`send`, `throw`, `close`, reuse).
//!
//! Invariants:
//! - Every name a template defines is fresh, so templates never collide with each other or
//!   with the scope model; the names they leave behind are bound as `Kind::Other` (never
//!   used as ints or called by the random statements).
//! - Everything terminates: no loops beyond literal small ranges, no recursion.
//! - A coroutine object is always started before it can be dropped (no never-awaited
//!   warning whose timing depends on the collector), and every exception a template
//!   provokes on purpose is caught by the template itself.

use arbitrary::Result;

use super::builder::{cat, Builder};
use super::scope::{Bound, Kind};

/// A class with `__init__`, a method holding a closure over `self` and its argument, and
/// optionally `__repr__`, a classmethod, a staticmethod, a subclass using zero-argument
/// `super()`, a method raising through frames, and qualname/isinstance observations.
pub fn class_with_methods(b: &mut Builder<'_, '_>) -> Result<()> {
    let c = b.fresh("C");
    let attr = b.fresh("a");
    let m = b.fresh("m");
    let inner = b.fresh("inner");
    let cv = b.int(-3, 9)?;
    let k2 = b.int(0, 5)?;
    let with_repr = b.chance(1, 2)?;
    let with_cm = b.chance(1, 3)?;
    let with_sm = b.chance(1, 3)?;
    let with_sub = b.chance(1, 2)?;
    let with_boom = b.cfg.exceptions_enabled && b.chance(1, 3)?;
    b.out.open_block(cat!("class ", c, ":"));
    b.out.line(cat!("cv = ", cv));
    if b.chance(1, 3)? {
        // The first iterable is evaluated in the class scope: `cv` is visible there.
        let j = b.fresh("j");
        b.out
            .line(cat!("vals = [", j, " * 2 for ", j, " in range(cv % 3)]"));
    }
    b.out.open_block("def __init__(self, x):");
    b.out.line(cat!("self.", attr, " = x"));
    b.out.close_block();
    b.out.open_block(cat!("def ", m, "(self, y):"));
    b.out.open_block(cat!("def ", inner, "(z):"));
    b.out
        .line(cat!("return self.", attr, " + y * z + ", c, ".cv"));
    b.out.close_block();
    b.out.line(cat!("return ", inner, "(", k2, ")"));
    b.out.close_block();
    if with_repr {
        b.out.open_block("def __repr__(self):");
        b.out
            .line(cat!("return '", c, "(' + repr(self.", attr, ") + ')'"));
        b.out.close_block();
    }
    if with_cm {
        b.out.line("@classmethod");
        b.out.open_block("def make(cls, v):");
        b.out.line("return cls(v + 1)");
        b.out.close_block();
    }
    if with_sm {
        b.out.line("@staticmethod");
        b.out.open_block("def st(v):");
        b.out.line("return v * 2");
        b.out.close_block();
    }
    if with_boom {
        b.out.open_block("def boom(self):");
        b.out
            .line(cat!("raise ValueError('boom', self.", attr, ")"));
        b.out.close_block();
    }
    b.out.close_block();
    b.sc.bind(&c, Kind::Other, Bound::Yes, false);

    let mut cls = c.clone();
    if with_sub {
        let d = b.fresh("D");
        b.out.open_block(cat!("class ", d, "(", c, "):"));
        b.out.open_block(cat!("def ", m, "(self, y):"));
        b.out.line(cat!("return super().", m, "(y) + 1"));
        b.out.close_block();
        b.out.close_block();
        b.sc.bind(&d, Kind::Other, Bound::Yes, false);
        cls = d;
    }
    let o = b.fresh("o");
    let v = b.int(-5, 20)?;
    if with_cm && b.chance(1, 2)? {
        b.out.line(cat!(o, " = ", cls, ".make(", v, ")"));
    } else {
        b.out.line(cat!(o, " = ", cls, "(", v, ")"));
    }
    b.sc.bind(&o, Kind::Other, Bound::Yes, false);
    let y = b.int(-2, 6)?;
    b.out.line(cat!(
        "print('CM', ",
        o,
        ".",
        m,
        "(",
        y,
        "), ",
        o,
        ".",
        attr,
        ")"
    ));
    if with_repr {
        b.out.line(cat!("print('CR', repr(", o, "), [", o, "])"));
    }
    if with_sm {
        b.out.line(cat!(
            "print('CS', ",
            cls,
            ".st(",
            y,
            "), ",
            o,
            ".st(",
            v,
            "))"
        ));
    }
    if b.chance(1, 2)? {
        b.out.line(cat!(
            "print('CQ', ",
            cls,
            ".",
            m,
            ".__qualname__, type(",
            o,
            ").__name__, isinstance(",
            o,
            ", ",
            c,
            "), ",
            o,
            ".",
            m,
            ".__func__.__code__.co_freevars)"
        ));
    }
    if with_boom {
        let e = b.fresh("e");
        b.out.open_block("try:");
        b.out.line(cat!(o, ".boom()"));
        b.out.close_block();
        b.out.open_block(cat!("except ValueError as ", e, ":"));
        b.out.line(cat!(
            "print('CB', ",
            e,
            ".args, ",
            e,
            ".__traceback__.tb_next.tb_frame.f_code.co_qualname)"
        ));
        b.out.close_block();
        b.sc.bind(&e, Kind::Other, Bound::Maybe, false);
    }
    b.charge(12);
    Ok(())
}

/// A class body whose comprehension reads a class variable outside its first iterable:
/// the 3.11 NameError (class scope is not visible from nested scopes).
pub fn class_scope_name_error(b: &mut Builder<'_, '_>) -> Result<()> {
    let c = b.fresh("K");
    let x = b.fresh("x");
    let j = b.fresh("j");
    let e = b.fresh("e");
    let n = b.int(0, 4)?;
    b.out.open_block("try:");
    b.out.open_block(cat!("class ", c, ":"));
    b.out.line(cat!(x, " = ", n));
    match b.index(3)? {
        0 => b
            .out
            .line(cat!("ys = [", x, " + ", j, " for ", j, " in range(2)]")),
        1 => b.out.line(cat!("ys = (lambda: ", x, ")()")),
        _ => {
            b.out.open_block("def meth(self):");
            b.out.line(cat!("return ", x));
            b.out.close_block();
            b.out.line("ys = meth(None)");
        }
    }
    b.out.close_block();
    b.out.line(cat!("print('KS', ", c, ".ys)"));
    b.out.close_block();
    b.out.open_block(cat!("except NameError as ", e, ":"));
    b.out.line(cat!("print('KN', ", e, ")"));
    b.out.close_block();
    b.sc.bind(&c, Kind::Other, Bound::Maybe, false);
    b.sc.bind(&e, Kind::Other, Bound::Maybe, false);
    b.charge(6);
    Ok(())
}

/// `async def` functions awaiting another coroutine and a custom awaitable, driven by hand
/// with `send`/`throw`, observed through `cr_frame`/`cr_running`/`cr_await`, then closed
/// or reused ("cannot reuse already awaited coroutine").
pub fn coroutine_by_hand(b: &mut Builder<'_, '_>) -> Result<()> {
    let inner = b.fresh("co_in");
    let aw = b.fresh("Aw");
    let co = b.fresh("co");
    let c = b.fresh("cr");
    let e = b.fresh("e");
    let n = b.int(-3, 9)?;
    let with_aw = b.chance(2, 3)?;
    let catch_inside = b.cfg.exceptions_enabled && b.chance(1, 3)?;
    b.out.open_block(cat!("async def ", inner, "(x):"));
    b.out.line("return x * 2");
    b.out.close_block();
    if with_aw {
        b.out.open_block(cat!("class ", aw, ":"));
        b.out.open_block("def __await__(self):");
        b.out.line("v = yield 'aw'");
        b.out.line("return v");
        b.out.close_block();
        b.out.close_block();
        b.sc.bind(&aw, Kind::Other, Bound::Yes, false);
    }
    b.out.open_block(cat!("async def ", co, "(n):"));
    b.out.line(cat!("a = await ", inner, "(n)"));
    if with_aw {
        if catch_inside {
            b.out.open_block("try:");
            b.out.line(cat!("w = await ", aw, "()"));
            b.out.close_block();
            b.out.open_block("except ValueError as err:");
            b.out.line("w = len(err.args)");
            b.out.close_block();
        } else {
            b.out.line(cat!("w = await ", aw, "()"));
        }
        b.out.line("return a + (w or 0)");
    } else {
        b.out.line("return a");
    }
    b.out.close_block();
    b.sc.bind(&inner, Kind::Other, Bound::Yes, false);
    b.sc.bind(&co, Kind::Other, Bound::Yes, false);

    b.out.line(cat!(c, " = ", co, "(", n, ")"));
    b.sc.bind(&c, Kind::Other, Bound::Yes, false);
    b.out.line(cat!(
        "print('CO', type(",
        c,
        ").__name__, ",
        c,
        ".cr_running, ",
        c,
        ".cr_frame is not None, ",
        c,
        ".cr_code.co_name == '",
        co,
        "')"
    ));
    b.out.open_block("try:");
    b.out.line(cat!("print('CS', ", c, ".send(None))"));
    if with_aw {
        b.out.line(cat!(
            "print('CA', type(",
            c,
            ".cr_await).__name__, ",
            c,
            ".cr_frame.f_lineno > 0)"
        ));
        if b.chance(1, 2)? {
            let v = b.int(0, 7)?;
            b.out.line(cat!("print('CS', ", c, ".send(", v, "))"));
        } else {
            b.out
                .line(cat!("print('CT', ", c, ".throw(ValueError('t', 1)))"));
        }
    }
    b.out.close_block();
    b.out.open_block(cat!("except StopIteration as ", e, ":"));
    b.out
        .line(cat!("print('CR', ", e, ".value, ", c, ".cr_frame)"));
    b.out.close_block();
    b.out.open_block(cat!("except ValueError as ", e, ":"));
    b.out.line(cat!("print('CX', ", e, ".args)"));
    b.out.close_block();
    b.sc.bind(&e, Kind::Other, Bound::Maybe, false);
    match b.index(3)? {
        0 => b.out.line(cat!(c, ".close()")),
        1 => {
            b.out.open_block("try:");
            b.out.line(cat!(c, ".send(None)"));
            b.out.close_block();
            b.out
                .open_block(cat!("except (RuntimeError, StopIteration) as ", e, ":"));
            b.out
                .line(cat!("print('CU', type(", e, ").__name__, ", e, ")"));
            b.out.close_block();
        }
        _ => {}
    }
    b.charge(12);
    Ok(())
}
