//! Filters checked by the compiler: a [`Property`] names a property of an
//! `Owner` type whose values are `T`, so a comparison takes only a `T`, and
//! a [`Where`] of one type cannot filter a list of another
//! ([`ListRequest::filter_where`](crate::ListRequest::filter_where)). What
//! they build is a [`Filter`], written as any filter is.

use std::marker::PhantomData;

use crate::requests::query::{Filter, Literal, Op, PropertyPath, TextFunction};
use crate::values::literal::UrlLiteral;

/// A property of `Owner` with values of type `T`: `jobId` of a provisioning
/// log, a `String`. Declared as a constant (`Property::new("jobId")`);
/// [`Property::then`] reaches into a complex property.
pub struct Property<Owner, T> {
    path: Segments,
    types: PhantomData<fn() -> (Owner, T)>,
}

/// A path known at compile time (one name), or built by [`Property::then`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segments {
    One(&'static str),
    Many(Vec<&'static str>),
}

impl<Owner, T> Clone for Property<Owner, T> {
    fn clone(&self) -> Self {
        Property { path: self.path.clone(), types: PhantomData }
    }
}

impl<Owner, T> std::fmt::Debug for Property<Owner, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Property").field(&self.path().0.join("/")).finish()
    }
}

/// A filter on items of `Owner`: built from its [`Property`]s, joined with
/// [`Where::and`], [`Where::or`] and [`Where::not`].
pub struct Where<Owner> {
    /// The filter, or why a value could not be written as a literal (sent
    /// as the request's refusal, never as a filter).
    filter: Result<Filter, String>,
    owner: PhantomData<fn() -> Owner>,
}

impl<Owner> std::fmt::Debug for Where<Owner> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Where").field(&self.filter).finish()
    }
}

impl<Owner> Clone for Where<Owner> {
    fn clone(&self) -> Self {
        Where { filter: self.filter.clone(), owner: PhantomData }
    }
}

impl<Owner> Where<Owner> {
    fn new(filter: Result<Filter, String>) -> Self {
        Where { filter, owner: PhantomData }
    }

    /// Both.
    pub fn and(self, other: Where<Owner>) -> Where<Owner> {
        Where::new(self.filter.and_then(|a| other.filter.map(|b| a.and(b))))
    }

    /// Either.
    pub fn or(self, other: Where<Owner>) -> Where<Owner> {
        Where::new(self.filter.and_then(|a| other.filter.map(|b| a.or(b))))
    }

    /// Not this.
    #[allow(clippy::should_implement_trait)] // `.not()` reads as the query does
    pub fn not(self) -> Where<Owner> {
        Where::new(self.filter.map(Filter::not))
    }

    /// The filter, or why one of its values is no literal.
    pub fn into_filter(self) -> Result<Filter, String> {
        self.filter
    }
}

impl<Owner, T> Property<Owner, T> {
    /// The property named `name` (its JSON name), for a constant.
    pub const fn new(name: &'static str) -> Self {
        Property { path: Segments::One(name), types: PhantomData }
    }

    /// The property's path from `Owner`.
    pub fn path(&self) -> PropertyPath {
        match &self.path {
            Segments::One(name) => PropertyPath::new([*name]),
            Segments::Many(names) => PropertyPath::new(names.iter().copied()),
        }
    }

    /// `inner` of this (complex) property: `statusInfo/status`.
    pub fn then<U>(&self, inner: &Property<T, U>) -> Property<Owner, U> {
        let mut names = match &self.path {
            Segments::One(name) => vec![*name],
            Segments::Many(names) => names.clone(),
        };
        match &inner.path {
            Segments::One(name) => names.push(name),
            Segments::Many(more) => names.extend(more),
        }
        Property { path: Segments::Many(names), types: PhantomData }
    }

    fn compare(&self, op: Op, value: &T) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        let literal = Literal::of(value).map_err(|invalid| invalid.to_string());
        Where::new(literal.map(|value| Filter::Compare { path: self.path(), op, value }))
    }

    /// `{property} eq {value}`.
    pub fn eq(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Eq, &value.into())
    }

    /// `{property} ne {value}`.
    pub fn ne(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Ne, &value.into())
    }

    /// `{property} gt {value}`.
    pub fn gt(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Gt, &value.into())
    }

    /// `{property} ge {value}`.
    pub fn ge(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Ge, &value.into())
    }

    /// `{property} lt {value}`.
    pub fn lt(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Lt, &value.into())
    }

    /// `{property} le {value}`.
    pub fn le(&self, value: impl Into<T>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        self.compare(Op::Le, &value.into())
    }

    /// `{property} eq null`.
    pub fn is_null(&self) -> Where<Owner> {
        Where::new(Ok(Filter::Compare { path: self.path(), op: Op::Eq, value: Literal::Null }))
    }

    /// `{property} in ({value},...)`.
    pub fn is_in<V: Into<T>>(&self, values: impl IntoIterator<Item = V>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        let values: Result<Vec<Literal>, String> =
            values.into_iter().map(|value| Literal::of(&value.into()).map_err(|invalid| invalid.to_string())).collect();
        Where::new(values.map(|values| Filter::In { path: self.path(), values }))
    }
}

impl<Owner> Property<Owner, String> {
    fn text(&self, function: TextFunction, text: impl Into<String>) -> Where<Owner> {
        Where::new(Ok(Filter::Text { function, path: self.path(), text: text.into() }))
    }

    /// `startswith({property},'{text}')`.
    pub fn starts_with(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::StartsWith, text)
    }

    /// `endswith({property},'{text}')` (an advanced query on directory objects).
    pub fn ends_with(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::EndsWith, text)
    }

    /// `contains({property},'{text}')`.
    pub fn contains(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::Contains, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::primitives::DateTimeOffset;

    struct Log;
    struct StatusInfo;
    impl Log {
        const JOB_ID: Property<Log, String> = Property::new("jobId");
        const STATUS_INFO: Property<Log, StatusInfo> = Property::new("statusInfo");
        const ACTIVITY_DATE_TIME: Property<Log, DateTimeOffset> = Property::new("activityDateTime");
    }
    impl StatusInfo {
        const STATUS: Property<StatusInfo, String> = Property::new("status");
    }

    fn written(filter: Where<Log>) -> String {
        filter.into_filter().unwrap().to_odata().unwrap()
    }

    #[test]
    fn the_documented_queries_read_naturally() {
        assert_eq!(written(Log::JOB_ID.eq("API2AAD.1")), "jobId eq 'API2AAD.1'");
        assert_eq!(written(Log::STATUS_INFO.then(&StatusInfo::STATUS).eq("failure")), "statusInfo/status eq 'failure'");
        let at = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
        assert_eq!(written(Log::ACTIVITY_DATE_TIME.ge(at)), "activityDateTime ge 2026-05-01T00:00:00Z");
        let both = Log::JOB_ID.eq("x").and(Log::JOB_ID.starts_with("A").or(Log::JOB_ID.is_null()));
        assert_eq!(written(both), "jobId eq 'x' and (startswith(jobId,'A') or jobId eq null)");
        assert_eq!(written(Log::JOB_ID.is_in(["a", "b"]).not()), "not jobId in ('a','b')");
    }

    #[test]
    fn a_value_that_is_no_literal_is_kept_as_the_reason() {
        let bad = Log::ACTIVITY_DATE_TIME.ge(DateTimeOffset::from_wire("soon' or 1 eq 1"));
        let error = bad.and(Log::JOB_ID.eq("x")).into_filter().unwrap_err();
        assert!(error.contains("Edm.DateTimeOffset"), "{error}");
    }
}
