//! The program generator of the differential fuzzer.
//!
//! A program is built from an [`arbitrary::Unstructured`] input, wasm-smith style: first a
//! swarm [`GenConfig`] (which construct families are on, how big things get), then
//! statements chosen from the construct table ([`constructs::TABLE`]) under a scope model
//! ([`scope`]) that knows which names are bound where.
//!
//! Invariants (what every generated program guarantees, checked by
//! `harness/tests/generator.rs` against CPython 3.11):
//! - **Valid by construction**: the only SyntaxError is a deliberate, scoping one, and then
//!   [`Program::intended_syntax_error`] is true.
//! - **Terminates quickly**: loops are bounded, recursion has a literal depth bound or runs
//!   into a small `sys.setrecursionlimit`, and a cost budget caps the total work.
//! - **Deterministic**: nothing printed depends on addresses, ids, hash order or time.
//! - It may raise on purpose (NameError, UnboundLocalError, TypeError from wrong calls,
//!   RecursionError, explicit raises); uncaught exceptions are part of what is compared.
//! - Uses only what pyref supports: no classes, `with`, `yield from`, async, `%`
//!   formatting, bytes, complex, imports other than `sys` and `inspect`.
//! - Generation itself is bounded (depth caps, statement budget), never panics, and the
//!   same input always gives the same program.

pub mod builder;
pub mod compound;
pub mod config;
pub mod constructs;
pub mod expr;
pub mod observe;
pub mod oop;
pub mod render;
pub mod scope;
pub mod stmts;
pub mod templates;

use arbitrary::{Arbitrary, Unstructured};

pub use builder::Builder;
pub use config::GenConfig;

use builder::cat;
use scope::{Bound, Kind};

/// A generated program.
#[derive(Clone, Debug)]
pub struct Program {
    pub source: String,
    /// The program contains a deliberate scoping SyntaxError.
    pub intended_syntax_error: bool,
    pub config: GenConfig,
}

/// Default number of input bytes a seed expands to.
pub const DEFAULT_SIZE: usize = 4096;

/// Generates a program from raw fuzz input (config first, then the program).
pub fn generate(data: &[u8]) -> Program {
    let mut u = Unstructured::new(data);
    let config = GenConfig::arbitrary(&mut u).unwrap_or_default();
    generate_with(&mut u, config)
}

/// Generates a program with a given configuration from the rest of the input.
pub fn generate_with(u: &mut Unstructured<'_>, config: GenConfig) -> Program {
    let mut b = Builder::new(u, config.clone());
    prologue(&mut b);
    // Errors only mean "input exhausted": the program written so far is complete.
    let _ = module_body(&mut b);
    let _ = epilogue(&mut b);
    Program {
        source: b.out.render(),
        intended_syntax_error: b.intended_syntax_error,
        config,
    }
}

/// The program for `seed`: `size` bytes from a SplitMix64 stream, then [`generate`].
pub fn generate_from_seed(seed: u64, size: usize) -> Program {
    generate(&seed_bytes(seed, size))
}

/// Deterministic bytes for a seed (SplitMix64).
pub fn seed_bytes(seed: u64, size: usize) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(size + 8);
    while out.len() < size {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.extend_from_slice(&z.to_le_bytes());
    }
    out.truncate(size);
    out
}

fn prologue(b: &mut Builder<'_, '_>) {
    b.out.line("import sys");
    b.sc.bind("sys", Kind::Other, Bound::Yes, true);
    if b.cfg.inspect_enabled {
        b.out.line("import inspect");
        b.sc.bind("inspect", Kind::Other, Bound::Yes, true);
        b.has_inspect = true;
    }
    if let Some(limit) = b.cfg.recursion_limit {
        // inspect.stack() itself needs ~20 frames of headroom in CPython.
        let limit = if b.has_inspect { limit.max(120) } else { limit };
        b.out.line(cat!("sys.setrecursionlimit(", limit, ")"));
    }
    if b.cfg.frames_enabled {
        for l in [
            "def show_stack(tag):",
            "    f = sys._getframe(1)",
            "    out = []",
            "    while f is not None:",
            "        out.append(f.f_code.co_name + ':' + str(f.f_lineno))",
            "        f = f.f_back",
            "    print(tag, out)",
        ] {
            b.out.line(l);
        }
        b.sc.bind("show_stack", Kind::Other, Bound::Yes, true);
        b.has_stack_helper = true;
    }
}

fn module_body(b: &mut Builder<'_, '_>) -> arbitrary::Result<()> {
    let (min, max) = (b.cfg.min_module_stmts, b.cfg.max_module_stmts);
    let n = b.u.int_in_range(min..=max)?;
    for _ in 0..n {
        if b.stmts_left == 0 {
            break;
        }
        b.stmt()?;
    }
    Ok(())
}

/// Maybe one last statement whose exception nobody catches (a traceback on stderr).
fn epilogue(b: &mut Builder<'_, '_>) -> arbitrary::Result<()> {
    if !b.cfg.uncaught_enabled || b.intended_syntax_error || !b.u.ratio(1, 3)? {
        return Ok(());
    }
    let calls = b.callable_vars(false);
    match b.u.choose_index(3)? {
        0 if !calls.is_empty() => {
            let (name, id) = b.pick(&calls)?;
            let arity = if b.cfg.wrong_calls_enabled && b.chance(1, 2)? {
                expr::Arity::Wrong
            } else {
                expr::Arity::Right
            };
            let t = b.call_text(&name, id, arity)?;
            b.out.line(cat!("print('R', ", t, ")"));
        }
        1 if b.cfg.exceptions_enabled => {
            let m = b.fresh("m");
            b.out.line(cat!("raise ValueError('", m, "')"));
        }
        _ => {
            let n = b.fresh("undef");
            b.out.line(cat!("print(", n, ")"));
        }
    }
    Ok(())
}
