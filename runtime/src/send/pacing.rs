//! Keeping the limits Graph documents for an operation: its rate
//! (`provisionOnDemand`: 5 requests per 10 seconds; `bulkUpload`: 40 per 5
//! seconds), so that a busy program waits its turn instead of collecting
//! `429` answers, and its daily budget (`bulkUpload`: 2,000 calls in any 24
//! hours by default), past which a call is refused unsent.
//!
//! The service counts the calls it *receives*. A turn is therefore held
//! for the whole attempt and counted from the moment its answer arrived
//! (or the attempt was abandoned), not from the moment it was let go: a
//! call reaches the service at some time between the two, so the next call
//! let go a window after an answer reaches the service more than a window
//! after the call it follows. Stamping the start instead lets a 41st call
//! land inside the window (issue 41 reports it on loopback: 3 to 5 ms
//! inside, when the first 40 waited for new connections and the 41st reused
//! one; this crate's tests do not reproduce that timing). The cost
//! is one round trip per window. (Inside a `$batch` a turn counts from when
//! it is let go: the batch is answered only once all its items have theirs.)
//!
//! A budget counts every attempt sent, since the service counts what it
//! receives. A `429` to a budgeted operation whose `Retry-After` is longer
//! than the client's longest wait is the service's daily limit (its rate
//! frees within seconds): the client sends no call of it until then.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex as StdMutex, MutexGuard};
use std::time::{Duration, SystemTime};

use tokio::sync::{Mutex, Notify};
use tokio::time::Instant;

use crate::send::{later, later_on_the_wall};

pub use crate::requests::rate::{
    Budget, BudgetSnapshot, Rate, BULK_UPLOAD, BULK_UPLOAD_DAILY_GOVERNANCE, BULK_UPLOAD_DAILY_P1,
    BULK_UPLOAD_REFERENCE_PAGE, PROVISION_ON_DEMAND,
};
use crate::values::error::Error;
use crate::values::markers::Operation;

/// One limiter per paced operation and one ledger per budgeted one, shared
/// by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    limiters: HashMap<String, Arc<Limiter>>,
    ledgers: HashMap<String, Ledger>,
}

impl Pacer {
    /// The pacer of `rates` and `budgets`, with what `restored` says was spent.
    pub(crate) fn new(
        rates: HashMap<String, Rate>,
        budgets: HashMap<String, Budget>,
        restored: &[BudgetSnapshot],
    ) -> Self {
        let limiters = rates
            .into_iter()
            .filter(|(_, rate)| rate.calls > 0)
            .map(|(name, rate)| (name, Arc::new(Limiter::new(rate))))
            .collect();
        let ledgers = budgets
            .into_iter()
            .map(|(name, budget)| {
                let ledger = Ledger::new(budget, restored.iter().filter(|s| s.operation == name));
                (name, ledger)
            })
            .collect();
        Self { limiters, ledgers }
    }

    /// Takes a turn for one attempt of `operation`: refused at once when
    /// its budget is spent ([`Error::BudgetSpent`]), else after waiting for
    /// its rate (at once for an operation that is not paced). Hold the turn
    /// until the attempt's answer has arrived.
    pub(crate) async fn turn(&self, operation: Option<&Operation>) -> Result<Option<Turn>, Error> {
        let Some(operation) = operation else { return Ok(None) };
        if let Some(ledger) = self.ledgers.get(&operation.0) {
            ledger.spend(&operation.0, SystemTime::now())?;
        }
        match self.limiters.get(&operation.0) {
            Some(limiter) => Ok(Some(Limiter::acquire(limiter).await)),
            None => Ok(None),
        }
    }

    /// What `operation`'s budget has spent, if it has one.
    pub(crate) fn snapshot(&self, operation: &str) -> Option<BudgetSnapshot> {
        let ledger = self.ledgers.get(operation)?;
        Some(ledger.snapshot(operation, SystemTime::now()))
    }

    /// How many calls `operation`'s budget has left now, if it has one.
    pub(crate) fn remaining(&self, operation: &str) -> Option<u32> {
        Some(self.ledgers.get(operation)?.remaining(SystemTime::now()))
    }

    /// Whether `operation` has a daily budget.
    pub(crate) fn is_budgeted(&self, operation: Option<&Operation>) -> bool {
        operation.is_some_and(|operation| self.ledgers.contains_key(&operation.0))
    }

