//! OData primitive types that keep what the service sent.
//!
//! The text-shaped ones (`DateTimeOffset`, `Date`, `TimeOfDay`, `Duration`,
//! `Guid`, `Binary`) hold the wire text and parse it on request: a value the
//! service sends against its own schema (`""` for a date, .NET's
//! `TimeSpan.MaxValue` as a duration) never makes a response undecodable, is
//! re-encoded unchanged, and tells its problem when asked for the typed value.
//! The numeric ones accept the forms OData allows: `Int64` as a number or a
//! string, `Single` and `Double` also as `"INF"`, `"-INF"` and `"NaN"`.

use std::fmt;

use base64::Engine as _;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A wire value that does not parse as its OData type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    /// The OData type, e.g. `Edm.DateTimeOffset`.
    pub expected: &'static str,
    /// The text as received.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid {}: {}", self.text, self.expected, self.reason)
    }
}

impl std::error::Error for InvalidValue {}

fn invalid(expected: &'static str, text: &str, reason: impl fmt::Display) -> InvalidValue {
    InvalidValue { expected, text: text.to_owned(), reason: reason.to_string() }
}

/// The parts every text-shaped primitive shares: construction from wire text,
/// access to it, `Display`, and serde as a JSON string.
macro_rules! wire_text_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(String);

        impl $name {
            /// A value from its wire text, as the service would send it (not checked).
            pub fn from_wire(text: impl Into<String>) -> Self {
                Self(text.into())
            }

            /// The wire text, exactly as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self)
            }
        }
    };
}

wire_text_type! {
    /// `Edm.DateTimeOffset`: RFC 3339 text such as `2020-06-26T13:58:24.7682084Z`.
    DateTimeOffset
}

impl DateTimeOffset {
    /// The instant, if the text is RFC 3339 (up to 9 fractional digits).
    pub fn parse(&self) -> Result<time::OffsetDateTime, InvalidValue> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
            .map_err(|e| invalid("Edm.DateTimeOffset", &self.0, e))
    }
}

impl From<time::OffsetDateTime> for DateTimeOffset {
    fn from(value: time::OffsetDateTime) -> Self {
        let text = value.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        Self(text)
    }
}

wire_text_type! {
    /// `Edm.Date`: `YYYY-MM-DD`.
    Date
}

impl Date {
    /// The calendar date, if the text is `YYYY-MM-DD`.
    pub fn parse(&self) -> Result<time::Date, InvalidValue> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(&self.0, &format).map_err(|e| invalid("Edm.Date", &self.0, e))
    }
}

impl From<time::Date> for Date {
    fn from(value: time::Date) -> Self {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Self(value.format(&format).unwrap_or_default())
    }
}

wire_text_type! {
    /// `Edm.TimeOfDay`: `hh:mm:ss` with optional fractional seconds.
    TimeOfDay
}

impl TimeOfDay {
    /// The time, if the text is `hh:mm` or `hh:mm:ss[.fffffff]`.
    pub fn parse(&self) -> Result<time::Time, InvalidValue> {
        let format = time::macros::format_description!(
            version = 2,
            "[hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"
        );
        time::Time::parse(&self.0, &format).map_err(|e| invalid("Edm.TimeOfDay", &self.0, e))
    }
}

wire_text_type! {
    /// `Edm.Duration`: ISO 8601 day-time duration such as `PT40M` or `P1DT2H`.
    Duration
}

