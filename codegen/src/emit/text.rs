//! Rust text written directly in prettyplease's layout.
//!
//! The emitter writes each item as the text prettyplease would print for
//! it, without building tokens and a syntax tree: most generated items are a
//! few regular shapes (fields, setters, match arms, route entries), and
//! parsing and printing them was most of the generator's time. The rules
//! written here are the ones those shapes meet: how prettyplease breaks a
//! signature, a generic type, an attribute, a match arm, and call arguments,
//! arrays and tuples ([`Expr`]) at its margin. An item or method that still
//! has a longer line is handed to prettyplease itself ([`item`], [`method`]).
//! Tests check what prettyplease actually prints: each shape here on both
//! sides of the margin, a many-chunk document (`emit::tests`), and every
//! committed generated file (`tests/layout.rs`).
//!
//! Why by hand, where regenerating the committed slices takes a quarter of a
//! second either way: a whole document. `syn::parse_file` and
//! `prettyplease::unparse` of beta-Prod-2021-07-13's output alone (29 MB, one
//! thread) take 3.2-3.3 s and 1.2 GB, where generating it this way takes
//! 0.50 s wall, 0.78 s CPU and 117 MB (2026-12-08, one run each, 2 cores);
//! the plain path would also build the tokens. `cargo bench -p codegen
//! --bench pipeline` measures both, `plain_formatting` beside `whole_document`.
//!
//! What comes from the metadata reaches the text only through
//! [`ident`] (checked to be an identifier), [`string_literal`] (escaped as
//! `proc_macro2` escapes a literal) and the doc-line writers (one line each,
//! no line break): nothing in a metadata document can become code.

use super::scope::Call;
use super::EmitError;
use crate::csdl::chars::escape_unsafe;

/// prettyplease's right margin: a line it prints whole is at most this long.
pub const MARGIN: usize = 89;

/// The indentation of one level.
pub const INDENT: usize = 4;

/// `name`, which the naming module made an identifier (or a raw one,
/// `r#type`). Anything else is a bug in the generator, as it was for
/// `proc_macro2::Ident::new`, which panics the same way.
pub fn ident(name: &str) -> &str {
    let bare = name.strip_prefix("r#").unwrap_or(name).as_bytes();
    let valid = matches!(bare.first(), Some(b) if *b == b'_' || b.is_ascii_alphabetic())
        && bare.iter().all(|b| *b == b'_' || b.is_ascii_alphanumeric())
        && bare != b"_";
    assert!(valid, "`{name:?}` is not an identifier");
    name
}

/// Appends `text` as a string literal, escaped exactly as
/// `proc_macro2::Literal::string` escapes it (which is what prettyplease
/// prints for a literal built that way).
pub fn string_literal(out: &mut String, text: &str) {
    out.push('"');
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\0' if chars.as_str().starts_with(|next: char| next.is_digit(8)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            '\'' => out.push(ch),
            ch if ch.is_ascii_graphic() && ch != '"' && ch != '\\' || ch == ' ' => out.push(ch),
            ch => out.extend(ch.escape_debug()),
        }
    }
    out.push('"');
}

/// `text` as a string literal.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    string_literal(&mut out, text);
    out
}

/// Appends `indent` spaces.
pub fn indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Appends one line: indentation, `text` and a line break.
pub fn line(out: &mut String, depth: usize, text: &str) {
    indent(out, depth);
    out.push_str(text);
    out.push('\n');
}

/// Appends an outer doc line as prettyplease prints `#[doc = "{text}"]`:
/// `///` and the text without its trailing spaces. `text` starts with a
/// space or is empty. Its control and bidirectional characters are escaped
/// (`\u{..}`), so a line break in it cannot end the comment and start code.
pub fn doc_line(out: &mut String, depth: usize, text: &str) {
    debug_assert!(!text.starts_with('/'), "{text:?}");
    indent(out, depth);
    out.push_str("///");
    out.push_str(escape_unsafe(text).trim_end_matches(' '));
    out.push('\n');
}

