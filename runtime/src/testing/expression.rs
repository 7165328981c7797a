//! `parseExpression` for real: the attribute-mapping expression language
//! (`[attribute]`, `"constant"` with `\"` for a quote, `Function(argument,
//! ...)`), parsed into the `attributeMappingSource` tree the service
//! answers, and evaluated against the request's `testInputObject` for the
//! functions the fake knows (`Append`, `Join`, `ToLower`, `ToUpper`, `Trim`,
//! `Mid`, `Left`, `IIF`-free `Switch` is not among them). A malformed
//! expression answers `parsingSucceeded: false` with where it went wrong.

use serde_json::{json, Value};

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Attribute(String),
    Constant(String),
    Function { name: String, arguments: Vec<Expr> },
}

/// The documented names of the functions' parameters, as the service
/// answers them in `parameters[].key` (others are named `p1`, `p2`, ...).
fn parameter_names(function: &str) -> &'static [&'static str] {
    match function {
        "Append" => &["source", "suffix"],
        "Join" => &["separator", "source1", "source2", "source3", "source4", "source5"],
        "ToLower" | "ToUpper" => &["source", "culture"],
        "Trim" => &["source"],
        "Left" => &["source", "NumChars"],
        "Mid" => &["source", "start", "length"],
        _ => &[],
    }
}

/// The answer to a `parseExpression` body.
pub(crate) fn parse_expression(body: &Value) -> Value {
    let text = body["expression"].as_str().unwrap_or_default();
    let parsed = Parser { text, chars: text.char_indices().collect(), at: 0, depth: 0 }.whole();
    match parsed {
        Err((position, problem)) => json!({
            "error": {"code": "ExpressionParsingFailed",
                      "message": format!("The expression could not be parsed at position {position}: {problem}.")},
            "evaluationResult": null, "evaluationSucceeded": false, "parsedExpression": null, "parsingSucceeded": false
        }),
        Ok(expression) => {
            let input = &body["testInputObject"];
            let evaluated = (!input.is_null()).then(|| evaluate(&expression, input)).flatten();
            json!({
                "error": null,
                "evaluationResult": evaluated.as_ref().map(|value| vec![value.clone()]),
                "evaluationSucceeded": evaluated.is_some(),
                "parsedExpression": source(&expression, text),
                "parsingSucceeded": true
            })
        }
    }
}

/// The `attributeMappingSource` of an expression (`whole` is the text of the outermost).
fn source(expression: &Expr, whole: &str) -> Value {
    match expression {
        Expr::Attribute(name) => json!({"expression": whole, "name": name, "parameters": [], "type": "Attribute"}),
        Expr::Constant(text) => json!({"expression": whole, "name": text, "parameters": [], "type": "Constant"}),
        Expr::Function { name, arguments } => {
            let names = parameter_names(name);
            let parameters: Vec<Value> = arguments
                .iter()
                .enumerate()
                .map(|(index, argument)| {
                    let key = names.get(index).map_or_else(|| format!("p{}", index + 1), |n| (*n).to_owned());
                    json!({"key": key, "value": source(argument, &display(argument))})
                })
                .collect();
            json!({"expression": whole, "name": name, "parameters": parameters, "type": "Function"})
        }
    }
}

/// An expression written back as text.
fn display(expression: &Expr) -> String {
    match expression {
        Expr::Attribute(name) => format!("[{name}]"),
        Expr::Constant(text) => format!("\"{}\"", text.replace('"', "\\\"")),
        Expr::Function { name, arguments } => {
            let arguments: Vec<String> = arguments.iter().map(display).collect();
            format!("{name}({})", arguments.join(", "))
        }
    }
}

