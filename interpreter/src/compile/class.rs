//! `class` and `with` statements (CPython 3.11's `compiler_class`, `compiler_with`).
//!
//! Invariants:
//! - A class body is its own code unit run with the namespace as its locals; it stores
//!   `__module__` and `__qualname__` first and returns the `__class__` cell (stored as
//!   `__classcell__`) when a method needs it, else None.
//! - `with` pushes the bound `__exit__` under the `__enter__` result; the body is covered by a
//!   lasti-preserving handler that calls `__exit__(type, value, tb)`.

use std::rc::Rc;

use ruff_python_ast::{self as ast, ExprContext};
use ruff_text_size::{Ranged, TextRange};

use super::{CResult, CompileError, Compiler, FBlock, UnitKind};
use crate::bytecode::Op;
use crate::objects::Value;

impl<'a> Compiler<'a> {
    /// The range starting at the statement keyword (ruff's range starts at the first decorator).
    pub(super) fn keyword_range(
        &self,
        range: TextRange,
        name: TextRange,
        decorated: bool,
        is_async: bool,
    ) -> TextRange {
        if !decorated {
            return range;
        }
        let name_start: usize = name.start().into();
        let text = &self.source[..name_start.min(self.source.len())];
        let trimmed = text.trim_end();
        // Back over the keyword (`def` / `class`) and an optional `async`.
        let kw_start = trimmed
            .rfind(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(0, |i| i + 1);
        let mut start = kw_start;
        if is_async {
            let t2 = trimmed[..kw_start].trim_end();
            start = t2
                .rfind(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(0, |i| i + 1);
        }
        TextRange::new((start as u32).into(), range.end())
    }

    pub(super) fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        if c.type_params.is_some() {
            self.unsupported("class type parameters", c.range);
            return Ok(());
        }
        let kw_range =
            self.keyword_range(c.range, c.name.range, !c.decorator_list.is_empty(), false);
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let scope = self.st.scope_at(c.range).ok_or_else(|| CompileError {
            msg: "internal: class without scope".into(),
            range: c.range,
        })?;
        let firstlineno = match c.decorator_list.first() {
            Some(d) => self.pos_of(d.range).line,
            None => self.pos_of(kw_range).line,
        };
        let name: Rc<str> = Rc::from(c.name.id.as_str());
        let saved_private = self.private.replace(name.clone());
        self.enter_unit(UnitKind::Class, scope, name.clone(), firstlineno);
        self.set_pos(kw_range);
        self.name_op("__name__", ExprContext::Load)?;
        self.name_op("__module__", ExprContext::Store)?;
        let q = self.unit().qualname.clone();
        self.load_const(Value::Str(q.into()));
        self.name_op("__qualname__", ExprContext::Store)?;
        let body = match super::stmt::docstring(&c.body) {
            Some(d) => {
                self.set_pos(c.body[0].range());
                self.load_const(Value::str(d));
                self.name_op("__doc__", ExprContext::Store)?;
                &c.body[1..]
            }
            None => &c.body[..],
        };
        if super::stmt::has_annotations(body) {
            self.emit(Op::SetupAnnotations);
        }
        self.body(body)?;
        // The class body's return is artificial (3.11's UNSET_LOC), placed like an implicit
        // return.
        if self.st.get(scope).needs_class_closure {
            self.u().b.begin_implicit_exit();
            let t = self.deref_tag("__class__").ok_or_else(|| CompileError {
                msg: "internal: no __class__ cell".into(),
                range: c.range,
            })?;
            self.emit(Op::LoadClosure(t));
            self.emit(Op::Copy(1));
            self.name_op("__classcell__", ExprContext::Store)?;
            self.emit(Op::ReturnValue);
        } else {
            let none = self.const_value(Value::None);
            self.u().b.implicit_return(none);
        }
        let code = self.exit_unit()?;
        self.private = saved_private;
        self.set_pos(kw_range);
        self.emit(Op::PushNull);
        self.emit(Op::LoadBuildClass);
        self.make_closure(code, 0)?;
        self.load_const(Value::Str(name.clone().into()));
        let (nargs, kw) = match &c.arguments {
            Some(a) => self.class_arguments(a)?,
            None => (0, None),
        };
        self.set_pos(kw_range);
        if let Some(names) = kw {
            let i = self.const_value(Value::tuple(names));
            self.emit(Op::KwNames(i));
        }
        self.emit(Op::Call(2 + nargs));
        for d in c.decorator_list.iter().rev() {
            self.set_pos(d.expression.range());
            self.emit(Op::Call(0));
        }
        self.set_pos(kw_range);
        self.name_op(&name, ExprContext::Store)
    }

    /// Bases and keywords of a class statement: (count, keyword names).
    fn class_arguments(&mut self, a: &ast::Arguments) -> CResult<(u32, Option<Vec<Value>>)> {
        if a.args.iter().any(|e| matches!(e, ast::Expr::Starred(_)))
            || a.keywords.iter().any(|k| k.arg.is_none())
        {
            return Err(CompileError {
                msg: "internal: unsupported class arguments".into(),
                range: a.range,
            });
        }
        for e in a.args.iter() {
            self.expr(e)?;
        }
        for k in a.keywords.iter() {
            self.expr(&k.value)?;
        }
        let n = (a.args.len() + a.keywords.len()) as u32;
        if a.keywords.is_empty() {
            return Ok((n, None));
        }
        let names = a
            .keywords
            .iter()
            .map(|k| Value::str(k.arg.as_ref().map_or("", |x| x.id.as_str())))
            .collect();
        Ok((n, Some(names)))
    }

    pub(super) fn with_stmt(&mut self, w: &'a ast::StmtWith) -> CResult {
        self.with_items(w, 0, false)
    }

    /// The items of `with` (or `async with`) from `pos` on, then the body, as CPython's
    /// `compiler_with`/`compiler_async_with`: the async form awaits `__aenter__` and
    /// `__aexit__` results where the sync form uses them directly.
    pub(super) fn with_items(
        &mut self,
        w: &'a ast::StmtWith,
        pos: usize,
        is_async: bool,
    ) -> CResult {
        let item = &w.items[pos];
        let (final_, exit, cleanup) = (self.label(), self.label(), self.label());
        self.expr(&item.context_expr)?;
        self.set_pos(w.range);
        if is_async {
            self.emit(Op::BeforeAsyncWith);
            self.await_top(1);
        } else {
            self.emit(Op::BeforeWith);
        }
        // Handler depth: the stack below the __enter__ result (with __exit__ on it).
        let depth = self.u().b.depth() - 1;
        self.u().b.push_handler(final_, depth, true);
        self.u().fblocks.push(FBlock::With {
            range: w.range,
            is_async,
        });
        match &item.optional_vars {
            Some(v) => self.store_target(v)?,
            None => self.emit(Op::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.body(&w.body)?;
        } else {
            self.with_items(w, pos + 1, is_async)?;
        }
        self.u().fblocks.pop();
        self.u().b.pop_handler();
        if !self.u().b.is_dead() {
            self.set_pos(w.range);
            self.call_exit_with_nones();
            if is_async {
                self.await_top(2);
            }
            self.emit(Op::PopTop);
            self.jump(Op::Jump, exit);
        }
        // Exceptional outcome: [exit, lasti, exc]
        self.bind(final_);
        self.u().b.set_depth(depth + 2);
        self.u().b.push_handler(cleanup, depth + 1, true);
        self.set_pos(w.range);
        self.emit(Op::PushExcInfo);
        if is_async {
            self.emit(Op::AsyncWithExceptStart);
            self.await_top(2);
        } else {
            self.emit(Op::WithExceptStart);
        }
        let suppress = self.label();
        self.jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise(2));
        self.bind(suppress);
        self.u().b.set_depth(depth + 4);
        self.emit(Op::PopTop);
        self.u().b.pop_handler();
        self.emit(Op::PopExcept);
        self.emit(Op::PopTop);
        self.emit(Op::PopTop);
        self.jump(Op::Jump, exit);
        self.bind(cleanup);
        self.u().b.set_depth(depth + 3);
        self.emit(Op::Copy(3));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise(1));
        self.bind(exit);
        self.u().b.set_depth(depth);
        Ok(())
    }

    /// Calls the `__exit__` on top of the stack with three Nones (leaves its result).
    pub(super) fn call_exit_with_nones(&mut self) {
        self.load_const(Value::None);
        self.load_const(Value::None);
        self.load_const(Value::None);
        self.emit(Op::Call(2));
    }
}