/// How a generated method is compiled, decided where the method is known
/// (the IR's [`MethodKind::is_generic`](crate::ir::paths::MethodKind::is_generic)
/// for a request builder's method, the emitter for the methods of its own
/// shape), never read back from the signature's text.
///
/// rustc compiles an `#[inline]` function in the crate that calls it, not in
/// the one that defines it, as it compiles generic code: so a version's crate
/// compiles no code of its own, and a dependent compiles only what it calls
/// (the decoders of the types it reads, the builders of the paths it takes).
/// One concrete method without it would compile, in the version's crate,
/// everything it reaches. `codegen/tests/layout.rs` checks the written code
/// both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compiled {
    /// A concrete method: `#[inline]`.
    Inline,
    /// A generic method (a type parameter, an `impl Trait` argument):
    /// compiled where it is instantiated, so no attribute.
    Generic,
}

/// Appends a method of generated code: `#[inline]` when it is
/// [`Compiled::Inline`], then its [`signature`].
pub fn method_signature(
    out: &mut String,
    depth: usize,
    compiled: Compiled,
    head: &str,
    arguments: &[&str],
    returns: Option<&str>,
) {
    if compiled == Compiled::Inline {
        indent(out, depth);
        out.push_str("#[inline]\n");
    }
    signature(out, depth, head, arguments, returns);
}

/// Appends a function's signature and the `{` that opens its body:
/// `{head}({arguments}) -> {returns} {` on one line when it fits in the
/// margin, else one argument per line, as prettyplease breaks it.
/// `head` is everything before the `(`: `pub fn name` or `fn name<T: Bound>`.
/// (A long signature without arguments stays on one line here; prettyplease
/// breaks its return type instead, through [`item`].)
pub fn signature(out: &mut String, depth: usize, head: &str, arguments: &[&str], returns: Option<&str>) {
    let arrow = returns.map_or(0, |r| r.len() + 4);
    let one_line = depth + head.len() + 2 + arguments.iter().map(|a| a.len() + 2).sum::<usize>() + arrow + 2
        - if arguments.is_empty() { 0 } else { 2 };
    indent(out, depth);
    out.push_str(head);
    out.push('(');
    if one_line <= MARGIN || arguments.is_empty() {
        for (index, argument) in arguments.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            out.push_str(argument);
        }
        out.push(')');
    } else {
        out.push('\n');
        for (index, argument) in arguments.iter().enumerate() {
            indent(out, depth + INDENT);
            let tail = if index + 1 == arguments.len() { 0 } else { 1 };
            push_expr(out, depth + INDENT, depth + INDENT, &generic_type(argument), tail);
            out.push_str(",\n");
        }
        indent(out, depth);
        out.push(')');
        if let Some(returns) = returns.filter(|r| depth + r.len() + 7 > MARGIN) {
            // The closing line is long too: the return type's generic arguments break.
            out.push_str(" -> ");
            push_expr(out, depth, depth + 5, &generic_type(returns), 2);
            out.push_str(" {\n");
            return;
        }
    }
    if let Some(returns) = returns {
        out.push_str(" -> ");
        out.push_str(returns);
    }
    out.push_str(" {\n");
}

/// A type's text as an [`Expr`] whose list is its outermost generic
/// arguments (`Action<A, Json<B>>`: `Action<` with `A` and `Json<B>`), as
/// prettyplease breaks them; a type without arguments is an atom.
pub fn generic_type(ty: &str) -> Expr {
    split_list(ty, b'<', b'>')
}

/// A call's text as an [`Expr`] whose list is its arguments
/// (`f(a, g(b))`: `f(` with `a` and `g(b)`); other text is an atom. Only
/// for the match arms' patterns and values, which [`arm`] lays out; the
/// request builders build their calls as values ([`Expr::call`]).
fn call(text: &str) -> Expr {
    split_list(text, b'(', b')')
}

