//! Symbol tables: CPython 3.11's two-pass name resolution (Python/symtable.c).
//!
//! Pass 1 ([`builder`]) walks the AST once and records raw facts per scope (`DEF_*` flags).
//! Pass 2 ([`analyze`]) resolves every name of every scope to one of LOCAL, GLOBAL_EXPLICIT,
//! GLOBAL_IMPLICIT, FREE or CELL, exactly as `analyze_block` does.
//!
//! Invariants:
//! - Scopes form a tree indexed by [`ScopeId`]; the module scope is `ScopeId(0)`.
//! - Each function/lambda/comprehension/class node maps to exactly one scope, found by its
//!   source range ([`SymbolTable::scope_at`]).
//! - Scoping errors are SyntaxErrors with CPython's wording and the location CPython reports.

pub mod analyze;
pub mod builder;

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use ruff_text_size::TextRange;

/// Raw facts about a name in one scope (CPython's `DEF_*`).
pub mod flags {
    pub const DEF_GLOBAL: u32 = 1; // DEF_GLOBAL: global stmt
    pub const DEF_LOCAL: u32 = 2; // DEF_LOCAL: assignment in code block
    pub const DEF_PARAM: u32 = 4; // DEF_PARAM: formal parameter
    pub const DEF_NONLOCAL: u32 = 8; // DEF_NONLOCAL: nonlocal stmt
    pub const USE: u32 = 16; // USE: name is used
    pub const DEF_FREE: u32 = 32; // DEF_FREE: name used but not defined in nested block
    pub const DEF_FREE_CLASS: u32 = 64; // DEF_FREE_CLASS: free variable from class's method
    pub const DEF_IMPORT: u32 = 128; // DEF_IMPORT: assignment occurred via import
    pub const DEF_ANNOT: u32 = 256; // DEF_ANNOT: this name is annotated
    pub const DEF_COMP_ITER: u32 = 512; // DEF_COMP_ITER: comprehension iteration variable
    pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
}

/// The resolved scope of a name (CPython's `SCOPE_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BlockKind {
    Module,
    Function,
    Class,
}

/// One symbol: its raw flags and (after pass 2) its scope.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub flags: u32,
    pub scope: Option<Scope>,
}

/// One block (CPython's `PySTEntryObject`).
#[derive(Debug)]
pub struct ScopeInfo {
    pub kind: BlockKind,
    pub name: Rc<str>,
    pub parent: Option<ScopeId>,
    pub children: Vec<ScopeId>,
    /// Symbols in first-seen order (co_varnames order follows it for non-parameters).
    pub symbols: IndexMap<Rc<str>, Symbol, rustc_hash::FxBuildHasher>,
    /// Parameter names in order.
    pub params: Vec<Rc<str>>,
    pub nested: bool,
    pub is_comprehension: bool,
    pub is_generator: bool,
    pub is_coroutine: bool,
    pub is_lambda: bool,
    pub has_varargs: bool,
    pub has_varkeywords: bool,
    pub has_free: bool,
    pub child_free: bool,
    pub needs_class_closure: bool,
    /// The `global`/`nonlocal` statements' locations per name (for error positions).
    pub directives: HashMap<Rc<str>, TextRange>,
    pub range: TextRange,
}

impl ScopeInfo {
    pub fn scope_of(&self, name: &str) -> Option<Scope> {
        self.symbols.get(name).and_then(|s| s.scope)
    }
}

/// A SyntaxError found while building or analyzing symbol tables.
#[derive(Debug, Clone)]
pub struct ScopeError {
    pub msg: String,
    pub range: TextRange,
    /// True for "maximum recursion depth exceeded during compilation" (a RecursionError).
    pub recursion: bool,
}

/// The symbol tables of one module.
#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<ScopeInfo>,
    /// (node start, node end, is_class) -> scope; functions, lambdas, classes, comprehensions.
    pub by_range: HashMap<(u32, u32), ScopeId>,
}

impl SymbolTable {
    pub fn get(&self, id: ScopeId) -> &ScopeInfo {
        &self.scopes[id.0 as usize]
    }
    /// The scope created by the node spanning `range`.
    pub fn scope_at(&self, range: TextRange) -> Option<ScopeId> {
        self.by_range
            .get(&(range.start().into(), range.end().into()))
            .copied()
    }
    /// Builds and analyzes the symbol table of a module body.
    pub fn build(
        body: &[ruff_python_ast::Stmt],
        range: TextRange,
        limits: (u32, u32),
    ) -> Result<SymbolTable, ScopeError> {
        let mut st = builder::Builder::build_module(body, range, limits)?;
        analyze::analyze(&mut st)?;
        Ok(st)
    }
    /// Builds the table for an expression evaluated as `eval` input.
    pub fn build_expr(
        expr: &ruff_python_ast::Expr,
        range: TextRange,
        limits: (u32, u32),
    ) -> Result<SymbolTable, ScopeError> {
        let mut st = builder::Builder::build_expr(expr, range, limits)?;
        analyze::analyze(&mut st)?;
        Ok(st)
    }
}
