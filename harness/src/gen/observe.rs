//! Observations printed to stdout: the `f_back` chain (names and line numbers), frame
//! attributes, `inspect.stack()` function names, `locals()`/`globals()` listings, code
//! object attributes of a function in scope, the exception being handled.
//!
//! Invariants:
//! - Nothing printed depends on addresses, ids, hash order or time: names are sorted,
//!   functions and frames are shown only through `__name__`/`__qualname__`/`co_*`/line
//!   numbers, `locals()` values only when they are ints.
//! - Each kind of observation is used only when its family is enabled (and its prologue
//!   import or helper exists).

use arbitrary::Result;

use super::builder::{cat, Builder};
use super::scope::ScopeKind;

/// Whether any observation family is on.
pub fn any_enabled(b: &Builder<'_, '_>) -> bool {
    b.has_stack_helper || b.has_inspect || b.cfg.code_attrs_enabled || b.cfg.namespaces_enabled
}

pub fn observe(b: &mut Builder<'_, '_>) -> Result<()> {
    let in_fn = b.in_function();
    let in_lambda_free = b.sc.top().kind() != ScopeKind::Lambda;
    let funcs = b.readable_funcs();
    let mut opts: Vec<u8> = Vec::new();
    if b.has_stack_helper {
        opts.extend([0, 0, 1]);
        if in_fn {
            opts.push(2);
        }
    }
    if b.has_inspect && b.room(10) {
        opts.extend([3, 4]);
    }
    if b.cfg.namespaces_enabled && in_lambda_free {
        opts.push(5);
        if in_fn {
            opts.extend([6, 7, 7]);
        }
    }
    if b.cfg.code_attrs_enabled && !funcs.is_empty() {
        opts.extend([8, 8, 9, 10, 11]);
    }
    if b.cfg.exceptions_enabled {
        opts.push(12);
    }
    if opts.is_empty() {
        return super::stmts::print_value(b);
    }
    let line = match b.pick(&opts)? {
        0 => "show_stack('S')".to_string(),
        1 => "print('F', sys._getframe().f_code.co_name, sys._getframe().f_lineno)".into(),
        2 => "print('B', sys._getframe(1).f_code.co_name, sys._getframe(1).f_lineno)".into(),
        3 => {
            b.charge(10);
            let fi = b.fresh("fi");
            cat!("print('I', [", fi, ".function for ", fi, " in inspect.stack()])")
        }
        4 => "print('I', inspect.currentframe().f_code.co_name, inspect.currentframe().f_back.f_code.co_name if inspect.currentframe().f_back else None)".into(),
        5 => {
            let k = b.fresh("k");
            cat!("print('G', sorted(", k, " for ", k, " in globals() if not ", k, ".startswith('__')))")
        }
        6 => "print('L', sorted(locals().keys()))".into(),
        7 => {
            let (k, v) = (b.fresh("k"), b.fresh("x"));
            cat!("print('LV', [(", k, ", ", v, ") for ", k, ", ", v, " in sorted(locals().items()) if type(", v, ") is int])")
        }
        12 => "print('XI', type(sys.exception()).__name__)".into(),
        code => {
            let f = b.pick(&funcs)?;
            let f = b.read(&f.name);
            match code {
                8 => cat!("print('C', ", f, ".__code__.co_varnames, ", f, ".__code__.co_freevars, ", f, ".__code__.co_cellvars)"),
                9 => cat!("print('N', ", f, ".__name__, ", f, ".__qualname__, ", f, ".__code__.co_firstlineno)"),
                10 => cat!("print('D', ", f, ".__defaults__, ", f, ".__kwdefaults__)"),
                _ => cat!("print('A', ", f, ".__code__.co_argcount, ", f, ".__code__.co_posonlyargcount, ", f, ".__code__.co_kwonlyargcount, ", f, ".__code__.co_nlocals, len(", f, ".__closure__ or ()))"),
            }
        }
    };
    b.out.line(line);
    Ok(())
}
