//! Queries checked by the compiler. A [`Property`] names a property of an
//! `Owner` type whose values are `T`, so a comparison takes only a `T`; a
//! [`Navigation`] names a navigation property and the type it leads to. What
//! they build is for lists of `Owner` only: a [`Where`] (`$filter`), an
//! [`Order`] (`$orderby`), a [`Matches`] (`$search`), a [`Selectable`]
//! (`$select`) and an [`Expand`] (`$expand`, with its own options on the
//! target's properties). Each is written from the same data the fake reads
//! back ([`FilterExpression`], [`OrderBy`](crate::query::OrderBy), [`Search`]).

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::requests::options::{Direction, OrderBy, Search};
use crate::requests::path::{is_name, COUNT};
use crate::requests::query::{FilterExpression, Literal, Op, PropertyPath, Quantifier, TextFunction};
use crate::values::literal::UrlLiteral;

/// A property of `Owner` with values of type `T`: `jobId` of a provisioning
/// log, a `String`. Declared as a constant (`Property::new("jobId")`);
/// [`Property::then`] reaches into a complex property.
pub struct Property<Owner, T> {
    path: Segments,
    types: PhantomData<fn() -> (Owner, T)>,
}

/// A path known at compile time (one name), or built by [`Property::then`]
/// (and inside a lambda, from its variable).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segments {
    One(&'static str),
    Many(Vec<Cow<'static, str>>),
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
    filter: Result<FilterExpression, String>,
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
    fn new(filter: Result<FilterExpression, String>) -> Self {
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
        Where::new(self.filter.map(FilterExpression::not))
    }

    /// The filter, or why one of its values is no literal.
    pub fn into_filter(self) -> Result<FilterExpression, String> {
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
        PropertyPath::new(self.segments().iter().map(|name| name.to_string()))
    }

    fn segments(&self) -> Vec<Cow<'static, str>> {
        match &self.path {
            Segments::One(name) => vec![Cow::Borrowed(*name)],
            Segments::Many(names) => names.clone(),
        }
    }

    fn at(segments: Vec<Cow<'static, str>>) -> Self {
        Property { path: Segments::Many(segments), types: PhantomData }
    }

    /// `inner` of this (complex) property: `statusInfo/status`.
    pub fn then<U>(&self, inner: &Property<T, U>) -> Property<Owner, U> {
        let mut names = self.segments();
        names.extend(inner.segments());
        Property::at(names)
    }

    /// `{property}` ascending, for [`ListRequest::order_by`](crate::ListRequest::order_by).
    pub fn asc(&self) -> Order<Owner> {
        Order::new(self.path(), Direction::Ascending)
    }

    /// `{property} desc`.
    pub fn desc(&self) -> Order<Owner> {
        Order::new(self.path(), Direction::Descending)
    }

    fn compare(&self, op: Op, value: &T) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        let literal = Literal::of(value).map_err(|invalid| invalid.to_string());
        Where::new(literal.map(|value| FilterExpression::Compare { path: self.path(), op, value }))
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
        Where::new(Ok(FilterExpression::Compare { path: self.path(), op: Op::Eq, value: Literal::Null }))
    }

    /// `{property} in ({value},...)`.
    pub fn is_in<V: Into<T>>(&self, values: impl IntoIterator<Item = V>) -> Where<Owner>
    where
        T: UrlLiteral,
    {
        let values: Result<Vec<Literal>, String> =
            values.into_iter().map(|value| Literal::of(&value.into()).map_err(|invalid| invalid.to_string())).collect();
        Where::new(values.map(|values| FilterExpression::In { path: self.path(), values }))
    }
}

impl<Owner> Property<Owner, String> {
    fn text(&self, function: TextFunction, text: impl Into<String>) -> Where<Owner> {
        Where::new(Ok(FilterExpression::Text { function, path: self.path(), text: text.into() }))
    }

    /// `"{property}:{text}"`: items whose property holds the text, for
    /// [`ListRequest::search`](crate::ListRequest::search) (Graph's `$search`
    /// on directory objects, which tokenizes the property's value).
    pub fn matches(&self, text: impl Into<String>) -> Matches<Owner> {
        Matches::new(Search::Phrase { property: self.path(), text: text.into() })
    }

    /// `startswith({property}, '{text}')`.
    pub fn starts_with(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::StartsWith, text)
    }

    /// `endswith({property}, '{text}')` (an advanced query on directory objects).
    pub fn ends_with(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::EndsWith, text)
    }

    /// `contains({property}, '{text}')`.
    pub fn contains(&self, text: impl Into<String>) -> Where<Owner> {
        self.text(TextFunction::Contains, text)
    }
}

