//! From an HR file to SCIM users (the `csv` feature), as Microsoft's CSV2SCIM
//! script does ("API-driven inbound provisioning with PowerShell script"):
//! a CSV file's rows become [`ScimUser`]s through a mapping file (TOML) that
//! names, for each SCIM attribute, the column it takes its value from.
//!
//! ```toml
//! [attributes]
//! externalId = "WorkerID"
//! userName = "UserID"
//! displayName = "FullName"
//! active = "Active"
//! "name.givenName" = "FirstName"
//! "emails[work].value" = "Email"
//! "addresses[work].locality" = "City"
//! "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber" = "WorkerID"
//! "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager" = "ManagerID"
//! "urn:contoso:employee:HireDate" = "HireDate"
//!
//! # Optional: every column no attribute takes, under this custom extension.
//! [extension]
//! namespace = "urn:ietf:params:scim:schemas:extension:csv:1.0:User"
//! ```
//!
//! An attribute the crate does not know, a column the CSV does not have, or
//! a mapping without `externalId` is an error at its line and column of
//! the mapping file ([`MappingError`]). Rows are read one at a time
//! ([`HrRows`]): a bad row (invalid UTF-8, the wrong number of columns, no
//! `externalId`, an `active` that is not a boolean) is a [`RowError`] with
//! its line number, and the rows after it go on. An empty cell leaves its
//! attribute out.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use toml::de::{DeTable, DeValue};

use crate::requests::scim::{
    EnterpriseUser, ScimAddress, ScimManager, ScimMultiValue, ScimName, ScimUser, ENTERPRISE_USER_SCHEMA,
};
use crate::values::field::Field;

/// A mistake in a mapping file, where it is: `mapping.toml:3:1: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for MappingError {}

/// A row that did not become a user; the rows after it go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row's line in the CSV file (1 is the header).
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for RowError {}

/// The text attribute of a `T` that a column sets.
type Setter<T> = fn(&mut T) -> &mut Field<String>;

/// Where a column's value goes in a [`ScimUser`].
#[derive(Debug, Clone)]
enum Target {
    ExternalId,
    Text(Setter<ScimUser>),
    Active,
    Name(Setter<ScimName>),
    Email(String),
    Phone(String),
    Address(String, Setter<ScimAddress>),
    Enterprise(Setter<EnterpriseUser>),
    Manager,
    Custom { namespace: String, attribute: String },
}

/// The core attributes that take text, by their SCIM names.
const CORE: &[(&str, Setter<ScimUser>)] = &[
    ("userName", |u| &mut u.user_name),
    ("displayName", |u| &mut u.display_name),
    ("nickName", |u| &mut u.nick_name),
    ("userType", |u| &mut u.user_type),
    ("title", |u| &mut u.title),
    ("preferredLanguage", |u| &mut u.preferred_language),
    ("locale", |u| &mut u.locale),
    ("timezone", |u| &mut u.timezone),
];

const NAME: &[(&str, Setter<ScimName>)] = &[
    ("formatted", |n| &mut n.formatted),
    ("familyName", |n| &mut n.family_name),
    ("givenName", |n| &mut n.given_name),
    ("middleName", |n| &mut n.middle_name),
    ("honorificPrefix", |n| &mut n.honorific_prefix),
    ("honorificSuffix", |n| &mut n.honorific_suffix),
];

const ADDRESS: &[(&str, Setter<ScimAddress>)] = &[
    ("streetAddress", |a| &mut a.street_address),
    ("locality", |a| &mut a.locality),
    ("region", |a| &mut a.region),
    ("postalCode", |a| &mut a.postal_code),
    ("country", |a| &mut a.country),
    ("formatted", |a| &mut a.formatted),
];

const ENTERPRISE: &[(&str, Setter<EnterpriseUser>)] = &[
    ("employeeNumber", |e| &mut e.employee_number),
    ("costCenter", |e| &mut e.cost_center),
    ("organization", |e| &mut e.organization),
    ("division", |e| &mut e.division),
    ("department", |e| &mut e.department),
];

