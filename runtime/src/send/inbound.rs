//! API-driven inbound provisioning, sent: any number of users uploaded in
//! requests of at most 50 ([`Uploader`]), each request's answer kept so
//! that nothing refused is lost ([`UploadRun`]), and the wait for each
//! record's result in the provisioning logs through the documented lag
//! ([`ResultsWait`]). What is checked and how logs are matched to records
//! is the request layer's (`requests::inbound`).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;

use crate::send::later;

use crate::requests::handle::Handle;
use crate::requests::inbound::{correlate, KnownAttributes, UploadResults};
use crate::requests::paging::ListRequest;
use crate::requests::scim::{
    BulkRequest, BulkUploadAccepted, BulkUploadRequest, Record, ScimUser, MAX_BULK_OPERATIONS,
};
use crate::values::error::{rfc3339, Error};

/// What a long upload or wait reports as it goes, for a progress bar or a log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// A request was answered (or refused before it was sent): the records
    /// so far, by what became of them.
    Uploaded { requests: usize, accepted: usize, refused: usize },
    /// The provisioning logs were read: `found` of `total` records have
    /// their result; the next look is in `next_look` (none: the wait ends).
    Waiting { found: usize, total: usize, waited: Duration, next_look: Option<Duration> },
}

type OnProgress<'a> = Box<dyn FnMut(&Progress) + Send + 'a>;

/// A request's users that were not accepted, and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct Refused {
    pub users: Vec<ScimUser>,
    /// Why: the service's answer, a check's problems ([`Error::Request`]),
    /// or the error that stopped the run before this request was sent (a
    /// spent budget, a full ingestion queue), shared by every request it stopped.
    pub error: Arc<Error>,
    /// Whether the request reached the service.
    pub sent: bool,
}

/// What an [`Uploader`] did with every user: the accepted requests (to wait
/// for their results) and the refused ones (to send again).
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadRun<L = Value> {
    pub accepted: Vec<BulkUploadAccepted<L>>,
    pub refused: Vec<Refused>,
    /// The checks' warnings (non-`work` multi-values the service ignores).
    pub warnings: Vec<String>,
}

impl<L> UploadRun<L> {
    /// How many records the service accepted.
    pub fn accepted_records(&self) -> usize {
        self.accepted.iter().map(|a| a.records.len()).sum()
    }

    /// How many records were not accepted.
    pub fn refused_records(&self) -> usize {
        self.refused.iter().map(|r| r.users.len()).sum()
    }

    /// Every refused user, to send again exactly these (`Uploader::send`).
    pub fn refused_users(&self) -> Vec<ScimUser> {
        self.refused.iter().flat_map(|r| r.users.iter().cloned()).collect()
    }
}

impl<L: DeserializeOwned> UploadRun<L> {
    /// Waits for the result of every accepted record (see [`ResultsWait`]).
    pub fn results(&self) -> ResultsWait<'static, L> {
        let records = self.accepted.iter().flat_map(|a| a.records.iter().cloned()).collect();
        let since = self.accepted.iter().map(|a| a.accepted_at).min().unwrap_or_else(SystemTime::now);
        let (client, job_id) = match self.accepted.first() {
            Some(first) => (Some(first.client.clone()), first.job_id.clone()),
            None => (None, String::new()),
        };
        ResultsWait::new(client, job_id, records, since)
    }
}