/// `text` split at its first `open` (outside string literals) into a list
/// of the items between it and a matching `close` that ends the text, at
/// the commas between them; an atom when the text is not of that form.
/// Breaking such a list only adds line breaks and spaces outside literals.
fn split_list(text: &str, open: u8, close: u8) -> Expr {
    let atom = || Expr::Atom(text.to_owned());
    let bytes = text.as_bytes();
    let (mut in_string, mut escaped) = (false, false);
    let (mut first, mut depth, mut start) = (None, 0usize, 0);
    let mut items = Vec::new();
    for (index, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'(' | b'<' | b'[' if first.is_none() && byte == open => {
                first = Some(index);
                start = index + 1;
            }
            b'(' | b'<' | b'[' => depth += 1,
            // `->` is not a bracket (it is in no text split here, but a type may hold it).
            b'>' if index > 0 && bytes[index - 1] == b'-' => {}
            b')' | b'>' | b']' if depth == 0 => {
                if first.is_none() || byte != close || index + 1 != bytes.len() {
                    return atom();
                }
                let last = text[start..index].trim();
                if !last.is_empty() || !items.is_empty() {
                    items.push(Expr::Atom(last.to_owned()));
                }
            }
            b')' | b'>' | b']' => depth -= 1,
            b',' if depth == 0 && first.is_some() => {
                items.push(Expr::Atom(text[start..index].trim().to_owned()));
                start = index + 1;
            }
            _ => {}
        }
    }
    match first {
        Some(first) if !items.is_empty() => {
            Expr::List { open: text[..=first].to_owned(), items, close: if close == b')' { ")" } else { ">" } }
        }
        _ => atom(),
    }
}

/// Appends `#[{name}({arguments, ...})]`, or when that is longer than the
/// margin, one argument per line (without a trailing comma, as prettyplease
/// prints an attribute's tokens).
pub fn attribute(out: &mut String, depth: usize, name: &str, arguments: &[String]) {
    let one_line = depth + name.len() + 5 + arguments.iter().map(|a| a.len() + 2).sum::<usize>() - 2;
    indent(out, depth);
    out.push_str("#[");
    out.push_str(name);
    out.push('(');
    if one_line <= MARGIN {
        out.push_str(&arguments.join(", "));
    } else {
        out.push('\n');
        for (index, argument) in arguments.iter().enumerate() {
            indent(out, depth + INDENT);
            out.push_str(argument);
            out.push_str(if index + 1 < arguments.len() { ",\n" } else { "\n" });
        }
        indent(out, depth);
    }
    out.push_str(")]\n");
}

/// Appends `{head}{outer}<{inner}>{tail}` (a field, a type alias): on one
/// line when it fits, else with the generic argument on a line of its own,
/// as prettyplease breaks a generic type.
pub fn generic_line(out: &mut String, depth: usize, head: &str, outer: &str, inner: &str, tail: &str) {
    let ty = Expr::List { open: format!("{head}{outer}<"), items: vec![Expr::Atom(inner.to_owned())], close: ">" };
    indent(out, depth);
    push_expr(out, depth, depth, &ty, tail.len());
    out.push_str(tail);
    out.push('\n');
}

/// Appends a match arm, `{pattern} => {value},`, or when that is longer
/// than the margin (not counting the comma, which prettyplease writes as the
/// break after the arm), the value in a block on lines of its own, laid out
/// as a [`call`]. A pattern that does not fit with its ` =>` breaks as a
/// call, and its closing `)` takes the value when that fits. (prettyplease
/// also breaks some patterns that do fit with ` =>`; their `=> {` line is
/// then over the margin, and [`item`] leaves the arm's method to it.)
pub fn arm(out: &mut String, depth: usize, pattern: &str, value: &str) {
    indent(out, depth);
    if depth + pattern.len() + value.len() + 4 <= MARGIN {
        out.push_str(pattern);
        out.push_str(" => ");
        out.push_str(value);
        out.push_str(",\n");
        return;
    }
    // The pattern breaks when it does not fit with its ` =>`; its last line,
    // `)`, then takes the value when that fits.
    let closing = match call(pattern) {
        pattern @ Expr::List { .. } if depth + pattern.width() + 3 > MARGIN => {
            push_expr(out, depth, depth, &pattern, 3);
            1
        }
        _ => {
            out.push_str(pattern);
            pattern.len()
        }
    };
    if closing != pattern.len() && depth + closing + value.len() + 4 <= MARGIN {
        out.push_str(" => ");
        out.push_str(value);
        out.push_str(",\n");
        return;
    }
    out.push_str(" => {\n");
    indent(out, depth + INDENT);
    push_expr(out, depth + INDENT, depth + INDENT, &call(value), 0);
    out.push('\n');
    line(out, depth, "}");
}