/// The index of `name` in one of the tables above.
fn find<F>(table: &[(&str, F)], name: &str) -> Option<usize> {
    table.iter().position(|(n, _)| *n == name)
}

/// The SCIM attribute a mapping key names, or why it names none.
fn target(key: &str) -> Result<Target, String> {
    if key == "externalId" {
        return Ok(Target::ExternalId);
    }
    if key == "active" {
        return Ok(Target::Active);
    }
    if let Some(i) = find(CORE, key) {
        return Ok(Target::Text(CORE[i].1));
    }
    if let Some(part) = key.strip_prefix("name.") {
        return find(NAME, part).map(|i| Target::Name(NAME[i].1)).ok_or_else(|| format!("`name` has no part `{part}`"));
    }
    if let Some(part) = key.strip_prefix(ENTERPRISE_USER_SCHEMA).and_then(|rest| rest.strip_prefix(':')) {
        if part == "manager" || part == "manager.value" {
            return Ok(Target::Manager);
        }
        return find(ENTERPRISE, part)
            .map(|i| Target::Enterprise(ENTERPRISE[i].1))
            .ok_or_else(|| format!("the enterprise extension has no attribute `{part}`"));
    }
    for (attribute, make) in [("emails", Target::Email as fn(String) -> Target), ("phoneNumbers", Target::Phone)] {
        if let Some(rest) = key.strip_prefix(attribute) {
            let kind = multi_kind(rest, ".value")
                .ok_or_else(|| format!("write `{attribute}[TYPE].value`, e.g. `{attribute}[work].value`"))?;
            return Ok(make(kind));
        }
    }
    if let Some(rest) = key.strip_prefix("addresses") {
        let (kind, part) = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once("]."))
            .filter(|(kind, _)| is_kind(kind))
            .ok_or("write `addresses[TYPE].PART`, e.g. `addresses[work].locality`")?;
        return find(ADDRESS, part)
            .map(|i| Target::Address(kind.to_owned(), ADDRESS[i].1))
            .ok_or_else(|| format!("an address has no part `{part}`"));
    }
    if key.starts_with("urn:") {
        if let Some((namespace, attribute)) = key.rsplit_once(':').filter(|(ns, a)| ns.len() > 4 && is_name(a)) {
            return Ok(Target::Custom { namespace: namespace.to_owned(), attribute: attribute.to_owned() });
        }
    }
    Err(format!("`{key}` is not a SCIM attribute the mapping knows"))
}

fn multi_kind(rest: &str, suffix: &str) -> Option<String> {
    let kind = rest.strip_prefix('[')?.strip_suffix(suffix)?.strip_suffix(']')?;
    is_kind(kind).then(|| kind.to_owned())
}

