//! The rates Graph documents for an operation (`provisionOnDemand`: 5
//! requests per 10 seconds): settings of a handle, which the sending layer
//! paces calls to (`send::pacing`).

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

/// The rate Graph documents for `bulkUpload`: 40 requests per second.
pub const BULK_UPLOAD: Rate = Rate::new(40, Duration::from_secs(1));

/// The operations paced by default, by the name of the action or function.
#[cfg(feature = "client")]
pub(crate) fn documented_rates() -> HashMap<String, Rate> {
    HashMap::from([("provisionOnDemand".to_owned(), PROVISION_ON_DEMAND), ("bulkUpload".to_owned(), BULK_UPLOAD)])
}
