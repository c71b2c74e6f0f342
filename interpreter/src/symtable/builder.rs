//! Pass 1: walk the AST and record raw `DEF_*` facts per scope (CPython's `symtable_visit_*`).
//!
//! Invariant: visiting order matches CPython's, because the order names are first seen
//! decides `co_varnames`/`co_cellvars` order.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::flags::*;
use super::{BlockKind, ScopeError, ScopeId, ScopeInfo, Symbol, SymbolTable};

pub struct Builder {
    scopes: Vec<ScopeInfo>,
    by_range: HashMap<(u32, u32), ScopeId>,
    stack: Vec<ScopeId>,
    /// >0 while visiting a comprehension's outermost iterable (walrus is forbidden there).
    comp_iter_expr: u32,
    /// True while visiting a comprehension's iteration target.
    comp_iter_target: bool,
    /// Nesting depth of the visit, and its limit (CPython: recursion limit x 3).
    depth: u32,
    max_depth: u32,
}

type R = Result<(), ScopeError>;

fn err(msg: String, range: TextRange) -> ScopeError {
    ScopeError {
        msg,
        range,
        recursion: false,
    }
}

impl Builder {
    fn new(range: TextRange) -> Builder {
        let mut b = Builder {
            scopes: Vec::new(),
            by_range: HashMap::default(),
            stack: Vec::new(),
            comp_iter_expr: 0,
            comp_iter_target: false,
            depth: 0,
            max_depth: u32::MAX,
        };
        b.enter(BlockKind::Module, "top", range, false);
        b
    }

    pub fn build_module(
        body: &[Stmt],
        range: TextRange,
        limits: (u32, u32),
    ) -> Result<SymbolTable, ScopeError> {
        let mut b = Builder::new(range);
        (b.depth, b.max_depth) = limits;
        for s in body {
            b.stmt(s)?;
        }
        Ok(b.finish())
    }

    pub fn build_expr(
        e: &Expr,
        range: TextRange,
        limits: (u32, u32),
    ) -> Result<SymbolTable, ScopeError> {
        let mut b = Builder::new(range);
        (b.depth, b.max_depth) = limits;
        b.expr(e)?;
        Ok(b.finish())
    }

    fn finish(self) -> SymbolTable {
        SymbolTable {
            scopes: self.scopes,
            by_range: self.by_range,
        }
    }

    fn cur(&mut self) -> &mut ScopeInfo {
        let id = *self
            .stack
            .last()
            .expect("scope stack is never empty while visiting");
        &mut self.scopes[id.0 as usize]
    }

