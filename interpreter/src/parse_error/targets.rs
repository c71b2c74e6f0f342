//! Parse errors CPython 3.11 words by what the code says: invalid assignment, deletion and
//! augmented-assignment targets (named by `_PyPegen_get_expr_name`), `=` in conditions,
//! argument order, bare `*`, if-expressions without else, Python 2 `print`/`exec`.
//!
//! Invariant: each mapping matches the grammar rule CPython reports through
//! (`invalid_assignment`, `invalid_named_expression`, `invalid_arguments`,
//! `invalid_star_etc`, `invalid_expression`, `invalid_legacy_expression`) and its location; anything else returns None or ruff's
//! range, and the caller keeps "invalid syntax".

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::Expr;
use ruff_python_parser::{ParseError, ParseErrorType};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{line_at, line_text, Mapped, SynLoc};
use crate::objects::ExcType;

/// The bracket closing the call around `at` (where CPython's `invalid_arguments` reports,
/// at the last token it read); `at` itself when there is none.
pub(super) fn closing_bracket(src: &str, at: TextRange) -> TextRange {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let mut depth = 0usize;
    for t in parsed.tokens().iter().filter(|t| t.start() >= at.end()) {
        match t.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace if depth == 0 => {
                return t.range()
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => depth -= 1,
            _ => {}
        }
    }
    at
}

/// A SyntaxError with `msg` over ruff's range.
pub(super) fn plain(msg: &str, at: TextRange) -> Mapped {
    Mapped {
        exc: ExcType::SyntaxError,
        msg: msg.into(),
        loc: SynLoc::Range(at),
    }
}

/// `_PyPegen_get_expr_name`: how CPython names an expression in target errors.
fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::BooleanLiteral(b) if b.value => "True",
        Expr::BooleanLiteral(_) => "False",
        Expr::NoneLiteral(_) => "None",
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        _ => "literal",
    }
}

/// Finds the expression whose range is exactly `at`.
struct FindExpr<'a> {
    at: TextRange,
    found: Option<&'a Expr>,
}

impl<'a> Visitor<'a> for FindExpr<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found.is_none() {
            if expr.range() == self.at {
                self.found = Some(expr);
            } else {
                walk_expr(self, expr);
            }
        }
    }
}

/// "cannot assign to literal", "cannot delete function call", "'function call' is an
/// illegal expression for augmented assignment": the invalid target ruff points at, named
/// as CPython names it. A single-target `x = y` statement whose target could be a
/// comparison's left side (`invalid_named_expression`) adds "here. Maybe you meant '=='
/// instead of '='?".
pub(super) fn invalid_target(src: &str, e: &ParseError) -> Option<Mapped> {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let mut finder = FindExpr {
        at: e.location,
        found: None,
    };
    for stmt in parsed.syntax().body.iter() {
        finder.visit_stmt(stmt);
    }
    let target = finder.found?;
    let name = expr_name(target);
    let msg = match e.error {
        ParseErrorType::InvalidDeleteTarget => format!("cannot delete {name}"),
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            format!("'{name}' is an illegal expression for augmented assignment")
        }
        _ if comparison_like(src, target) => {
            format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?")
        }
        _ => format!("cannot assign to {name}"),
    };
    Some(Mapped {
        exc: ExcType::SyntaxError,
        msg,
        loc: SynLoc::Range(e.location),
    })
}

