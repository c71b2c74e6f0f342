//! The construct table, wasm-smith style: one row per statement construct with its
//! applicability check, its generator and its weight.
//!
//! Invariants:
//! - A construct runs only when its `applies` check holds in the current state (scope
//!   kinds, depths, budgets, enabled families); the generators rely on that.
//! - The first row applies everywhere and is cheap, so an exhausted input (which always
//!   picks index 0) still makes progress towards the end of the program.
//! - [`Builder::stmt`] charges one statement to the budgets before running a row.

use arbitrary::Result;

use super::builder::Builder;
use super::scope::ScopeKind;
use super::{compound, observe, oop, stmts, templates};

type Applies = fn(&Builder<'_, '_>) -> bool;
type Gen = fn(&mut Builder<'_, '_>) -> Result<()>;

/// One construct: name (for docs and debugging), weight, check, generator.
pub struct Construct {
    pub name: &'static str,
    pub weight: u32,
    pub applies: Applies,
    pub gen: Gen,
}

fn always(_: &Builder<'_, '_>) -> bool {
    true
}

fn defs_ok(b: &Builder<'_, '_>) -> bool {
    b.def_depth < b.cfg.max_def_depth && b.stmts_left > 3
}

/// The table. Weights are relative; rows whose family is off do not apply.
pub const TABLE: &[Construct] = &[
    Construct {
        name: "print_value",
        weight: 6,
        applies: always,
        gen: stmts::print_value,
    },
    Construct {
        name: "assign",
        weight: 10,
        applies: always,
        gen: stmts::assign,
    },
    Construct {
        name: "aug_assign",
        weight: 4,
        applies: |b| !stmts::aug_targets(b).is_empty(),
        gen: stmts::aug_assign,
    },
    Construct {
        name: "list_append",
        weight: 2,
        applies: |b| !b.readable_lists().is_empty(),
        gen: stmts::list_append,
    },
    Construct {
        name: "walrus",
        weight: 2,
        applies: always,
        gen: stmts::walrus,
    },
    Construct {
        name: "observe",
        weight: 6,
        applies: observe::any_enabled,
        gen: observe::observe,
    },
    Construct {
        name: "def_function",
        weight: 9,
        applies: defs_ok,
        gen: compound::def_function,
    },
    Construct {
        name: "call",
        weight: 10,
        applies: |b| b.has_callable(false),
        gen: stmts::call,
    },
    Construct {
        name: "wrong_call",
        weight: 3,
        applies: |b| b.cfg.wrong_calls_enabled && b.has_callable(false),
        gen: stmts::wrong_call,
    },
    Construct {
        name: "if",
        weight: 4,
        applies: |b| b.block_room(),
        gen: compound::if_block,
    },
    Construct {
        name: "for",
        weight: 4,
        applies: |b| b.cfg.loops_enabled && b.block_room() && b.room(4),
        gen: compound::for_block,
    },
    Construct {
        name: "while",
        weight: 2,
        applies: |b| b.cfg.loops_enabled && b.block_room() && b.room(4),
        gen: compound::while_block,
    },
    Construct {
        name: "try",
        weight: 5,
        applies: |b| b.cfg.exceptions_enabled && b.block_room(),
        gen: compound::try_block,
    },
    Construct {
        name: "raise",
        weight: 2,
        applies: |b| {
            b.cfg.exceptions_enabled && {
                let s = b.stmt_scope();
                s.kind() == ScopeKind::Function || s.in_try > 0 || s.in_handler > 0
            }
        },
        gen: stmts::raise,
    },
    Construct {
        name: "assert",
        weight: 1,
        applies: |b| b.cfg.exceptions_enabled && b.stmt_scope().in_try > 0,
        gen: stmts::assert,
    },
    Construct {
        name: "del",
        weight: 2,
        applies: |b| b.cfg.del_enabled && !stmts::deletable(b).is_empty(),
        gen: stmts::del,
    },
    Construct {
        name: "break_continue",
        weight: 1,
        applies: |b| b.stmt_scope().loop_depth > 0,
        gen: stmts::break_continue,
    },
    Construct {
        name: "return",
        weight: 2,
        applies: |b| b.in_function() && b.stmt_scope().block_depth > 0,
        gen: stmts::return_stmt,
    },
    Construct {
        name: "yield",
        weight: 6,
        applies: |b| b.stmt_scope().is_generator,
        gen: stmts::yield_stmt,
    },
    Construct {
        name: "lambda_assign",
        weight: 3,
        applies: |b| b.cfg.lambdas_enabled && b.def_depth < b.cfg.max_def_depth,
        gen: stmts::lambda_assign,
    },
    Construct {
        name: "comprehension",
        weight: 3,
        applies: |b| b.cfg.comprehensions_enabled && b.room(b.cfg.max_loop_iters as u64 * 2),
        gen: stmts::comprehension_stmt,
    },
    Construct {
        name: "shadow_builtin",
        weight: 2,
        applies: |b| b.cfg.shadowing_enabled,
        gen: stmts::shadow_builtin,
    },
    Construct {
        name: "unbound_local",
        weight: 1,
        applies: |b| b.cfg.name_errors_enabled && !stmts::outer_ints(b).is_empty(),
        gen: stmts::unbound_local,
    },
    Construct {
        name: "name_error",
        weight: 1,
        applies: |b| b.cfg.name_errors_enabled,
        gen: stmts::name_error,
    },
    Construct {
        name: "eval",
        weight: 1,
        applies: |b| b.cfg.eval_enabled && !b.readable_ints().is_empty(),
        gen: stmts::eval_name,
    },
    Construct {
        name: "late_binding",
        weight: 3,
        applies: |b| {
            b.cfg.closures_enabled
                && b.cfg.lambdas_enabled
                && b.def_depth < b.cfg.max_def_depth
                && b.room(b.cfg.max_loop_iters as u64 * 4)
        },
        gen: templates::late_binding,
    },
    Construct {
        name: "del_captured",
        weight: 1,
        applies: |b| b.cfg.closures_enabled && b.cfg.del_enabled && defs_ok(b) && b.room(8),
        gen: templates::del_captured,
    },
    Construct {
        name: "recursion",
        weight: 3,
        applies: |b| b.cfg.recursion_enabled && defs_ok(b) && b.room(30),
        gen: templates::recursion,
    },
    Construct {
        name: "mutual_recursion",
        weight: 2,
        applies: |b| b.cfg.recursion_enabled && defs_ok(b) && b.room(30),
        gen: templates::mutual_recursion,
    },
    Construct {
        name: "closure_recursion",
        weight: 2,
        applies: |b| {
            b.cfg.recursion_enabled
                && b.cfg.closures_enabled
                && b.def_depth + 1 < b.cfg.max_def_depth
                && b.stmts_left > 3
                && b.room(30)
        },
        gen: templates::closure_recursion,
    },
    Construct {
        name: "runaway_recursion",
        weight: 1,
        applies: |b| {
            b.cfg.recursion_enabled
                && b.cfg.recursion_limit.is_some()
                && defs_ok(b)
                && b.room(templates::RUNAWAY_COST)
        },
        gen: templates::runaway,
    },
    Construct {
        name: "generator_def",
        weight: 3,
        applies: |b| b.cfg.generators_enabled && defs_ok(b),
        gen: compound::generator_def,
    },
    Construct {
        name: "drive_generator",
        weight: 4,
        applies: |b| b.has_callable(true),
        gen: stmts::drive_generator,
    },
    Construct {
        name: "class_with_methods",
        weight: 3,
        applies: |b| b.cfg.classes_enabled && b.def_depth < b.cfg.max_def_depth && b.room(12),
        gen: oop::class_with_methods,
    },
    Construct {
        name: "class_scope_name_error",
        weight: 1,
        applies: |b| b.cfg.classes_enabled && b.cfg.name_errors_enabled && b.room(6),
        gen: oop::class_scope_name_error,
    },
    Construct {
        name: "coroutine_by_hand",
        weight: 3,
        applies: |b| b.cfg.coroutines_enabled && b.def_depth < b.cfg.max_def_depth && b.room(12),
        gen: oop::coroutine_by_hand,
    },
    Construct {
        name: "invalid_scope",
        weight: 1,
        applies: |b| b.cfg.invalid_scope_enabled && !b.intended_syntax_error,
        gen: templates::invalid_scope,
    },
];