/// An expression as prettyplease lays it out: a call's arguments, an
/// array's or a tuple's elements stay on the line when they fit, else go one
/// per line.
pub enum Expr {
    /// Text prettyplease does not break here: a literal, a path, `&NAME`.
    Atom(String),
    /// `{open}{items, ...}{close}`: `Call::new(` .. `)`, `&[` .. `]`, `(` .. `)`.
    List { open: String, items: Vec<Expr>, close: &'static str },
    /// `{path} { {fields, ...} }`: a struct literal, which prettyplease also
    /// breaks, one field per line, when it is wider than [`STRUCT_WIDTH`].
    Struct { path: String, fields: Vec<String> },
    /// `{receiver}.{call}`: one method call, broken before its `.` when it
    /// does not fit (its arguments then break only if they still do not).
    Method { receiver: String, call: Box<Expr> },
}

impl Expr {
    /// `{callee}({arguments, ...})`, built from its parts; without arguments
    /// an atom (`get()`), which prettyplease never breaks.
    pub fn call(callee: &str, arguments: Vec<Expr>) -> Expr {
        if arguments.is_empty() {
            return Expr::Atom(format!("{callee}()"));
        }
        Expr::List { open: format!("{callee}("), items: arguments, close: ")" }
    }

    /// `{receiver}.{method}({arguments, ...})`, broken before the `.` when
    /// long; then `.{then}()` for each of `chain`, which makes it a chain of
    /// calls: an atom (prettyplease lays out a long one, through [`method`]).
    pub fn method_call(receiver: &str, method: Call, arguments: Vec<Expr>, chain: &[Call]) -> Expr {
        let call = Expr::call(method.name(), arguments);
        if chain.is_empty() {
            if let Expr::List { .. } = call {
                return Expr::Method { receiver: receiver.to_owned(), call: Box::new(call) };
            }
        }
        let mut text = format!("{receiver}.");
        call.push_flat(&mut text);
        for then in chain {
            text.push('.');
            text.push_str(then.name());
            text.push_str("()");
        }
        Expr::Atom(text)
    }
}

/// The widest struct literal prettyplease keeps on one line, from its path
/// to the space before its `}` (its `end_with_max_width(34)`).
pub const STRUCT_WIDTH: usize = 34;

impl Expr {
    /// The expression's length on one line.
    fn width(&self) -> usize {
        let joined =
            |widths: &mut dyn Iterator<Item = usize>, count: usize| widths.sum::<usize>() + 2 * count.saturating_sub(1);
        match self {
            Expr::Atom(text) => text.len(),
            Expr::List { open, items, close } => {
                open.len() + close.len() + joined(&mut items.iter().map(Expr::width), items.len())
            }
            Expr::Struct { path, fields } if fields.is_empty() => path.len() + 3,
            Expr::Struct { path, fields } => path.len() + 5 + joined(&mut fields.iter().map(String::len), fields.len()),
            Expr::Method { receiver, call } => receiver.len() + 1 + call.width(),
        }
    }