fn is_kind(kind: &str) -> bool {
    !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A mapping file, read: each SCIM attribute with the column it takes.
#[derive(Debug, Clone)]
pub struct Mapping {
    file: String,
    /// Each attribute's target, column name, and where the column is named.
    attributes: Vec<(Target, String, (usize, usize))>,
    /// The custom extension the CSV's other columns go under.
    extension: Option<String>,
}

impl Mapping {
    /// Reads a mapping file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Mapping, MappingError> {
        let at = |offset: usize, message: String| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            MappingError { file: file.to_owned(), line, column, message }
        };
        let table = DeTable::parse(text)
            .map_err(|e| at(e.span().map_or(0, |s| s.start), format!("not a TOML mapping: {}", e.message())))?;
        let mut mapping = Mapping { file: file.to_owned(), attributes: Vec::new(), extension: None };
        let mut external_id = false;
        for (key, value) in table.get_ref() {
            match (key.get_ref().as_ref(), value.get_ref()) {
                ("attributes", DeValue::Table(attributes)) => {
                    for (name, column) in attributes {
                        let target = target(name.get_ref()).map_err(|m| at(name.span().start, m))?;
                        let DeValue::String(column_name) = column.get_ref() else {
                            return Err(at(column.span().start, format!("`{}` takes a column's name", name.get_ref())));
                        };
                        external_id |= matches!(target, Target::ExternalId);
                        let position = at(column.span().start, String::new());
                        mapping.attributes.push((target, column_name.to_string(), (position.line, position.column)));
                    }
                }
                ("extension", DeValue::Table(extension)) => {
                    for (name, value) in extension {
                        match (name.get_ref().as_ref(), value.get_ref()) {
                            ("namespace", DeValue::String(namespace)) if namespace.starts_with("urn:") => {
                                mapping.extension = Some(namespace.to_string());
                            }
                            ("namespace", _) => {
                                return Err(at(value.span().start, "the namespace is a URN (`urn:...`)".to_owned()))
                            }
                            (other, _) => {
                                return Err(at(name.span().start, format!("[extension] has no setting `{other}`")))
                            }
                        }
                    }
                }
                (other, _) => {
                    return Err(at(
                        key.span().start,
                        format!("a mapping has [attributes] and [extension], not `{other}`"),
                    ))
                }
            }
        }
        if !external_id {
            return Err(at(0, "the mapping names no column for `externalId`, which matches each record".to_owned()));
        }
        Ok(mapping)
    }

    /// The CSV's columns that no attribute takes (the extension's, when it has one).
    pub fn extra_columns(&self, header: &[String]) -> Vec<String> {
        header.iter().filter(|c| !self.attributes.iter().any(|(_, column, _)| column == *c)).cloned().collect()
    }

    /// The custom extension the CSV's other columns go under, if any.
    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }
}

/// Where the newlines of a stream are, as far as it has been read: a row's
/// line is the number of newlines before its first byte, plus one. (csv's
/// own line count is one short after each `\r\n`.)
#[derive(Debug, Default)]
struct Newlines {
    /// Newlines before `ahead[0]` (or before everything read, with none ahead).
    passed: u64,
    /// The byte offsets of the newlines read but not yet passed.
    ahead: VecDeque<u64>,
}

