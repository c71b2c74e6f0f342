//! Codegen for delegation and awaiting: `yield from`, `await`, `async for`, `async with`
//! (CPython 3.11's `compiler_add_yield_from`, `compiler_async_for`, `compiler_async_with`).
//!
//! Invariants:
//! - A delegation loop is exactly `SEND exit; YIELD_VALUE; JUMP send; exit:` with the
//!   receiver below the value to send; the VM recognizes a generator suspended inside one
//!   (`gi_yieldfrom`/`cr_await`) by the JUMP-to-SEND right after its YIELD_VALUE, which a plain
//!   `yield` never has (its result is always consumed first).
//! - Every instruction of an `await` carries the `await` expression's position, as in 3.11.

use ruff_python_ast::{self as ast};
use ruff_text_size::Ranged;

use super::{CResult, CompileError, Compiler, FBlock, UnitKind};
use crate::bytecode::{co_flags, Op};
use crate::objects::Value;

impl<'a> Compiler<'a> {
    /// The receiver and the value to send are on the stack; leaves the delegate's result.
    pub(super) fn yield_from_loop(&mut self) {
        let (start, exit) = (self.label(), self.label());
        self.bind(start);
        self.jump(Op::Send, exit);
        self.emit(Op::YieldValue);
        self.jump(Op::Jump, start);
        self.bind(exit);
    }

    fn in_async_function(&self) -> bool {
        self.unit().kind == UnitKind::Function
            && self.unit().flags & (co_flags::COROUTINE | co_flags::ASYNC_GENERATOR) != 0
    }

    /// `await e`.
    pub(super) fn await_expr(&mut self, a: &ast::ExprAwait) -> CResult {
        if !matches!(
            self.unit().kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            return Err(CompileError {
                msg: "'await' outside function".into(),
                range: a.range,
            });
        }
        if self.unit().kind == UnitKind::Comprehension {
            self.unsupported("await inside a comprehension", a.range);
            return Ok(());
        }
        if !self.in_async_function() {
            return Err(CompileError {
                msg: "'await' outside async function".into(),
                range: a.range,
            });
        }
        self.expr(&a.value)?;
        self.set_pos(a.range);
        self.emit(Op::GetAwaitable(0));
        self.load_const(Value::None);
        self.yield_from_loop();
        Ok(())
    }

    /// `yield from e`.
    pub(super) fn yield_from_expr(&mut self, y: &ast::ExprYieldFrom) -> CResult {
        if !matches!(self.unit().kind, UnitKind::Function | UnitKind::Lambda) {
            return Err(CompileError {
                msg: "'yield' outside function".into(),
                range: y.range,
            });
        }
        if self.in_async_function() {
            return Err(CompileError {
                msg: "'yield from' inside async function".into(),
                range: y.range,
            });
        }
        self.expr(&y.value)?;
        self.set_pos(y.range);
        self.emit(Op::GetYieldFromIter);
        self.load_const(Value::None);
        self.yield_from_loop();
        Ok(())
    }

    /// `async for target in iter: body else: orelse`.
    pub(super) fn async_for(&mut self, f: &'a ast::StmtFor) -> CResult {
        if !self.in_async_function() {
            return Err(CompileError {
                msg: "'async for' outside async function".into(),
                range: f.range,
            });
        }
        let (start, except, end) = (self.label(), self.label(), self.label());
        self.expr(&f.iter)?;
        self.set_pos(f.range);
        self.emit(Op::GetAiter);
        self.bind(start);
        self.u().fblocks.push(FBlock::ForLoop {
            cont: start,
            brk: end,
        });
        // The handler guards only the __anext__ await; the iterator stays below it.
        let depth = self.u().b.depth();
        self.u().b.push_handler(except, depth, false);
        self.set_pos(f.range);
        self.emit(Op::GetAnext);
        self.load_const(Value::None);
        self.yield_from_loop();
        self.u().b.pop_handler();
        self.store_target(&f.target)?;
        self.body(&f.body)?;
        self.u().fblocks.pop();
        self.no_pos();
        self.jump(Op::Jump, start);
        self.bind(except);
        self.u().b.set_depth(depth + 1);
        self.set_pos(f.iter.range());
        self.emit(Op::EndAsyncFor);
        self.body(&f.orelse)?;
        self.bind(end);
        self.u().b.set_depth(depth - 1);
        Ok(())
    }

    /// `async with a as x, b: body`.
    pub(super) fn async_with(&mut self, w: &'a ast::StmtWith) -> CResult {
        if !self.in_async_function() {
            return Err(CompileError {
                msg: "'async with' outside async function".into(),
                range: w.range,
            });
        }
        self.with_items(w, 0, true)
    }

    /// Awaits the awaitable on top (from `__aenter__`/`__aexit__`: `where_` 1/2).
    pub(super) fn await_top(&mut self, where_: u32) {
        self.emit(Op::GetAwaitable(where_));
        self.load_const(Value::None);
        self.yield_from_loop();
    }
}
