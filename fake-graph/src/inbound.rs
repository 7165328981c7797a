//! The fake's API-driven inbound provisioning (`bulkUpload`), as Entra's
//! pages describe the service:
//!
//! - both throttling limits, "40 API calls per 5 seconds" and "6,000 API
//!   calls over a 24-hour period", answered `429` ("Troubleshoot inbound
//!   provisioning API issues", section "Too many requests 429 response
//!   code"; the daily figure is scriptable, since "API-driven inbound
//!   provisioning concepts" gives 2,000 for P1/P2 tenants). The page gives
//!   neither the `429`'s body nor a `Retry-After`: the fake answers Graph's
//!   throttling shape (`TooManyRequests`) with the seconds until the window
//!   frees, and says so in its message;
//! - each job's ingestion queue (the "bucket"): an accepted upload waits in
//!   it until the job processes it, `lag` after acceptance (5 minutes by
//!   default: "Expect a 5-minute to 10-minute delay", section "There's
//!   nothing in the provisioning logs"), and only while the job is active.
//!   A paused or quarantined job processes nothing, so its queue fills; an
//!   upload to a full queue is answered `500` with the documented message
//!   (section "Bucket full 500 response code"). The page does not give the
//!   queue's size: the fake holds 1,000 requests unless scripted. A job's
//!   `restart` clears its queue (the same section: "During restart, existing
//!   queued data is cleared", which the page says may take about 40 minutes;
//!   the fake clears it at once);
//! - one provisioning log entry per record when it is processed, naming the
//!   record by its `externalId` (`sourceIdentity.id`) and the Entra user it
//!   created or updated (`targetIdentity.id`, the same for every later
//!   upload of the record), with the job, cycle and change ids, the action,
//!   the status and the steps; the outcome is the test's script for the
//!   `externalId` ([`ProvisionScript`](super::ProvisionScript), success unless scripted);
//! - only `work`-typed `addresses`, `emails` and `phoneNumbers` are applied
//!   (section "Known limitation: multi-valued addresses, emails and phone
//!   numbers"): others never appear in the entry's modified properties.

use std::time::Duration;

use serde_json::{json, Value};

use super::answers::error;
use super::state::{Queued, State};
use super::Answer;

/// The fake's documented limits on `bulkUpload` calls.
const WINDOW_CALLS: usize = 40;
const WINDOW: Duration = Duration::from_secs(5);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// The message the troubleshooting page documents for a full queue.
pub(crate) const BUCKET_FULL_MESSAGE: &str = "The bucket that stores the ingested data is full, please wait for the \
    synchronization service to process the ingested data and retry this request.";

impl State {
    /// `bulkUpload`: throttled, refused when the job's queue is full, else
    /// queued and accepted with the `Location` of the job's logs.
    pub(crate) fn bulk_upload(
        &mut self,
        (owner, job): (&str, &str),
        body: &Value,
        location: String,
        now: Duration,
    ) -> Answer {
        let inbound = &mut self.inbound;
        while inbound.calls.front().is_some_and(|&at| now.saturating_sub(at) >= DAY) {
            inbound.calls.pop_front();
        }
        let in_window = inbound.calls.iter().filter(|&&at| now.saturating_sub(at) < WINDOW).count();
        if in_window >= WINDOW_CALLS || inbound.calls.len() >= inbound.script.daily_limit {
            let (frees, what) = if inbound.calls.len() >= inbound.script.daily_limit {
                (inbound.calls.front().map_or(now, |&oldest| oldest + DAY), "6,000 API calls over a 24-hour period")
            } else {
                let oldest_in_window = inbound.calls.iter().rev().nth(WINDOW_CALLS - 1).copied().unwrap_or(now);
                (oldest_in_window + WINDOW, "40 API calls per 5 seconds")
            };
            let wait = frees.saturating_sub(now);
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Answer::Throttled {
                retry_after: Duration::from_secs(seconds.max(1)),
                message: format!(
                    "Too many requests: bulkUpload is limited to {what} (the fake's wording: the documentation \
                     gives the limits, not the service's message)."
                ),
            };
        }
        // The call is counted whatever the answer (the service received it).
        inbound.calls.push_back(now);
        let queued = inbound.queue.iter().filter(|q| q.owner == owner && q.job == job).count();
        if queued >= inbound.script.queue_capacity {
            // The page gives the status and the message; the code is the fake's.
            return error(500, "InternalServerError", BUCKET_FULL_MESSAGE);
        }
        let operations = body["Operations"].as_array().cloned().unwrap_or_default();
        let due = now + inbound.script.lag;
        inbound.queue.push(Queued { owner: owner.to_owned(), job: job.to_owned(), due, operations });
        Answer::Accepted { location }
    }