impl Duration {
    /// The length of time, if the text is a non-negative `P[nD][T[nH][nM][n[.f]S]]`.
    /// .NET's `TimeSpan.MaxValue` (`P10675199DT2H48M5.4775807S`) parses too.
    pub fn parse(&self) -> Result<std::time::Duration, InvalidValue> {
        parse_duration(&self.0).map_err(|reason| invalid("Edm.Duration", &self.0, reason))
    }
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        let total = value.as_secs();
        let (days, hours, minutes, seconds) = (total / 86_400, total / 3_600 % 24, total / 60 % 60, total % 60);
        let nanos = value.subsec_nanos();
        let mut text = String::from("P");
        if days > 0 {
            text.push_str(&format!("{days}D"));
        }
        if hours > 0 || minutes > 0 || seconds > 0 || nanos > 0 || days == 0 {
            text.push('T');
            if hours > 0 {
                text.push_str(&format!("{hours}H"));
            }
            if minutes > 0 {
                text.push_str(&format!("{minutes}M"));
            }
            if seconds > 0 || nanos > 0 || (hours == 0 && minutes == 0) {
                if nanos > 0 {
                    let fraction = format!("{nanos:09}");
                    text.push_str(&format!("{seconds}.{}S", fraction.trim_end_matches('0')));
                } else {
                    text.push_str(&format!("{seconds}S"));
                }
            }
        }
        Self(text)
    }
}

fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    if text.starts_with('-') {
        return Err("negative durations have no std::time::Duration".into());
    }
    let rest = text.strip_prefix('P').ok_or("a duration starts with `P`")?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, time),
        Some(_) => return Err("`T` must be followed by hours, minutes or seconds".into()),
        None => (rest, ""),
    };
    if date.is_empty() && time.is_empty() {
        return Err("a duration needs at least one number".into());
    }
    // Every step is checked: a huge value is an error, never an overflow panic.
    let add = |total: std::time::Duration, part: std::time::Duration| total.checked_add(part).ok_or("too long");
    let days = match date {
        "" => 0,
        _ => date
            .strip_suffix('D')
            .ok_or("only days (`D`) may come before `T`")?
            .parse::<u64>()
            .map_err(|e| e.to_string())?,
    };
    let mut total = std::time::Duration::from_secs(days.checked_mul(86_400).ok_or("too many days")?);
    let mut remaining = time;
    for (unit, seconds) in [('H', 3_600u64), ('M', 60)] {
        if let Some((number, after)) = remaining.split_once(unit) {
            let value: u64 = number.parse().map_err(|e| format!("{unit}: {e}"))?;
            total = add(total, std::time::Duration::from_secs(value.checked_mul(seconds).ok_or("too long")?))?;
            remaining = after;
        }
    }
    if !remaining.is_empty() {
        let number = remaining.strip_suffix('S').ok_or("unexpected text after the last unit")?;
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        total = add(total, std::time::Duration::from_secs(whole.parse().map_err(|e| format!("S: {e}"))?))?;
        if !fraction.is_empty() {
            if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return Err("at most 9 fractional digits".into());
            }
            let nanos: u32 = format!("{fraction:0<9}").parse().map_err(|e| format!("S: {e}"))?;
            total = add(total, std::time::Duration::from_nanos(u64::from(nanos)))?;
        }
    }
    Ok(total)
}

wire_text_type! {
    /// `Edm.Guid`: `8-4-4-4-12` hexadecimal digits.
    Guid
}

impl Guid {
    /// The UUID, if the text is one.
    pub fn parse(&self) -> Result<uuid::Uuid, InvalidValue> {
        uuid::Uuid::parse_str(&self.0).map_err(|e| invalid("Edm.Guid", &self.0, e))
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(value: uuid::Uuid) -> Self {
        Self(value.hyphenated().to_string())
    }
}

wire_text_type! {
    /// `Edm.Binary`: base64url text, as OData prescribes.
    Binary
}

impl Binary {
    /// The bytes. Accepts base64url and standard base64, padded or not.
    pub fn decode(&self) -> Result<Vec<u8>, InvalidValue> {
        let text = self.0.trim_end_matches('=');
        let engine = if text.contains(['+', '/']) {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        } else {
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
        };
        engine.decode(text).map_err(|e| invalid("Edm.Binary", &self.0, e))
    }

    /// Encodes bytes as base64url.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self(base64::engine::general_purpose::URL_SAFE.encode(bytes))
    }
}

/// The JSON form a number arrived in, so that it is sent back in that form:
/// serde's JSON values tell an integer (`5`) from a float (`5.0`, `-0`,
/// `1e3`) and both from a string (`"5"`, as OData sends numbers under
/// `IEEE754Compatible=true`). A number built in code has its type's usual form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
enum NumberForm {
    #[default]
    Usual,
    Integer,
    Float,
    Text,
}

