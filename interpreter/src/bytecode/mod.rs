//! Bytecode: the instruction set ([`Op`]) and code objects ([`Code`]).
//!
//! Invariants:
//! - `Code::ops`, `Code::positions` have the same length: every instruction has a position
//!   (CPython's co_positions), possibly "none" (line 0).
//! - Jump operands are instruction indices into `ops`.
//! - The exception table is sorted by `start` and its ranges do not overlap.
//! - Local slot layout follows CPython 3.11's localsplus: `co_varnames` first, then cell
//!   variables that are not parameters, then free variables.

pub mod dis;

use std::rc::Rc;

use crate::objects::Value;

/// Binary operators for `BinaryOp` (CPython's NB_* order; in-place variants add 13).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum BinOp {
    Add,
    And,
    FloorDiv,
    LShift,
    MatMul,
    Mul,
    Mod,
    Or,
    Pow,
    RShift,
    Sub,
    TrueDiv,
    Xor,
}

impl BinOp {
    pub const ALL: [BinOp; 13] = [
        BinOp::Add,
        BinOp::And,
        BinOp::FloorDiv,
        BinOp::LShift,
        BinOp::MatMul,
        BinOp::Mul,
        BinOp::Mod,
        BinOp::Or,
        BinOp::Pow,
        BinOp::RShift,
        BinOp::Sub,
        BinOp::TrueDiv,
        BinOp::Xor,
    ];
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::And => "&",
            BinOp::FloorDiv => "//",
            BinOp::LShift => "<<",
            BinOp::MatMul => "@",
            BinOp::Mul => "*",
            BinOp::Mod => "%",
            BinOp::Or => "|",
            BinOp::Pow => "** or pow()",
            BinOp::RShift => ">>",
            BinOp::Sub => "-",
            BinOp::TrueDiv => "/",
            BinOp::Xor => "^",
        }
    }
    pub fn dunder(self) -> &'static str {
        match self {
            BinOp::Add => "add",
            BinOp::And => "and",
            BinOp::FloorDiv => "floordiv",
            BinOp::LShift => "lshift",
            BinOp::MatMul => "matmul",
            BinOp::Mul => "mul",
            BinOp::Mod => "mod",
            BinOp::Or => "or",
            BinOp::Pow => "pow",
            BinOp::RShift => "rshift",
            BinOp::Sub => "sub",
            BinOp::TrueDiv => "truediv",
            BinOp::Xor => "xor",
        }
    }
}

/// Comparison operators for `CompareOp`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    pub const ALL: [CmpOp; 6] = [
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
    ];
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
    pub fn swap(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        }
    }
}

/// One instruction. Names follow `dis` where the semantics match.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    Nop,
    PopTop,
    PushNull,
    /// Push a copy of the n-th item from the top (1 = top).
    Copy(u32),
    /// Swap top with the n-th item.
    Swap(u32),
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    LoadClassDeref(u32),
    /// Push the cell object in a slot (for building a closure tuple).
    LoadClosure(u32),
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// Push [method, self] or [NULL, attribute].
    LoadMethod(u32),
    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    BuildSlice(u32),
    /// Operand: BinOp index, +13 for the in-place form.
    BinaryOp(u32),
    UnaryNegative,
    UnaryPositive,
    UnaryNot,
    UnaryInvert,
    CompareOp(u32),
    /// Operand 1 = `is not`.
    IsOp(u32),
    /// Operand 1 = `not in`.
    ContainsOp(u32),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    DictMerge(u32),
    ListToTuple,
    BuildString(u32),
    /// Operand: conversion (0 none, 1 str, 2 repr, 3 ascii) | 4 if a format spec is on the stack.
    FormatValue(u32),
    UnpackSequence(u32),
    /// Operand: before | (after << 8).
    UnpackEx(u32),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Push next item or pop the iterator and jump.
    ForIter(u32),
    /// Keyword names (a const tuple of str) for the next `Call`.
    KwNames(u32),
    /// Stack: [NULL|method, callable|self, args...]; operand = number of args (excluding self).
    Call(u32),
    /// Stack: [NULL, callable, args tuple, (kwargs dict)]; operand 1 = kwargs present.
    CallFunctionEx(u32),
    /// Operand flags: 1 defaults, 2 kwdefaults, 4 annotations, 8 closure.
    MakeFunction(u32),
    ReturnValue,
    /// Operand: 0 bare raise, 1 raise exc, 2 raise exc from cause.
    RaiseVarargs(u32),
    /// Re-raise the exception on top; operand 1: restore lasti from the stack below it.
    Reraise(u32),
    PushExcInfo,
    PopExcept,
    CheckExcMatch,
    LoadAssertionError,
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    SetupAnnotations,
    /// Raise the pending "unsupported" error stored as const operand (a str).
    Unsupported(u32),
    /// Start of a function's code (CPython's RESUME): carries the def line; never traced as a
    /// line.
    Resume,
    /// Push `builtins.__build_class__`.
    LoadBuildClass,
    /// Push the bound `__exit__` of the context manager on top, then the `__enter__()` result.
    BeforeWith,
    /// Stack [exit, lasti, prev_exc, exc]: push `exit(type(exc), exc, tb)`.
    WithExceptStart,
    /// Interactive mode: display the expression statement's value (sys.displayhook).
    PrintExpr,
    ReturnGenerator,
    YieldValue,
    /// `yield from`/`await` step: pops the value to send, sends it into the receiver below it;
    /// pushes what the receiver yielded, or replaces the receiver with its return value and
    /// jumps to the operand.
    Send(u32),
    /// `yield from` operand: generators (and coroutines in iterable-coroutine code) stay, other
    /// objects become their iterator.
    GetYieldFromIter,
    /// `await` operand (CPython's `_PyCoro_GetAwaitableIter`); operand 1/2: the object came
    /// from `__aenter__`/`__aexit__` (for the error text).
    GetAwaitable(u32),
    /// `async for`: replace the iterable by `type(x).__aiter__(x)`.
    GetAiter,
    /// `async for`: push the awaitable of `type(it).__anext__(it)`.
    GetAnext,
    /// `async for` exit handler: StopAsyncIteration pops the iterator, anything else re-raises.
    EndAsyncFor,
    /// `async with`: replace the manager by its bound `__aexit__`, push `__aenter__()`.
    BeforeAsyncWith,
    /// `async with` exceptional exit: like `WithExceptStart` but pushes `__aexit__`'s raw
    /// result (an awaitable) instead of its truth value.
    AsyncWithExceptStart,
}