/// `invalid_named_expression`'s last alternative: a `bitwise_or` (not a list, tuple,
/// generator, True, None or False) followed by a single `=` and the statement's value.
fn comparison_like(src: &str, target: &Expr) -> bool {
    let (_, line_start) = line_at(src, target.start());
    let line = line_text(src, line_start);
    let before = src[line_start..usize::from(target.start())].trim_end();
    let after = src[usize::from(target.end())..].trim_start_matches([' ', '\t']);
    // A parenthesized target is an atom, whatever it holds.
    let parenthesized = after.starts_with(')') && before.ends_with('(');
    let before = if parenthesized {
        before.trim_end_matches(['(', ' ', '\t'])
    } else {
        before
    };
    let after = after.trim_start_matches([' ', '\t', ')']);
    let excluded = matches!(
        target,
        Expr::List(_)
            | Expr::Tuple(_)
            | Expr::Generator(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
    );
    let bitwise_or = parenthesized || plain_bitwise_or(target);
    if excluded || !bitwise_or {
        return false;
    }
    let b = line.as_bytes();
    let assigns = (0..b.len())
        .filter(|&i| {
            b[i] == b'='
                && b.get(i + 1) != Some(&b'=')
                && (i == 0 || !b"=!<>:+-*/%&|^@".contains(&b[i - 1]))
        })
        .count();
    let single_eq = after.starts_with('=') && !after.starts_with("==") && assigns == 1;
    single_eq && !before.contains(['[', '('])
}

/// `invalid_legacy_expression`: `print`/`exec` followed by an expression without
/// parentheses, "Missing parentheses in call to 'print'. Did you mean print(...)?" over the
/// name and the longest expression list after it (`at` is where that list starts).
pub(super) fn legacy_call(src: &str, at: TextRange) -> Option<Mapped> {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let toks: &[ruff_python_ast::token::Token] = parsed.tokens();
    let first = toks.iter().position(|t| t.start() >= at.start())?;
    let name = toks[..first].iter().rev().find(|t| !t.kind().is_trivia())?;
    let word = &src[name.range()];
    if name.kind() != TokenKind::Name || !matches!(word, "print" | "exec") {
        return None;
    }
    let line_end = toks[first..]
        .iter()
        .position(|t| matches!(t.kind(), TokenKind::Newline | TokenKind::EndOfFile))
        .map_or(toks.len(), |i| first + i);
    let end = toks[first..line_end]
        .iter()
        .rev()
        .filter(|t| !t.kind().is_trivia())
        .map(|t| t.end())
        .find(|&end| {
            ruff_python_parser::parse_expression(&src[usize::from(at.start())..usize::from(end)])
                .is_ok()
        })?;
    Some(Mapped {
        exc: ExcType::SyntaxError,
        msg: format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
        loc: SynLoc::Range(TextRange::new(name.start(), end)),
    })
}

/// `invalid_named_expression` in an `if`/`elif`/`while` header (ruff: a `=` where the
/// colon belongs): `NAME = value` gets "invalid syntax. Maybe you meant '==' or ':='
/// instead of '='?" over both, another `bitwise_or` "cannot assign to ... here" over it.
pub(super) fn header_assignment(src: &str, at: TextRange) -> Option<Mapped> {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let toks: &[ruff_python_ast::token::Token] = parsed.tokens();
    let eq = toks.iter().position(|t| t.range() == at)?;
    let first = super::logical_line_start(toks, eq);
    if !matches!(&src[toks[first].range()], "if" | "elif" | "while") || first + 1 >= eq {
        return None;
    }
    // The value runs to the header's colon, with no other `=` at the top level.
    let mut depth = 0usize;
    let mut colon = None;
    for (i, t) in toks.iter().enumerate().skip(eq + 1) {
        match t.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                depth = depth.checked_sub(1)?
            }
            TokenKind::Equal | TokenKind::ColonEqual if depth == 0 => return None,
            TokenKind::Colon if depth == 0 => {
                colon = Some(i);
                break;
            }
            TokenKind::Newline => return None,
            _ => {}
        }
    }
    let colon = colon.filter(|&c| c > eq + 1)?;
    let a = TextRange::new(toks[first + 1].start(), toks[eq - 1].end());
    let b = TextRange::new(toks[eq + 1].start(), toks[colon - 1].end());
    ruff_python_parser::parse_expression(&src[b]).ok()?;
    let target = ruff_python_parser::parse_expression(&src[a])
        .ok()?
        .into_syntax();
    if eq == first + 2 && toks[first + 1].kind() == TokenKind::Name {
        return Some(plain(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            TextRange::new(a.start(), b.end()),
        ));
    }
    let body = &*target.body;
    let parenthesized = src[a].starts_with('(');
    let excluded = matches!(
        body,
        Expr::List(_)
            | Expr::Tuple(_)
            | Expr::Generator(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
    );
    if excluded || !(parenthesized || plain_bitwise_or(body)) {
        return None;
    }
    Some(plain(
        &format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            expr_name(body)
        ),
        body.range() + a.start(),
    ))
}

/// Whether an unparenthesized expression is a `bitwise_or` in CPython's grammar.
fn plain_bitwise_or(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::Lambda(_)
            | Expr::If(_)
            | Expr::Compare(_)
            | Expr::BoolOp(_)
            | Expr::Named(_)
            | Expr::Starred(_)
            | Expr::Yield(_)
            | Expr::YieldFrom(_)
    ) && !matches!(e, Expr::UnaryOp(u) if u.op == ruff_python_ast::UnaryOp::Not)
}

/// Where "named arguments must follow bare *" points: a `def`'s bare `*` (the last `*`
/// token up to `at`); in a lambda the last token of `* :`, `* , :` or `* , **` (the
/// grammar raises there); `at` itself when there is no `*`.
pub(super) fn bare_star(src: &str, at: TextRange) -> TextRange {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let toks: Vec<&ruff_python_ast::token::Token> = parsed
        .tokens()
        .iter()
        .filter(|t| !t.kind().is_trivia())
        .collect();
    let Some(star) = toks
        .iter()
        .rposition(|t| t.start() <= at.start() && t.kind() == TokenKind::Star)
    else {
        return at;
    };
    // The innermost open parameter list: a lambda's ends at its colon.
    let lambda = toks[..star]
        .iter()
        .rev()
        .find(|t| {
            matches!(
                t.kind(),
                TokenKind::Def | TokenKind::Lambda | TokenKind::Colon
            )
        })
        .is_some_and(|t| t.kind() == TokenKind::Lambda);
    if !lambda {
        return toks[star].range();
    }
    let next = |i: usize| toks.get(i).map(|t| (t.kind(), t.range()));
    match (next(star + 1), next(star + 2)) {
        (Some((TokenKind::Comma, _)), Some((_, r))) => r,
        (Some((_, r)), _) => r,
        _ => toks[star].range(),
    }
}

/// Finds the conditional expression whose condition ends at `end`.
struct FindIf<'a> {
    end: TextSize,
    found: Option<&'a ruff_python_ast::ExprIf>,
}

impl<'a> Visitor<'a> for FindIf<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::If(i) = expr {
            if i.test.end() == self.end {
                self.found = Some(i);
            }
        }
        if self.found.is_none() {
            walk_expr(self, expr);
        }
    }
}

/// `invalid_expression`'s `a=disjunction 'if' b=disjunction !('else'|':')`: "expected
/// 'else' after 'if' expression" from the value to the end of the condition.
pub(super) fn if_without_else(src: &str, at: TextRange) -> Option<Mapped> {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let end = parsed
        .tokens()
        .iter()
        .take_while(|t| t.start() < at.start())
        .filter(|t| !t.kind().is_trivia())
        .last()?
        .end();
    let mut finder = FindIf { end, found: None };
    for stmt in parsed.syntax().body.iter() {
        finder.visit_stmt(stmt);
    }
    let found = finder.found?;
    Some(plain(
        "expected 'else' after 'if' expression",
        TextRange::new(found.body.start(), found.test.end()),
    ))
}