/// `Edm.Int64`: a JSON number, or a string holding one (as OData sends it
/// under `IEEE754Compatible=true`); sent back in the form it came in (a number
/// built in code is sent as a JSON integer). Equality and order are by value.
#[derive(Clone, Copy, Default)]
pub struct Int64 {
    value: i64,
    form: NumberForm,
}

impl Int64 {
    /// A value built in code (sent as a JSON integer).
    pub const fn new(value: i64) -> Self {
        Self { value, form: NumberForm::Usual }
    }

    /// The number.
    pub fn get(self) -> i64 {
        self.value
    }
}

impl fmt::Debug for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Int64").field(&self.value).finish()
    }
}

impl PartialEq for Int64 {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Int64 {}

impl std::hash::Hash for Int64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Int64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl From<i64> for Int64 {
    fn from(value: i64) -> Self {
        Self::new(value)
    }
}

impl PartialEq<i64> for Int64 {
    fn eq(&self, other: &i64) -> bool {
        self.value == *other
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.form {
            NumberForm::Text => serializer.serialize_str(&self.value.to_string()),
            // `-0` or `1e3`: a float that holds an integer.
            NumberForm::Float => serializer.serialize_f64(self.value as f64),
            NumberForm::Usual | NumberForm::Integer => serializer.serialize_i64(self.value),
        }
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Int64Visitor;

        impl Visitor<'_> for Int64Visitor {
            type Value = Int64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an Edm.Int64 as a number or a string")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Int64, E> {
                Ok(Int64 { value, form: NumberForm::Integer })
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Int64, E> {
                let value = i64::try_from(value).map_err(|_| E::custom("Edm.Int64 out of range"))?;
                Ok(Int64 { value, form: NumberForm::Integer })
            }

            /// `-0`, `1e3`: accepted when the float holds an integer exactly.
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Int64, E> {
                let integral = value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0;
                if !integral {
                    return Err(E::custom(format!("{value} is not an Edm.Int64")));
                }
                Ok(Int64 { value: value as i64, form: NumberForm::Float })
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Int64, E> {
                let value = text.parse().map_err(|_| E::custom(format!("{text:?} is not an Edm.Int64")))?;
                Ok(Int64 { value, form: NumberForm::Text })
            }
        }

        deserializer.deserialize_any(Int64Visitor)
    }
}

/// A float as it arrived: a number (integer or float) or a string (`"INF"`,
/// `"-INF"`, `"NaN"`, or a number under `IEEE754Compatible=true`).
struct FloatVisitor(&'static str);

impl Visitor<'_> for FloatVisitor {
    type Value = (f64, NumberForm, Option<i128>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an {} as a number, \"INF\", \"-INF\" or \"NaN\"", self.0)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok((value, NumberForm::Float, None))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok((value as f64, NumberForm::Integer, Some(i128::from(value))))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok((value as f64, NumberForm::Integer, Some(i128::from(value))))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        let number = match value {
            "INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            other => other.parse().map_err(|_| E::custom(format!("{other:?} is not an {}", self.0)))?,
        };
        Ok((number, NumberForm::Text, None))
    }
}

/// Writes a float in the form it came in: infinities and NaN as OData's
/// strings whatever the form, an integer received as one as an integer.
fn serialize_float<S: Serializer>(value: f64, form: NumberForm, serializer: S) -> Result<S::Ok, S::Error> {
    if value.is_nan() {
        serializer.serialize_str("NaN")
    } else if value == f64::INFINITY {
        serializer.serialize_str("INF")
    } else if value == f64::NEG_INFINITY {
        serializer.serialize_str("-INF")
    } else {
        match form {
            NumberForm::Text => serializer.serialize_str(&value.to_string()),
            NumberForm::Integer if value.fract() == 0.0 && value.abs() < 9.2e18 => {
                serializer.serialize_i64(value as i64)
            }
            _ => serializer.serialize_f64(value),
        }
    }
}