/// Source position of an instruction (co_positions). Line 0 = no position.
/// Columns are UTF-8 byte offsets within their lines; `u32::MAX` = unknown.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Pos {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

pub const NO_COL: u32 = u32::MAX;

/// An exception table entry: instructions `start..end` jump to `target` on an exception,
/// after truncating the value stack to `depth` (and pushing lasti if `lasti`).
#[derive(Clone, Copy, Debug)]
pub struct ExcEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// co_flags bits.
pub mod co_flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const COROUTINE: u32 = 0x80;
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
}

/// A code object.
#[derive(Clone)]
pub struct Code {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub filename: Rc<str>,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// co_varnames: parameters then other fast locals.
    pub varnames: Vec<Rc<str>>,
    /// co_cellvars (sorted, as CPython's dictbytype).
    pub cellvars: Vec<Rc<str>>,
    /// co_freevars (sorted).
    pub freevars: Vec<Rc<str>>,
    /// Slot of each cellvar in the localsplus array (a parameter cell shares the parameter's slot).
    pub cell_slots: Vec<u32>,
    /// Total localsplus slots.
    pub nlocalsplus: u32,
    pub names: Vec<Rc<str>>,
    pub consts: Vec<Value>,
    pub ops: Vec<Op>,
    pub positions: Vec<Pos>,
    pub exc_table: Vec<ExcEntry>,
    pub stacksize: u32,
    /// True for module/class/exec code that uses a locals dict (LOAD_NAME).
    pub uses_name_locals: bool,
    /// 3.11's `co_warmup`: RESUMEs and JUMP_BACKWARDs seen (counted without a bound: a
    /// 64-bit count does not wrap); from [`QUICKEN_AFTER`] on, CPython has quickened the
    /// code, and its call sites take the specialized paths (which charge some builtin calls
    /// no recursion level).
    pub warmup: std::cell::Cell<u64>,
}

/// `QUICKENING_WARMUP_DELAY`.
pub const QUICKEN_AFTER: u64 = 8;

impl Code {
    /// `_PyCode_Warmup` (at RESUME and JUMP_BACKWARD).
    #[inline]
    pub fn warm_tick(&self) {
        self.warmup.set(self.warmup.get().wrapping_add(1));
    }
    /// Whether the code has been quickened (its call sites specialize).
    #[inline]
    pub fn is_quickened(&self) -> bool {
        self.warmup.get() >= QUICKEN_AFTER
    }
    pub fn free_start(&self) -> u32 {
        self.nlocalsplus - self.freevars.len() as u32
    }
    /// The name of localsplus slot `i` (for error messages).
    pub fn slot_name(&self, i: u32) -> Rc<str> {
        if (i as usize) < self.varnames.len() {
            return self.varnames[i as usize].clone();
        }
        let fs = self.free_start();
        if i >= fs {
            return self.freevars[(i - fs) as usize].clone();
        }
        for (k, s) in self.cell_slots.iter().enumerate() {
            if *s == i {
                return self.cellvars[k].clone();
            }
        }
        Rc::from("?")
    }
    /// Whether slot `i` holds a free variable (vs. a cell variable).
    pub fn slot_is_free(&self, i: u32) -> bool {
        i >= self.free_start()
    }
    /// Line number of instruction `i` (None when it has no position).
    pub fn line_of(&self, i: usize) -> Option<u32> {
        self.positions
            .get(i)
            .and_then(|p| if p.line == 0 { None } else { Some(p.line) })
    }
    pub fn is_generator(&self) -> bool {
        self.flags & (co_flags::GENERATOR | co_flags::COROUTINE) != 0
    }
}