    /// Appends the expression on one line.
    pub fn push_flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::List { open, items, close } => {
                out.push_str(open);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.push_flat(out);
                }
                out.push_str(close);
            }
            Expr::Struct { path, fields } if fields.is_empty() => {
                out.push_str(path);
                out.push_str(" {}");
            }
            Expr::Struct { path, fields } => {
                out.push_str(path);
                out.push_str(" { ");
                out.push_str(&fields.join(", "));
                out.push_str(" }");
            }
            Expr::Method { receiver, call } => {
                out.push_str(receiver);
                out.push('.');
                call.push_flat(out);
            }
        }
    }
}

/// Appends `expr`, which starts at `column` of a line indented `depth`
/// and is followed by `tail` more characters before prettyplease's next
/// possible break (`,` after an argument that is not the last, `;`, `?;`):
/// a list that does not fit with them has one item per line, each laid out
/// the same way (a last item's comma is not counted: prettyplease writes it
/// only when the list breaks).
pub fn push_expr(out: &mut String, depth: usize, column: usize, expr: &Expr, tail: usize) {
    let fits = column + expr.width() + tail <= MARGIN;
    match expr {
        Expr::List { open, items, close } if !items.is_empty() && !fits => {
            out.push_str(open);
            out.push('\n');
            for (index, item) in items.iter().enumerate() {
                indent(out, depth + INDENT);
                let last = index + 1 == items.len();
                push_expr(out, depth + INDENT, depth + INDENT, item, if last { 0 } else { 1 });
                out.push_str(",\n");
            }
            indent(out, depth);
            out.push_str(close);
        }
        Expr::Struct { path, fields } if !fields.is_empty() && (!fits || expr.width() - 1 > STRUCT_WIDTH) => {
            out.push_str(path);
            out.push_str(" {\n");
            for field in fields {
                indent(out, depth + INDENT);
                out.push_str(field);
                out.push_str(",\n");
            }
            indent(out, depth);
            out.push('}');
        }
        Expr::Method { receiver, call } if !fits => {
            out.push_str(receiver);
            out.push('\n');
            indent(out, depth + INDENT);
            out.push('.');
            push_expr(out, depth + INDENT, depth + INDENT + 1, call, tail);
        }
        _ => expr.push_flat(out),
    }
}

/// Whether prettyplease would print `text` as it is, as far as line length
/// tells: no line of code is longer than the margin, but for a last comma,
/// which prettyplease does not count (the comma after a match arm, or after
/// the last item of a broken list, whose next line closes the list), and
/// the lines it cannot break ([`unbreakable`]).
pub fn fits(text: &str) -> bool {
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.len() <= MARGIN || unbreakable(line) {
            continue;
        }
        let closes_next =
            lines.peek().is_some_and(|next| next.trim_start_matches(' ').starts_with([')', ']', '}', '>']));
        let last_comma = line.len() == MARGIN + 1 && line.ends_with(',') && (line.contains(" => ") || closes_next);
        if !last_comma {
            return false;
        }
    }
    true
}

/// A line prettyplease prints as it is, however long: a comment; a string
/// literal, a path or an attribute argument (`rename = "..."`) alone, as
/// an item of a broken list; a field's name and the type whose generic
/// argument broke onto the next line (`pub name: Field<`); a function's name
/// whose arguments broke (`pub fn name(`). (Not a long `self.name = value`:
/// prettyplease breaks that before `.name`.)
fn unbreakable(line: &str) -> bool {
    let code = line.trim_start_matches(' ');
    let item = code.strip_suffix(',').unwrap_or(code);
    let is_name = |text: &str| !text.is_empty() && text.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric());
    let is_path = |text: &str| text.split("::").all(is_name);
    let is_literal = |text: &str| {
        text.len() >= 2
            && text.starts_with('"')
            && text.ends_with('"')
            && !text[1..text.len() - 1].replace("\\\\", "").replace("\\\"", "").contains('"')
    };
    let argument = item.split_once(" = ").is_some_and(|(name, value)| is_name(name) && is_literal(value));
    let field_head =
        code.strip_prefix("pub ").and_then(|rest| rest.strip_suffix('<')).and_then(|rest| rest.split_once(": "));
    let function_head =
        code.strip_prefix("pub ").unwrap_or(code).strip_prefix("fn ").and_then(|rest| rest.strip_suffix('('));
    code.starts_with("//")
        || is_literal(item)
        || is_path(item)
        || argument
        || field_head.is_some_and(|(name, ty)| is_name(name) && is_name(ty))
        || function_head.is_some_and(is_name)
}