    /// The service answered a call of `operation` with a `429` whose
    /// `Retry-After` is longer than any wait the client makes: its daily
    /// limit, not its rate (which frees within seconds). No call is sent
    /// until `until`: each is refused as the spent budget's are.
    pub(crate) fn refused_until(&self, operation: Option<&Operation>, until: SystemTime) {
        if let Some(ledger) = operation.and_then(|operation| self.ledgers.get(&operation.0)) {
            ledger.block(until);
        }
    }
}

/// A sliding-window limiter over the calls the service counts: those in
/// flight (never out of the window while they are) and those answered in
/// the last window.
///
/// Waiting calls queue on a fair (first come, first served) lock, so they
/// start in the order they asked. It is cancel-safe: a call dropped while it
/// waits takes no place, and the next one in the queue moves up; a call
/// dropped while in flight counts from when it was dropped.
#[derive(Debug)]
pub(crate) struct Limiter {
    rate: Rate,
    /// Held by the call at the head of the queue while it waits for a place.
    queue: Mutex<()>,
    calls: StdMutex<Calls>,
    /// Woken when a call in flight is answered.
    answered: Notify,
}

#[derive(Debug, Default)]
struct Calls {
    in_flight: usize,
    /// When each answered call of the last window was answered (oldest first).
    answered: VecDeque<Instant>,
}

/// One call's place in its operation's window, from when it was let go
/// until it is dropped (its answer arrived, or it was abandoned), which
/// stamps the place with the time.
#[derive(Debug)]
pub(crate) struct Turn {
    limiter: Arc<Limiter>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut calls = self.limiter.calls();
        calls.in_flight -= 1;
        calls.answered.push_back(Instant::now());
        drop(calls);
        self.limiter.answered.notify_waiters();
    }
}

impl Limiter {
    pub(crate) fn new(rate: Rate) -> Self {
        Self { rate, queue: Mutex::new(()), calls: StdMutex::new(Calls::default()), answered: Notify::new() }
    }

    fn calls(&self) -> MutexGuard<'_, Calls> {
        self.calls.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) async fn acquire(this: &Arc<Self>) -> Turn {
        let _head = this.queue.lock().await;
        loop {
            // Registered before the check, so that an answer between the two is not missed.
            let answered = this.answered.notified();
            let wake_at = {
                let mut calls = this.calls();
                let now = Instant::now();
                while calls.answered.front().is_some_and(|&at| now.duration_since(at) >= this.rate.per) {
                    calls.answered.pop_front();
                }
                if calls.in_flight + calls.answered.len() < this.rate.calls as usize {
                    calls.in_flight += 1;
                    return Turn { limiter: this.clone() };
                }
                // The window is full: wait until its oldest answer leaves it,
                // or (every place being in flight) until one is answered.
                calls.answered.front().map(|&oldest| later(oldest, this.rate.per))
            };
            match wake_at {
                // Either way the window is looked at again.
                Some(at) => {
                    let _ = tokio::time::timeout_at(at, answered).await;
                }
                None => answered.await,
            }
        }
    }
}

/// The calls an operation's budget has spent in the last 24 hours, and
/// how long the service said it refuses more.
#[derive(Debug)]
struct Ledger {
    budget: Budget,
    state: StdMutex<Spent>,
}

#[derive(Debug, Default)]
struct Spent {
    /// When each call still counted was sent, oldest first.
    calls: VecDeque<SystemTime>,
    /// Until when the service said (a `429` with a long `Retry-After`) it refuses calls.
    blocked_until: Option<SystemTime>,
}

fn from_millis(ms: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(ms)
}

