//! Pure numeric formatting and parsing helpers with CPython 3.11 semantics:
//! `repr(float)`, `format(value, spec)` for int/float/str, `int(str, base)`,
//! `float(str)`, `repr(str)`, float arithmetic corner cases, int/float
//! conversion, rounding, hashing and mixed comparisons.
//!
//! Invariants (shared by all submodules):
//! * No function panics on any input, and no `unsafe` is used.
//! * Every `Err` is the exact message text CPython raises; the function docs
//!   name the exception class. For the `format_*` functions,
//!   [`error_kind`] maps a message to its class (ValueError, OverflowError,
//!   or [`MEMORY_ERROR`] for results that would exceed [`MAX_FORMAT_LEN`]).
//! * Results are bit-for-bit CPython's: decimal digits and int <-> float
//!   conversions are exact / correctly rounded (half to even).
//! * The `n` format type uses the C locale (no grouping, `.` decimal point).
//!
//! Unsupported: printf-style `%` formatting; lone surrogates (Rust strings
//! cannot hold them, so `format(0xD800, 'c')` is an error here).

mod arith;
mod float_repr;
mod format;
mod parse;
mod spec;
mod unicode_tables;

#[cfg(test)]
mod tests;

pub use arith::{
    cmp_int_float, float_divmod, float_floordiv, float_hash_is_identity, float_mod, float_pow,
    float_round, float_to_int, hash_float, hash_i64, hash_int, int_round, int_to_float,
    int_truediv, FloatOrInt, HASH_INF,
};
pub use float_repr::{float_repr, MAX_FORMAT_LEN};
pub use format::{
    error_kind, format_float, format_i64, format_int, format_str, ErrorKind, INT_MAX_STR_DIGITS,
    INT_TO_STR_LIMIT_MSG, MEMORY_ERROR,
};
pub use parse::{
    is_printable, is_unicode_space, parse_float, parse_int, str_repr, unicode_decimal,
};
pub use spec::{parse_spec, parse_spec_for, FormatSpec, Grouping};
