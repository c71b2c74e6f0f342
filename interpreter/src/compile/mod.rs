//! AST + symbol table -> code objects (CPython 3.11's compiler.c, for the supported subset).
//!
//! Invariants:
//! - Every instruction carries the position of the innermost AST node being compiled when it
//!   was emitted (statement, then expression; restored after each sub-expression), as
//!   `compiler_visit_expr`'s SET_LOC does.
//! - Name operations are chosen from the symbol table exactly as `compiler_nameop` does.
//! - Unsupported constructs compile to an `Unsupported` instruction at their position, so a
//!   program fails with "unsupported" only if it reaches them.

mod awaiting;
mod builder;
mod class;
mod expr;
mod stmt;

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use indexmap::IndexMap;

type FxIndexMap<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;
use ruff_python_ast::{self as ast};
use ruff_text_size::TextRange;

use crate::bytecode::{co_flags, Code, Op, Pos};
use crate::objects::pystr::{intern, is_name_like};
use crate::objects::Value;
use crate::source::LineIndex;
use crate::symtable::{Scope, ScopeId, SymbolTable};
use builder::{CodeBuilder, Label};

/// A compile-time error reported as SyntaxError.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub msg: String,
    pub range: TextRange,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Module,
    Function,
    Lambda,
    Comprehension,
    Class,
}

/// A frame block that `return`/`break`/`continue` must unwind (CPython's fblockinfo).
#[derive(Clone)]
enum FBlock<'a> {
    /// A `for` loop: the iterator is on the stack.
    ForLoop {
        cont: Label,
        brk: Label,
    },
    WhileLoop {
        cont: Label,
        brk: Label,
    },
    /// Inside the body of `try` with a `finally`: the finally body must run on the way out.
    FinallyTry {
        body: &'a [ast::Stmt],
        handlers: usize,
    },
    /// Inside a `finally` body on the exception path: [prev_exc, exc] on the stack.
    FinallyEnd,
    /// Inside an `except` body: prev_exc on the stack; `name` to clear.
    Handler {
        name: Option<Rc<str>>,
    },
    /// The try-except body region (handler active).
    TryExcept,
    /// A value (the pending return value) sits on the stack while a finally body runs inline.
    PopValue,
    /// Inside a `with` body: the bound `__exit__` is on the stack.
    With {
        range: TextRange,
        is_async: bool,
    },
}

struct Unit<'a> {
    kind: UnitKind,
    scope: ScopeId,
    b: CodeBuilder,
    name: Rc<str>,
    qualname: Rc<str>,
    firstlineno: u32,
    consts: Vec<Value>,
    const_index: HashMap<ConstKey, u32>,
    names: FxIndexMap<Rc<str>, u32>,
    varnames: FxIndexMap<Rc<str>, u32>,
    cellvars: Vec<Rc<str>>,
    freevars: Vec<Rc<str>>,
    deref_slot: HashMap<Rc<str>, u32>,
    nlocalsplus: u32,
    fblocks: Vec<FBlock<'a>>,
    argcount: u32,
    posonly: u32,
    kwonly: u32,
    flags: u32,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Rc<str>),
    Other(usize),
}

pub struct Compiler<'a> {
    st: &'a SymbolTable,
    source: &'a str,
    lines: &'a LineIndex,
    filename: Rc<str>,
    units: Vec<Unit<'a>>,
    /// Counter for unique non-dedup constant keys (code objects).
    other_consts: usize,
    /// `compile(..., 'single')`: module-level expression statements are displayed.
    interactive: bool,
    /// The enclosing class name, for private name mangling (`__x` -> `_C__x`).
    private: Option<Rc<str>>,
    /// Builders of finished units, emptied, for the next units (their buffers are reused);
    /// kept per thread between compilations ([`SPARE_BUILDERS`]).
    spare_builders: Vec<CodeBuilder>,
    /// The last range [`Self::pos_of`] located, and its position (ranges repeat: a
    /// statement's or expression's position is set again after each sub-expression).
    last_pos: std::cell::Cell<Option<(TextRange, Pos)>>,
}

