//! Expression code generation (CPython 3.11's `compiler_visit_expr1` and friends).
//!
//! Invariant: an expression leaves exactly one value on the stack; its instructions carry its
//! own position, restored after each sub-expression.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, ExprContext};
use ruff_text_size::{Ranged, TextRange};

use super::stmt::binop_of;
use super::{CResult, CompileError, Compiler, UnitKind};
use crate::bytecode::{CmpOp, Op};
use crate::objects::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

impl Compiler<'_> {
    pub(super) fn expr(&mut self, e: &Expr) -> CResult {
        let saved = self.u().b.pos;
        self.set_pos(e.range());
        let r = self.expr_inner(e);
        self.u().b.pos = saved;
        r
    }

    /// A constant value for literal expressions (incl. folded tuples and negative numbers).
    fn const_of(&self, e: &Expr) -> Option<Value> {
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Some(Value::Int(v)),
                    None => crate::numfmt::parse_int(&i.to_string(), 0)
                        .ok()
                        .map(Value::from_bigint),
                },
                ast::Number::Float(f) => Some(Value::Float(crate::objects::PyFloat::from(*f))),
                ast::Number::Complex { .. } => None,
            },
            Expr::StringLiteral(s) => Some(Value::str(s.value.to_str())),
            Expr::BooleanLiteral(b) => Some(Value::Bool(crate::objects::PyBool::from(b.value))),
            Expr::NoneLiteral(_) => Some(Value::None),
            Expr::EllipsisLiteral(_) => Some(Value::Ellipsis),
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match self.const_of(&u.operand)? {
                Value::Int(i) => Some(match i.checked_neg() {
                    Some(v) => Value::Int(v),
                    None => Value::from_bigint(-num_bigint::BigInt::from(i)),
                }),
                Value::Long(b) => Some(Value::from_bigint(-(*b).clone())),
                Value::Float(f) => Some(Value::Float(-f)),
                _ => None,
            },
            Expr::Tuple(t) => {
                let mut v = Vec::with_capacity(t.elts.len());
                for x in &t.elts {
                    v.push(self.const_of(x)?);
                }
                Some(Value::tuple(v))
            }
            _ => None,
        }
    }

    fn expr_inner(&mut self, e: &Expr) -> CResult {
        if let Some(v) = self.const_of(e) {
            self.load_const(v);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => {
                let end = self.label();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        self.set_pos(b.range);
                        match b.op {
                            ast::BoolOp::And => self.jump(Op::JumpIfFalseOrPop, end),
                            ast::BoolOp::Or => self.jump(Op::JumpIfTrueOrPop, end),
                        }
                    }
                }
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Copy(1));
                self.store_target(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Op::BinaryOp(binop_of(b.op) as u32));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(match u.op {
                    ast::UnaryOp::Invert => Op::UnaryInvert,
                    ast::UnaryOp::Not => Op::UnaryNot,
                    ast::UnaryOp::UAdd => Op::UnaryPositive,
                    ast::UnaryOp::USub => Op::UnaryNegative,
                });
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let (orelse, end) = (self.label(), self.label());
                self.expr_jump(&i.test, false, orelse)?;
                self.expr(&i.body)?;
                self.jump(Op::Jump, end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => self.dict_display(d)?,
            Expr::Set(s) => {
                self.sequence_display(&s.elts, Op::BuildSet, Op::SetAdd, Op::SetUpdate, false)?
            }
            Expr::List(l) => self.sequence_display(
                &l.elts,
                Op::BuildList,
                Op::ListAppend,
                Op::ListExtend,
                false,
            )?,
            Expr::Tuple(t) => self.sequence_display(
                &t.elts,
                Op::BuildTuple,
                Op::ListAppend,
                Op::ListExtend,
                true,
            )?,
            Expr::ListComp(c) => {
                self.comprehension(e, e.range(), CompKind::List, &c.generators, &c.elt, None)?
            }
            Expr::SetComp(c) => {
                self.comprehension(e, e.range(), CompKind::Set, &c.generators, &c.elt, None)?
            }
            Expr::DictComp(c) => {
                let key = c.key.as_deref().unwrap_or(&c.value);
                self.comprehension(
                    e,
                    e.range(),
                    CompKind::Dict,
                    &c.generators,
                    key,
                    Some(&c.value),
                )?
            }
            Expr::Generator(c) => {
                self.comprehension(e, e.range(), CompKind::Gen, &c.generators, &c.elt, None)?
            }
            Expr::Await(a) => self.await_expr(a)?,
            Expr::Yield(y) => {
                if !matches!(self.unit().kind, UnitKind::Function | UnitKind::Lambda) {
                    return Err(CompileError {
                        msg: "'yield' outside function".into(),
                        range: y.range,
                    });
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Value::None),
                }
                self.emit(Op::YieldValue);
            }
            Expr::YieldFrom(y) => self.yield_from_expr(y)?,
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => self.fstring(f)?,
            Expr::TString(t) => self.unsupported("template string", t.range),
            Expr::StringLiteral(s) => self.load_const(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => self.unsupported("bytes literal", b.range),
            Expr::NumberLiteral(n) => self.unsupported("complex number literal", n.range),
            Expr::BooleanLiteral(b) => {
                self.load_const(Value::Bool(crate::objects::PyBool::from(b.value)))
            }
            Expr::NoneLiteral(_) => self.load_const(Value::None),
            Expr::EllipsisLiteral(_) => self.load_const(Value::Ellipsis),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(&a.attr.id);
                self.emit(Op::LoadAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.slice_or_expr(&s.slice)?;
                self.emit(Op::BinarySubscr);
            }
            Expr::Starred(s) => {
                return Err(CompileError {
                    msg: "can't use starred expression here".into(),
                    range: s.range,
                })
            }
            Expr::Name(n) => self.name_op(&n.id, ExprContext::Load)?,
            Expr::Slice(s) => self.slice_or_expr(&Expr::Slice(s.clone()))?,
            Expr::IpyEscapeCommand(c) => self.unsupported("IPython escape command", c.range),
        }
        Ok(())
    }

    fn slice_or_expr(&mut self, e: &Expr) -> CResult {
        if let Expr::Slice(s) = e {
            let saved = self.u().b.pos;
            self.set_pos(s.range);
            for part in [&s.lower, &s.upper] {
                match part {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Value::None),
                }
            }
            let n = if let Some(st) = &s.step {
                self.expr(st)?;
                3
            } else {
                2
            };
            self.emit(Op::BuildSlice(n));
            self.u().b.pos = saved;
            Ok(())
        } else {
            self.expr(e)
        }
    }

    /// Compiles `e` as a condition: jumps to `target` when its truth equals `when`.
    pub(super) fn expr_jump(
        &mut self,
        e: &Expr,
        when: bool,
        target: super::builder::Label,
    ) -> CResult {
        if let Expr::UnaryOp(u) = e {
            if u.op == ast::UnaryOp::Not {
                return self.expr_jump(&u.operand, !when, target);
            }
        }
        if let Expr::BoolOp(b) = e {
            let is_and = b.op == ast::BoolOp::And;
            // `a and b` jumps on false if any is false; on true only if all are true.
            if is_and != when {
                for v in &b.values {
                    self.expr_jump(v, when, target)?;
                }
            } else {
                let skip = self.label();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    if i + 1 < n {
                        self.expr_jump(v, !when, skip)?;
                    } else {
                        self.expr_jump(v, when, target)?;
                    }
                }
                self.bind(skip);
            }
            return Ok(());
        }
        if let Expr::If(i) = e {
            // compiler_jump_if's IfExp case: the test, body and else branch are each compiled as
            // jumps, so a comparison's location leaked by any of them stays in place (e.g. the
            // raise of `assert not (x if a < b else y)` is located at `a < b`).
            let (orelse, end) = (self.label(), self.label());
            self.expr_jump(&i.test, false, orelse)?;
            self.expr_jump(&i.body, when, target)?;
            self.jump(Op::Jump, end);
            self.bind(orelse);
            self.expr_jump(&i.orelse, when, target)?;
            self.bind(end);
            return Ok(());
        }
        self.expr(e)?;
        if matches!(e, Expr::Compare(_)) {
            // compiler_jump_if leaves a comparison's location in place; other tests restore it.
            self.set_pos(e.range());
        }
        if when {
            self.jump(Op::PopJumpIfTrue, target);
        } else {
            self.jump(Op::PopJumpIfFalse, target);
        }
        Ok(())
    }

    /// An iterable in `for`/comprehensions/`in` tests, with 3.11's AST optimizations: a list
    /// display becomes a tuple (a constant when all its items are), a constant set display a
    /// frozenset.
    pub(super) fn iter_expr(&mut self, e: &Expr) -> CResult {
        match e {
            Expr::List(l) if !l.elts.iter().any(|x| matches!(x, Expr::Starred(_))) => {
                let saved = self.u().b.pos;
                self.set_pos(l.range);
                let consts: Option<Vec<Value>> = l.elts.iter().map(|x| self.const_of(x)).collect();
                match consts {
                    Some(vs) => self.load_const(Value::tuple(vs)),
                    None => {
                        for x in &l.elts {
                            self.expr(x)?;
                        }
                        self.emit(Op::BuildTuple(l.elts.len() as u32));
                    }
                }
                self.u().b.pos = saved;
                Ok(())
            }
            Expr::Set(st) => {
                let consts: Option<Vec<Value>> = st.elts.iter().map(|x| self.const_of(x)).collect();
                match consts {
                    Some(vs) if !vs.is_empty() => {
                        let mut d = crate::objects::Dict::default();
                        for v in vs {
                            match crate::objects::Key::new(v) {
                                Ok(k) => d.insert(k, Value::None),
                                Err(_) => return self.expr(e),
                            }
                        }
                        self.load_const(Value::FrozenSet(Rc::new(d)));
                        Ok(())
                    }
                    _ => self.expr(e),
                }
            }
            _ => self.expr(e),
        }
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> CResult {
        self.expr(&c.left)?;
        let n = c.ops.len();
        let cleanup = self.label();
        let end = self.label();
        for i in 0..n {
            if matches!(c.ops[i], ast::CmpOp::In | ast::CmpOp::NotIn) {
                self.iter_expr(&c.comparators[i])?;
            } else {
                self.expr(&c.comparators[i])?;
            }
            self.set_pos(c.range);
            if i + 1 < n {
                self.emit(Op::Swap(2));
                self.emit(Op::Copy(2));
                self.compare_op(c.ops[i]);
                self.jump(Op::JumpIfFalseOrPop, cleanup);
            } else {
                self.compare_op(c.ops[i]);
            }
        }
        if n > 1 {
            self.jump(Op::Jump, end);
            self.bind(cleanup);
            self.emit(Op::Swap(2));
            self.emit(Op::PopTop);
            self.bind(end);
        }
        Ok(())
    }

    fn compare_op(&mut self, op: ast::CmpOp) {
        use ast::CmpOp::*;
        self.emit(match op {
            Eq => Op::CompareOp(CmpOp::Eq as u32),
            NotEq => Op::CompareOp(CmpOp::Ne as u32),
            Lt => Op::CompareOp(CmpOp::Lt as u32),
            LtE => Op::CompareOp(CmpOp::Le as u32),
            Gt => Op::CompareOp(CmpOp::Gt as u32),
            GtE => Op::CompareOp(CmpOp::Ge as u32),
            Is => Op::IsOp(0),
            IsNot => Op::IsOp(1),
            In => Op::ContainsOp(0),
            NotIn => Op::ContainsOp(1),
        });
    }

    fn sequence_display(
        &mut self,
        elts: &[Expr],
        build: fn(u32) -> Op,
        add: fn(u32) -> Op,
        extend: fn(u32) -> Op,
        is_tuple: bool,
    ) -> CResult {
        let has_star = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !has_star {
            for x in elts {
                self.expr(x)?;
            }
            self.emit(build(elts.len() as u32));
            return Ok(());
        }
        // With unpacking: build incrementally (tuples via a list).
        type Make = fn(u32) -> Op;
        let (b0, a, ex): (Make, Make, Make) = if is_tuple {
            (Op::BuildList, Op::ListAppend, Op::ListExtend)
        } else {
            (build, add, extend)
        };
        self.emit(b0(0));
        for x in elts {
            match x {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(ex(1));
                }
                other => {
                    self.expr(other)?;
                    self.emit(a(1));
                }
            }
        }
        if is_tuple {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, d: &ast::ExprDict) -> CResult {
        if d.items.iter().all(|i| i.key.is_some()) {
            for it in &d.items {
                if let Some(k) = &it.key {
                    self.expr(k)?;
                }
                self.expr(&it.value)?;
            }
            self.emit(Op::BuildMap(d.items.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildMap(0));
        for it in &d.items {
            match &it.key {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(&it.value)?;
                    self.emit(Op::MapAdd(1));
                }
                None => {
                    self.expr(&it.value)?;
                    self.emit(Op::DictUpdate(1));
                }
            }
        }
        Ok(())
    }

    fn call(&mut self, c: &ast::ExprCall) -> CResult {
        let args = &c.arguments;
        let simple = !args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && args.keywords.iter().all(|k| k.arg.is_some());
        if !simple {
            self.emit(Op::PushNull);
            self.expr(&c.func)?;
            // Positional part as a tuple; a lone `*x` is passed as is (CALL_FUNCTION_EX checks it).
            if let [Expr::Starred(st)] = &*args.args {
                self.expr(&st.value)?;
            } else {
                self.sequence_display(
                    &args.args,
                    Op::BuildTuple,
                    Op::ListAppend,
                    Op::ListExtend,
                    true,
                )?;
            }
            let has_kw = !args.keywords.is_empty();
            if has_kw {
                self.emit(Op::BuildMap(0));
                for k in args.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            self.load_const(Value::str(&name.id));
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.set_pos(c.range());
                            self.emit(Op::DictMerge(1));
                        }
                    }
                }
            }
            self.set_pos(c.range());
            self.emit(Op::CallFunctionEx(has_kw as u32));
            return Ok(());
        }
        if let Expr::Attribute(a) = &*c.func {
            self.expr(&a.value)?;
            self.set_pos(a.range);
            let i = self.name_index(&a.attr.id);
            self.emit(Op::LoadMethod(i));
        } else {
            self.emit(Op::PushNull);
            self.expr(&c.func)?;
        }
        for a in args.args.iter() {
            match a {
                Expr::Generator(g) if !g.parenthesized && args.args.len() == 1 => {
                    let saved = self.u().b.pos;
                    self.set_pos(args.range);
                    let r = self.comprehension(
                        a,
                        args.range,
                        CompKind::Gen,
                        &g.generators,
                        &g.elt,
                        None,
                    );
                    self.u().b.pos = saved;
                    r?;
                }
                _ => self.expr(a)?,
            }
        }
        for k in args.keywords.iter() {
            self.expr(&k.value)?;
        }
        self.set_pos(c.range());
        if !args.keywords.is_empty() {
            let names: Vec<Value> = args
                .keywords
                .iter()
                .map(|k| Value::str(k.arg.as_ref().map_or("", |a| a.id.as_str())))
                .collect();
            let i = self.const_value(Value::tuple(names));
            self.emit(Op::KwNames(i));
        }
        self.emit(Op::Call((args.args.len() + args.keywords.len()) as u32));
        Ok(())
    }

    fn fstring(&mut self, f: &ast::ExprFString) -> CResult {
        let mut n = 0u32;
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => {
                    if !l.value.is_empty() {
                        self.load_const(Value::str(&l.value));
                        n += 1;
                    }
                }
                ast::FStringPart::FString(fs) => {
                    for el in fs.elements.iter() {
                        n += self.fstring_element(el)?;
                    }
                }
            }
        }
        if n == 0 {
            self.load_const(Value::str(""));
        } else if n > 1 {
            self.emit(Op::BuildString(n));
        } else if !matches!(f.value.iter().next(), Some(ast::FStringPart::FString(_))) {
            // A single literal part is already a str.
        }
        Ok(())
    }

    /// Emits one f-string element; returns how many values it pushed.
    fn fstring_element(&mut self, el: &ast::InterpolatedStringElement) -> CResult<u32> {
        match el {
            ast::InterpolatedStringElement::Literal(l) => {
                if l.value.is_empty() {
                    return Ok(0);
                }
                self.load_const(Value::str(&l.value));
                Ok(1)
            }
            ast::InterpolatedStringElement::Interpolation(i) => {
                let mut pushed = 0;
                let mut conv = match i.conversion {
                    ast::ConversionFlag::None => 0,
                    ast::ConversionFlag::Str => 1,
                    ast::ConversionFlag::Repr => 2,
                    ast::ConversionFlag::Ascii => 3,
                };
                if let Some(dt) = &i.debug_text {
                    let text = format!(
                        "{}{}{}",
                        dt.leading(),
                        self.source_slice(i.expression.range()),
                        dt.trailing()
                    );
                    self.load_const(Value::str(&text));
                    pushed += 1;
                    if conv == 0 && i.format_spec.is_none() {
                        conv = 2;
                    }
                }
                self.expr(&i.expression)?;
                if let Some(spec) = &i.format_spec {
                    let mut m = 0;
                    for el in spec.elements.iter() {
                        m += self.fstring_element(el)?;
                    }
                    if m == 0 {
                        self.load_const(Value::str(""));
                    } else if m > 1 {
                        self.emit(Op::BuildString(m));
                    }
                    conv |= 4;
                }
                self.set_pos(i.range);
                self.emit(Op::FormatValue(conv));
                Ok(pushed + 1)
            }
        }
    }

    fn source_slice(&self, r: TextRange) -> &str {
        let (s, e): (usize, usize) = (r.start().into(), r.end().into());
        self.source.get(s..e).unwrap_or("")
    }

    fn lambda(&mut self, l: &ast::ExprLambda) -> CResult {
        let empty = ast::Parameters {
            range: l.range,
            node_index: Default::default(),
            posonlyargs: Default::default(),
            args: Default::default(),
            vararg: None,
            kwonlyargs: Default::default(),
            kwarg: None,
        };
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let flags = self.defaults(params)?;
        let scope = self.st.scope_at(l.range).ok_or_else(|| CompileError {
            msg: "internal: lambda without scope".into(),
            range: l.range,
        })?;
        let line = self.pos_of(l.range).line;
        self.enter_unit(UnitKind::Lambda, scope, Rc::from("<lambda>"), line);
        self.set_arg_counts(params);
        self.const_value(Value::None);
        self.set_pos(l.range);
        self.emit(Op::Resume);
        self.set_pos(l.body.range());
        self.expr(&l.body)?;
        self.emit(Op::ReturnValue);
        let code = self.exit_unit()?;
        self.set_pos(l.range);
        self.make_closure(code, flags)
    }

    /// `at` is the range its instructions carry: the node's, except for a generator
    /// expression that is a call's sole unparenthesized argument, which CPython's parser
    /// extends over the call's parentheses.
    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        e: &Expr,
        at: TextRange,
        kind: CompKind,
        gens: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> CResult {
        if gens.iter().any(|g| g.is_async) {
            self.unsupported("asynchronous comprehension", e.range());
            return Ok(());
        }
        let scope = self.st.scope_at(e.range()).ok_or_else(|| CompileError {
            msg: "internal: comprehension without scope".into(),
            range: e.range(),
        })?;
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let line = self.pos_of(at).line;
        self.enter_unit(UnitKind::Comprehension, scope, Rc::from(name), line);
        self.set_pos(at);
        self.emit(Op::Resume);
        match kind {
            CompKind::List => self.emit(Op::BuildList(0)),
            CompKind::Set => self.emit(Op::BuildSet(0)),
            CompKind::Dict => self.emit(Op::BuildMap(0)),
            CompKind::Gen => {}
        }
        let depth = gens.len() as u32 + 1;
        let mut ends = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            let (top, end) = (self.label(), self.label());
            if i == 0 {
                self.set_pos(at);
                let slot = self.varname_index(".0");
                self.emit(Op::LoadFast(slot));
            } else {
                self.iter_expr(&g.iter)?;
                self.set_pos(g.iter.range());
                self.emit(Op::GetIter);
            }
            self.bind(top);
            self.set_pos(at);
            self.jump(Op::ForIter, end);
            self.store_target(&g.target)?;
            for cond in &g.ifs {
                self.expr_jump(cond, false, top)?;
            }
            ends.push((top, end));
        }
        match kind {
            CompKind::Dict => {
                self.expr(elt)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.set_pos(at);
                self.emit(Op::MapAdd(depth));
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.set_pos(at);
                self.emit(Op::SetAdd(depth));
            }
            CompKind::Gen => {
                self.expr(elt)?;
                self.set_pos(at);
                self.emit(Op::YieldValue);
                self.emit(Op::PopTop);
            }
            CompKind::List => {
                self.expr(elt)?;
                self.set_pos(at);
                self.emit(Op::ListAppend(depth));
            }
        }
        for (top, end) in ends.into_iter().rev() {
            self.no_pos();
            self.jump(Op::Jump, top);
            self.bind(end);
        }
        self.set_pos(at);
        if kind == CompKind::Gen {
            self.load_const(Value::None);
        }
        self.emit(Op::ReturnValue);
        let code = self.exit_unit()?;
        self.set_pos(at);
        self.make_closure(code, 0)?;
        self.iter_expr(&gens[0].iter)?;
        self.set_pos(at);
        self.emit(Op::GetIter);
        self.emit(Op::Call(0));
        Ok(())
    }
}
