//! The answers both sides of the fake give: a failure as the service
//! writes it, a JSON body, a directory object that is not there, and a page
//! of a listing with its query options evaluated.

use serde_json::{json, Value};

use super::Answer;

/// A failure of a call, as the service answers it.
pub(crate) fn error(status: u16, code: &str, message: &str) -> Answer {
    Answer::Error { status, code: code.to_owned(), message: message.to_owned() }
}

/// A JSON body with `200 OK`.
pub(crate) fn ok(body: Value) -> Answer {
    Answer::Json { status: 200, body }
}

/// A directory object (or one of its references) that does not exist.
pub(crate) fn not_found(id: &str) -> Answer {
    error(
        404,
        "Request_ResourceNotFound",
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// A page of `items` as the query asks (`page_size` of them unless `$top`
/// says): `$filter`, `$search`, `$orderby` (any number of keys, each `asc`
/// or `desc`), `$count`, `$select`, then `$top` from `$skiptoken` on, with a
/// next link while items remain. Query options the fake does not evaluate
/// (`$expand`, `$apply`, `$compute`) are refused.
pub(crate) fn listing(mut items: Vec<Value>, query: &[(String, String)], base: &str, page_size: usize) -> Answer {
    let option = |name: &str| super::wire::option(query, name);
    for unsupported in ["$expand", "$apply", "$compute"] {
        if option(unsupported).is_some() {
            return error(400, "Request_UnsupportedQuery", &format!("the fake does not evaluate {unsupported}"));
        }
    }
    if let Some(filter) = option("$filter") {
        match super::filter::parse(filter) {
            Ok(filter) => items.retain(|item| super::filter::passes(&filter, item)),
            Err(message) => return error(400, "Request_UnsupportedQuery", &message),
        }
    }
    if let Some(search) = option("$search") {
        match super::reading::search(search) {
            Ok(search) => items.retain(|item| super::filter::found(&search, item)),
            Err(message) => {
                return error(400, "Request_UnsupportedQuery", &format!("the fake cannot read the $search: {message}"))
            }
        }
    }
    if let Some(order) = option("$orderby") {
        let keys = match super::reading::order_by(order) {
            Ok(order) => order.0,
            Err(message) => return error(400, "BadRequest", &format!("the fake cannot read the $orderby: {message}")),
        };
        // Stable sorts from the last key to the first: the first key decides.
        for (path, direction) in keys.iter().rev() {
            let key = |item: &Value| super::filter::lookup(item, &path.0).map(Value::to_string).unwrap_or_default();
            items.sort_by_cached_key(key);
            if *direction == graph_sync_runtime::query::Direction::Descending {
                items.reverse();
            }
        }
    }
    let total = items.len();
    let number = |name: &str| option(name).and_then(|v| v.parse::<usize>().ok());
    let skip = number("$skiptoken").unwrap_or(0);
    let size = number("$top").unwrap_or(page_size).max(1);
    let mut page: Vec<Value> = items.into_iter().skip(skip).take(size).collect();
    if let Some(select) = option("$select") {
        let names: Vec<&str> = select.split(',').map(str::trim).collect();
        for item in &mut page {
            if let Value::Object(object) = item {
                object.retain(|key, _| key == "id" || key.starts_with('@') || names.contains(&key.as_str()));
            }
        }
    }
    let mut body = json!({"value": page});
    if option("$count").is_some_and(|v| v == "true") {
        body["@odata.count"] = json!(total);
    }
    // Checked: a `$skiptoken` or `$top` near `usize::MAX` ends the listing, never wraps into a cycle.
    let next_skip = skip.saturating_add(size);
    if next_skip < total {
        let kept: Vec<String> = query
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("$skiptoken") && !k.eq_ignore_ascii_case("$top"))
            .map(|(k, v)| format!("{k}={}", encode_query(v)))
            .collect();
        let mut next = format!("{base}?$top={size}&$skiptoken={next_skip}");
        for pair in kept {
            next.push('&');
            next.push_str(&pair);
        }
        body["@odata.nextLink"] = json!(next);
    }
    ok(body)
}

/// A query value as the fake writes it into a link: percent-encoded.
pub(crate) fn encode_query(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}
