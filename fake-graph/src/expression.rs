//! `parseExpression` for real: the attribute-mapping expression language
//! ("Reference for writing expressions for attribute mappings in Microsoft
//! Entra Application Provisioning": `[attribute]`, `"constant"` with `\"`
//! for a quote, numbers, `Function(argument, ...)` with an optional argument
//! left empty), parsed into the `attributeMappingSource` tree the service
//! answers, and evaluated against the request's `testInputObject` for the
//! functions the fake computes (`Append`, `Join`, `ToLower`, `ToUpper`,
//! `StripSpaces`, `Mid`, `Left`). A malformed expression answers
//! `parsingSucceeded: false` with where it went wrong; so does one longer
//! than the page's 10,000 characters, a function the page does not list
//! (names are case-sensitive, as it says), or a call with a number of
//! arguments its parameter table does not allow. Comparisons (the page's
//! `IIF([country]="USA", ...)`) are read; how the service writes one in
//! `parsedExpression` is not documented: the fake writes it as a function
//! named by its operator.

use serde_json::{json, Value};

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Attribute(String),
    Constant(String),
    /// A number as written (`7`, `-10`, `&HF7`).
    Number(String),
    /// An optional argument left out (`FormatDateTime([d], , "yyyy", "MM")`).
    Empty,
    /// A comparison, as an `IIF` condition takes (`[country]="USA"`): `=`,
    /// `<>`, `>`, `>=`, `<`, `<=`.
    Compare {
        op: &'static str,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Function {
        name: String,
        arguments: Vec<Expr>,
    },
}

/// The longest expression the page allows: "The maximum supported length
/// for a single attribute mapping expression is 10,000 characters."
const MAX_EXPRESSION_CHARS: usize = 10_000;

/// The functions the page lists, with the fewest and most arguments its
/// parameter tables allow (`None`: any number more); `Switch` also takes an
/// even number (its keys and values come in pairs, "The function always
/// expects an even number of parameters").
const FUNCTIONS: &[(&str, usize, Option<usize>)] = &[
    ("Append", 2, Some(2)),
    ("AppRoleAssignmentsComplex", 1, Some(1)),
    ("BitAnd", 2, Some(2)),
    ("CBool", 1, Some(1)),
    ("CDate", 1, Some(1)),
    ("Coalesce", 1, None),
    ("ConvertToBase64", 1, Some(1)),
    ("ConvertToUTF8Hex", 1, Some(1)),
    ("Count", 1, Some(1)),
    ("CStr", 1, Some(1)),
    ("DateAdd", 3, Some(3)),
    ("DateDiff", 3, Some(3)),
    ("DateFromNum", 1, Some(1)),
    ("DefaultDomain", 0, Some(0)),
    ("FormatDateTime", 4, Some(4)),
    ("Guid", 0, Some(0)),
    ("IgnoreFlowIfNullOrEmpty", 1, Some(1)),
    ("IIF", 3, Some(3)),
    ("InStr", 2, Some(4)),
    ("IsNull", 1, Some(1)),
    ("IsNullOrEmpty", 1, Some(1)),
    ("IsPresent", 1, Some(1)),
    ("IsString", 1, Some(1)),
    ("Item", 2, Some(2)),
    ("Join", 2, None),
    ("Left", 2, Some(2)),
    ("Len", 1, Some(1)),
    ("Mid", 3, Some(3)),
    ("NormalizeDiacritics", 1, Some(1)),
    ("Not", 1, Some(1)),
    ("Now", 0, Some(0)),
    ("NumFromDate", 1, Some(1)),
    ("PCase", 1, Some(2)),
    ("RandomString", 5, Some(6)),
    ("Redact", 1, Some(1)),
    ("RemoveDuplicates", 1, Some(1)),
    ("Replace", 1, Some(7)),
    ("SelectUniqueValue", 2, None),
    ("SingleAppRoleAssignment", 1, Some(1)),
    ("Split", 2, Some(2)),
    ("StripSpaces", 1, Some(1)),
    ("Switch", 4, None),
    ("ToLower", 1, Some(2)),
    ("ToUpper", 1, Some(2)),
    ("Word", 3, Some(3)),
];