/// What a collection-valued property or navigation property holds: `Vec`
/// of its items. Only a collection has `any`, `all` and a `$count`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a collection: only a collection has `any`, `all` and `$count`",
    label = "a property whose values are `{Self}`, not `Vec` of them"
)]
pub trait Collection {
    /// The type of one item.
    type Item;
}

impl<T> Collection for Vec<T> {
    type Item = T;
}

/// The item of a collection, inside a lambda ([`Property::any`],
/// [`Property::all`]): its properties are named from the lambda's variable.
pub struct Each<T>(PhantomData<fn() -> T>);

/// Told apart from every other lambda's variable until it is named.
static NEXT_VARIABLE: AtomicUsize = AtomicUsize::new(0);

impl<Owner, C: Collection> Property<Owner, C> {
    /// `{collection}/any({v}:{body})`: some item of the collection passes
    /// `body`, which is given the item: `|c| c.contains("myCategory")` for
    /// a collection of strings, `|p| p.then(&ModifiedProperty::DISPLAY_NAME).eq("x")`
    /// for a collection of complex values.
    ///
    /// The variable is the collection's initial (`categories/any(c:...)`),
    /// with a number after it where a lambda inside uses the same.
    pub fn any(&self, body: impl FnOnce(Property<Each<C::Item>, C::Item>) -> Where<Each<C::Item>>) -> Where<Owner> {
        self.lambda(Quantifier::Any, body)
    }

    /// `{collection}/all({v}:{body})`: every item of the collection passes
    /// `body` (see [`Property::any`]).
    pub fn all(&self, body: impl FnOnce(Property<Each<C::Item>, C::Item>) -> Where<Each<C::Item>>) -> Where<Owner> {
        self.lambda(Quantifier::All, body)
    }

    /// `{collection}/$count`, to compare: `assignedLicenses/$count eq 0`
    /// (an advanced query on directory objects).
    pub fn count(&self) -> Property<Owner, i64> {
        let mut names = self.segments();
        names.push(Cow::Borrowed(COUNT));
        Property::at(names)
    }

    fn lambda(
        &self,
        quantifier: Quantifier,
        body: impl FnOnce(Property<Each<C::Item>, C::Item>) -> Where<Each<C::Item>>,
    ) -> Where<Owner> {
        // Built with a placeholder (no OData name, so it can never be written
        // as one), then named once the lambdas inside it have their names.
        let placeholder = format!("\u{1}{}", NEXT_VARIABLE.fetch_add(1, Ordering::Relaxed));
        let item = Property::at(vec![Cow::Owned(placeholder.clone())]);
        let path = self.path();
        Where::new(body(item).filter.map(|mut body| {
            let initial = path.0.last().and_then(|name| name.chars().next()).filter(char::is_ascii_alphabetic);
            let initial = initial.unwrap_or('x').to_ascii_lowercase().to_string();
            let mut taken = Vec::new();
            variables(&body, &mut taken);
            let variable = std::iter::once(initial.clone())
                .chain((1..).map(|n| format!("{initial}{n}")))
                .find(|name| !taken.contains(name))
                .unwrap_or(initial);
            rename(&mut body, &placeholder, &variable);
            FilterExpression::Lambda { quantifier, path, variable, body: Box::new(body) }
        }))
    }
}

/// The variables of the lambdas in `filter`.
fn variables(filter: &FilterExpression, out: &mut Vec<String>) {
    match filter {
        FilterExpression::Lambda { variable, body, .. } => {
            out.push(variable.clone());
            variables(body, out);
        }
        FilterExpression::And(a, b) | FilterExpression::Or(a, b) => {
            variables(a, out);
            variables(b, out);
        }
        FilterExpression::Not(inner) => variables(inner, out),
        FilterExpression::Compare { .. } | FilterExpression::Text { .. } | FilterExpression::In { .. } => {}
    }
}

/// Names the lambda variable `placeholder` as `name` wherever a path starts from it.
fn rename(filter: &mut FilterExpression, placeholder: &str, name: &str) {
    let path = |path: &mut PropertyPath| {
        if path.0.first().is_some_and(|first| first == placeholder) {
            path.0[0] = name.to_owned();
        }
    };
    match filter {
        FilterExpression::Compare { path: p, .. }
        | FilterExpression::Text { path: p, .. }
        | FilterExpression::In { path: p, .. } => path(p),
        FilterExpression::Lambda { path: p, body, .. } => {
            path(p);
            rename(body, placeholder, name);
        }
        FilterExpression::And(a, b) | FilterExpression::Or(a, b) => {
            rename(a, placeholder, name);
            rename(b, placeholder, name);
        }
        FilterExpression::Not(inner) => rename(inner, placeholder, name),
    }
}