fn millis(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl Ledger {
    fn new<'a>(budget: Budget, restored: impl Iterator<Item = &'a BudgetSnapshot>) -> Self {
        let mut state = Spent::default();
        let mut calls = Vec::new();
        for snapshot in restored {
            calls.extend(snapshot.calls.iter().copied().map(from_millis));
            state.blocked_until = state.blocked_until.max(snapshot.blocked_until.map(from_millis));
        }
        calls.sort_unstable();
        state.calls = calls.into();
        Self { budget, state: StdMutex::new(state) }
    }

    /// What is still counted at `now`. A call stamped in the future (the
    /// clock moved back) is kept: the service still counts it.
    fn state(&self, now: SystemTime) -> MutexGuard<'_, Spent> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while state.calls.front().is_some_and(|&at| now.duration_since(at).is_ok_and(|age| age >= self.budget.per)) {
            state.calls.pop_front();
        }
        if state.blocked_until.is_some_and(|until| until <= now) {
            state.blocked_until = None;
        }
        state
    }

    /// Counts one call at `now`, or says when the budget frees.
    fn spend(&self, operation: &str, now: SystemTime) -> Result<(), Error> {
        let mut state = self.state(now);
        let full = state.calls.len() >= self.budget.calls as usize;
        if !full && state.blocked_until.is_none() {
            state.calls.push_back(now);
            return Ok(());
        }
        let oldest = state.calls.front().map(|&oldest| later_on_the_wall(oldest, self.budget.per)).filter(|_| full);
        let frees_at = oldest.max(state.blocked_until).unwrap_or(now);
        let (calls, per) = (self.budget.calls, self.budget.per);
        Err(Error::BudgetSpent { operation: operation.to_owned(), calls, per, frees_at })
    }

    /// The service refuses calls until `until` (it answered `429` with that `Retry-After`).
    fn block(&self, until: SystemTime) {
        let mut state = self.state(SystemTime::now());
        state.blocked_until = state.blocked_until.max(Some(until));
    }

    fn snapshot(&self, operation: &str, now: SystemTime) -> BudgetSnapshot {
        let state = self.state(now);
        let mut snapshot = BudgetSnapshot::new(operation, state.calls.iter().copied().map(millis));
        snapshot.blocked_until = state.blocked_until.map(millis);
        snapshot
    }

    fn remaining(&self, now: SystemTime) -> u32 {
        let state = self.state(now);
        if state.blocked_until.is_some() {
            return 0;
        }
        self.budget.calls.saturating_sub(state.calls.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::rate::documented_rates;

    /// Starts `count` acquisitions in order; each holds its turn for
    /// `answered_after` and sends its index and the (paused) time at which
    /// it got through.
    async fn start_in_order(
        limiter: &Arc<Limiter>,
        count: usize,
        first: usize,
        answered_after: Duration,
    ) -> (Vec<tokio::task::JoinHandle<()>>, tokio::sync::mpsc::UnboundedReceiver<(usize, Duration)>) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        let start = Instant::now();
        let mut tasks = Vec::new();
        for index in first..first + count {
            let (limiter, sender) = (limiter.clone(), sender.clone());
            tasks.push(tokio::spawn(async move {
                let turn = Limiter::acquire(&limiter).await;
                sender.send((index, start.elapsed())).unwrap();
                tokio::time::sleep(answered_after).await;
                drop(turn);
            }));
            // Let the task reach the queue before the next one is started.
            tokio::task::yield_now().await;
        }
        (tasks, receiver)
    }

    #[tokio::test(start_paused = true)]
    async fn twenty_calls_take_the_documented_time_in_order() {
        let limiter = Arc::new(Limiter::new(PROVISION_ON_DEMAND));
        let (tasks, mut passed) = start_in_order(&limiter, 20, 0, Duration::ZERO).await;
        for task in tasks {
            task.await.unwrap();
        }
        let mut order = Vec::new();
        while let Ok((index, at)) = passed.try_recv() {
            order.push(index);
            // 5 at once, then 5 more each time the window moves: 0 s, 10 s, 20 s, 30 s.
            assert_eq!(at, Duration::from_secs(10 * (index as u64 / 5)), "call {index}");
        }
        assert_eq!(order, (0..20).collect::<Vec<_>>(), "none lost, order kept");
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_counts_from_each_answer_not_from_each_start() {
        // 40 per 5 s, each answered 300 ms after it was let go: the 41st
        // goes 5 s after the first answer (5.3 s), not 5 s after the first start.
        let limiter = Arc::new(Limiter::new(BULK_UPLOAD));
        let (tasks, mut passed) = start_in_order(&limiter, 41, 0, Duration::from_millis(300)).await;
        for task in tasks {
            task.await.unwrap();
        }
        let times: Vec<(usize, Duration)> = std::iter::from_fn(|| passed.try_recv().ok()).collect();
        assert!(times[..40].iter().all(|&(_, at)| at == Duration::ZERO), "{times:?}");
        assert_eq!(times[40], (40, Duration::from_millis(5_300)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_in_flight_keeps_its_place_however_long_it_takes() {
        // 2 per 10 s; the first two take 30 s to be answered: the third
        // waits for the first answer and 10 s more.
        let limiter = Arc::new(Limiter::new(Rate::new(2, Duration::from_secs(10))));
        let (tasks, mut passed) = start_in_order(&limiter, 3, 0, Duration::from_secs(30)).await;
        for task in tasks {
            task.await.unwrap();
        }
        let times: Vec<Duration> = std::iter::from_fn(|| passed.try_recv().ok()).map(|(_, at)| at).collect();
        assert_eq!(times, [Duration::ZERO, Duration::ZERO, Duration::from_secs(40)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_waiting_call_frees_its_place() {
        let limiter = Arc::new(Limiter::new(Rate::new(2, Duration::from_secs(10))));
        let (tasks, mut passed) = start_in_order(&limiter, 3, 0, Duration::ZERO).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        // Calls 0 and 1 went through; call 2 waits. Drop it, and queue two more.
        tasks[2].abort();
        let (later, mut passed_later) = start_in_order(&limiter, 2, 3, Duration::ZERO).await;
        for task in later {
            task.await.unwrap();
        }
        let first: Vec<usize> = std::iter::from_fn(|| passed.try_recv().ok()).map(|(index, _)| index).collect();
        assert_eq!(first, [0, 1], "the dropped call never went through");
        let next: Vec<(usize, Duration)> = std::iter::from_fn(|| passed_later.try_recv().ok()).collect();
        // Both later calls start when the window moves (9 s after they were
        // queued): the dropped call took no place.
        assert_eq!(next, [(3, Duration::from_secs(9)), (4, Duration::from_secs(9))]);
    }

    #[tokio::test(start_paused = true)]
    async fn operations_that_are_not_paced_never_wait() {
        let pacer = Pacer::new(documented_rates(), HashMap::new(), &[]);
        let start = Instant::now();
        for _ in 0..50 {
            pacer.turn(Some(&Operation("start".into()))).await.unwrap();
            pacer.turn(None).await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        let unpaced = Pacer::new(HashMap::new(), HashMap::new(), &[]);
        for _ in 0..50 {
            unpaced.turn(Some(&Operation("provisionOnDemand".into()))).await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "pacing switched off");
    }

    #[test]
    fn a_spent_budget_refuses_and_says_when_it_frees() {
        let day = Duration::from_secs(24 * 3600);
        let now = SystemTime::now();
        // Three calls spent: one a day and a minute ago (no longer counted), two an hour ago and a minute ago.
        let hour_ago = now - Duration::from_secs(3600);
        let restored =
            [millis(now - day - Duration::from_secs(60)), millis(hour_ago), millis(now - Duration::from_secs(60))];
        let snapshot = BudgetSnapshot::new("bulkUpload", restored);
        let ledger = Ledger::new(Budget::daily(3), [&snapshot].into_iter());
        ledger.spend("bulkUpload", now).unwrap();
        match ledger.spend("bulkUpload", now) {
            Err(Error::BudgetSpent { operation, calls, per, frees_at }) => {
                assert_eq!((operation.as_str(), Budget { calls, per }), ("bulkUpload", Budget::daily(3)));
                // The oldest call still counted was an hour ago: the budget frees 23 hours from now.
                let frees = Duration::from_millis(millis(hour_ago)) + day;
                assert_eq!(frees_at.duration_since(SystemTime::UNIX_EPOCH).unwrap(), frees);
            }
            other => panic!("{other:?}"),
        }
        let saved = ledger.snapshot("bulkUpload", now);
        assert_eq!(saved.calls.len(), 3, "the call older than a day is gone: {saved:?}");
        assert_eq!(saved.calls[0], millis(hour_ago));
        // A day later everything is free again.
        let tomorrow = now + day;
        ledger.spend("bulkUpload", tomorrow).unwrap();
        assert_eq!(ledger.snapshot("bulkUpload", tomorrow).calls, [millis(tomorrow)]);
    }

    #[test]
    fn the_services_long_refusal_blocks_until_it_ends_and_is_saved() {
        let now = SystemTime::now();
        let ledger = Ledger::new(Budget::daily(100), std::iter::empty());
        let until = now + Duration::from_secs(3 * 3600);
        ledger.block(until);
        match ledger.spend("bulkUpload", now) {
            Err(Error::BudgetSpent { frees_at, .. }) => assert_eq!(frees_at, until),
            other => panic!("{other:?}"),
        }
        assert_eq!(ledger.remaining(now), 0);
        let saved = ledger.snapshot("bulkUpload", now);
        assert_eq!(saved.blocked_until, Some(millis(until)));
        let restored = Ledger::new(Budget::daily(100), [&saved].into_iter());
        assert!(restored.spend("bulkUpload", now).is_err(), "a restart remembers the refusal");
        restored.spend("bulkUpload", until + Duration::from_secs(1)).unwrap();
    }
}
