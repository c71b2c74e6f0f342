//! Mapping a ruff parse error to CPython 3.11's SyntaxError or IndentationError: the class,
//! the message and the location CPython's PEG parser and tokenizer report.
//!
//! Invariants:
//! - A missing indented block names the header's keyword and line as 3.11's grammar does
//!   ("expected an indented block after 'if' statement on line N", "... after function
//!   definition ...", `except*` included); `async` is skipped like the grammar's `ASYNC?`.
//! - Locations follow `_PyPegen_raise_error`: a real token after the header is reported with
//!   its range; a DEDENT (the next code line is less indented) at that line with the column
//!   the tokenizer stopped at; end of input at the last line, with offset 0 when the program
//!   is read from a file and one past the line's end for source strings. End offsets of
//!   tokenizer-level positions are -1.
//! - Errors pyref does not know how to word stay "invalid syntax" at ruff's location.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{ParseError, ParseErrorType};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::objects::ExcType;

mod targets;
use targets::{closing_bracket, invalid_target, legacy_call, plain};

/// Where a SyntaxError points.
#[derive(Clone, Copy)]
pub enum SynLoc {
    /// A token's range (offsets computed from it).
    Range(TextRange),
    /// A 1-based line with CPython's `offset` and `end_offset` as given; `nl`: the `text`
    /// attribute ends with a line break.
    At {
        line: usize,
        offset: i64,
        end: i64,
        nl: bool,
    },
}

/// A parse error as CPython reports it.
pub struct Mapped {
    pub exc: ExcType,
    pub msg: String,
    pub loc: SynLoc,
}

