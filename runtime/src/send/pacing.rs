//! Pacing calls to the rates Graph documents for an operation
//! (`provisionOnDemand`: 5 requests per 10 seconds), so that a busy program
//! waits its turn instead of collecting `429` answers.

use std::collections::{HashMap, VecDeque};
#[cfg(test)]
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

#[cfg(test)]
use crate::requests::rate::documented_rates;
pub use crate::requests::rate::{Rate, BULK_UPLOAD, PROVISION_ON_DEMAND};
use crate::values::markers::Operation;

/// One limiter per paced operation, shared by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    limiters: HashMap<String, Limiter>,
}

impl Pacer {
    pub(crate) fn new(rates: HashMap<String, Rate>) -> Self {
        let limiters =
            rates.into_iter().filter(|(_, rate)| rate.calls > 0).map(|(name, rate)| (name, Limiter::new(rate)));
        Self { limiters: limiters.collect() }
    }

    /// Waits until a request of `operation` may start (at once for an operation that is not paced).
    pub(crate) async fn wait(&self, operation: Option<&Operation>) {
        if let Some(limiter) = operation.and_then(|operation| self.limiters.get(&operation.0)) {
            limiter.acquire().await;
        }
    }
}

/// A sliding-window limiter: the start times of the last `calls` requests.
///
/// Waiting calls queue on a fair (first come, first served) lock, so they
/// start in the order they asked. It is cancel-safe: a call dropped while it
/// waits (in the queue, or for the window to move) takes no place, and the
/// next one in the queue moves up.
#[derive(Debug)]
pub(crate) struct Limiter {
    rate: Rate,
    started: Mutex<VecDeque<Instant>>,
}

impl Limiter {
    pub(crate) fn new(rate: Rate) -> Self {
        Self { rate, started: Mutex::new(VecDeque::with_capacity(rate.calls as usize)) }
    }

    pub(crate) async fn acquire(&self) {
        let mut started = self.started.lock().await;
        loop {
            let now = Instant::now();
            while started.front().is_some_and(|&first| now.duration_since(first) >= self.rate.per) {
                started.pop_front();
            }
            if started.len() < self.rate.calls as usize {
                started.push_back(now);
                return;
            }
            // The window is full: wait (keeping the queue's head) until its oldest start leaves it.
            let oldest = *started.front().expect("a full window has a first start");
            tokio::time::sleep_until(oldest + self.rate.per).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// Starts `count` acquisitions in order; each sends its index and the
    /// (paused) time at which it got through.
    async fn start_in_order(
        limiter: &Arc<Limiter>,
        count: usize,
        first: usize,
    ) -> (Vec<tokio::task::JoinHandle<()>>, tokio::sync::mpsc::UnboundedReceiver<(usize, Duration)>) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        let start = Instant::now();
        let mut tasks = Vec::new();
        for index in first..first + count {
            let (limiter, sender) = (limiter.clone(), sender.clone());
            tasks.push(tokio::spawn(async move {
                limiter.acquire().await;
                sender.send((index, start.elapsed())).unwrap();
            }));
            // Let the task reach the queue before the next one is started.
            tokio::task::yield_now().await;
        }
        (tasks, receiver)
    }

    #[tokio::test(start_paused = true)]
    async fn twenty_calls_take_the_documented_time_in_order() {
        let limiter = Arc::new(Limiter::new(PROVISION_ON_DEMAND));
        let (tasks, mut passed) = start_in_order(&limiter, 20, 0).await;
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
    async fn a_dropped_waiting_call_frees_its_place() {
        let limiter = Arc::new(Limiter::new(Rate::new(2, Duration::from_secs(10))));
        let (tasks, mut passed) = start_in_order(&limiter, 3, 0).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        // Calls 0 and 1 went through; call 2 waits. Drop it, and queue two more.
        tasks[2].abort();
        let (later, mut passed_later) = start_in_order(&limiter, 2, 3).await;
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
        let pacer = Pacer::new(documented_rates());
        let start = Instant::now();
        for _ in 0..50 {
            pacer.wait(Some(&Operation("start".into()))).await;
            pacer.wait(None).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        let unpaced = Pacer::new(HashMap::new());
        for _ in 0..50 {
            unpaced.wait(Some(&Operation("provisionOnDemand".into()))).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "pacing switched off");
    }
}