    /// Processes every queued upload that is due, of a job that is active
    /// (a paused or quarantined job processes nothing), logging each record.
    pub(crate) fn process_uploads(&mut self, now: Duration) {
        let queue = std::mem::take(&mut self.inbound.queue);
        let (due, waiting): (Vec<Queued>, Vec<Queued>) =
            queue.into_iter().partition(|q| q.due <= now && self.job_is_active(&q.owner, &q.job));
        self.inbound.queue = waiting;
        for upload in due {
            self.inbound.cycles += 1;
            let cycle = format!("00000000-0000-4000-9000-{:012x}", self.inbound.cycles);
            // Processed when due, or when the job became active after that.
            let at = upload.due.max(self.active_since(&upload.owner, &upload.job).unwrap_or(upload.due)).min(now);
            for operation in &upload.operations {
                self.log_record(&upload, operation, &cycle, at);
            }
        }
    }

    fn job_is_active(&self, owner: &str, job: &str) -> bool {
        self.owners.get(owner).and_then(|o| o.jobs.get(job)).is_some_and(|job| job["status"]["code"] == "Active")
    }

    /// When the job last began running (its last execution's start).
    fn active_since(&self, owner: &str, job: &str) -> Option<Duration> {
        let job = self.owners.get(owner)?.jobs.get(job)?;
        let began = job["status"]["lastExecution"]["timeBegan"].as_str()?;
        let at = time::OffsetDateTime::parse(began, &time::format_description::well_known::Rfc3339).ok()?;
        Duration::try_from(at - time::OffsetDateTime::UNIX_EPOCH).ok()
    }

    /// One record's log entry, as the service writes it for API-driven
    /// provisioning: the record's outcome as scripted for its `externalId`,
    /// named by it in the source and by the Entra user in the target.
    fn log_record(&mut self, upload: &Queued, operation: &Value, cycle: &str, at: Duration) {
        let data = &operation["data"];
        let external_id =
            data["externalId"].as_str().or_else(|| operation["bulkId"].as_str()).unwrap_or_default().to_owned();
        let method = operation["method"].as_str().unwrap_or_default().to_ascii_uppercase();
        let script = self.scripts.get(&external_id).cloned().unwrap_or_default();
        let key = (upload.job.clone(), external_id.clone());
        let known = self.inbound.targets.get(&key).cloned();
        let action = match (method.as_str(), &known) {
            ("DELETE", _) => "delete",
            (_, Some(_)) => "update",
            (_, None) => "create",
        };
        let mut event = script.event(&external_id, "User", "API", action);
        event.target_id = match (event.status.as_str(), known) {
            ("success", None) if action == "create" => {
                let id = self.new_id();
                self.inbound.targets.insert(key, id.clone());
                id
            }
            (_, Some(id)) => id,
            _ => String::new(),
        };
        event.modified = if event.status == "success" { applied(data) } else { Vec::new() };
        event.source_type = "urn:ietf:params:scim:schemas:core:2.0:User".to_owned();
        event.display_name = data["displayName"].as_str().map(str::to_owned);
        event.target_system = "Azure Active Directory";
        event.cycle = Some(cycle.to_owned());
        self.record_provisioning(&upload.owner, &upload.job, event, at);
    }
}

/// The attributes the service applies of a SCIM user, as modified
/// properties: its simple attributes, and of its multi-valued ones only the
/// `work`-typed values (the documented limitation).
fn applied(data: &Value) -> Vec<Value> {
    let mut modified = Vec::new();
    let mut set = |name: &str, value: &Value| {
        if let Some(text) = value.as_str().map(str::to_owned).or_else(|| value.as_bool().map(|b| b.to_string())) {
            modified.push(json!({"displayName": name, "oldValue": null, "newValue": text}));
        }
    };
    for (scim, entra) in [
        ("userName", "userPrincipalName"),
        ("displayName", "displayName"),
        ("active", "accountEnabled"),
        ("title", "jobTitle"),
    ] {
        set(entra, &data[scim]);
    }
    let work = |attribute: &str| -> Vec<Value> {
        data[attribute].as_array().into_iter().flatten().filter(|v| v["type"] == "work").cloned().collect()
    };
    for value in work("emails") {
        set("mail", &value["value"]);
    }
    for value in work("phoneNumbers") {
        set("telephoneNumber", &value["value"]);
    }
    for value in work("addresses") {
        for (scim, entra) in [
            ("streetAddress", "streetAddress"),
            ("locality", "city"),
            ("postalCode", "postalCode"),
            ("country", "country"),
        ] {
            set(entra, &value[scim]);
        }
    }
    modified
}