impl Newlines {
    /// The line of a row that starts at `byte`. After a `\r\n`, csv starts
    /// the next row at the `\n`, which therefore counts as before it.
    fn line_of(&mut self, byte: u64) -> u64 {
        while self.ahead.front().is_some_and(|&at| at <= byte) {
            self.ahead.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that notes where each newline it reads is.
struct Counting<R> {
    inner: R,
    read: u64,
    newlines: Arc<Mutex<Newlines>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        let mut newlines = self.newlines.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for at in memchr_newlines(&buffer[..count]) {
            newlines.ahead.push_back(self.read + at as u64);
        }
        self.read += count as u64;
        Ok(count)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(at, _)| at)
}

/// The users of a CSV file, one row at a time (an `Iterator` of
/// `Result<ScimUser, RowError>`): the rows are never held together.
pub struct HrRows<R> {
    reader: csv::Reader<Counting<R>>,
    newlines: Arc<Mutex<Newlines>>,
    record: csv::ByteRecord,
    columns: usize,
    /// Each mapped attribute with its column's index.
    attributes: Vec<(Target, usize)>,
    /// The extension's columns: namespace, and each column's index and name.
    extension: Option<(String, Vec<(usize, String)>)>,
    header: Vec<String>,
}

impl<R: Read> HrRows<R> {
    /// Reads the CSV's header and checks that every column the mapping
    /// names is in it.
    pub fn new(input: R, mapping: &Mapping) -> Result<HrRows<R>, MappingError> {
        let newlines = Arc::new(Mutex::new(Newlines::default()));
        let counting = Counting { inner: input, read: 0, newlines: newlines.clone() };
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(counting);
        let header: Vec<String> = match reader.byte_headers() {
            Ok(header) => header.iter().map(|h| String::from_utf8_lossy(h).trim().to_owned()).collect(),
            Err(error) => {
                return Err(MappingError {
                    file: mapping.file.clone(),
                    line: 1,
                    column: 1,
                    message: format!("the CSV has no header: {error}"),
                })
            }
        };
        let mut attributes = Vec::new();
        for (target, column, (line, at)) in &mapping.attributes {
            let Some(index) = header.iter().position(|h| h == column) else {
                return Err(MappingError {
                    file: mapping.file.clone(),
                    line: *line,
                    column: *at,
                    message: format!("the CSV has no column `{column}` (its columns: {})", header.join(", ")),
                });
            };
            attributes.push((target.clone(), index));
        }
        let extension = mapping.extension.clone().map(|namespace| {
            let extra = mapping.extra_columns(&header);
            let columns = extra.into_iter().filter_map(|c| Some((header.iter().position(|h| *h == c)?, c))).collect();
            (namespace, columns)
        });
        Ok(HrRows {
            reader,
            newlines,
            record: csv::ByteRecord::new(),
            columns: header.len(),
            attributes,
            extension,
            header,
        })
    }

    /// The CSV's column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    fn user(&self, line: u64) -> Result<ScimUser, RowError> {
        let bad = |message: String| RowError { line, message };
        if self.record.len() != self.columns {
            return Err(bad(format!("{} columns where the header has {}", self.record.len(), self.columns)));
        }
        let cell = |index: usize| -> Result<&str, RowError> {
            std::str::from_utf8(&self.record[index])
                .map(str::trim)
                .map_err(|_| bad(format!("the `{}` column is not valid UTF-8", self.header[index])))
        };
        let mut user = ScimUser::new("");
        user.external_id = Field::Absent;
        for (target, index) in &self.attributes {
            let text = cell(*index)?;
            if text.is_empty() {
                continue;
            }
            let value = Field::Value(text.to_owned());
            match target {
                Target::ExternalId => user.external_id = value,
                Target::Text(field) => *field(&mut user) = value,
                Target::Active => {
                    let active = match text.to_ascii_lowercase().as_str() {
                        "true" | "1" | "yes" => true,
                        "false" | "0" | "no" => false,
                        _ => return Err(bad(format!("`active` is {text:?}, not true or false"))),
                    };
                    user.active = Field::Value(active);
                }
                Target::Name(part) => {
                    let name = user.name.get_or_insert_with(ScimName::default);
                    *part(name) = value;
                }
                Target::Email(kind) | Target::Phone(kind) => {
                    let list =
                        if matches!(target, Target::Email(_)) { &mut user.emails } else { &mut user.phone_numbers };
                    let list = list.get_or_insert_with(Vec::new);
                    list.push(ScimMultiValue::default().with_value(text).with_kind(kind.as_str()));
                }
                Target::Address(kind, part) => {
                    let addresses = user.addresses.get_or_insert_with(Vec::new);
                    let position = match addresses.iter().position(|a| a.kind.as_deref() == Some(kind.as_str())) {
                        Some(position) => position,
                        None => {
                            addresses.push(ScimAddress::default().with_kind(kind.as_str()));
                            addresses.len() - 1
                        }
                    };
                    *part(&mut addresses[position]) = value;
                }
                Target::Enterprise(part) => *part(enterprise(&mut user)) = value,
                Target::Manager => {
                    enterprise(&mut user).manager = Field::Value(ScimManager::default().with_value(text))
                }
                Target::Custom { namespace, attribute } => {
                    custom(&mut user, namespace).insert(attribute.clone(), json!(text));
                }
            }
        }
        if let Some((namespace, columns)) = &self.extension {
            for (index, name) in columns {
                let text = cell(*index)?;
                if !text.is_empty() {
                    custom(&mut user, namespace).insert(name.clone(), json!(text));
                }
            }
        }
        if user.external_id.value().is_none() {
            return Err(bad("no externalId (its column is empty)".to_owned()));
        }
        Ok(user)
    }
}

/// The user's enterprise extension, added (with its schema) if absent.
fn enterprise(user: &mut ScimUser) -> &mut EnterpriseUser {
    if user.enterprise.value().is_none() {
        *user = std::mem::take(user).with_enterprise(EnterpriseUser::default());
    }
    user.enterprise.value_mut().expect("set above")
}

/// The user's custom extension `namespace`'s attributes, added (with its schema) if absent.
fn custom<'u>(user: &'u mut ScimUser, namespace: &str) -> &'u mut serde_json::Map<String, Value> {
    if !user.extensions.contains_key(namespace) {
        *user = std::mem::take(user).with_extension(namespace, serde_json::Map::new());
    }
    match user.extensions.get_mut(namespace) {
        Some(Value::Object(attributes)) => attributes,
        _ => unreachable!("with_extension inserts an object"),
    }
}