/// Why a call of `name` with `count` arguments is not one the page allows.
fn call_problem(name: &str, count: usize) -> Option<String> {
    let Some(&(_, fewest, most)) = FUNCTIONS.iter().find(|(known, ..)| *known == name) else {
        return Some(format!("`{name}` is not a function of the expression language (names are case-sensitive)"));
    };
    let allowed = match most {
        Some(most) if fewest == most => format!("{fewest}"),
        Some(most) => format!("{fewest} to {most}"),
        None => format!("at least {fewest}"),
    };
    let odd_switch = name == "Switch" && count % 2 == 1;
    if count < fewest || most.is_some_and(|most| count > most) || odd_switch {
        let even = if name == "Switch" { ", an even number" } else { "" };
        return Some(format!("`{name}` takes {allowed} arguments{even}, not {count}"));
    }
    None
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
    let parsed = if text.chars().count() > MAX_EXPRESSION_CHARS {
        Err((MAX_EXPRESSION_CHARS, format!("the expression is longer than {MAX_EXPRESSION_CHARS} characters")))
    } else {
        Parser { text, chars: text.char_indices().collect(), at: 0, depth: 0 }.whole()
    };
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
        Expr::Constant(text) | Expr::Number(text) => {
            json!({"expression": whole, "name": text, "parameters": [], "type": "Constant"})
        }
        // How the service writes an omitted argument is not documented: an empty constant here.
        Expr::Empty => json!({"expression": "", "name": "", "parameters": [], "type": "Constant"}),
        // Nor a comparison: a function named by its operator here.
        Expr::Compare { op, left, right } => {
            json!({"expression": whole, "name": op, "type": "Function", "parameters": [
                {"key": "left", "value": source(left, &display(left))},
                {"key": "right", "value": source(right, &display(right))}
            ]})
        }
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
        Expr::Number(text) => text.clone(),
        Expr::Empty => String::new(),
        Expr::Compare { op, left, right } => format!("{}{op}{}", display(left), display(right)),
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
        Expr::Constant(text) | Expr::Number(text) => Some(text.clone()),
        Expr::Empty => None,
        Expr::Compare { op, left, right } => {
            let (left, right) = (evaluate(left, input)?, evaluate(right, input)?);
            let ordering = match (left.trim().parse::<f64>(), right.trim().parse::<f64>()) {
                (Ok(a), Ok(b)) => a.partial_cmp(&b)?,
                _ => left.cmp(&right),
            };
            let holds = match *op {
                "=" => ordering.is_eq(),
                "<>" => ordering.is_ne(),
                ">" => ordering.is_gt(),
                ">=" => ordering.is_ge(),
                "<" => ordering.is_lt(),
                _ => ordering.is_le(),
            };
            Some(if holds { "True" } else { "False" }.to_owned())
        }
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
                ("StripSpaces", [source]) => Some(source.replace(' ', "")),
                ("IIF", [condition, if_true, if_false]) => {
                    Some(if condition == "True" { if_true.clone() } else { if_false.clone() })
                }
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

    /// A call of `name` (written at `start`), if the page allows it.
    fn call(&self, start: usize, name: String, arguments: Vec<Expr>) -> Result<Expr, Failure> {
        match call_problem(&name, arguments.len()) {
            Some(problem) => Err((start, problem)),
            None => Ok(Expr::Function { name, arguments }),
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

    /// An operand, and a comparison with another if an operator follows.
    fn expression(&mut self) -> Result<Expr, Failure> {
        let left = self.operand()?;
        self.skip_space();
        let rest: String = self.chars[self.at..].iter().take(2).map(|(_, c)| *c).collect();
        let op = ["<>", ">=", "<=", "=", ">", "<"].into_iter().find(|op| rest.starts_with(op));
        let Some(op) = op else { return Ok(left) };
        self.at += op.len();
        let right = self.operand()?;
        Ok(Expr::Compare { op, left: Box::new(left), right: Box::new(right) })
    }

    fn operand(&mut self) -> Result<Expr, Failure> {
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
            Some(ch) if ch.is_ascii_digit() || ch == '-' || ch == '&' => {
                // `7`, `-10`, `2.5`, and VBA's hexadecimal `&HF7` (BitAnd's example).
                let mut number = String::new();
                while let Some(ch) = self.peek().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '&' | '.')) {
                    number.push(ch);
                    self.at += 1;
                }
                let hex = number
                    .strip_prefix("&H")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
                let decimal = number.strip_prefix('-').unwrap_or(&number);
                let decimal = !decimal.is_empty()
                    && decimal.split_once('.').map_or(decimal.chars().all(|c| c.is_ascii_digit()), |(a, b)| {
                        !a.is_empty() && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
                    });
                if !(hex || decimal) {
                    return self.fail(format!("`{number}` is not a number"));
                }
                Ok(Expr::Number(number))
            }
            Some(ch) if ch.is_ascii_alphabetic() => {
                let start = self.position();
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
                    return self.call(start, name, arguments);
                }
                self.depth += 1;
                if self.depth > MAX_EXPRESSION_DEPTH {
                    return self.fail(format!("functions nest more than {MAX_EXPRESSION_DEPTH} deep"));
                }
                loop {
                    self.skip_space();
                    // An optional argument may be left out: `Replace([mail], "@x", , , "", , )`.
                    let argument =
                        if matches!(self.peek(), Some(',' | ')')) { Expr::Empty } else { self.expression()? };
                    arguments.push(argument);
                    self.skip_space();
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(')') => {
                            self.at += 1;
                            self.depth -= 1;
                            return self.call(start, name, arguments);
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

    #[test]
    fn the_documented_examples_parse_and_what_the_page_does_not_allow_is_refused() {
        let parses = |expression: &str| parse_expression(&json!({ "expression": expression }));
        for documented in [
            "FormatDateTime([extensionAttribute1], , \"yyyyMMddHHmmss.fZ\", \"yyyy-MM-dd\")",
            "Replace([mail], \"@contoso.com\", , ,\"\", ,)",
            "RandomString(6,3,0,0,3)",
            "Word(\"The quick brown fox\",3,\" \")",
            "BitAnd(&HF, &HF7)",
            "DateAdd(\"d\", -10, CDate([StatusHireDate]))",
            "Join(\"@\", [mailNickname], DefaultDomain())",
            "Switch([state], \"Australia/Sydney\", \"NSW\", \"Australia/Sydney\",\"QLD\", \"Australia/Brisbane\", \"SA\", \"Australia/Adelaide\")",
            "SelectUniqueValue(Join(\"@\", [a], \"contoso.com\"), Join(\"@\", Mid([a], 1, 1), \"contoso.com\"))",
            "IIF([country]=\"USA\",IIF([state]=\"CA\",\"True\",\"False\"),\"False\")",
            "IIF(DateDiff(\"d\", Now(), CDate([StatusHireDate])) > 5, \"False\", \"True\")",
            "CBool([attribute1] = [attribute2])",
        ] {
            let answer = parses(documented);
            assert_eq!(answer["parsingSucceeded"], true, "{documented}: {}", answer["error"]);
        }
        let chosen = parse_expression(&json!({"expression": "IIF([country]=\"USA\",[country],[department])",
            "testInputObject": {"properties": [{"key": "country", "value": "NL"}, {"key": "department", "value": "Sales"}]}}));
        assert_eq!(chosen["evaluationResult"], json!(["Sales"]));
        assert_eq!(chosen["parsedExpression"]["parameters"][0]["value"]["name"], "=");
        let stripped = parse_expression(&json!({"expression": "StripSpaces([name])",
            "testInputObject": {"properties": [{"key": "name", "value": "Ada Love lace"}]}}));
        assert_eq!(stripped["evaluationResult"], json!(["AdaLovelace"]));

        for (refused, problem) in [
            ("Trim([a])", "`Trim` is not a function of the expression language"),
            ("toLower([a])", "`toLower` is not a function"),
            ("Append([a])", "`Append` takes 2 arguments, not 1"),
            ("Switch([a], \"d\", \"k\")", "`Switch` takes at least 4 arguments, an even number, not 3"),
            ("Switch([a], \"d\", \"k\", \"v\", \"k2\")", "not 5"),
            ("Left(\"abc\", 1x)", "`1x` is not a number"),
        ] {
            let answer = parses(refused);
            assert_eq!(answer["parsingSucceeded"], false, "{refused}");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(message.contains(problem), "{refused}: {message}");
        }
        let long = format!("Join(\"\", {})", vec!["[a]"; 2_500].join(", "));
        assert!(long.len() > MAX_EXPRESSION_CHARS);
        let answer = parses(&long);
        assert!(answer["error"]["message"].as_str().unwrap().contains("longer than 10000 characters"), "{answer}");
    }
}