/// Maps `e` (from parsing `src`); `from_file`: the program was read from a file (the main
/// program), which changes the end-of-input offset.
pub fn map(e: &ParseError, src: &str, from_file: bool) -> Mapped {
    let invalid = || Mapped {
        exc: ExcType::SyntaxError,
        msg: "invalid syntax".into(),
        loc: SynLoc::Range(newline_token(src, e.location)),
    };
    match &e.error {
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            found: TokenKind::Equal,
        } => targets::header_assignment(src, e.location).unwrap_or_else(invalid),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            found: TokenKind::Newline,
        } => Mapped {
            exc: ExcType::SyntaxError,
            msg: "expected ':'".into(),
            loc: SynLoc::Range(newline_token(src, e.location)),
        },
        ParseErrorType::InvalidAssignmentTarget
        | ParseErrorType::InvalidDeleteTarget
        | ParseErrorType::InvalidAugmentedAssignmentTarget => {
            invalid_target(src, e).unwrap_or_else(invalid)
        }
        ParseErrorType::PositionalAfterKeywordArgument => plain(
            "positional argument follows keyword argument",
            closing_bracket(src, e.location),
        ),
        ParseErrorType::PositionalAfterKeywordUnpacking => plain(
            "positional argument follows keyword argument unpacking",
            closing_bracket(src, e.location),
        ),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Else,
            ..
        } => targets::if_without_else(src, e.location).unwrap_or_else(invalid),
        ParseErrorType::InvalidArgumentUnpackingOrder => plain(
            "iterable argument unpacking follows keyword argument unpacking",
            TextRange::at(e.location.start(), TextSize::from(1)),
        ),
        ParseErrorType::ParamAfterVarKeywordParam => {
            plain("arguments cannot follow var-keyword argument", e.location)
        }
        ParseErrorType::ExpectedKeywordParam => plain(
            "named arguments must follow bare *",
            targets::bare_star(src, e.location),
        ),
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            plain("non-default argument follows default argument", e.location)
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            plain("Generator expression must be parenthesized", e.location)
        }
        ParseErrorType::SimpleStatementsOnSameLine => {
            legacy_call(src, e.location).unwrap_or_else(invalid)
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally` after") => {
            let at = e.location;
            let loc = if is_token(src, at) {
                SynLoc::Range(at)
            } else {
                after_header(src, line_at(src, at.start()).1, from_file)
            };
            Mapped {
                exc: ExcType::SyntaxError,
                msg: "expected 'except' or 'finally' block".into(),
                loc,
            }
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected an indented block after") => {
            indented_block(e.location, src, from_file).unwrap_or_else(invalid)
        }
        ParseErrorType::UnexpectedIndentation => {
            let (line, start) = line_at(src, e.location.end());
            let col = src[start..usize::from(e.location.end())].chars().count();
            Mapped {
                exc: ExcType::IndentationError,
                msg: "unexpected indent".into(),
                loc: SynLoc::At {
                    line,
                    offset: col as i64,
                    end: -1,
                    nl: true,
                },
            }
        }
        ParseErrorType::Lexical(ruff_python_parser::LexicalErrorType::IndentationError) => {
            let (line, start) = line_at(src, e.location.start());
            Mapped {
                exc: ExcType::IndentationError,
                msg: "unindent does not match any outer indentation level".into(),
                loc: SynLoc::At {
                    line,
                    offset: line_text(src, start).chars().count() as i64 + 1,
                    end: -1,
                    nl: true,
                },
            }
        }
        _ => invalid(),
    }
}

/// Whether ruff's error range `at` covers a real token (not empty, not a line break).
fn is_token(src: &str, at: TextRange) -> bool {
    let text = &src[at];
    !text.is_empty() && !text.starts_with(['\n', '\r'])
}

/// CPython's NEWLINE token for ruff's range `at` of a line break: from the line's comment
/// (if any) to the line break, both included as 1-based offsets; other ranges unchanged.
fn newline_token(src: &str, at: TextRange) -> TextRange {
    if !src[at].starts_with(['\n', '\r']) {
        return at;
    }
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let comment = parsed
        .tokens()
        .iter()
        .take_while(|t| t.start() < at.start())
        .last()
        .filter(|t| t.kind() == TokenKind::Comment);
    TextRange::new(comment.map_or(at.start(), |c| c.start()), at.start())
}

/// The 1-based line containing byte `at`, and the byte where that line starts.
fn line_at(src: &str, at: TextSize) -> (usize, usize) {
    let at = usize::from(at).min(src.len());
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    (src[..start].matches('\n').count() + 1, start)
}

/// The text of the line starting at byte `start`, without its line break.
fn line_text(src: &str, start: usize) -> &str {
    let rest = &src[start.min(src.len())..];
    let end = rest.find('\n').unwrap_or(rest.len());
    rest[..end].trim_end_matches('\r')
}

/// "expected an indented block after ..." for the clause whose body is missing; `at` is
/// ruff's location (the token after the header's NEWLINE, or that NEWLINE at a DEDENT or the
/// end of input).
fn indented_block(at: TextRange, src: &str, from_file: bool) -> Option<Mapped> {
    let parsed =
        ruff_python_parser::parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
    let toks: &[ruff_python_ast::token::Token] = parsed.tokens();
    let nl = toks
        .iter()
        .rposition(|t| t.kind() == TokenKind::Newline && t.start() <= at.start())?;
    let mut first = logical_line_start(toks, nl);
    let text = |i: usize| -> &str { toks.get(i).map_or("", |t| &src[t.range()]) };
    if text(first) == "async" {
        first += 1;
    }
    let kw = text(first);
    let what = match kw {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "except" if text(first + 1) == "*" => "'except*' statement".to_string(),
        "if" | "elif" | "else" | "for" | "while" | "with" | "try" | "except" | "finally"
        | "match" | "case" => format!("'{kw}' statement"),
        _ => return None,
    };
    let (kw_line, _) = line_at(src, toks[first].start());
    let msg = format!("expected an indented block after {what} on line {kw_line}");
    let loc = if is_token(src, at) {
        SynLoc::Range(at)
    } else {
        after_header(src, usize::from(toks[nl].end()), from_file)
    };
    Some(Mapped {
        exc: ExcType::IndentationError,
        msg,
        loc,
    })
}

/// The location of a missing block when no token follows the header on an indented line:
/// the next code line (a DEDENT), else the end of input.
fn after_header(src: &str, from: usize, from_file: bool) -> SynLoc {
    let mut start = from.min(src.len());
    while start < src.len() {
        let line = line_text(src, start);
        let code = line.trim_start_matches([' ', '\t', '\x0c']);
        if !code.is_empty() && !code.starts_with('#') {
            let (line_no, _) = line_at(src, TextSize::try_from(start).unwrap_or_default());
            let indent = line.chars().count() - code.chars().count();
            return SynLoc::At {
                line: line_no,
                offset: indent as i64,
                end: -1,
                nl: true,
            };
        }
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let trailing = src.ends_with('\n');
    let last = src.matches('\n').count() + usize::from(!trailing);
    let last_start = if trailing {
        src[..src.len() - 1].rfind('\n').map_or(0, |i| i + 1)
    } else {
        src.rfind('\n').map_or(0, |i| i + 1)
    };
    let offset = if from_file {
        0
    } else {
        line_text(src, last_start).chars().count() as i64 + 1
    };
    SynLoc::At {
        line: last.max(1),
        offset,
        end: -1,
        // The file tokenizer's line is the file's; a string gets a line break appended.
        nl: trailing || !from_file,
    }
}

/// The index of the first non-trivia token of the logical line that token `end` is in
/// (after the last NEWLINE, INDENT or DEDENT before it), or `end` when there is none.
pub(super) fn logical_line_start(toks: &[ruff_python_ast::token::Token], end: usize) -> usize {
    let mut first = toks[..end]
        .iter()
        .rposition(|t| {
            matches!(
                t.kind(),
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
            )
        })
        .map_or(0, |i| i + 1);
    while first < end && toks[first].kind().is_trivia() {
        first += 1;
    }
    first
}