/// Uploads any number of users to one job: requests of at most
/// [`MAX_BULK_OPERATIONS`] users, each checked before it is sent, paced and
/// counted by the client (40 per 5 seconds, the daily budget), one after
/// the other.
///
/// A refused request loses nothing: its users are kept with the reason
/// ([`UploadRun::refused`]). A request the checks refuse, or the service
/// answers with an error, is refused alone and the run goes on; a spent
/// budget or a full ingestion queue (after the client's
/// [`BucketFullPolicy`](crate::BucketFullPolicy)) stops the run, and every
/// request not sent is refused with that error.
///
/// ```no_run
/// use graph_sync::runtime::inbound::Uploader;
/// use graph_sync::runtime::scim::ScimUser;
/// use graph_sync::{Client, StaticToken};
///
/// # async fn run() -> Result<(), graph_sync::Error> {
/// let client = Client::new(StaticToken::new("token"));
/// let job = client.v1().service_principal("{servicePrincipalId}").synchronization().jobs().job("{jobId}");
/// let users = (0..120).map(|n| ScimUser::new(format!("E{n:05}")).with_user_name(format!("e{n}@contoso.test")));
/// let run = Uploader::new(|request| job.bulk_upload(request)).send(users).await;
/// println!("{} accepted, {} to send again", run.accepted_records(), run.refused_users().len());
/// let results = run.results().wait().await?;
/// for outcome in &results.outcomes {
///     println!("{:?}: {:?} {:?}", outcome.record.external_id, outcome.outcome, outcome.target_id);
/// }
/// # Ok(())
/// # }
/// ```
pub struct Uploader<'a, L, F> {
    upload: F,
    known: Option<KnownAttributes>,
    progress: Option<OnProgress<'a>>,
    logs: std::marker::PhantomData<fn() -> L>,
}

impl<'a, L, F: Fn(&BulkRequest) -> BulkUploadRequest<L>> Uploader<'a, L, F> {
    /// An uploader that makes each request's upload with `upload`
    /// (`|request| job.bulk_upload(request)`).
    pub fn new(upload: F) -> Self {
        Self { upload, known: None, progress: None, logs: std::marker::PhantomData }
    }

    /// Checks custom extension attributes against the job's schema
    /// ([`KnownAttributes::of_schema`]) before sending.
    pub fn known_attributes(mut self, known: KnownAttributes) -> Self {
        self.known = Some(known);
        self
    }

    /// Called after each request ([`Progress::Uploaded`]).
    pub fn on_progress(mut self, progress: impl FnMut(&Progress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Uploads `users`, reading them as it goes (a user is held only until
    /// its request is answered).
    pub async fn send(mut self, users: impl IntoIterator<Item = ScimUser>) -> UploadRun<L> {
        let mut run = UploadRun { accepted: Vec::new(), refused: Vec::new(), warnings: Vec::new() };
        let mut users = users.into_iter().peekable();
        let mut stopped: Option<Arc<Error>> = None;
        let mut requests = 0;
        while users.peek().is_some() {
            let chunk: Vec<ScimUser> = users.by_ref().take(MAX_BULK_OPERATIONS).collect();
            if let Some(error) = &stopped {
                run.refused.push(Refused { users: chunk, error: error.clone(), sent: false });
                continue;
            }
            let request = BulkRequest::from_users(chunk);
            let checked = request.checked(self.known.as_ref());
            run.warnings.extend(checked.warnings);
            requests += 1;
            let users_of = |request: BulkRequest| request.operations.into_iter().filter_map(|o| o.data.into_value());
            if !checked.problems.is_empty() {
                let error = Arc::new(Error::Request(checked.problems.join("; ")));
                run.refused.push(Refused { users: users_of(request).collect(), error, sent: false });
            } else {
                match (self.upload)(&request).send().await {
                    Ok(accepted) => run.accepted.push(accepted),
                    Err(error) => {
                        let stops = matches!(error, Error::BudgetSpent { .. } | Error::BucketFull { .. });
                        let sent = !matches!(error, Error::BudgetSpent { .. } | Error::Request(_));
                        let error = Arc::new(error);
                        if stops {
                            stopped = Some(error.clone());
                        }
                        run.refused.push(Refused { users: users_of(request).collect(), error, sent });
                    }
                }
            }
            if let Some(progress) = &mut self.progress {
                let (accepted, refused) = (run.accepted_records(), run.refused_records());
                progress(&Progress::Uploaded { requests, accepted, refused });
            }
        }
        run
    }
}

impl<L: DeserializeOwned> BulkUploadAccepted<L> {
    /// Waits for the result of each of this upload's records in the job's
    /// provisioning logs (see [`ResultsWait`]).
    pub fn results(&self) -> ResultsWait<'static, L> {
        ResultsWait::new(Some(self.client.clone()), self.job_id.clone(), self.records.clone(), self.accepted_at)
    }
}

/// Waits for the results of uploaded records: reads the job's provisioning
/// logs after `first_look` (by default 5 minutes: "Expect a 5-minute to
/// 10-minute delay between processing the request and writing to the
/// provisioning logs", "Troubleshoot inbound provisioning API issues",
/// section "There's nothing in the provisioning logs"), then again after
/// `poll_every` (by default 1 minute, doubling up to 5), until every record
/// has its entry or `deadline` (by default 30 minutes) has passed; the
/// records without an entry then are [`UploadResults::pending`].
///
/// Each look lists `/auditLogs/provisioning` with `$filter=jobId eq '{job}'
/// and activityDateTime ge {accepted, less a minute}` and matches entries to
/// records as [`correlate`] says. Dropping the future ends the wait.
#[must_use = "a wait does nothing until `wait` is awaited"]
pub struct ResultsWait<'a, L> {
    client: Option<Handle>,
    job_id: String,
    records: Vec<Record>,
    since: SystemTime,
    first_look: Duration,
    poll_every: Duration,
    deadline: Duration,
    progress: Option<OnProgress<'a>>,
    logs: std::marker::PhantomData<fn() -> L>,
}

/// How far before the `202`'s `Date` a log entry may be dated and still be
/// read as this upload's: the service's machines' clocks may differ a little.
const CLOCK_MARGIN: Duration = Duration::from_secs(60);

impl<'a, L: DeserializeOwned> ResultsWait<'a, L> {
    fn new(client: Option<Handle>, job_id: String, records: Vec<Record>, since: SystemTime) -> Self {
        Self {
            client,
            job_id,
            records,
            since,
            first_look: Duration::from_secs(5 * 60),
            poll_every: Duration::from_secs(60),
            deadline: Duration::from_secs(30 * 60),
            progress: None,
            logs: std::marker::PhantomData,
        }
    }

