//! Text dump of code objects (for debugging and expect-tests).

use super::Code;
use crate::objects::Value;

/// One line per instruction: index, line, op; then the exception table; nested code follows.
pub fn dis(code: &Code) -> String {
    let mut out = format!("code {} ({})\n", code.qualname, code.name);
    for (i, op) in code.ops.iter().enumerate() {
        let p = code.positions[i];
        out.push_str(&format!("{i:4} L{:<3} {:?}\n", p.line, op));
    }
    for e in &code.exc_table {
        out.push_str(&format!(
            "  exc {}..{} -> {} depth {} lasti {}\n",
            e.start, e.end, e.target, e.depth, e.lasti
        ));
    }
    for c in &code.consts {
        if let Value::Code(inner) = c {
            out.push_str(&dis(inner));
        }
    }
    out
}
