//! Function objects, builtin functions, bound methods and cells.
//!
//! Invariants:
//! - A [`Function`]'s `closure` has exactly one cell per name in its code's `co_freevars`,
//!   in the same order.
//! - A [`Builtin`] with `bound = Some(x)` receives `x` as its first positional argument.

use std::cell::RefCell;
use std::rc::Rc;

use smallvec::SmallVec;

use super::{DictRef, Value};
use crate::bytecode::Code;
use crate::error::PyResult;
use crate::vm::Vm;

/// A Python function (`def` or `lambda`).
pub struct Function {
    /// `__code__` (assignable, as in CPython).
    pub code: RefCell<Rc<Code>>,
    pub globals: DictRef,
    pub name: RefCell<Rc<str>>,
    pub qualname: RefCell<Rc<str>>,
    /// `__defaults__`: values for the last positional parameters.
    pub defaults: RefCell<Option<Rc<Vec<Value>>>>,
    /// `__kwdefaults__`.
    pub kwdefaults: RefCell<Option<DictRef>>,
    /// `__closure__`: one cell per free variable.
    pub closure: Option<Rc<Vec<Rc<Cell>>>>,
    /// `__dict__`, created on first attribute store.
    pub dict: RefCell<Option<DictRef>>,
    pub module: RefCell<Value>,
    pub doc: RefCell<Value>,
    pub annotations: RefCell<Value>,
}

/// Positional values followed by keyword values; `kwnames` names the trailing ones.
pub struct Args {
    pub values: SmallVec<[Value; 6]>,
    pub kwnames: Option<Rc<Vec<Rc<str>>>>,
}

impl Args {
    pub fn positional(values: Vec<Value>) -> Args {
        Args {
            values: SmallVec::from_vec(values),
            kwnames: None,
        }
    }
    pub fn n_kw(&self) -> usize {
        self.kwnames.as_ref().map_or(0, |k| k.len())
    }
    /// The positional part.
    pub fn pos(&self) -> &[Value] {
        &self.values[..self.values.len() - self.n_kw()]
    }
    /// Keyword (name, value) pairs.
    pub fn kwargs(&self) -> impl Iterator<Item = (&Rc<str>, &Value)> {
        let n = self.n_kw();
        let start = self.values.len() - n;
        self.kwnames
            .iter()
            .flat_map(|k| k.iter())
            .zip(self.values[start..].iter())
    }
    pub fn kw(&self, name: &str) -> Option<&Value> {
        self.kwargs().find(|(k, _)| &***k == name).map(|(_, v)| v)
    }
}

/// A Rust function callable from Python.
pub type NativeFn = fn(&mut Vm, Args) -> PyResult<Value>;

/// A builtin function or a builtin method bound to its object.
pub struct Builtin {
    /// `__name__`.
    pub name: &'static str,
    /// `__qualname__` prefix for methods (`"list"` for `list.append`), empty for functions.
    pub owner: &'static str,
    pub func: NativeFn,
    /// The bound object (`__self__`) for methods.
    pub bound: Option<Value>,
    /// The module a builtin function belongs to (`builtins`, `sys`, ...), for its repr.
    pub module: &'static str,
}

/// A Python function bound to an object.
pub struct Method {
    pub func: Value,
    pub self_: Value,
}

/// A closure cell.
#[derive(Default)]
pub struct Cell {
    pub v: RefCell<Option<Value>>,
}

impl Cell {
    pub fn new(v: Option<Value>) -> Rc<Cell> {
        Rc::new(Cell { v: RefCell::new(v) })
    }
    pub fn get(&self) -> Option<Value> {
        self.v.borrow().clone()
    }
    pub fn set(&self, v: Option<Value>) {
        *self.v.borrow_mut() = v;
    }
}