    fn enter(
        &mut self,
        kind: BlockKind,
        name: &str,
        range: TextRange,
        is_class_key: bool,
    ) -> ScopeId {
        let _ = is_class_key;
        let id = ScopeId(self.scopes.len() as u32);
        let parent = self.stack.last().copied();
        let nested = match parent {
            Some(p) => {
                let ps = &self.scopes[p.0 as usize];
                ps.nested || ps.kind == BlockKind::Function
            }
            None => false,
        };
        self.scopes.push(ScopeInfo {
            kind,
            name: Rc::from(name),
            parent,
            children: Vec::new(),
            symbols: IndexMap::with_capacity_and_hasher(8, Default::default()),
            params: Vec::new(),
            nested,
            is_comprehension: false,
            is_generator: false,
            is_coroutine: false,
            is_lambda: false,
            has_varargs: false,
            has_varkeywords: false,
            has_free: false,
            child_free: false,
            needs_class_closure: false,
            directives: HashMap::default(),
            range,
        });
        if let Some(p) = parent {
            self.scopes[p.0 as usize].children.push(id);
        }
        if parent.is_some() {
            self.by_range
                .insert((range.start().into(), range.end().into()), id);
        }
        self.stack.push(id);
        id
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn lookup(&mut self, name: &str) -> u32 {
        self.cur().symbols.get(name).map_or(0, |s| s.flags)
    }

    fn add_def_in(&mut self, scope: ScopeId, name: &str, flag: u32, range: TextRange) -> R {
        let s = &mut self.scopes[scope.0 as usize];
        // The name's text is copied only when the scope first sees it.
        let key: Option<Rc<str>> = match s.symbols.get_mut(name) {
            Some(sym) => {
                if flag & DEF_PARAM != 0 && sym.flags & DEF_PARAM != 0 {
                    return Err(err(
                        format!("duplicate argument '{name}' in function definition"),
                        range,
                    ));
                }
                sym.flags |= flag;
                None
            }
            None => {
                let key: Rc<str> = Rc::from(name);
                s.symbols.insert(
                    key.clone(),
                    Symbol {
                        flags: flag,
                        scope: None,
                    },
                );
                Some(key)
            }
        };
        if flag & DEF_PARAM != 0 {
            let k = match &key {
                Some(k) => k.clone(),
                None => s
                    .symbols
                    .get_key_value(name)
                    .map_or_else(|| Rc::from(name), |(k, _)| k.clone()),
            };
            s.params.push(k);
        }
        if flag & DEF_GLOBAL != 0 {
            let g = &mut self.scopes[0];
            match g.symbols.get_mut(name) {
                Some(sym) => sym.flags |= flag,
                None => {
                    let k = key.unwrap_or_else(|| Rc::from(name));
                    g.symbols.insert(
                        k,
                        Symbol {
                            flags: flag,
                            scope: None,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> R {
        let id = *self
            .stack
            .last()
            .expect("scope stack is never empty while visiting");
        let flag = if self.comp_iter_target && flag & DEF_LOCAL != 0 {
            flag | DEF_COMP_ITER
        } else {
            flag
        };
        self.add_def_in(id, name, flag, range)
    }

    fn body(&mut self, body: &[Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Charges one level of visit nesting (CPython's symtable recursion check).
    fn descend(&mut self, r: TextRange) -> R {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(ScopeError {
                msg: "maximum recursion depth exceeded during compilation".into(),
                range: r,
                recursion: true,
            });
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R {
        self.descend(s.range())?;
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => {
                self.add_def(&f.name.id, DEF_LOCAL, f.name.range)?;
                self.parameter_defaults(&f.parameters)?;
                self.annotations(&f.parameters, f.returns.as_deref())?;
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.enter(BlockKind::Function, &f.name.id, f.range, false);
                if f.is_async {
                    self.cur().is_coroutine = true;
                }
                self.parameters(&f.parameters)?;
                self.body(&f.body)?;
                self.exit();
            }
            Stmt::ClassDef(c) => {
                self.add_def(&c.name.id, DEF_LOCAL, c.name.range)?;
                if let Some(args) = &c.arguments {
                    self.arguments(args)?;
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.enter(BlockKind::Class, &c.name.id, c.range, true);
                self.body(&c.body)?;
                self.exit();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t)?;
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.expr(t)?;
                }
                self.expr(&a.value)?;
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target)?;
                self.expr(&a.value)?;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let cur = self.lookup(&n.id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.stack.len() > 1 && a.simple {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{}' can't be global", n.id)
                        } else {
                            format!("annotated name '{}' can't be nonlocal", n.id)
                        };
                        return Err(err(msg, s.range()));
                    }
                    if a.simple {
                        self.add_def(&n.id, DEF_ANNOT | DEF_LOCAL, n.range)?;
                    } else if a.value.is_some() {
                        self.add_def(&n.id, DEF_LOCAL, n.range)?;
                    }
                } else {
                    self.expr(&a.target)?;
                }
                self.expr(&a.annotation)?;
                if let Some(v) = &a.value {
                    self.expr(v)?;
                }
            }
            Stmt::For(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.body(&f.body)?;
                self.body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.body(&w.body)?;
                self.body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.body(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t)?;
                    }
                    self.body(&c.body)?;
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.body(&w.body)?;
            }
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                // Patterns are unsupported by the compiler; names in them are still bindings.
                for case in &m.cases {
                    if let Some(g) = &case.guard {
                        self.expr(g)?;
                    }
                    self.body(&case.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                    }
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body)?;
                self.body(&t.orelse)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(&n.id, DEF_LOCAL, n.range)?;
                    }
                    self.body(&h.body)?;
                }
                self.body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.alias(a, s.range())?;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    self.alias(a, s.range())?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let cur = self.lookup(&n.id);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{}' is parameter and global", n.id)
                        } else if cur & USE != 0 {
                            format!("name '{}' is used prior to global declaration", n.id)
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{}' can't be global", n.id)
                        } else {
                            format!("name '{}' is assigned to before global declaration", n.id)
                        };
                        return Err(err(msg, s.range()));
                    }
                    self.add_def(&n.id, DEF_GLOBAL, s.range())?;
                    // The first directive for a name is where CPython reports errors.
                    self.cur()
                        .directives
                        .entry(Rc::from(n.id.as_str()))
                        .or_insert(s.range());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let cur = self.lookup(&n.id);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{}' is parameter and nonlocal", n.id)
                        } else if cur & USE != 0 {
                            format!("name '{}' is used prior to nonlocal declaration", n.id)
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{}' can't be nonlocal", n.id)
                        } else {
                            format!("name '{}' is assigned to before nonlocal declaration", n.id)
                        };
                        return Err(err(msg, s.range()));
                    }
                    self.add_def(&n.id, DEF_NONLOCAL, s.range())?;
                    // The first directive for a name is where CPython reports errors.
                    self.cur()
                        .directives
                        .entry(Rc::from(n.id.as_str()))
                        .or_insert(s.range());
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {}
        }
        Ok(())
    }