impl Builder<'_, '_> {
    /// One statement: a row of [`TABLE`] chosen by weight among those that apply.
    ///
    /// Rows are drawn by weight and checked only when drawn (a drawn row that does not
    /// apply is set aside and the draw repeated): the same distribution as drawing among
    /// the applicable rows, without checking every row for every statement.
    pub fn stmt(&mut self) -> Result<()> {
        self.stmts_left = self.stmts_left.saturating_sub(1);
        self.charge(1);
        // The rows still in the draw, on the stack (no allocation per statement).
        let mut slots = [&TABLE[0]; TABLE.len()];
        let mut n = 0;
        for c in TABLE.iter().filter(|c| c.weight > 0) {
            slots[n] = c;
            n += 1;
        }
        let mut rows = &mut slots[..n];
        while !rows.is_empty() {
            let total: u32 = rows.iter().map(|c| c.weight).sum();
            let mut r = self.u.int_in_range(0..=total.saturating_sub(1))?;
            let mut i = 0;
            while r >= rows[i].weight {
                r -= rows[i].weight;
                i += 1;
            }
            let c = rows[i];
            // `Vec::remove`: the rows after it move up one place, in order.
            rows.copy_within(i + 1.., i);
            let len = rows.len();
            rows = &mut rows[..len - 1];
            if (c.applies)(self) {
                return (c.gen)(self);
            }
        }
        stmts::print_value(self)
    }

    /// Between `min` and `max` statements (fewer when the statement budget runs out).
    pub fn body(&mut self, min: usize, max: usize) -> Result<()> {
        let n = self.u.int_in_range(min..=max.max(min))?;
        for _ in 0..n {
            if self.stmts_left == 0 {
                break;
            }
            self.stmt()?;
        }
        Ok(())
    }

    /// A block body sized by the configuration.
    pub fn block_body(&mut self) -> Result<()> {
        let (min, max) = (self.cfg.min_body_stmts, self.cfg.max_body_stmts);
        self.body(min, max)
    }
}