/// One `$orderby` key of a list of `Owner`: [`Property::asc`], [`Property::desc`].
pub struct Order<Owner> {
    key: (PropertyPath, Direction),
    owner: PhantomData<fn() -> Owner>,
}

impl<Owner> Order<Owner> {
    fn new(path: PropertyPath, direction: Direction) -> Self {
        Order { key: (path, direction), owner: PhantomData }
    }

    /// Written as `$orderby` is, from the keys in order.
    pub(crate) fn written(keys: impl IntoIterator<Item = Order<Owner>>) -> Result<String, String> {
        OrderBy(keys.into_iter().map(|order| order.key).collect()).to_odata()
    }
}

impl<Owner> std::fmt::Debug for Order<Owner> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Order").field(&self.key).finish()
    }
}

/// A `$search` on a list of `Owner`: [`Property::matches`], joined with
/// [`Matches::and`] and [`Matches::or`].
pub struct Matches<Owner> {
    search: Search,
    owner: PhantomData<fn() -> Owner>,
}

impl<Owner> Matches<Owner> {
    fn new(search: Search) -> Self {
        Matches { search, owner: PhantomData }
    }

    /// Both.
    pub fn and(self, other: Matches<Owner>) -> Matches<Owner> {
        Matches::new(self.search.and(other.search))
    }

    /// Either.
    pub fn or(self, other: Matches<Owner>) -> Matches<Owner> {
        Matches::new(self.search.or(other.search))
    }

    /// The search as data.
    pub fn into_search(self) -> Search {
        self.search
    }
}

impl<Owner> std::fmt::Debug for Matches<Owner> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Matches").field(&self.search).finish()
    }
}

/// What `$select` can name on an `Owner`: its [`Property`] constants. A
/// property of `Owner` can also be selected where a collection of `Owner`
/// is expanded ([`Expand::select`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a property of `{Owner}`",
    note = "`$select` takes the constants of the listed type (`&[&Type::ID]`); \
            names as text go to `select_unchecked`"
)]
pub trait Selectable<Owner> {
    /// The property's path from `Owner`.
    fn selected(&self) -> PropertyPath;
}

impl<Owner, T> Selectable<Owner> for Property<Owner, T> {
    fn selected(&self) -> PropertyPath {
        self.path()
    }
}

impl<Owner, T> Selectable<Vec<Owner>> for Property<Owner, T> {
    fn selected(&self) -> PropertyPath {
        self.path()
    }
}

/// Written as `$select` is: the paths, comma-separated.
pub(crate) fn selection<Owner>(properties: &[&dyn Selectable<Owner>]) -> Result<String, String> {
    if properties.is_empty() {
        return Err("an empty $select".to_owned());
    }
    let paths: Result<Vec<String>, String> = properties.iter().map(|p| p.selected().to_odata()).collect();
    Ok(paths?.join(","))
}

/// A navigation property of `Owner` that leads to `Target` (an entity
/// type, or `Vec` of one for a collection): `$expand`-ed with
/// [`ListRequest::expand`](crate::ListRequest::expand), with options of its
/// own from [`Navigation::select`] and (for a collection)
/// [`Navigation::filter`], [`Navigation::order_by`] and [`Navigation::top`].
pub struct Navigation<Owner, Target> {
    name: &'static str,
    types: PhantomData<fn() -> (Owner, Target)>,
}

impl<Owner, Target> Clone for Navigation<Owner, Target> {
    fn clone(&self) -> Self {
        Navigation { name: self.name, types: PhantomData }
    }
}

impl<Owner, Target> std::fmt::Debug for Navigation<Owner, Target> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Navigation").field(&self.name).finish()
    }
}

impl<Owner, Target> Navigation<Owner, Target> {
    /// The navigation property named `name`, for a constant.
    pub const fn new(name: &'static str) -> Self {
        Navigation { name, types: PhantomData }
    }

    /// Expanded with only `properties` of the target:
    /// `owners($select=id,displayName)`.
    pub fn select(&self, properties: &[&dyn Selectable<Target>]) -> Expand<Owner, Target> {
        Expand::from(self).select(properties)
    }
}