/// The value of an expression for the test input's properties, where the fake can compute it.
fn evaluate(expression: &Expr, input: &Value) -> Option<String> {
    match expression {
        Expr::Constant(text) => Some(text.clone()),
        Expr::Attribute(name) => {
            let properties = input["properties"].as_array()?;
            let found = properties.iter().find(|p| p["key"].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))?;
            match &found["value"] {
                Value::String(text) => Some(text.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            }
        }
        Expr::Function { name, arguments } => {
            let values: Vec<String> = arguments.iter().map(|a| evaluate(a, input)).collect::<Option<_>>()?;
            let number = |index: usize| values.get(index).and_then(|v| v.trim().parse::<usize>().ok());
            match (name.as_str(), values.as_slice()) {
                ("Append", [source, suffix]) => Some(format!("{source}{suffix}")),
                ("Join", [separator, rest @ ..]) => Some(rest.join(separator)),
                ("ToLower", [source, ..]) => Some(source.to_lowercase()),
                ("ToUpper", [source, ..]) => Some(source.to_uppercase()),
                ("Trim", [source]) => Some(source.trim().to_owned()),
                ("Left", [source, _]) => Some(source.chars().take(number(1)?).collect()),
                ("Mid", [source, _, _]) => {
                    Some(source.chars().skip(number(1)?.saturating_sub(1)).take(number(2)?).collect())
                }
                _ => None,
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    at: usize,
    /// How many function calls the parser is inside.
    depth: usize,
}

/// The deepest function calls the fake reads: its own bound (the service
/// documents none), so that parsing, answering and evaluating an expression
/// never runs out of stack.
const MAX_EXPRESSION_DEPTH: usize = 64;

type Failure = (usize, String);

impl Parser<'_> {
    fn position(&self) -> usize {
        self.chars.get(self.at).map_or(self.text.len(), |(offset, _)| *offset)
    }

    fn fail<T>(&self, problem: impl Into<String>) -> Result<T, Failure> {
        Err((self.position(), problem.into()))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|(_, ch)| *ch)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn whole(mut self) -> Result<Expr, Failure> {
        let expression = self.expression()?;
        self.skip_space();
        match self.peek() {
            None => Ok(expression),
            Some(ch) => self.fail(format!("unexpected `{ch}` after the expression")),
        }
    }

    fn expression(&mut self) -> Result<Expr, Failure> {
        self.skip_space();
        match self.peek() {
            None => self.fail("an expression is missing"),
            Some('[') => {
                self.at += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        Some(']') => break,
                        Some(ch) => name.push(ch),
                        None => return self.fail("the attribute's `]` is missing"),
                    }
                    self.at += 1;
                }
                self.at += 1;
                if name.trim().is_empty() {
                    return self.fail("an attribute needs a name");
                }
                Ok(Expr::Attribute(name))
            }
            Some('"') => {
                self.at += 1;
                let mut text = String::new();
                loop {
                    match self.peek() {
                        Some('\\') if self.chars.get(self.at + 1).is_some_and(|(_, c)| *c == '"') => {
                            text.push('"');
                            self.at += 1;
                        }
                        Some('"') => break,
                        Some(ch) => text.push(ch),
                        None => return self.fail("the constant's closing `\"` is missing"),
                    }
                    self.at += 1;
                }
                self.at += 1;
                Ok(Expr::Constant(text))
            }
            Some(ch) if ch.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(ch) = self.peek().filter(char::is_ascii_alphanumeric) {
                    name.push(ch);
                    self.at += 1;
                }
                self.skip_space();
                if self.peek() != Some('(') {
                    return self.fail(format!("`{name}` is not an attribute (`[{name}]`) or a function call"));
                }
                self.at += 1;
                let mut arguments = Vec::new();
                self.skip_space();
                if self.peek() == Some(')') {
                    self.at += 1;
                    return Ok(Expr::Function { name, arguments });
                }
                self.depth += 1;
                if self.depth > MAX_EXPRESSION_DEPTH {
                    return self.fail(format!("functions nest more than {MAX_EXPRESSION_DEPTH} deep"));
                }
                loop {
                    arguments.push(self.expression()?);
                    self.skip_space();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(')') => {
                            self.at += 1;
                            self.depth -= 1;
                            return Ok(Expr::Function { name, arguments });
                        }
                        Some(ch) => return self.fail(format!("`{ch}` where `,` or `)` was expected")),
                        None => return self.fail(format!("the `)` of `{name}(` is missing")),
                    }
                }
            }
            Some(ch) => self.fail(format!("an expression cannot start with `{ch}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_a_tree_of_its_arguments_and_evaluates() {
        let body = json!({
            "expression": "Append(ToLower([userPrincipalName]), \"@contoso.com\")",
            "testInputObject": {"properties": [{"key": "userPrincipalName", "value": "Ada.Lovelace"}]}
        });
        let answer = parse_expression(&body);
        assert_eq!(answer["parsingSucceeded"], true);
        let parsed = &answer["parsedExpression"];
        assert_eq!((parsed["type"].as_str(), parsed["name"].as_str()), (Some("Function"), Some("Append")));
        assert_eq!(parsed["parameters"][0]["key"], "source");
        assert_eq!(parsed["parameters"][0]["value"]["name"], "ToLower");
        assert_eq!(parsed["parameters"][0]["value"]["parameters"][0]["value"]["type"], "Attribute");
        assert_eq!(
            parsed["parameters"][1]["value"],
            json!({"expression": "\"@contoso.com\"", "name": "@contoso.com", "parameters": [], "type": "Constant"})
        );
        assert_eq!(answer["evaluationResult"], json!(["ada.lovelace@contoso.com"]));
    }

    #[test]
    fn a_malformed_expression_says_where() {
        for (expression, position) in [("ToLower((", 8), ("[displayName", 12), ("Append([a] [b])", 11), ("name", 4)] {
            let answer = parse_expression(&json!({ "expression": expression }));
            assert_eq!(answer["parsingSucceeded"], false, "{expression}");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(message.contains(&format!("at position {position}:")), "{expression}: {message}");
        }
        let attribute = parse_expression(&json!({"expression": "[displayName]"}));
        assert_eq!(attribute["parsedExpression"]["type"], "Attribute");
        assert_eq!(attribute["evaluationSucceeded"], false, "nothing to evaluate against");
    }
}
