//! The limits Graph documents for an operation, as settings of a handle
//! that the sending layer keeps (`send::pacing`): a rate (calls in a short
//! sliding window, which a busy program waits out) and a budget (calls in
//! any 24 hours, past which a call is refused unsent).
//!
//! Each figure names the page that states it. Where two pages disagree, the
//! stricter figure is the default and the other is a constant to choose.

#[cfg(feature = "client")]
use std::collections::HashMap;
use std::time::Duration;

/// At most `calls` requests of one operation start within any `per` window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub calls: u32,
    pub per: Duration,
}

impl Rate {
    /// `calls` requests per `per`.
    pub const fn new(calls: u32, per: Duration) -> Self {
        Self { calls, per }
    }
}

/// The rate Graph documents for `provisionOnDemand`: 5 requests per 10 seconds.
pub const PROVISION_ON_DEMAND: Rate = Rate::new(5, Duration::from_secs(10));

/// The rate Entra documents for `bulkUpload`: 40 calls per 5 seconds, the
/// default. Stated twice: "Troubleshoot inbound provisioning API issues"
/// (Entra documentation), section "Too many requests 429 response code",
/// and "API-driven inbound provisioning concepts", section "Key features of
/// API-driven inbound user provisioning" ("40 API calls within any 5-second
/// window"). The Graph reference page of `bulkUpload` says 40 per second
/// ([`BULK_UPLOAD_REFERENCE_PAGE`]), five times as many; the Entra pages are
/// the stricter and the newer, so they are the default.
pub const BULK_UPLOAD: Rate = Rate::new(40, Duration::from_secs(5));

/// The rate the Graph reference page of `bulkUpload` ("Perform bulkUpload",
/// v1.0) states: 40 requests per second. Five times [`BULK_UPLOAD`]: choose
/// it with `ClientBuilder::pace("bulkUpload", BULK_UPLOAD_REFERENCE_PAGE)`
/// only where the service is known to take it.
pub const BULK_UPLOAD_REFERENCE_PAGE: Rate = Rate::new(40, Duration::from_secs(1));

/// At most `calls` requests of one operation within any 24 hours: a quota,
/// not a pace. A call past it is refused unsent
/// ([`Error::BudgetSpent`](crate::Error::BudgetSpent), which says when the
/// budget frees), since the service would answer `429` for hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub calls: u32,
    pub per: Duration,
}

impl Budget {
    /// `calls` requests in any 24 hours.
    pub const fn daily(calls: u32) -> Self {
        Self { calls, per: Duration::from_secs(24 * 60 * 60) }
    }
}

/// `bulkUpload`'s budget with Microsoft Entra ID P1 or P2 licences: 2,000
/// calls per 24 hours, tenant-wide ("API-driven inbound provisioning
/// concepts", section "Key features of API-driven inbound user
/// provisioning"). The default: the stricter of the two documented figures.
pub const BULK_UPLOAD_DAILY_P1: Budget = Budget::daily(2_000);

/// `bulkUpload`'s budget with Microsoft Entra ID Governance licences: 6,000
/// calls per 24 hours (the same concepts page; "Troubleshoot inbound
/// provisioning API issues", section "Too many requests 429 response code",
/// gives 6,000 without naming a licence). At 50 records a call, 300,000
/// records a day.
pub const BULK_UPLOAD_DAILY_GOVERNANCE: Budget = Budget::daily(6_000);

/// The operations paced by default, by the name of the action or function.
#[cfg(feature = "client")]
pub(crate) fn documented_rates() -> HashMap<String, Rate> {
    HashMap::from([("provisionOnDemand".to_owned(), PROVISION_ON_DEMAND), ("bulkUpload".to_owned(), BULK_UPLOAD)])
}

/// The operations with a daily budget by default.
#[cfg(feature = "client")]
pub(crate) fn documented_budgets() -> HashMap<String, Budget> {
    HashMap::from([("bulkUpload".to_owned(), BULK_UPLOAD_DAILY_P1)])
}

/// What a client's budget for one operation has spent: the times of its
/// calls in the last 24 hours, as milliseconds since the Unix epoch. A
/// long-running service saves it (it serializes with serde, a few KiB per
/// thousand calls) and gives it back when it starts again
/// (`ClientBuilder::restore_budget`), so that a restart does not forget
/// what the service still counts.
///
/// ```
/// use graph_sync::runtime::BudgetSnapshot;
///
/// let saved = BudgetSnapshot::new("bulkUpload", [1_765_000_000_000, 1_765_000_005_000]);
/// let text = serde_json::to_string(&saved).unwrap();
/// assert_eq!(text, r#"{"operation":"bulkUpload","calls":[1765000000000,1765000005000]}"#);
/// assert_eq!(serde_json::from_str::<BudgetSnapshot>(&text).unwrap(), saved);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct BudgetSnapshot {
    /// The operation's name (`bulkUpload`).
    pub operation: String,
    /// When each call was sent, oldest first (milliseconds since the Unix epoch).
    pub calls: Vec<u64>,
    /// Until when the service refuses calls, having answered one with a
    /// `429` whose `Retry-After` was longer than the client waits (milliseconds
    /// since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_until: Option<u64>,
}

impl BudgetSnapshot {
    pub fn new(operation: impl Into<String>, calls: impl IntoIterator<Item = u64>) -> Self {
        let mut calls: Vec<u64> = calls.into_iter().collect();
        calls.sort_unstable();
        Self { operation: operation.into(), calls, blocked_until: None }
    }
}

/// What a bulk upload does when the service answers that the job's
/// ingestion queue is full ([`Error::BucketFull`](crate::Error::BucketFull):
/// "Troubleshoot inbound provisioning API issues", section "Bucket full 500
/// response code"). It is never resent at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BucketFullPolicy {
    /// The error is returned, with the page's advice (the default): the
    /// caller decides, since the cause may be a paused, stopped or
    /// quarantined job that only an administrator can resume.
    #[default]
    Return,
    /// Wait `first`, send the same request again, and wait `then` before
    /// each later resend, `resends` times at most; then the error is
    /// returned. Waiting ends when the upload's future is dropped.
    Wait { first: Duration, then: Duration, resends: u32 },
}

impl BucketFullPolicy {
    /// Waits as the troubleshooting page advises, "5 to 10 minutes": 5
    /// minutes before the first resend, 10 before each later one, 3 resends.
    pub const fn wait() -> Self {
        Self::Wait { first: Duration::from_secs(5 * 60), then: Duration::from_secs(10 * 60), resends: 3 }
    }
}