impl<R: Read> Iterator for HrRows<R> {
    type Item = Result<ScimUser, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut record = std::mem::take(&mut self.record);
            let read = self.reader.read_byte_record(&mut record);
            let start = record.position().map_or(0, csv::Position::byte);
            self.record = record;
            let line = self.newlines.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).line_of(start);
            return match read {
                Ok(false) => None,
                Ok(true) if self.record.iter().all(<[u8]>::is_empty) && self.record.len() <= 1 => continue,
                Ok(true) => Some(self.user(line)),
                Err(error) => Some(Err(RowError { line, message: format!("unreadable row: {error}") })),
            };
        }
    }
}

/// Adds each of `columns` to a synchronization schema (as JSON: the
/// version's `SynchronizationSchema` through `serde_json::to_value`) as a
/// `String` attribute named `{namespace}:{column}` of the object of the
/// directory its first rule reads from, as the Entra tutorial "Extend
/// API-driven provisioning to sync custom attributes" does by hand; an
/// attribute it has already is left. Gives the names added (send the schema
/// back with the schema's `replace`).
pub fn add_extension_attributes(schema: &mut Value, namespace: &str, columns: &[String]) -> Vec<String> {
    let source = schema["synchronizationRules"][0]["sourceDirectoryName"].as_str().map(str::to_owned);
    let Some(directories) = schema["directories"].as_array_mut() else { return Vec::new() };
    let directory = directories.iter_mut().find(|d| source.is_none() || d["name"].as_str() == source.as_deref());
    let Some(object) = directory.and_then(|d| d["objects"].as_array_mut()).and_then(|objects| objects.first_mut())
    else {
        return Vec::new();
    };
    if !object["attributes"].is_array() {
        object["attributes"] = json!([]);
    }
    let attributes = object["attributes"].as_array_mut().expect("an array");
    let mut added = Vec::new();
    for column in columns {
        let name = format!("{namespace}:{column}");
        if attributes.iter().any(|a| a["name"] == name.as_str()) {
            continue;
        }
        attributes.push(json!({
            "name": name, "type": "String", "anchor": false, "caseExact": false, "flowNullValues": false,
            "multivalued": false, "mutability": "ReadWrite", "required": false,
            "apiExpressions": [], "metadata": [], "referencedObjects": []
        }));
        added.push(name);
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on() {
        let mapping = Mapping::parse("[attributes]\nexternalId = \"id\"\ndisplayName = \"name\"\n", "m.toml").unwrap();
        let text = "id,name\n1,A\n,B\n3,\"C\nD\"\n,E\n";
        let lines: Vec<Result<String, u64>> = HrRows::new(text.as_bytes(), &mapping)
            .unwrap()
            .map(|row| row.map(|u| u.external_id.into_value().unwrap()).map_err(|e| e.line))
            .collect();
        assert_eq!(lines, [Ok("1".to_owned()), Err(3), Ok("3".to_owned()), Err(6)]);
        let crlf = text.replace('\n', "\r\n");
        let lines: Vec<Result<String, u64>> = HrRows::new(crlf.as_bytes(), &mapping)
            .unwrap()
            .map(|row| row.map(|u| u.external_id.into_value().unwrap()).map_err(|e| e.line))
            .collect();
        assert_eq!(lines, [Ok("1".to_owned()), Err(3), Ok("3".to_owned()), Err(6)], "CRLF");
    }
}