/// Appends one item (with its impls) that `write` spells: as written when
/// it [`fits`], else each of its top-level items (the type, each `impl`)
/// that does not fit laid out by prettyplease, and within an `impl`, only
/// the methods that do not fit.
pub fn item(out: &mut String, file: &str, write: impl FnOnce(&mut String)) -> Result<(), EmitError> {
    let start = out.len();
    write(out);
    if fits(&out[start..]) {
        return Ok(());
    }
    let text = out.split_off(start);
    for part in top_level_items(&text) {
        if fits(part) {
            out.push_str(part);
        } else if let Some((head, methods)) = impl_methods(part).filter(|(head, _)| fits(head)) {
            out.push_str(head);
            for method in methods {
                push_method(out, file, method)?;
            }
            out.push_str("}\n");
        } else {
            out.push_str(&format(file, part)?);
        }
    }
    Ok(())
}

/// `text` cut after each line that ends a top-level item: `}` or `};` or a
/// statement ending in `;` at the start of a line, or `pub enum Name {}`.
fn top_level_items(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut line_start) = (0, 0);
    for (index, byte) in text.bytes().enumerate() {
        if byte != b'\n' {
            continue;
        }
        let line = &text[line_start..index];
        line_start = index + 1;
        let at_top = !line.starts_with(' ') && !line.starts_with("///") && !line.starts_with("#[");
        if at_top && (line.ends_with('}') || line.ends_with(';')) {
            parts.push(&text[start..line_start]);
            start = line_start;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// An `impl` block's head (up to its opening line) and its methods (each
/// with its docs and attributes), or `None` for another item.
fn impl_methods(part: &str) -> Option<(&str, Vec<&str>)> {
    let mut line_start = 0;
    let mut head_end = None;
    for (index, byte) in part.bytes().enumerate() {
        if byte == b'\n' {
            let line = &part[line_start..index];
            if line.starts_with("impl") && line.ends_with(" {") || (line.starts_with('>') && line.ends_with(" {")) {
                head_end = Some(index + 1);
                break;
            }
            if !line.starts_with(' ')
                && !line.starts_with("///")
                && !line.starts_with("#[")
                && !line.starts_with("impl")
            {
                return None;
            }
            line_start = index + 1;
        }
    }
    let head_end = head_end?;
    let body = part[head_end..].strip_suffix("}\n")?;
    let mut methods = Vec::new();
    let (mut start, mut line_start) = (0, 0);
    for (index, byte) in body.bytes().enumerate() {
        if byte == b'\n' {
            if &body[line_start..index] == "    }" {
                methods.push(&body[start..=index]);
                start = index + 1;
            }
            line_start = index + 1;
        }
    }
    (start == body.len()).then_some((&part[..head_end], methods))
}

/// Appends a method (written one level in) as it is when it fits, else as
/// prettyplease lays it out alone.
fn push_method(out: &mut String, file: &str, method: &str) -> Result<(), EmitError> {
    if fits(method) {
        out.push_str(method);
    } else {
        out.push_str(&format_method(file, method)?);
    }
    Ok(())
}

/// A method (written one level in) as prettyplease lays it out alone: in an
/// `impl` of its own, which is then taken off.
fn format_method(file: &str, method: &str) -> Result<String, EmitError> {
    const OPEN: &str = "impl X {\n";
    let formatted = format(file, &format!("{OPEN}{method}}}\n"))?;
    match formatted.strip_prefix(OPEN).and_then(|text| text.strip_suffix("}\n")) {
        Some(laid_out) => Ok(laid_out.to_owned()),
        None => Err(EmitError { file: file.to_owned(), line: None, message: format!("not one method: {formatted}") }),
    }
}

/// Appends one method of an `impl` (written one level in) that `write`
/// spells: as written when it [`fits`] and `write` says it laid it out
/// (returns `true`), else as prettyplease lays the method out alone.
pub fn method(out: &mut String, file: &str, write: impl FnOnce(&mut String) -> bool) -> Result<(), EmitError> {
    let start = out.len();
    if write(out) && fits(&out[start..]) {
        return Ok(());
    }
    let method = out.split_off(start);
    out.push_str(&format_method(file, &method)?);
    Ok(())
}

/// Parses `text` as a Rust file and prints it as prettyplease does.
pub fn format(file: &str, text: &str) -> Result<String, EmitError> {
    print(file, syn::parse_file(text))
}

/// Prints a parsed file as prettyplease does; a parse error is an error in
/// `file` (generated code that is not valid Rust: a bug in the generator).
pub fn print(file: &str, parsed: syn::Result<syn::File>) -> Result<String, EmitError> {
    let parsed =
        parsed.map_err(|e| EmitError { file: file.to_owned(), line: None, message: format!("not valid Rust: {e}") })?;
    Ok(prettyplease::unparse(&parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_are_escaped_as_proc_macro2_escapes_them() {
        for text in ["plain", "a \"quote\" and a \\", "tab\there", "nul\0 and \u{0}7", "é ü \u{202e} \u{7f}", "it's"]
        {
            let expected = proc_macro2::Literal::string(text).to_string();
            assert_eq!(literal(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_line_break_in_a_doc_line_stays_in_the_comment() {
        let mut out = String::new();
        doc_line(&mut out, 4, " a\nfn evil() {}\r\u{202e}");
        assert_eq!(out, "    /// a\\u{a}fn evil() {}\\u{d}\\u{202e}\n");
        // What a parser sees: one documented struct, no function.
        out.push_str("struct X;\n");
        let parsed = syn::parse_file(&out).unwrap();
        assert_eq!(parsed.items.len(), 1);
        let syn::Item::Struct(item) = &parsed.items[0] else { panic!("not the struct: {out}") };
        assert_eq!(item.attrs.len(), 1, "one doc attribute");
    }

    #[test]
    fn lists_split_at_their_own_commas_only() {
        let items = |expr: Expr| match expr {
            Expr::List { open, items, close } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let mut text = String::new();
                        item.push_flat(&mut text);
                        text
                    })
                    .collect();
                format!("{open}|{}|{close}", items.join("|"))
            }
            Expr::Atom(text) => format!("atom {text}"),
            Expr::Struct { .. } | Expr::Method { .. } => unreachable!("split_list makes lists and atoms"),
        };
        assert_eq!(items(call(r#"f("a, (b", g(c, d), "e\")")"#)), r#"f(|"a, (b"|g(c, d)|"e\")"|)"#);
        assert_eq!(items(generic_type("Action<A, Json<B<C>>>")), "Action<|A|Json<B<C>>|>");
        assert_eq!(items(generic_type("value: impl Into<Field<X>>")), "value: impl Into<|Field<X>|>");
        for atom in ["&self", "self.0.get().sensitive()", r#""f(x)""#, "Self::A => B(c)"] {
            assert_eq!(items(call(atom)), format!("atom {atom}"), "{atom}");
        }
    }

    /// An item with a line longer than the margin: only its parts that do
    /// not fit go to prettyplease, and the whole is prettyplease's layout.
    #[test]
    fn an_item_that_does_not_fit_is_laid_out_part_by_part() {
        let long_chain = format!("self.0.{}(1).{}(2).sensitive()", "a".repeat(40), "b".repeat(40));
        let written = format!(
            "/// S.\n#[derive(Debug)]\npub struct S(u8);\nimpl S {{\n    pub fn short(&self) -> u8 {{\n        0\n    }}\n    /// Long.\n    pub fn long(&self) -> u8 {{\n        {long_chain}\n    }}\n}}\npub type T = u8;\n"
        );
        let whole = format("test", &written).unwrap();
        assert_ne!(whole, written, "the test needs a part prettyplease lays out differently");
        let parts = top_level_items(&written);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts.concat(), written);
        let (head, methods) = impl_methods(parts[1]).unwrap();
        assert_eq!(head, "impl S {\n");
        assert_eq!(methods.len(), 2);
        let mut out = String::from("// before\n");
        item(&mut out, "test", |out| out.push_str(&written)).unwrap();
        assert_eq!(out, format!("// before\n{whole}"));
    }

    #[test]
    fn identifiers_are_checked() {
        assert_eq!(ident("with_id"), "with_id");
        assert_eq!(ident("r#type"), "r#type");
        for bad in ["", "_", "1a", "a-b", "a b", "a\nfn", "r#"] {
            assert!(std::panic::catch_unwind(|| ident(bad)).is_err(), "{bad:?}");
        }
    }

    /// Each shape as prettyplease prints it, on both sides of the margin.
    #[test]
    fn signatures_and_generic_lines_break_where_prettyplease_breaks_them() {
        for name_length in 30..70 {
            let name = "x".repeat(name_length);
            let mut text = String::from("impl A {\n");
            signature(
                &mut text,
                4,
                &format!("pub fn {name}"),
                &["mut self", "value: impl Into<Field<B>>"],
                Some("Self"),
            );
            text.push_str("        self\n    }\n");
            signature(&mut text, 4, &format!("pub fn {name}"), &["&self"], Some("Request<NoContent>"));
            text.push_str("        self\n    }\n}\n");
            generic_line(&mut text, 0, &format!("pub type {name} = "), "Id", "models::SomeEntityType", ";");
            // Written as the emitter writes methods: through `method`, which
            // hands what its rules do not cover to prettyplease.
            text.push_str("impl A {\n");
            // Struct literals on both sides of prettyplease's width limit for one.
            let literals = (22..30).map(|width| vec![format!("{}: A", "f".repeat(width))]);
            for fields in literals.chain([(0..3).map(|n| format!("field_{n}: Field::Absent")).collect()]) {
                let body = Expr::List {
                    open: "Action::new(".to_owned(),
                    items: vec![
                        Expr::Atom(format!("self.0.action(\"{name}\", ActionBody::new())")),
                        Expr::Struct { path: "P".to_owned(), fields },
                    ],
                    close: ")",
                };
                method(&mut text, "test", |out| {
                    signature(out, 4, "fn f", &["&self"], Some("R"));
                    indent(out, 8);
                    push_expr(out, 8, 8, &body, 0);
                    out.push_str("\n    }\n");
                    let mut flat = String::new();
                    body.push_flat(&mut flat);
                    // A call that fits around a wide literal is left to prettyplease.
                    8 + flat.len() > MARGIN
                })
                .unwrap();
            }
            let call = call(&format!("function(\"{name}\", &[(\"a\", Some(url_literal(&a)))])"));
            let call = Expr::Method { receiver: "self.0".to_owned(), call: Box::new(call) };
            method(&mut text, "test", |out| {
                signature(out, 4, "fn g", &["&self"], Some("R"));
                indent(out, 8);
                push_expr(out, 8, 8, &call, 0);
                out.push_str("\n    }\n");
                true
            })
            .unwrap();
            method(&mut text, "test", |out| {
                signature(out, 4, "fn h", &["&self"], Some("R"));
                out.push_str("        match self {\n");
                arm(out, 12, &format!("Self::{name}(_)"), "Some(\"microsoft.graph.someType\")");
                arm(out, 12, "Self::B(_)", &format!("Some(\"{name}\")"));
                out.push_str("        }\n    }\n");
                true
            })
            .unwrap();
            text.push_str("}\n");
            text.push_str("pub struct S {\n");
            generic_line(&mut text, 4, &format!("pub {name}: "), "Field", "Vec<SomeEntityType>", ",");
            text.push_str("}\n");
            assert_eq!(format("test", &text).unwrap(), text);
        }
    }
}