    fn alias(&mut self, a: &ast::Alias, stmt_range: TextRange) -> R {
        let full = a.asname.as_ref().unwrap_or(&a.name);
        let name = full.id.as_str();
        if name == "*" {
            if self.cur().kind != BlockKind::Module {
                return Err(err(
                    "import * only allowed at module level".into(),
                    stmt_range,
                ));
            }
            return Ok(());
        }
        let store = if a.asname.is_some() {
            name
        } else {
            name.split('.').next().unwrap_or(name)
        };
        self.add_def(store, DEF_IMPORT, a.range)
    }

    fn parameter_defaults(&mut self, p: &ast::Parameters) -> R {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn annotations(&mut self, p: &ast::Parameters, returns: Option<&Expr>) -> R {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(an) = &a.parameter.annotation {
                self.expr(an)?;
            }
        }
        if let Some(v) = &p.vararg {
            if let Some(an) = &v.annotation {
                self.expr(an)?;
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(an) = &a.parameter.annotation {
                self.expr(an)?;
            }
        }
        if let Some(v) = &p.kwarg {
            if let Some(an) = &v.annotation {
                self.expr(an)?;
            }
        }
        if let Some(r) = returns {
            self.expr(r)?;
        }
        Ok(())
    }

    fn parameters(&mut self, p: &ast::Parameters) -> R {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            self.add_def(&a.parameter.name.id, DEF_PARAM, a.parameter.name.range)?;
        }
        for a in p.kwonlyargs.iter() {
            self.add_def(&a.parameter.name.id, DEF_PARAM, a.parameter.name.range)?;
        }
        if let Some(v) = &p.vararg {
            self.add_def(&v.name.id, DEF_PARAM, v.name.range)?;
            self.cur().has_varargs = true;
        }
        if let Some(v) = &p.kwarg {
            self.add_def(&v.name.id, DEF_PARAM, v.name.range)?;
            self.cur().has_varkeywords = true;
        }
        Ok(())
    }

    fn arguments(&mut self, a: &ast::Arguments) -> R {
        for e in a.args.iter() {
            self.expr(e)?;
        }
        for k in a.keywords.iter() {
            self.expr(&k.value)?;
        }
        Ok(())
    }