impl<Owner, Target: Collection> Navigation<Owner, Target> {
    /// `{navigation}/$count`, to compare: `owners/$count eq 0` (an advanced
    /// query on directory objects).
    pub fn count(&self) -> Property<Owner, i64> {
        Property::at(vec![Cow::Borrowed(self.name), Cow::Borrowed(COUNT)])
    }
}

impl<Owner, Target> Navigation<Owner, Vec<Target>> {
    /// Expanded with only the targets that pass `filter`.
    pub fn filter(&self, filter: Where<Target>) -> Expand<Owner, Vec<Target>> {
        Expand::from(self).filter(filter)
    }

    /// Expanded in this order.
    pub fn order_by(&self, keys: impl IntoIterator<Item = Order<Target>>) -> Expand<Owner, Vec<Target>> {
        Expand::from(self).order_by(keys)
    }

    /// Expanded with at most `count` targets.
    pub fn top(&self, count: u32) -> Expand<Owner, Vec<Target>> {
        Expand::from(self).top(count)
    }
}

/// One `$expand` item of a list of `Owner`: a [`Navigation`] and its own
/// query options, written `owners($select=id;$top=5)`.
pub struct Expand<Owner, Target> {
    name: &'static str,
    /// Each option as written, or why it cannot be (sent as the request's
    /// refusal).
    options: Vec<(&'static str, Result<String, String>)>,
    types: PhantomData<fn() -> (Owner, Target)>,
}

impl<Owner, Target> std::fmt::Debug for Expand<Owner, Target> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expand").field("name", &self.name).field("options", &self.options).finish()
    }
}

impl<Owner, Target> From<&Navigation<Owner, Target>> for Expand<Owner, Target> {
    fn from(navigation: &Navigation<Owner, Target>) -> Self {
        Expand { name: navigation.name, options: Vec::new(), types: PhantomData }
    }
}

impl<Owner, Target> From<Navigation<Owner, Target>> for Expand<Owner, Target> {
    fn from(navigation: Navigation<Owner, Target>) -> Self {
        Expand::from(&navigation)
    }
}

impl<Owner, Target> Expand<Owner, Target> {
    fn option(mut self, name: &'static str, value: Result<String, String>) -> Self {
        self.options.retain(|(option, _)| *option != name);
        self.options.push((name, value));
        self
    }

    /// `$select` inside the expansion.
    pub fn select(self, properties: &[&dyn Selectable<Target>]) -> Self {
        self.option("$select", selection(properties))
    }

    /// Written as an `$expand` item is, or why it cannot be.
    pub fn written(&self) -> Result<String, String> {
        if !is_name(self.name) {
            return Err(format!("`{}` cannot be expanded (not an OData identifier)", self.name.escape_debug()));
        }
        let mut out = self.name.to_owned();
        if !self.options.is_empty() {
            let options: Result<Vec<String>, String> =
                self.options.iter().map(|(name, value)| Ok(format!("{name}={}", value.clone()?))).collect();
            out.push('(');
            out.push_str(&options?.join(";"));
            out.push(')');
        }
        Ok(out)
    }
}

impl<Owner, Target> Expand<Owner, Vec<Target>> {
    /// `$filter` inside the expansion.
    pub fn filter(self, filter: Where<Target>) -> Self {
        let written = filter.into_filter().and_then(|filter| filter.to_odata());
        self.option("$filter", written)
    }

    /// `$orderby` inside the expansion.
    pub fn order_by(self, keys: impl IntoIterator<Item = Order<Target>>) -> Self {
        self.option("$orderby", Order::written(keys))
    }

