//! Statement code generation (CPython 3.11's `compiler_visit_stmt` and friends).
//!
//! Invariant: `return`/`break`/`continue` unwind the frame blocks they leave (loops' iterators,
//! `finally` bodies inlined, exception handlers' `POP_EXCEPT` and name cleanup) exactly as
//! `compiler_unwind_fblock` does, with the exception regions of the blocks being left closed.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{CResult, CompileError, Compiler, FBlock, UnitKind};
use crate::bytecode::{BinOp, Op};
use crate::objects::Value;

/// True when a module body has annotated assignments at its top level (needs __annotations__).
pub fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(a) => matches!(&*a.target, Expr::Name(_)) && a.simple,
        Stmt::If(i) => {
            has_annotations(&i.body) || i.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(w) => has_annotations(&w.body) || has_annotations(&w.orelse),
        Stmt::Try(t) => {
            has_annotations(&t.body)
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    has_annotations(&h.body)
                })
        }
        _ => false,
    })
}

pub(super) fn binop_of(op: ast::Operator) -> BinOp {
    use ast::Operator::*;
    match op {
        Add => BinOp::Add,
        Sub => BinOp::Sub,
        Mult => BinOp::Mul,
        MatMult => BinOp::MatMul,
        Div => BinOp::TrueDiv,
        Mod => BinOp::Mod,
        Pow => BinOp::Pow,
        LShift => BinOp::LShift,
        RShift => BinOp::RShift,
        BitOr => BinOp::Or,
        BitXor => BinOp::Xor,
        BitAnd => BinOp::And,
        FloorDiv => BinOp::FloorDiv,
    }
}

pub(super) fn docstring(body: &[Stmt]) -> Option<&str> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            return Some(s.value.to_str());
        }
    }
    None
}