    /// How long after starting the wait the logs are first read (default 5 minutes).
    pub fn first_look(mut self, after: Duration) -> Self {
        self.first_look = after;
        self
    }

    /// How long between looks at first; it doubles after each, up to 5
    /// minutes (default 1 minute).
    pub fn poll_every(mut self, every: Duration) -> Self {
        self.poll_every = every;
        self
    }

    /// How long the whole wait may take (default 30 minutes).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Called after each look ([`Progress::Waiting`]).
    pub fn on_progress<'b>(self, progress: impl FnMut(&Progress) + Send + 'b) -> ResultsWait<'b, L> {
        ResultsWait {
            client: self.client,
            job_id: self.job_id,
            records: self.records,
            since: self.since,
            first_look: self.first_look,
            poll_every: self.poll_every,
            deadline: self.deadline,
            progress: Some(Box::new(progress)),
            logs: std::marker::PhantomData,
        }
    }

    /// The logs query of one look.
    fn query(&self, client: &Handle) -> ListRequest<Value> {
        let since = self.since.checked_sub(CLOCK_MARGIN).unwrap_or(SystemTime::UNIX_EPOCH);
        let job = self.job_id.replace('\'', "''");
        let filter = format!("jobId eq '{job}' and activityDateTime ge {}", rfc3339(since));
        ListRequest::new(client.clone(), "/auditLogs/provisioning").filter_unchecked(&filter)
    }

    /// Waits, and gives what was found.
    pub async fn wait(mut self) -> Result<UploadResults<L>, Error> {
        let Some(client) = self.client.clone() else {
            return Ok(UploadResults { outcomes: Vec::new(), pending: self.records });
        };
        let started = Instant::now();
        let end = later(started, self.deadline);
        let mut next = later(started, self.first_look.min(self.deadline));
        let mut every = self.poll_every;
        loop {
            tokio::time::sleep_until(next).await;
            let entries = self.query(&client).all().await?;
            let results: UploadResults<L> = correlate(&self.records, &self.job_id, self.since, &entries);
            let now = Instant::now();
            let done = results.is_complete() || now >= end;
            let next_look = (!done).then(|| every.min(end.saturating_duration_since(now)));
            if let Some(progress) = &mut self.progress {
                let found = results.outcomes.len();
                progress(&Progress::Waiting { found, total: self.records.len(), waited: now - started, next_look });
            }
            match next_look {
                None => return Ok(results),
                Some(wait) => {
                    next = now + wait;
                    every = (every * 2).min(Duration::from_secs(5 * 60));
                }
            }
        }
    }
}