    /// `$top` inside the expansion.
    pub fn top(self, count: u32) -> Self {
        self.option("$top", Ok(count.to_string()))
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

    fn written<Owner>(filter: Where<Owner>) -> String {
        filter.into_filter().unwrap().to_odata().unwrap()
    }

    #[test]
    fn the_documented_queries_read_naturally() {
        assert_eq!(written(Log::JOB_ID.eq("API2AAD.1")), "jobId eq 'API2AAD.1'");
        assert_eq!(written(Log::STATUS_INFO.then(&StatusInfo::STATUS).eq("failure")), "statusInfo/status eq 'failure'");
        let at = DateTimeOffset::from_wire("2026-05-01T00:00:00Z");
        assert_eq!(written(Log::ACTIVITY_DATE_TIME.ge(at)), "activityDateTime ge 2026-05-01T00:00:00Z");
        let both = Log::JOB_ID.eq("x").and(Log::JOB_ID.starts_with("A").or(Log::JOB_ID.is_null()));
        assert_eq!(written(both), "jobId eq 'x' and (startswith(jobId, 'A') or jobId eq null)");
        assert_eq!(written(Log::JOB_ID.is_in(["a", "b"]).not()), "not jobId in ('a','b')");
    }

    struct Template;
    struct Change;
    struct Step;
    impl Template {
        const CATEGORIES: Property<Template, Vec<String>> = Property::new("categories");
        const CHANGES: Property<Template, Vec<Change>> = Property::new("changes");
        const OWNERS: Navigation<Template, Vec<Change>> = Navigation::new("owners");
        const SCHEMA: Navigation<Template, Step> = Navigation::new("schema");
    }
    impl Change {
        const NAME: Property<Change, String> = Property::new("name");
        const COUNTS: Property<Change, Vec<i32>> = Property::new("counts");
        const CHILDREN: Property<Change, Vec<Change>> = Property::new("children");
    }
    impl Step {
        const NAME: Property<Step, String> = Property::new("name");
    }

    #[test]
    fn lambdas_name_their_variable_after_the_collection_and_never_twice() {
        let any = Template::CATEGORIES.any(|c| c.contains("myCategory"));
        assert_eq!(written(any), "categories/any(c:contains(c, 'myCategory'))");
        let all = Template::CHANGES.all(|c| c.then(&Change::NAME).ne("x").and(c.then(&Change::COUNTS).count().gt(0)));
        assert_eq!(written(all), "changes/all(c:c/name ne 'x' and c/counts/$count gt 0)");
        // A lambda inside one on a collection of the same initial: the outer
        // variable is renamed, and each path keeps the variable it was built from.
        let nested = Template::CHANGES.any(|outer| {
            outer
                .then(&Change::CHILDREN)
                .any(|inner| inner.then(&Change::NAME).eq("a"))
                .and(outer.then(&Change::NAME).eq("b"))
        });
        assert_eq!(written(nested), "changes/any(c1:c1/children/any(c:c/name eq 'a') and c1/name eq 'b')");
        let counted = Template::CATEGORIES.count().eq(0).or(Template::OWNERS.count().le(1));
        let written = written(counted.clone());
        assert_eq!(written, "categories/$count eq 0 or owners/$count le 1");
        assert!(counted.into_filter().unwrap().is_advanced());
    }

    #[test]
    fn orderings_selections_and_expansions_are_written_as_odata_writes_them() {
        let order = Order::written([Log::ACTIVITY_DATE_TIME.desc(), Log::STATUS_INFO.then(&StatusInfo::STATUS).asc()]);
        assert_eq!(order.unwrap(), "activityDateTime desc,statusInfo/status");
        assert!(Order::<Log>::written([]).is_err());
        assert_eq!(selection::<Log>(&[&Log::JOB_ID, &Log::ACTIVITY_DATE_TIME]).unwrap(), "jobId,activityDateTime");
        assert!(selection::<Log>(&[]).is_err());
        assert_eq!(Expand::from(Template::SCHEMA).written().unwrap(), "schema");
        assert_eq!(Template::SCHEMA.select(&[&Step::NAME]).written().unwrap(), "schema($select=name)");
        let owners = Template::OWNERS
            .filter(Change::NAME.starts_with("a"))
            .select(&[&Change::NAME])
            .order_by([Change::NAME.desc()])
            .top(5)
            .top(3);
        assert_eq!(
            owners.written().unwrap(),
            "owners($filter=startswith(name, 'a');$select=name;$orderby=name desc;$top=3)",
            "an option set twice is written once, with its last value"
        );
        let bad = Template::OWNERS.filter(Change::NAME.eq("x").and(Where::new(Err("no literal".into()))));
        assert_eq!(bad.written().unwrap_err(), "no literal");
    }

    #[test]
    fn a_search_is_one_phrase_per_property() {
        let search = Log::JOB_ID.matches("Team \"x\"").or(Log::JOB_ID.matches("y")).into_search();
        assert_eq!(search.to_odata().unwrap(), r#""jobId:Team \"x\"" OR "jobId:y""#);
    }

    #[test]
    fn a_value_that_is_no_literal_is_kept_as_the_reason() {
        let bad = Log::ACTIVITY_DATE_TIME.ge(DateTimeOffset::from_wire("soon' or 1 eq 1"));
        let error = bad.and(Log::JOB_ID.eq("x")).into_filter().unwrap_err();
        assert!(error.contains("Edm.DateTimeOffset"), "{error}");
    }
}