impl<'a> Compiler<'a> {
    pub(super) fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.set_pos(s.range());
        match s {
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Return(r) => self.return_stmt(r)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Op::Copy(1));
                    }
                    self.store_target(t)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => self.ann_assign(a)?,
            Stmt::For(f) => {
                if f.is_async {
                    self.async_for(f)?;
                } else {
                    self.for_stmt(f)?;
                }
            }
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::With(w) => {
                if w.is_async {
                    self.async_with(w)?;
                } else {
                    self.with_stmt(w)?;
                }
            }
            Stmt::Match(m) => self.unsupported("match statement", m.range),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.set_pos(s.range());
                self.emit(Op::RaiseVarargs(n));
            }
            Stmt::Try(t) => {
                if t.is_star {
                    self.unsupported("try/except*", t.range);
                } else if !t.finalbody.is_empty() {
                    self.try_finally(t)?;
                } else {
                    self.try_except(t)?;
                }
            }
            Stmt::Assert(a) => {
                let end = self.label();
                self.expr_jump(&a.test, true, end)?;
                self.emit(Op::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Op::Call(0));
                }
                self.emit(Op::RaiseVarargs(1));
                self.bind(end);
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.set_pos(s.range());
                    self.load_const(Value::Int(0));
                    self.load_const(Value::None);
                    let idx = self.name_index(&a.name.id);
                    self.emit(Op::ImportName(idx));
                    match &a.asname {
                        Some(asname) => {
                            let parts: Vec<&str> = a.name.id.split('.').collect();
                            if parts.len() > 1 {
                                for p in &parts[1..] {
                                    let pi = self.name_index(p);
                                    self.emit(Op::ImportFrom(pi));
                                    self.emit(Op::Swap(2));
                                    self.emit(Op::PopTop);
                                }
                            }
                            self.name_op(&asname.id, ExprContext::Store)?;
                        }
                        None => {
                            let top = a.name.id.split('.').next().unwrap_or("");
                            self.name_op(top, ExprContext::Store)?;
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    self.unsupported("relative import", i.range);
                    return Ok(());
                }
                self.load_const(Value::Int(0));
                let names: Vec<Value> = i.names.iter().map(|a| Value::str(&a.name.id)).collect();
                self.load_const(Value::tuple(names));
                let m = i
                    .module
                    .as_ref()
                    .map(|m| m.id.to_string())
                    .unwrap_or_default();
                let idx = self.name_index(&m);
                self.emit(Op::ImportName(idx));
                for a in &i.names {
                    if a.name.id.as_str() == "*" {
                        self.emit(Op::ImportStar);
                        return Ok(());
                    }
                    let ni = self.name_index(&a.name.id);
                    self.emit(Op::ImportFrom(ni));
                    let store = a.asname.as_ref().unwrap_or(&a.name);
                    self.name_op(&store.id, ExprContext::Store)?;
                }
                self.emit(Op::PopTop);
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => self.emit(Op::Nop),
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                if self.interactive && self.unit().kind == UnitKind::Module {
                    self.emit(Op::PrintExpr);
                } else {
                    self.emit(Op::PopTop);
                }
            }
            Stmt::Break(b) => self.break_stmt(b.range)?,
            Stmt::Continue(c) => self.continue_stmt(c.range)?,
            Stmt::TypeAlias(t) => self.unsupported("type alias statement", t.range),
            Stmt::IpyEscapeCommand(c) => self.unsupported("IPython escape command", c.range),
        }
        Ok(())
    }

    /// The `def` line's range (ruff's FunctionDef range starts at the first decorator).
    /// The `def` line's range (ruff's FunctionDef range starts at the first decorator).
    fn def_range(&self, f: &ast::StmtFunctionDef) -> TextRange {
        self.keyword_range(
            f.range,
            f.name.range,
            !f.decorator_list.is_empty(),
            f.is_async,
        )
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
        let def_range = self.def_range(f);
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        self.set_pos(def_range);
        let mut flags = self.defaults(&f.parameters)?;
        if self.annotations(&f.parameters, f.returns.as_deref())? {
            flags |= 4;
        }
        let scope = self.st.scope_at(f.range).ok_or_else(|| CompileError {
            msg: "internal: function without scope".into(),
            range: f.range,
        })?;
        let firstlineno = match f.decorator_list.first() {
            Some(d) => self.pos_of(d.range).line,
            None => self.pos_of(def_range).line,
        };
        self.enter_unit(
            UnitKind::Function,
            scope,
            Rc::from(f.name.id.as_str()),
            firstlineno,
        );
        self.set_arg_counts(&f.parameters);
        // CPython's RESUME (and RETURN_GENERATOR): a new frame sits at co_firstlineno (the
        // first decorator's line when decorated), as compiler_enter_scope positions it.
        self.set_pos(def_range);
        if firstlineno != self.u().b.pos.line {
            self.u().b.pos = crate::bytecode::Pos {
                line: firstlineno,
                end_line: firstlineno,
                col: 0,
                end_col: 0,
            };
        }
        self.emit(Op::Resume);
        if self.unit().flags & crate::bytecode::co_flags::ASYNC_GENERATOR != 0 {
            self.unsupported("asynchronous generator", def_range);
        }
        let doc = docstring(&f.body);
        match doc {
            Some(d) => self.const_value(Value::str(d)),
            None => self.const_value(Value::None),
        };
        self.set_pos(def_range);
        let body = if doc.is_some() {
            &f.body[1..]
        } else {
            &f.body[..]
        };
        self.body(body)?;
        if !self.u().b.is_dead() {
            let none = self.const_value(Value::None);
            self.u().b.implicit_return(none);
        }
        let code = self.exit_unit()?;
        self.set_pos(def_range);
        self.make_closure(code, flags)?;
        for d in f.decorator_list.iter().rev() {
            self.set_pos(d.expression.range());
            self.emit(Op::Call(0));
        }
        self.set_pos(def_range);
        self.name_op(&f.name.id, ExprContext::Store)
    }

    pub(super) fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.posonly = p.posonlyargs.len() as u32;
        u.kwonly = p.kwonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
    }

    /// Pushes the defaults tuple and kwdefaults dict; returns MAKE_FUNCTION flags.
    pub(super) fn defaults(&mut self, p: &ast::Parameters) -> CResult<u32> {
        let mut flags = 0;
        let defs: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defs.is_empty() {
            for d in &defs {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(defs.len() as u32));
            flags |= 1;
        }
        let kwdefs: Vec<(&str, &Expr)> = p
            .kwonlyargs
            .iter()
            .filter_map(|a| {
                a.default
                    .as_deref()
                    .map(|d| (a.parameter.name.id.as_str(), d))
            })
            .collect();
        if !kwdefs.is_empty() {
            for (n, d) in &kwdefs {
                self.load_const(Value::str(n));
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(kwdefs.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// Pushes the annotations dict if any; returns whether it did.
    fn annotations(&mut self, p: &ast::Parameters, returns: Option<&Expr>) -> CResult<bool> {
        let mut n = 0;
        let all = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref());
        for a in all {
            if let Some(an) = &a.annotation {
                self.load_const(Value::str(&a.name.id));
                self.expr(an)?;
                n += 1;
            }
        }
        if let Some(r) = returns {
            self.load_const(Value::str("return"));
            self.expr(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit(Op::BuildMap(n));
        }
        Ok(n > 0)
    }

    fn return_stmt(&mut self, r: &ast::StmtReturn) -> CResult {
        if !matches!(self.unit().kind, UnitKind::Function | UnitKind::Lambda) {
            return Err(CompileError {
                msg: "'return' outside function".into(),
                range: r.range,
            });
        }
        match &r.value {
            Some(v) => self.expr(v)?,
            None => self.load_const(Value::None),
        }
        self.set_pos(r.range);
        let saved = self.unwind_all(true)?;
        self.emit(Op::ReturnValue);
        self.u().b.restore_handlers(saved);
        Ok(())
    }

    /// Unwinds every frame block (for `return`); returns the handlers to restore afterwards.
    fn unwind_all(&mut self, preserve_tos: bool) -> CResult<Vec<super::builder::Handler>> {
        let blocks: Vec<FBlock<'a>> = self.unit().fblocks.clone();
        let mut saved = Vec::new();
        for fb in blocks.iter().rev() {
            self.unwind_fblock(fb, preserve_tos, &mut saved)?;
        }
        Ok(saved)
    }

    fn unwind_fblock(
        &mut self,
        fb: &FBlock<'a>,
        preserve_tos: bool,
        saved: &mut Vec<super::builder::Handler>,
    ) -> CResult {
        match fb {
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
            }
            FBlock::WhileLoop { .. } => {}
            FBlock::TryExcept => {
                self.pop_handler_into(saved);
            }
            FBlock::With { range, is_async } => {
                self.pop_handler_into(saved);
                self.set_pos(*range);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.call_exit_with_nones();
                if *is_async {
                    self.await_top(2);
                }
                self.emit(Op::PopTop);
                // CPython: the unwinding instructions after the exit are artificial.
                self.no_pos();
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
            }
            FBlock::FinallyTry { body, handlers } => {
                let mut taken = self.u().b.take_handlers(*handlers);
                taken.append(saved);
                *saved = taken;
                // The finally body runs with the fblocks outside this one.
                let depth_idx = self
                    .unit()
                    .fblocks
                    .iter()
                    .rposition(|b| matches!(b, FBlock::FinallyTry { body: b2, .. } if std::ptr::eq(*b2, *body)))
                    .unwrap_or(0);
                let stash: Vec<FBlock<'a>> = self.u().fblocks.split_off(depth_idx);
                if preserve_tos {
                    self.u().fblocks.push(FBlock::PopValue);
                }
                let r = self.body(body);
                if preserve_tos {
                    self.u().fblocks.pop();
                }
                self.u().fblocks.extend(stash);
                r?;
                // CPython: what follows the inlined finally body is artificial (no line).
                self.no_pos();
            }
            FBlock::FinallyEnd => {
                self.pop_handler_into(saved);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopExcept);
            }
            FBlock::Handler { name } => {
                if name.is_some() {
                    self.pop_handler_into(saved);
                }
                self.pop_handler_into(saved);
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopExcept);
                if let Some(n) = name {
                    self.load_const(Value::None);
                    self.name_op(n, ExprContext::Store)?;
                    self.name_op(n, ExprContext::Del)?;
                }
            }
        }
        Ok(())
    }

    /// Closes the innermost exception region for the unwinding code being emitted.
    fn pop_handler_into(&mut self, saved: &mut Vec<super::builder::Handler>) {
        let n = self.u().b.handler_count();
        if n > 0 {
            let mut taken = self.u().b.take_handlers(n - 1);
            taken.append(saved);
            *saved = taken;
        }
    }

    fn loop_index(&self) -> Option<usize> {
        self.unit()
            .fblocks
            .iter()
            .rposition(|b| matches!(b, FBlock::ForLoop { .. } | FBlock::WhileLoop { .. }))
    }

    fn break_stmt(&mut self, r: TextRange) -> CResult {
        let Some(li) = self.loop_index() else {
            return Err(CompileError {
                msg: "'break' outside loop".into(),
                range: r,
            });
        };
        let blocks: Vec<FBlock<'a>> = self.unit().fblocks[li..].to_vec();
        let mut saved = Vec::new();
        for fb in blocks[1..].iter().rev() {
            self.unwind_fblock(fb, false, &mut saved)?;
        }
        let brk = match &blocks[0] {
            FBlock::ForLoop { brk, .. } => {
                self.emit(Op::PopTop);
                *brk
            }
            FBlock::WhileLoop { brk, .. } => *brk,
            _ => unreachable_label(),
        };
        self.jump(Op::Jump, brk);
        self.u().b.restore_handlers(saved);
        Ok(())
    }

    fn continue_stmt(&mut self, r: TextRange) -> CResult {
        let Some(li) = self.loop_index() else {
            return Err(CompileError {
                msg: "'continue' not properly in loop".into(),
                range: r,
            });
        };
        let blocks: Vec<FBlock<'a>> = self.unit().fblocks[li..].to_vec();
        let mut saved = Vec::new();
        for fb in blocks[1..].iter().rev() {
            self.unwind_fblock(fb, false, &mut saved)?;
        }
        let cont = match &blocks[0] {
            FBlock::ForLoop { cont, .. } | FBlock::WhileLoop { cont, .. } => *cont,
            _ => unreachable_label(),
        };
        self.jump(Op::Jump, cont);
        self.u().b.restore_handlers(saved);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult {
        let (top, end, brk) = (self.label(), self.label(), self.label());
        self.iter_expr(&f.iter)?;
        // GET_ITER / FOR_ITER carry the whole `for` statement's location.
        self.set_pos(f.range);
        self.emit(Op::GetIter);
        self.bind(top);
        self.set_pos(f.range);
        self.jump(Op::ForIter, end);
        self.store_target(&f.target)?;
        self.u().fblocks.push(FBlock::ForLoop { cont: top, brk });
        self.body(&f.body)?;
        self.u().fblocks.pop();
        self.no_pos();
        self.jump(Op::Jump, top);
        self.bind(end);
        self.body(&f.orelse)?;
        self.bind(brk);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let (top, orelse, brk) = (self.label(), self.label(), self.label());
        self.bind(top);
        self.expr_jump(&w.test, false, orelse)?;
        self.u().fblocks.push(FBlock::WhileLoop { cont: top, brk });
        self.body(&w.body)?;
        self.u().fblocks.pop();
        self.no_pos();
        self.jump(Op::Jump, top);
        self.bind(orelse);
        self.body(&w.orelse)?;
        self.bind(brk);
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult {
        let end = self.label();
        let mut next = self.label();
        self.expr_jump(&i.test, false, next)?;
        self.body(&i.body)?;
        for c in &i.elif_else_clauses {
            if !self.u().b.is_dead() {
                self.jump(Op::Jump, end);
            }
            self.bind(next);
            next = self.label();
            if let Some(t) = &c.test {
                self.set_pos(c.range);
                self.expr_jump(t, false, next)?;
            }
            self.body(&c.body)?;
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        self.try_except_parts(t.range, &t.body, &t.handlers, &t.orelse)
    }

    /// `try: body except ...: ... else: orelse` (also the inner part of a `try` that has
    /// both handlers and a `finally`).
    fn try_except_parts(
        &mut self,
        range: TextRange,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let (except, end, cleanup) = (self.label(), self.label(), self.label());
        let depth = self.u().b.depth();
        // CPython emits a NOP for the `try:` line (traced as a line event).
        self.set_pos(range);
        self.emit(Op::Nop);
        self.u().b.push_handler(except, depth, false);
        self.u().fblocks.push(FBlock::TryExcept);
        self.body(body)?;
        self.u().fblocks.pop();
        self.u().b.pop_handler();
        self.body(orelse)?;
        if !self.u().b.is_dead() {
            self.no_pos();
            self.jump(Op::Jump, end);
        }
        // Handlers: [exc] on the stack.
        self.bind(except);
        self.u().b.set_depth(depth + 1);
        self.u().b.push_handler(cleanup, depth + 1, true);
        self.no_pos();
        self.emit(Op::PushExcInfo);
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_pos(h.range);
            let next = self.label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.set_pos(h.range);
                self.emit(Op::CheckExcMatch);
                self.jump(Op::PopJumpIfFalse, next);
            }
            match &h.name {
                Some(n) => {
                    let name: Rc<str> = Rc::from(n.id.as_str());
                    self.name_op(&name, ExprContext::Store)?;
                    let cleanup_end = self.label();
                    let d = self.u().b.depth();
                    self.u().b.push_handler(cleanup_end, d, true);
                    self.u().fblocks.push(FBlock::Handler {
                        name: Some(name.clone()),
                    });
                    self.body(&h.body)?;
                    self.u().fblocks.pop();
                    self.u().b.pop_handler();
                    if !self.u().b.is_dead() {
                        self.no_pos();
                        self.emit(Op::PopExcept);
                        self.load_const(Value::None);
                        self.name_op(&name, ExprContext::Store)?;
                        self.name_op(&name, ExprContext::Del)?;
                        self.jump(Op::Jump, end);
                    }
                    // cleanup_end: [prev_exc, lasti, exc2]
                    self.bind(cleanup_end);
                    self.u().b.set_depth(d + 2);
                    self.no_pos();
                    self.load_const(Value::None);
                    self.name_op(&name, ExprContext::Store)?;
                    self.name_op(&name, ExprContext::Del)?;
                    self.emit(Op::Reraise(1));
                }
                None => {
                    self.emit(Op::PopTop);
                    self.u().fblocks.push(FBlock::Handler { name: None });
                    self.body(&h.body)?;
                    self.u().fblocks.pop();
                    if !self.u().b.is_dead() {
                        self.no_pos();
                        self.emit(Op::PopExcept);
                        self.jump(Op::Jump, end);
                    }
                }
            }
            self.bind(next);
            self.u().b.set_depth(depth + 2);
        }
        self.no_pos();
        self.emit(Op::Reraise(0));
        self.u().b.pop_handler();
        self.bind(cleanup);
        self.u().b.set_depth(depth + 3);
        self.emit(Op::Copy(3));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise(1));
        self.bind(end);
        self.u().b.set_depth(depth);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult {
        let (exc_path, end, cleanup) = (self.label(), self.label(), self.label());
        let depth = self.u().b.depth();
        let handlers = self.u().b.handler_count();
        let finalbody: &'a [Stmt] = &t.finalbody;
        self.set_pos(t.range);
        self.emit(Op::Nop);
        self.u().b.push_handler(exc_path, depth, false);
        self.u().fblocks.push(FBlock::FinallyTry {
            body: finalbody,
            handlers,
        });
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except_parts(t.range, &t.body, &t.handlers, &t.orelse)?;
        }
        self.u().fblocks.pop();
        self.u().b.pop_handler();
        // Normal exit: run the finally body.
        let live = !self.u().b.is_dead();
        if live {
            self.body(finalbody)?;
            if !self.u().b.is_dead() {
                self.jump(Op::Jump, end);
            }
        }
        // Exception path: [exc]
        self.bind(exc_path);
        self.u().b.set_depth(depth + 1);
        self.u().b.push_handler(cleanup, depth + 1, true);
        self.no_pos();
        self.emit(Op::PushExcInfo);
        self.u().fblocks.push(FBlock::FinallyEnd);
        self.body(finalbody)?;
        self.u().fblocks.pop();
        self.no_pos();
        self.emit(Op::Reraise(0));
        self.u().b.pop_handler();
        self.bind(cleanup);
        self.u().b.set_depth(depth + 3);
        self.emit(Op::Copy(3));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise(1));
        self.bind(end);
        self.u().b.set_depth(depth);
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> CResult {
        let op = binop_of(a.op) as u32 + 13;
        match &*a.target {
            Expr::Name(n) => {
                self.set_pos(n.range);
                self.name_op(&n.id, ExprContext::Load)?;
                self.expr(&a.value)?;
                self.set_pos(a.range);
                self.emit(Op::BinaryOp(op));
                self.set_pos(n.range);
                self.name_op(&n.id, ExprContext::Store)?;
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.set_pos(at.range);
                self.emit(Op::Copy(1));
                let i = self.name_index(&at.attr.id);
                self.emit(Op::LoadAttr(i));
                self.expr(&a.value)?;
                self.set_pos(a.range);
                self.emit(Op::BinaryOp(op));
                self.set_pos(at.range);
                self.emit(Op::Swap(2));
                self.emit(Op::StoreAttr(i));
            }
            Expr::Subscript(sb) => {
                self.expr(&sb.value)?;
                self.expr(&sb.slice)?;
                self.set_pos(sb.range);
                self.emit(Op::Copy(2));
                self.emit(Op::Copy(2));
                self.emit(Op::BinarySubscr);
                self.expr(&a.value)?;
                self.set_pos(a.range);
                self.emit(Op::BinaryOp(op));
                self.set_pos(sb.range);
                self.emit(Op::Swap(3));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreSubscr);
            }
            other => {
                return Err(CompileError {
                    msg: "'expression' is an illegal expression for augmented assignment".into(),
                    range: other.range(),
                })
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &ast::StmtAnnAssign) -> CResult {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        }
        if let Expr::Name(n) = &*a.target {
            if a.simple && self.unit().kind == UnitKind::Module {
                self.expr(&a.annotation)?;
                self.name_op("__annotations__", ExprContext::Load)?;
                self.load_const(Value::str(&n.id));
                self.emit(Op::StoreSubscr);
            }
        } else if a.value.is_none() {
            // `x.y: int` evaluates the target's object.
            if let Expr::Attribute(at) = &*a.target {
                self.expr(&at.value)?;
                self.emit(Op::PopTop);
            }
        }
        Ok(())
    }

    pub(super) fn store_target(&mut self, t: &Expr) -> CResult {
        match t {
            Expr::Name(n) => {
                self.set_pos(n.range);
                self.name_op(&n.id, ExprContext::Store)
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_pos(a.range);
                let i = self.name_index(&a.attr.id);
                self.emit(Op::StoreAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_pos(s.range);
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | Expr::List(ast::ExprList { elts, range, .. }) => {
                self.set_pos(*range);
                self.unpack(elts, *range)?;
                for e in elts {
                    let e = match e {
                        Expr::Starred(s) => &*s.value,
                        other => other,
                    };
                    self.store_target(e)?;
                }
                Ok(())
            }
            Expr::Starred(s) => Err(CompileError {
                msg: "starred assignment target must be in a list or tuple".into(),
                range: s.range,
            }),
            other => Err(CompileError {
                msg: "cannot assign to expression".into(),
                range: other.range(),
            }),
        }
    }

    fn unpack(&mut self, elts: &[Expr], r: TextRange) -> CResult {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        match star {
            None => self.emit(Op::UnpackSequence(elts.len() as u32)),
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return Err(CompileError {
                        msg: "multiple starred expressions in assignment".into(),
                        range: r,
                    });
                }
                let after = elts.len() - i - 1;
                self.emit(Op::UnpackEx(i as u32 | ((after as u32) << 8)));
            }
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &Expr) -> CResult {
        match t {
            Expr::Name(n) => {
                self.set_pos(n.range);
                self.name_op(&n.id, ExprContext::Del)
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_pos(a.range);
                let i = self.name_index(&a.attr.id);
                self.emit(Op::DeleteAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_pos(s.range);
                self.emit(Op::DeleteSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete_target(e)?;
                }
                Ok(())
            }
            other => Err(CompileError {
                msg: "cannot delete expression".into(),
                range: other.range(),
            }),
        }
    }
}

fn unreachable_label() -> super::builder::Label {
    super::builder::Label(u32::MAX)
}