    fn exprs(&mut self, es: &[Expr]) -> R {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> R {
        self.descend(e.range())?;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> R {
        match e {
            Expr::Name(n) => {
                let flag = match n.ctx {
                    ExprContext::Load => USE,
                    _ => DEF_LOCAL,
                };
                self.add_def(&n.id, flag, n.range)?;
                if n.ctx == ExprContext::Load
                    && self.cur().kind == BlockKind::Function
                    && n.id.as_str() == "super"
                {
                    self.add_def("__class__", USE, n.range)?;
                }
            }
            Expr::Named(ne) => {
                if self.comp_iter_expr > 0 {
                    return Err(err(
                        "assignment expression cannot be used in a comprehension iterable expression".into(),
                        ne.range,
                    ));
                }
                if self.cur().is_comprehension {
                    self.extend_namedexpr_scope(&ne.target)?;
                }
                self.expr(&ne.value)?;
                self.expr(&ne.target)?;
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.parameter_defaults(p)?;
                }
                self.enter(BlockKind::Function, "lambda", l.range, false);
                self.cur().is_lambda = true;
                if let Some(p) = &l.parameters {
                    self.parameters(p)?;
                }
                self.expr(&l.body)?;
                self.exit();
            }
            Expr::ListComp(c) => {
                self.comprehension(e.range(), "listcomp", &c.generators, &c.elt, None, false)?
            }
            Expr::SetComp(c) => {
                self.comprehension(e.range(), "setcomp", &c.generators, &c.elt, None, false)?
            }
            Expr::Generator(c) => {
                self.comprehension(e.range(), "genexpr", &c.generators, &c.elt, None, true)?
            }
            Expr::DictComp(c) => {
                let key = c.key.as_deref().unwrap_or(&c.value);
                self.comprehension(
                    e.range(),
                    "dictcomp",
                    &c.generators,
                    key,
                    Some(&c.value),
                    false,
                )?
            }
            Expr::Yield(y) => {
                if let Some(v) = &y.value {
                    self.expr(v)?;
                }
                self.cur().is_generator = true;
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.cur().is_generator = true;
            }
            Expr::Await(a) => {
                self.expr(&a.value)?;
            }
            Expr::BoolOp(b) => self.exprs(&b.values)?,
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::If(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.expr(k)?;
                    }
                    self.expr(&item.value)?;
                }
            }
            Expr::Set(s) => self.exprs(&s.elts)?,
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)?;
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                self.arguments(&c.arguments)?;
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.fstring_element(el)?;
                }
            }
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::List(l) => self.exprs(&l.elts)?,
            Expr::Tuple(t) => self.exprs(&t.elts)?,
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
            Expr::TString(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => {}
        }
        Ok(())
    }

    fn fstring_element(&mut self, el: &ast::InterpolatedStringElement) -> R {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            self.expr(&i.expression)?;
            if let Some(spec) = &i.format_spec {
                for el in spec.elements.iter() {
                    self.fstring_element(el)?;
                }
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        range: TextRange,
        name: &str,
        gens: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
        is_generator: bool,
    ) -> R {
        let Some(first) = gens.first() else {
            return Ok(());
        };
        self.comp_iter_expr += 1;
        self.expr(&first.iter)?;
        self.comp_iter_expr -= 1;
        self.enter(BlockKind::Function, name, range, false);
        self.cur().is_comprehension = true;
        if first.is_async {
            self.cur().is_coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, range)?;
        self.comp_target(&first.target)?;
        self.exprs(&first.ifs)?;
        for g in &gens[1..] {
            self.comp_target(&g.target)?;
            self.comp_iter_expr += 1;
            self.expr(&g.iter)?;
            self.comp_iter_expr -= 1;
            self.exprs(&g.ifs)?;
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        if is_generator {
            self.cur().is_generator = true;
        }
        self.exit();
        Ok(())
    }

    fn comp_target(&mut self, t: &Expr) -> R {
        self.comp_iter_target = true;
        let r = self.expr(t);
        self.comp_iter_target = false;
        r
    }

    /// Walrus inside a comprehension binds in the nearest enclosing function or module scope.
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> R {
        let Expr::Name(n) = target else { return Ok(()) };
        let name = n.id.as_str();
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let s = &self.scopes[sid.0 as usize];
            if s.is_comprehension {
                let f = s.symbols.get(name).map_or(0, |s| s.flags);
                if f & DEF_COMP_ITER != 0 {
                    return Err(err(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        n.range,
                    ));
                }
                continue;
            }
            match s.kind {
                BlockKind::Function => {
                    let f = s.symbols.get(name).map_or(0, |s| s.flags);
                    let flag = if f & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(name, flag, n.range)?;
                    self.cur()
                        .directives
                        .entry(Rc::from(name))
                        .or_insert(n.range);
                    return self.add_def_in(sid, name, DEF_LOCAL, n.range);
                }
                BlockKind::Module => {
                    self.add_def(name, DEF_GLOBAL, n.range)?;
                    self.cur()
                        .directives
                        .entry(Rc::from(name))
                        .or_insert(n.range);
                    return self.add_def_in(sid, name, DEF_GLOBAL, n.range);
                }
                BlockKind::Class => {
                    return Err(err(
                        "assignment expression within a comprehension cannot be used in a class body".into(),
                        n.range,
                    ));
                }
            }
        }
        Ok(())
    }
}
