//! Values as OData URL literals (the `primitiveLiteral` rule of OData's ABNF),
//! by their EDM type: how a part of a compound key is written
//! (`/Order_Details(OrderID=10248,ProductID=11)`). A literal is the text
//! before percent-encoding; the value of a text-shaped primitive is checked
//! first, so no value can add to the structure around it (a `Guid` built
//! from `"1,ProductID=2"` is refused, not written).

use base64::Engine;

use crate::values::enums::OpenEnum;
use crate::values::primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, InvalidValue, Single, TimeOfDay,
};

/// A value written as an OData URL literal.
pub trait UrlLiteral {
    /// The literal: a string quoted with its `'` doubled (`'O''Brien'`),
    /// numbers, booleans, dates, times and GUIDs bare, a duration as
    /// `duration'P1D'`, binary as `binary'...'` (base64url), an enum member
    /// quoted (`'Active'`); or why the value cannot be one.
    fn url_literal(&self) -> Result<String, InvalidValue>;
}

/// `'text'`, with each `'` doubled.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl UrlLiteral for str {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(quoted(self))
    }
}

impl UrlLiteral for String {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(quoted(self))
    }
}

impl UrlLiteral for &str {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(quoted(self))
    }
}

macro_rules! display_literal {
    ($($ty:ty),*) => {
        $(impl UrlLiteral for $ty {
            fn url_literal(&self) -> Result<String, InvalidValue> {
                Ok(self.to_string())
            }
        })*
    };
}

display_literal!(bool, u8, i8, i16, i32, i64);

impl UrlLiteral for Int64 {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(self.get().to_string())
    }
}

/// OData writes the IEEE special values by name.
fn float(value: f64) -> String {
    match value {
        v if v.is_nan() => "NaN".to_owned(),
        v if v == f64::INFINITY => "INF".to_owned(),
        v if v == f64::NEG_INFINITY => "-INF".to_owned(),
        v => v.to_string(),
    }
}

impl UrlLiteral for Double {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(float(self.get()))
    }
}

impl UrlLiteral for Single {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(float(f64::from(self.get())))
    }
}

impl UrlLiteral for Decimal {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        let invalid = |text: &str| InvalidValue {
            expected: "Edm.Decimal",
            text: text.to_owned(),
            reason: "not a decimal number".to_owned(),
        };
        let text = match &self.0 {
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::String(text) => text.clone(),
            other => return Err(invalid(&other.to_string())),
        };
        // digits, one `.`, an exponent: nothing else may reach the URL.
        let decimal = text.trim_start_matches(['-', '+']);
        let valid = !decimal.is_empty()
            && decimal.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            && decimal.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if valid {
            Ok(text)
        } else {
            Err(invalid(&text))
        }
    }
}

impl UrlLiteral for Guid {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        self.parse().map(|guid| guid.hyphenated().to_string())
    }
}

impl UrlLiteral for DateTimeOffset {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        self.parse().map(|_| self.as_str().to_owned())
    }
}

impl UrlLiteral for Date {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        self.parse().map(|_| self.as_str().to_owned())
    }
}

impl UrlLiteral for TimeOfDay {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        self.parse().map(|_| self.as_str().to_owned())
    }
}

impl UrlLiteral for Duration {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        self.parse().map(|_| format!("duration'{}'", self.as_str()))
    }
}

impl UrlLiteral for Binary {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        let bytes = self.decode()?;
        Ok(format!("binary'{}'", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
    }
}

/// An enum member by its name, quoted (OData 4.01 reads it without the
/// enum type's qualified name in front).
impl<T: OpenEnum> UrlLiteral for T {
    fn url_literal(&self) -> Result<String, InvalidValue> {
        Ok(quoted(self.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_is_written_as_odata_reads_it() {
        assert_eq!("O'Brien".url_literal().unwrap(), "'O''Brien'");
        assert_eq!(10248_i32.url_literal().unwrap(), "10248");
        assert_eq!(Int64::new(-5).url_literal().unwrap(), "-5");
        assert_eq!(true.url_literal().unwrap(), "true");
        assert_eq!(Double::new(f64::NAN).url_literal().unwrap(), "NaN");
        assert_eq!(Double::new(2.5).url_literal().unwrap(), "2.5");
        let guid = Guid::from_wire("01234567-89AB-CDEF-0123-456789ABCDEF");
        assert_eq!(guid.url_literal().unwrap(), "01234567-89ab-cdef-0123-456789abcdef");
        let at = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
        assert_eq!(at.url_literal().unwrap(), "2026-05-01T00:00:00Z");
        assert_eq!(Duration::from_wire("P1DT2H").url_literal().unwrap(), "duration'P1DT2H'");
        assert_eq!(Decimal(serde_json::json!("12.50")).url_literal().unwrap(), "12.50");
    }

    #[test]
    fn a_value_cannot_write_more_than_itself() {
        for hostile in ["1,ProductID=2", "x')or('1'='1", "2026-05-01T00:00:00Z)/x"] {
            assert!(Guid::from_wire(hostile).url_literal().is_err(), "{hostile}");
            assert!(DateTimeOffset::from_wire(hostile).url_literal().is_err(), "{hostile}");
            assert!(Duration::from_wire(hostile).url_literal().is_err(), "{hostile}");
            assert!(Decimal(serde_json::json!(hostile)).url_literal().is_err(), "{hostile}");
            // A string stays one literal: every `'` in it is doubled.
            let literal = hostile.url_literal().unwrap();
            let inner = &literal[1..literal.len() - 1];
            assert!(!inner.replace("''", "").contains('\''), "{literal}");
        }
    }
}
