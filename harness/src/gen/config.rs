//! The swarm configuration of the generator: which construct families are on and how big a
//! program may get. Each program draws its own [`GenConfig`] from the fuzz input first
//! (swarm testing: switching families off per program lets rare interactions surface).
//!
//! Invariants:
//! - Every field is clamped to a safe range by [`GenConfig::arbitrary`]: whatever the bytes,
//!   `min_* <= max_*`, depths are small (no deep Rust recursion), the cost budget keeps a
//!   program's run time in the milliseconds.
//! - An exhausted input yields the smallest sizes with every family on except the rare ones
//!   (`Unstructured::ratio` answers `true` on empty input), so generation always ends.

use arbitrary::{Arbitrary, Result, Unstructured};

/// Knobs of one generated program. See [`GenConfig::default`] for the documented defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// Statements at module level (between the prologue and the epilogue).
    pub min_module_stmts: usize,
    pub max_module_stmts: usize,
    /// Statements per block (function body, loop body, branch).
    pub min_body_stmts: usize,
    pub max_body_stmts: usize,
    /// Statements in the whole program (a hard cap on generation).
    pub max_total_stmts: usize,
    /// Nesting of `def`/`lambda` (1 = only module-level functions).
    pub max_def_depth: usize,
    /// Nesting of `if`/`for`/`while`/`try` inside one function.
    pub max_block_depth: usize,
    /// Nesting of expressions.
    pub max_expr_depth: usize,
    /// Parameters per function.
    pub max_params: usize,
    /// Iterations of one loop.
    pub max_loop_iters: u32,
    /// Estimated work units of the whole program (statements, with calls and loops
    /// multiplied out). Keeps every program in the milliseconds.
    pub max_cost: u64,
    /// `sys.setrecursionlimit(...)` at the top when set (also enables runaway recursion).
    pub recursion_limit: Option<u32>,
    pub closures_enabled: bool,
    pub lambdas_enabled: bool,
    pub globals_enabled: bool,
    pub nonlocals_enabled: bool,
    /// One deliberately invalid `global`/`nonlocal` (a compile-time SyntaxError).
    pub invalid_scope_enabled: bool,
    pub shadowing_enabled: bool,
    pub defaults_enabled: bool,
    pub star_params_enabled: bool,
    pub kwonly_enabled: bool,
    pub posonly_enabled: bool,
    /// Calls with a wrong arity or a bad keyword (TypeError).
    pub wrong_calls_enabled: bool,
    pub recursion_enabled: bool,
    pub exceptions_enabled: bool,
    /// Exceptions that reach the top level (a traceback on stderr, exit 1).
    pub uncaught_enabled: bool,
    /// NameError / UnboundLocalError on purpose.
    pub name_errors_enabled: bool,
    pub del_enabled: bool,
    pub loops_enabled: bool,
    pub comprehensions_enabled: bool,
    pub generators_enabled: bool,
    /// `f_back` chains and `sys._getframe`.
    pub frames_enabled: bool,
    /// `inspect.stack()` (slow in CPython: few per program).
    pub inspect_enabled: bool,
    /// `co_varnames`, `co_freevars`, `co_cellvars`, `__defaults__`, `__qualname__`.
    pub code_attrs_enabled: bool,
    /// `locals()` / `globals()` listings.
    pub namespaces_enabled: bool,
    /// `eval` of a name (namespace rules of eval inside functions).
    pub eval_enabled: bool,
    /// Classes with methods and closures, class-body scope rules (issue 6).
    pub classes_enabled: bool,
    /// Coroutines driven by hand (issue 6).
    pub coroutines_enabled: bool,
}

