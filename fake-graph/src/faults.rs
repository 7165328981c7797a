//! Faults aimed at the calls a test means ([`Aim`]): by operation, by
//! method and route, the n-th matching call, one item of a `$batch`; and
//! what each fault answers. (`fail_next` faults hit whatever comes next.)

use serde_json::Value;

use super::answers::error;
use super::{Answer, Fault};

/// Which calls a fault hits ([`FakeGraph::fail`](crate::FakeService::fail)).
///
/// ```
/// use graph_sync::testing::Aim;
///
/// // The second provisionOnDemand, alone or inside a $batch:
/// let aim = Aim::operation("provisionOnDemand").nth(2);
/// // Every schema read of any job, three times:
/// let schema = Aim::route("GET", "/servicePrincipals/*/synchronization/jobs/*/schema").times(3);
/// # let _ = (aim, schema);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aim {
    method: Option<String>,
    /// The path's segments below the version; `*` (or `{...}`) matches any one.
    route: Option<Vec<String>>,
    /// The last segment: a bound action's or function's name.
    operation: Option<String>,
    /// Matching calls let through before the first one hit.
    skip: usize,
    /// How many matching calls are hit.
    times: usize,
}

impl Aim {
    /// The calls of a bound action or function (`provisionOnDemand`,
    /// `bulkUpload`, `start`): those whose path ends in `/{name}`.
    pub fn operation(name: &str) -> Self {
        Self { method: None, route: None, operation: Some(name.to_owned()), skip: 0, times: 1 }
    }

    /// The calls with this method and path below the version, where `*` (or
    /// `{id}`) stands for any one segment:
    /// `Aim::route("GET", "/servicePrincipals/*/synchronization/jobs/*")`.
    pub fn route(method: &str, path: &str) -> Self {
        let route =
            segments(path).map(|s| if s.starts_with('{') && s.ends_with('}') { "*".to_owned() } else { s.to_owned() });
        Self {
            method: Some(method.to_ascii_uppercase()),
            route: Some(route.collect()),
            operation: None,
            skip: 0,
            times: 1,
        }
    }

    /// Hit the `n`-th matching call (1 is the first) and the ones after it
    /// ([`Aim::times`]), letting the earlier ones through.
    pub fn nth(mut self, n: usize) -> Self {
        self.skip = n.saturating_sub(1);
        self
    }

    /// Hit this many matching calls (default 1).
    pub fn times(mut self, count: usize) -> Self {
        self.times = count;
        self
    }

    /// Whether a call of `method` to `path` (with its version) is one of these.
    fn matches(&self, method: &str, path: &str) -> bool {
        let below_version: Vec<&str> = segments(path).skip(1).collect();
        if self.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case(method)) {
            return false;
        }
        if let Some(operation) = &self.operation {
            if below_version.last() != Some(&operation.as_str()) {
                return false;
            }
        }
        match &self.route {
            Some(route) => {
                route.len() == below_version.len()
                    && route.iter().zip(&below_version).all(|(want, got)| want == "*" || want == got)
            }
            None => true,
        }
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A fault with its aim, and how many matching calls it has seen.
#[derive(Debug, Clone)]
pub(crate) struct Aimed {
    aim: Aim,
    fault: Fault,
    seen: usize,
}

impl Aimed {
    pub(crate) fn new(aim: Aim, fault: Fault) -> Self {
        Self { aim, fault, seen: 0 }
    }
}

/// The fault that hits a call of `method` to `path`, if one is aimed at it
/// (the first added that matches); `whole` says whether the call is a whole
/// request (an item of a `$batch` is not: a dropped connection or a slow
/// answer cannot hit it alone, so such aims pass over items).
pub(crate) fn take(aimed: &mut Vec<Aimed>, method: &str, path: &str, whole: bool) -> Option<Fault> {
    let position = aimed.iter_mut().position(|aimed| {
        let applies = whole || !matches!(aimed.fault, Fault::DroppedConnection | Fault::Slow(_));
        if !applies || !aimed.aim.matches(method, path) {
            return false;
        }
        aimed.seen += 1;
        aimed.seen > aimed.aim.skip
    })?;
    let fault = aimed[position].fault.clone();
    if aimed[position].seen >= aimed[position].aim.skip + aimed[position].aim.times {
        aimed.remove(position);
    }
    Some(fault)
}

/// What a fault answers in place of the call (a dropped connection and a
/// slow answer are the server's to carry out: `None`).
pub(crate) fn answer(fault: &Fault, method: &str, path: &str, body: &Value) -> Option<Answer> {
    match fault {
        Fault::Throttled { retry_after } => Some(Answer::Throttled {
            retry_after: *retry_after,
            message: format!("Too many requests (a scripted fault: the fake throttles this {method} {path})."),
        }),
        Fault::Unavailable => {
            Some(error(503, "ServiceUnavailable", "The service is temporarily unavailable (a scripted fault)."))
        }
        Fault::EchoCredentials => {
            // As a service that quotes what it could not take: every value the body carries.
            let mut values = Vec::new();
            collect_strings(body, &mut values);
            let message =
                format!("The request could not be processed (a scripted fault); it carried: {}", values.join(", "));
            Some(error(400, "BadRequest", &message))
        }
        Fault::DroppedConnection | Fault::Slow(_) => None,
    }
}

/// Every string in `value`, in order, without recursion.
fn collect_strings<'v>(value: &'v Value, into: &mut Vec<&'v str>) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::String(text) => into.push(text),
            Value::Array(items) => pending.extend(items.iter().rev()),
            Value::Object(members) => pending.extend(members.values().rev()),
            _ => {}
        }
    }
}