type CResult<T = ()> = Result<T, CompileError>;

/// The index of `name` in a name table (co_names, co_varnames), added at the end on first
/// use; keys are interned once, when added (the code object takes them as they are).
fn index_of(map: &mut FxIndexMap<Rc<str>, u32>, name: &str) -> u32 {
    if let Some(&i) = map.get(name) {
        return i;
    }
    let n = map.len() as u32;
    map.insert(intern(name), n);
    n
}

thread_local! {
    /// Emptied code builders left by earlier compilations on this thread (a thread that
    /// compiles many programs, as the fuzz screening's, reuses their buffers).
    static SPARE_BUILDERS: std::cell::Cell<Vec<CodeBuilder>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Builders kept per thread, and the largest instruction buffer kept (bigger ones are freed).
const SPARE_KEEP: usize = 16;
const SPARE_MAX_OPS: usize = 1 << 16;

impl Drop for Compiler<'_> {
    fn drop(&mut self) {
        let mut spare = std::mem::take(&mut self.spare_builders);
        spare.retain(|b| b.ops.capacity() <= SPARE_MAX_OPS);
        spare.truncate(SPARE_KEEP);
        SPARE_BUILDERS.with(|s| s.set(spare));
    }
}

impl<'a> Compiler<'a> {
    pub fn new(
        st: &'a SymbolTable,
        source: &'a str,
        lines: &'a LineIndex,
        filename: Rc<str>,
    ) -> Compiler<'a> {
        Compiler {
            st,
            source,
            lines,
            filename,
            units: Vec::new(),
            other_consts: 0,
            interactive: false,
            private: None,
            spare_builders: SPARE_BUILDERS.with(|s| s.take()),
            last_pos: std::cell::Cell::new(None),
        }
    }

    /// Compiles a module body to its `<module>` code object.
    pub fn compile_module(
        mut self,
        body: &'a [ast::Stmt],
        interactive_expr: bool,
    ) -> CResult<Rc<Code>> {
        self.interactive = interactive_expr;
        self.enter_unit(UnitKind::Module, ScopeId(0), Rc::from("<module>"), 1);
        self.u().b.pos = Pos {
            line: 1,
            end_line: 1,
            col: 0,
            end_col: 0,
        };
        if stmt::has_annotations(body) {
            self.emit(Op::SetupAnnotations);
        }
        self.body(body)?;
        let none = self.const_value(Value::None);
        self.u().b.implicit_return(none);
        self.exit_unit()
    }

    /// Compiles an expression for `eval`: the code returns its value.
    pub fn compile_eval(mut self, e: &ast::Expr) -> CResult<Rc<Code>> {
        self.enter_unit(UnitKind::Module, ScopeId(0), Rc::from("<module>"), 1);
        self.expr(e)?;
        self.emit(Op::ReturnValue);
        self.exit_unit()
    }

    fn u(&mut self) -> &mut Unit<'a> {
        self.units
            .last_mut()
            .expect("a unit is always active during compilation")
    }

    fn unit(&self) -> &Unit<'a> {
        self.units
            .last()
            .expect("a unit is always active during compilation")
    }

    fn pos_of(&self, r: TextRange) -> Pos {
        if let Some((last_r, last_p)) = self.last_pos.get() {
            if last_r == r {
                return last_p;
            }
        }
        let ((line, col), (end_line, end_col)) =
            self.lines.locate_range(r.start().into(), r.end().into());
        let p = Pos {
            line,
            end_line,
            col,
            end_col,
        };
        self.last_pos.set(Some((r, p)));
        p
    }

    /// Marks following instructions as artificial (no line: CPython's UNSET_LOC).
    fn no_pos(&mut self) {
        self.u().b.pos = Pos::default();
    }

    fn set_pos(&mut self, r: TextRange) {
        let p = self.pos_of(r);
        self.u().b.pos = p;
    }

    fn emit(&mut self, op: Op) {
        self.u().b.emit(op);
    }

    fn jump(&mut self, make: fn(u32) -> Op, l: Label) {
        self.u().b.emit_jump(make, l);
    }

    fn label(&mut self) -> Label {
        self.u().b.new_label()
    }

    fn bind(&mut self, l: Label) {
        self.u().b.bind(l);
    }

    fn enter_unit(&mut self, kind: UnitKind, scope: ScopeId, name: Rc<str>, firstlineno: u32) {
        let info = self.st.get(scope);
        let qualname = self.qualname_for(kind, &name);
        let mut varnames: FxIndexMap<Rc<str>, u32> =
            FxIndexMap::with_capacity_and_hasher(8, Default::default());
        for p in &info.params {
            index_of(&mut varnames, p);
        }
        let mut cellvars: Vec<Rc<str>> = info
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == Some(Scope::Cell))
            .map(|(k, _)| k.clone())
            .collect();
        if info.needs_class_closure {
            cellvars.push(Rc::from("__class__"));
        }
        cellvars.sort();
        let mut freevars: Vec<Rc<str>> = info
            .symbols
            .iter()
            .filter(|(_, s)| {
                s.scope == Some(Scope::Free)
                    || s.flags & crate::symtable::flags::DEF_FREE_CLASS != 0
            })
            .map(|(k, _)| k.clone())
            .collect();
        freevars.sort();
        let (mut argcount, mut posonly, mut kwonly, mut flags) = (0, 0, 0, 0);
        if matches!(
            kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        ) {
            flags |= co_flags::OPTIMIZED | co_flags::NEWLOCALS;
            if info.nested {
                flags |= co_flags::NESTED;
            }
            if info.has_varargs {
                flags |= co_flags::VARARGS;
            }
            if info.has_varkeywords {
                flags |= co_flags::VARKEYWORDS;
            }
            let coroutine = info.is_coroutine && kind != UnitKind::Comprehension;
            flags |= match (info.is_generator, coroutine) {
                (true, true) => co_flags::ASYNC_GENERATOR,
                (true, false) => co_flags::GENERATOR,
                (false, true) => co_flags::COROUTINE,
                (false, false) => 0,
            };
            argcount =
                info.params.len() as u32 - info.has_varargs as u32 - info.has_varkeywords as u32;
        }
        if kind == UnitKind::Comprehension {
            argcount = 1;
        }
        let _ = (&mut posonly, &mut kwonly);
        self.units.push(Unit {
            kind,
            scope,
            b: self.spare_builders.pop().unwrap_or_default(),
            name,
            qualname,
            firstlineno,
            consts: Vec::with_capacity(8),
            const_index: HashMap::with_capacity_and_hasher(8, Default::default()),
            names: FxIndexMap::with_capacity_and_hasher(8, Default::default()),
            varnames,
            cellvars,
            freevars,
            deref_slot: HashMap::default(),
            nlocalsplus: 0,
            fblocks: Vec::new(),
            argcount,
            posonly,
            kwonly,
            flags,
        });
    }

    /// co_qualname per `compiler_set_qualname`.
    fn qualname_for(&self, kind: UnitKind, name: &Rc<str>) -> Rc<str> {
        let Some(parent) = self.units.last() else {
            return name.clone();
        };
        if parent.kind == UnitKind::Module {
            return name.clone();
        }
        if matches!(kind, UnitKind::Function | UnitKind::Class) {
            let pinfo = self.st.get(parent.scope);
            if pinfo.scope_of(name) == Some(Scope::GlobalExplicit) {
                return name.clone();
            }
        }
        let base = if matches!(parent.kind, UnitKind::Function | UnitKind::Lambda) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.to_string()
        };
        Rc::from(format!("{base}.{name}").as_str())
    }

    /// Finishes the current unit: computes the localsplus layout and builds the code object.
    fn exit_unit(&mut self) -> CResult<Rc<Code>> {
        let u = self.units.pop().expect("exit_unit after enter_unit");
        let nlocals = u.varnames.len() as u32;
        let mut cell_slots = Vec::new();
        let mut next = nlocals;
        for c in &u.cellvars {
            if let Some(&i) = u.varnames.get(c) {
                cell_slots.push(i);
            } else {
                cell_slots.push(next);
                next += 1;
            }
        }
        let free_start = next;
        let nlocalsplus = next + u.freevars.len() as u32;
        // co_cellvars follows localsplus order: parameter cells (at their parameter slots) first.
        let mut order: Vec<usize> = (0..u.cellvars.len()).collect();
        order.sort_by_key(|&k| (cell_slots[k] >= nlocals, cell_slots[k]));
        let final_cellvars: Vec<Rc<str>> = order.iter().map(|&k| u.cellvars[k].clone()).collect();
        let final_cell_slots: Vec<u32> = order.iter().map(|&k| cell_slots[k]).collect();
        // Deref operands were emitted as provisional indices; remap them now.
        let remap = |tag: u32| -> u32 {
            // tag < 1<<30: cellvar index; else freevar index.
            if tag >= 1 << 30 {
                free_start + (tag - (1 << 30))
            } else {
                cell_slots[tag as usize]
            }
        };
        let kind = u.kind;
        let mut b = u.b;
        let finished = b.finish();
        b.reset();
        self.spare_builders.push(b);
        let (mut ops, positions, exc_table, stacksize) = finished.map_err(|m| CompileError {
            msg: m,
            range: TextRange::default(),
        })?;
        for op in ops.iter_mut() {
            *op = match *op {
                Op::LoadDeref(t) => Op::LoadDeref(remap(t)),
                Op::StoreDeref(t) => Op::StoreDeref(remap(t)),
                Op::DeleteDeref(t) => Op::DeleteDeref(remap(t)),
                Op::LoadClassDeref(t) => Op::LoadClassDeref(remap(t)),
                Op::LoadClosure(t) => Op::LoadClosure(remap(t)),
                other => other,
            };
        }
        let consts = u
            .consts
            .into_iter()
            .map(|v| match v {
                Value::Str(s) if is_name_like(&s) => Value::Str(intern(&s).into()),
                other => other,
            })
            .collect();
        let code = Code {
            name: intern(&u.name),
            qualname: intern(&u.qualname),
            filename: self.filename.clone(),
            firstlineno: u.firstlineno,
            argcount: u.argcount,
            posonlyargcount: u.posonly,
            kwonlyargcount: u.kwonly,
            flags: u.flags,
            varnames: u.varnames.into_keys().collect(),
            cellvars: final_cellvars.iter().map(|n| intern(n)).collect(),
            freevars: u.freevars.iter().map(|n| intern(n)).collect(),
            cell_slots: final_cell_slots,
            nlocalsplus,
            names: u.names.into_keys().collect(),
            consts,
            ops,
            positions,
            exc_table,
            stacksize,
            uses_name_locals: matches!(kind, UnitKind::Module | UnitKind::Class),
            warmup: Default::default(),
        };
        let _ = u.deref_slot;
        let _ = u.nlocalsplus;
        Ok(Rc::new(code))
    }

    fn const_value(&mut self, v: Value) -> u32 {
        let key = match &v {
            Value::None => ConstKey::None,
            Value::Bool(b) => ConstKey::Bool(b.get()),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.rc()),
            _ => {
                self.other_consts += 1;
                ConstKey::Other(self.other_consts)
            }
        };
        let u = self.u();
        if let Some(&i) = u.const_index.get(&key) {
            return i;
        }
        let i = u.consts.len() as u32;
        u.consts.push(v);
        u.const_index.insert(key, i);
        i
    }

    fn load_const(&mut self, v: Value) {
        let i = self.const_value(v);
        self.emit(Op::LoadConst(i));
    }

    /// The co_names index of `name` (added on first use).
    fn name_index(&mut self, name: &str) -> u32 {
        index_of(&mut self.u().names, name)
    }

    /// The co_varnames index of `name` (added on first use).
    fn varname_index(&mut self, name: &str) -> u32 {
        index_of(&mut self.u().varnames, name)
    }

    /// Provisional deref operand for `name` (remapped to a slot in `exit_unit`).
    fn deref_tag(&self, name: &str) -> Option<u32> {
        let u = self.unit();
        if let Some(i) = u.cellvars.iter().position(|c| &**c == name) {
            return Some(i as u32);
        }
        u.freevars
            .iter()
            .position(|c| &**c == name)
            .map(|i| (1 << 30) + i as u32)
    }

    /// Emits the load/store/delete of a name per `compiler_nameop`.
    fn name_op(&mut self, name: &str, ctx: ast::ExprContext) -> CResult {
        let (kind, scope) = {
            let u = self.unit();
            (u.kind, self.st.get(u.scope).scope_of(name))
        };
        let is_func = matches!(
            kind,
            UnitKind::Function | UnitKind::Lambda | UnitKind::Comprehension
        );
        #[derive(PartialEq)]
        enum K {
            Fast,
            Deref,
            Global,
            Name,
        }
        let k = match scope {
            Some(Scope::Free) | Some(Scope::Cell) => K::Deref,
            Some(Scope::Local) if is_func => K::Fast,
            Some(Scope::GlobalImplicit) if is_func => K::Global,
            Some(Scope::GlobalExplicit) => K::Global,
            _ => K::Name,
        };
        use ast::ExprContext::*;
        match k {
            K::Fast => {
                let i = self.varname_index(name);
                self.emit(match ctx {
                    Load | Invalid => Op::LoadFast(i),
                    Store => Op::StoreFast(i),
                    Del => Op::DeleteFast(i),
                });
            }
            K::Deref => {
                let t = self.deref_tag(name).ok_or_else(|| CompileError {
                    msg: format!("internal: no cell for {name}"),
                    range: TextRange::default(),
                })?;
                self.emit(match ctx {
                    Load | Invalid => {
                        if kind == UnitKind::Class {
                            Op::LoadClassDeref(t)
                        } else {
                            Op::LoadDeref(t)
                        }
                    }
                    Store => Op::StoreDeref(t),
                    Del => Op::DeleteDeref(t),
                });
            }
            K::Global => {
                let i = self.name_index(name);
                self.emit(match ctx {
                    Load | Invalid => Op::LoadGlobal(i),
                    Store => Op::StoreGlobal(i),
                    Del => Op::DeleteGlobal(i),
                });
            }
            K::Name => {
                let i = self.name_index(name);
                self.emit(match ctx {
                    Load | Invalid => Op::LoadName(i),
                    Store => Op::StoreName(i),
                    Del => Op::DeleteName(i),
                });
            }
        }
        Ok(())
    }

    fn unsupported(&mut self, what: &str, r: TextRange) {
        self.set_pos(r);
        let i = self.const_value(Value::str(what));
        self.emit(Op::Unsupported(i));
    }

    /// Emits MAKE_FUNCTION for a finished code object, loading its closure cells.
    fn make_closure(&mut self, code: Rc<Code>, mut flags: u32) -> CResult {
        if !code.freevars.is_empty() {
            for name in code.freevars.iter() {
                // The enclosing unit has this name as a cell or free variable.
                let t = self.deref_tag(name).ok_or_else(|| CompileError {
                    msg: format!(
                        "internal: closure of {} has no cell for {name}",
                        code.qualname
                    ),
                    range: TextRange::default(),
                })?;
                self.emit(Op::LoadClosure(t));
            }
            let n = code.freevars.len() as u32;
            self.emit(Op::BuildTuple(n));
            flags |= 8;
        }
        self.load_const(Value::Code(code));
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    fn body(&mut self, body: &'a [ast::Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }
}