/// The parts `Double` and `Single` share: a value kept as the `f64` that
/// arrived, with its JSON form; equality and order by value.
macro_rules! float_type {
    ($(#[$doc:meta])* $name:ident, $rust:ty, $odata:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Default)]
        pub struct $name {
            value: f64,
            form: NumberForm,
            /// A JSON integer as received: beyond 2^53 an `f64` cannot hold
            /// every integer, and the service's digits are sent back.
            integer: Option<i128>,
        }

        impl $name {
            /// A value built in code (sent as a JSON float).
            pub fn new(value: $rust) -> Self {
                Self { value: f64::from(value), form: NumberForm::Usual, integer: None }
            }

            /// The number.
            pub fn get(self) -> $rust {
                self.value as $rust
            }
        }

        impl From<$rust> for $name {
            fn from(value: $rust) -> Self {
                Self::new(value)
            }
        }

        impl PartialEq<$rust> for $name {
            fn eq(&self, other: &$rust) -> bool {
                self.get() == *other
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.get()).finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.get().fmt(f)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                self.value.partial_cmp(&other.value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.integer {
                    Some(integer) if integer as f64 == self.value => serializer.serialize_i128(integer),
                    _ => serialize_float(self.value, self.form, serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (value, form, integer) = deserializer.deserialize_any(FloatVisitor($odata))?;
                Ok(Self { value, form, integer })
            }
        }
    };
}

float_type! {
    /// `Edm.Double`: a number, or `"INF"`, `"-INF"`, `"NaN"`; sent back in
    /// the form it came in (`5` stays an integer, `"1.5"` a string).
    Double, f64, "Edm.Double"
}

float_type! {
    /// `Edm.Single`: a number, or `"INF"`, `"-INF"`, `"NaN"`. The number is
    /// kept as it arrived (a JSON number is an `f64`), so `0.1` is sent back
    /// as `0.1`; [`Single::get`] gives the `f32`.
    Single, f32, "Edm.Single"
}

/// `Edm.Decimal`: a JSON number or a string holding one, kept as received.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decimal(pub serde_json::Value);

impl Decimal {
    /// The value as `f64` (may round).
    pub fn to_f64(&self) -> Result<f64, InvalidValue> {
        match &self.0 {
            serde_json::Value::Number(n) => {
                n.as_f64().ok_or_else(|| invalid("Edm.Decimal", &n.to_string(), "out of range"))
            }
            serde_json::Value::String(s) => s.parse().map_err(|e| invalid("Edm.Decimal", s, e)),
            other => Err(invalid("Edm.Decimal", &other.to_string(), "not a number")),
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Decimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_format() {
        let parse = |t: &str| Duration::from_wire(t).parse();
        assert_eq!(parse("PT40M").unwrap(), std::time::Duration::from_secs(2400));
        assert_eq!(parse("P1DT2H").unwrap(), std::time::Duration::from_secs(93_600));
        assert_eq!(parse("PT0.5S").unwrap(), std::time::Duration::from_millis(500));
        let max = parse("P10675199DT2H48M5.4775807S").unwrap();
        assert_eq!(max.as_secs(), 10_675_199 * 86_400 + 2 * 3_600 + 48 * 60 + 5);
        assert_eq!(max.subsec_nanos(), 477_580_700);
        for bad in ["", "P", "40M", "PT", "-PT1S", "PT1X", "P1Y"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Duration::from(std::time::Duration::from_secs(2400)).as_str(), "PT40M");
        assert_eq!(Duration::from(std::time::Duration::from_secs(93_600)).as_str(), "P1DT2H");
        assert_eq!(Duration::from(std::time::Duration::ZERO).as_str(), "PT0S");
        assert_eq!(Duration::from(std::time::Duration::from_millis(1500)).as_str(), "PT1.5S");
    }

    #[test]
    fn text_values_keep_what_was_sent() {
        let value: DateTimeOffset = serde_json::from_str("\"2020-06-26T13:58:24.7682084Z\"").unwrap();
        assert_eq!(value.parse().unwrap().nanosecond(), 768_208_400);
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"2020-06-26T13:58:24.7682084Z\"");
        let empty: DateTimeOffset = serde_json::from_str("\"\"").unwrap();
        assert!(empty.parse().unwrap_err().to_string().contains("Edm.DateTimeOffset"));
        assert_eq!(serde_json::to_string(&empty).unwrap(), "\"\"");
        assert!(DateTimeOffset::from_wire("0001-01-01T00:00:00Z").parse().is_ok());
        assert_eq!(Date::from_wire("2026-02-06").parse().unwrap().day(), 6);
        assert_eq!(TimeOfDay::from_wire("13:58:24.7682084").parse().unwrap().second(), 24);
        assert!(Guid::from_wire("9bb0f679-a883-4a6f-8260-35b491b8b8c8").parse().is_ok());
        assert_eq!(Binary::from_wire("_-8=").decode().unwrap(), [0xff, 0xef]);
        assert_eq!(Binary::from_wire("/+8=").decode().unwrap(), [0xff, 0xef]);
        assert_eq!(Binary::from_bytes(&[0xff, 0xef]).as_str(), "_-8=");
    }

    #[test]
    fn numbers_accept_odata_forms() {
        assert_eq!(serde_json::from_str::<Int64>("42").unwrap(), 42);
        assert_eq!(serde_json::from_str::<Int64>("\"-42\"").unwrap(), -42);
        assert!(serde_json::from_str::<Int64>("\"x\"").is_err());
        assert_eq!(serde_json::to_string(&Int64::new(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<Double>("\"INF\"").unwrap().get(), f64::INFINITY);
        assert!(serde_json::from_str::<Double>("\"NaN\"").unwrap().get().is_nan());
        assert_eq!(serde_json::from_str::<Single>("\"-INF\"").unwrap().get(), f32::NEG_INFINITY);
        assert_eq!(serde_json::to_string(&Double::new(f64::NEG_INFINITY)).unwrap(), "\"-INF\"");
        assert_eq!(serde_json::to_string(&Double::new(1.5)).unwrap(), "1.5");
        assert_eq!(serde_json::to_string(&Double::new(5.0)).unwrap(), "5.0", "built in code: a float");
        assert_eq!(serde_json::to_string(&Single::new(0.5)).unwrap(), "0.5");
        assert_eq!(serde_json::from_str::<Decimal>("\"1.10\"").unwrap().to_f64().unwrap(), 1.1);
    }

    /// Every text primitive's parse answers hostile text with an error, never a panic.
    #[test]
    fn parsing_never_panics() {
        let mut texts: Vec<String> = [
            "PT1H18446744073709551615S",
            "P18446744073709551615D",
            "P213503982334601DT1S",
            "PT18446744073709551615H",
            "PT18446744073709551615M",
            "PT18446744073709551615.999999999S",
            "P1DT18446744073709551615S",
            "P99999999999999999999D",
            "PT.S",
            "PT1.S",
            "PT1..1S",
            "9999999999-12-31T23:59:59Z",
            "2020-02-30",
            "25:61:61.9999999999",
            "-0",
            "\u{0}",
            "é",
            "",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        texts.push("9".repeat(100_000));
        texts.push(format!("PT{}S", "9".repeat(100)));
        for text in &texts {
            let _ = Duration::from_wire(text.as_str()).parse();
            let _ = DateTimeOffset::from_wire(text.as_str()).parse();
            let _ = Date::from_wire(text.as_str()).parse();
            let _ = TimeOfDay::from_wire(text.as_str()).parse();
            let _ = Guid::from_wire(text.as_str()).parse();
            let _ = Binary::from_wire(text.as_str()).decode();
            let _ = serde_json::from_str::<Int64>(&format!("\"{text}\""));
            let _ = serde_json::from_str::<Double>(&format!("\"{text}\""));
        }
        let overflow = Duration::from_wire("PT1H18446744073709551615S").parse().unwrap_err();
        assert!(overflow.to_string().contains("too long"), "{overflow}");
    }
}