impl Default for GenConfig {
    /// Mid-sized programs with every family on and no recursion limit change.
    fn default() -> GenConfig {
        GenConfig {
            min_module_stmts: 4,
            max_module_stmts: 12,
            min_body_stmts: 1,
            max_body_stmts: 5,
            max_total_stmts: 120,
            max_def_depth: 3,
            max_block_depth: 2,
            max_expr_depth: 2,
            max_params: 3,
            max_loop_iters: 4,
            max_cost: 2_000,
            recursion_limit: None,
            closures_enabled: true,
            lambdas_enabled: true,
            globals_enabled: true,
            nonlocals_enabled: true,
            invalid_scope_enabled: false,
            shadowing_enabled: true,
            defaults_enabled: true,
            star_params_enabled: true,
            kwonly_enabled: true,
            posonly_enabled: true,
            wrong_calls_enabled: true,
            recursion_enabled: true,
            exceptions_enabled: true,
            uncaught_enabled: true,
            name_errors_enabled: true,
            del_enabled: true,
            loops_enabled: true,
            comprehensions_enabled: true,
            generators_enabled: true,
            frames_enabled: true,
            inspect_enabled: true,
            code_attrs_enabled: true,
            namespaces_enabled: true,
            eval_enabled: true,
            classes_enabled: true,
            coroutines_enabled: true,
        }
    }
}

/// Largest values any input can ask for.
pub const MAX_DEF_DEPTH: usize = 5;
pub const MAX_BLOCK_DEPTH: usize = 3;
pub const MAX_EXPR_DEPTH: usize = 3;

impl<'a> Arbitrary<'a> for GenConfig {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<GenConfig> {
        let max_module_stmts = u.int_in_range(3..=20)?;
        let min_module_stmts = u.int_in_range(1..=max_module_stmts.min(8))?;
        let max_body_stmts = u.int_in_range(1..=7)?;
        let min_body_stmts = u.int_in_range(1..=max_body_stmts.min(3))?;
        let limit_on = u.ratio(1, 3)?;
        let recursion_limit = if limit_on {
            Some(u.int_in_range(60..=160)?)
        } else {
            None
        };
        // Each family is on with probability n/4.
        fn on(u: &mut Unstructured<'_>, n: u8) -> Result<bool> {
            u.ratio(n, 4)
        }
        Ok(GenConfig {
            min_module_stmts,
            max_module_stmts,
            min_body_stmts,
            max_body_stmts,
            max_total_stmts: 20 + 6 * max_module_stmts,
            max_def_depth: 0,
            max_block_depth: 0,
            max_expr_depth: 0,
            max_params: 0,
            max_loop_iters: 0,
            max_cost: 0,
            recursion_limit,
            closures_enabled: on(u, 3)?,
            lambdas_enabled: on(u, 3)?,
            globals_enabled: on(u, 3)?,
            nonlocals_enabled: on(u, 3)?,
            invalid_scope_enabled: u.ratio(1, 12)?,
            shadowing_enabled: on(u, 2)?,
            defaults_enabled: on(u, 3)?,
            star_params_enabled: on(u, 3)?,
            kwonly_enabled: on(u, 3)?,
            posonly_enabled: on(u, 3)?,
            wrong_calls_enabled: on(u, 3)?,
            recursion_enabled: on(u, 3)?,
            exceptions_enabled: on(u, 3)?,
            uncaught_enabled: on(u, 2)?,
            name_errors_enabled: on(u, 2)?,
            del_enabled: on(u, 3)?,
            loops_enabled: on(u, 3)?,
            comprehensions_enabled: on(u, 3)?,
            generators_enabled: on(u, 3)?,
            frames_enabled: on(u, 3)?,
            inspect_enabled: on(u, 1)?,
            code_attrs_enabled: on(u, 3)?,
            namespaces_enabled: on(u, 3)?,
            eval_enabled: on(u, 1)?,
            classes_enabled: false,
            coroutines_enabled: false,
        })
        .and_then(|mut c: GenConfig| {
            c.max_def_depth = u.int_in_range(1..=MAX_DEF_DEPTH)?;
            c.max_block_depth = u.int_in_range(1..=MAX_BLOCK_DEPTH)?;
            c.max_expr_depth = u.int_in_range(1..=MAX_EXPR_DEPTH)?;
            c.max_params = u.int_in_range(0..=5)?;
            c.max_loop_iters = u.int_in_range(1..=5)?;
            c.max_cost = u.int_in_range(200..=3_000)?;
            c.classes_enabled = u.ratio(2, 4)?;
            c.coroutines_enabled = u.ratio(2, 4)?;
            Ok(c)
        })
    }
}
