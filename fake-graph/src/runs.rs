//! Job runs on the fake's clock: a `start` or `restart` begins one, which
//! ends when its scripted duration has passed ([`JobRun::lasting`](super::JobRun::lasting)): then
//! the job's last execution reports its counts, its progress is complete,
//! each object it provisions has a provisioning log entry, and a run
//! scripted into quarantine leaves the job quarantined with that reason.
//! What Graph reports while a run goes on is the job's `Active` code and
//! its `progress`; `lastExecution` is the last run that ended (its
//! `synchronizationTaskExecution` states are `Succeeded`, `Failed` and
//! `EntryLevelErrors`, none for a run under way).

use std::time::Duration;

use serde_json::json;

use super::state::{timestamp, Running, State};

impl State {
    /// Ends every run whose time has come (checked on each call, and when a run begins).
    pub(crate) fn process_runs(&mut self, now: Duration) {
        let ended: Vec<(String, String)> = self
            .running
            .iter()
            .filter(|(_, running)| running.began + running.run.duration <= now)
            .map(|(key, _)| key.clone())
            .collect();
        for key in ended {
            if let Some(running) = self.running.remove(&key) {
                self.finish_run(&key.0, &key.1, running);
            }
        }
    }

    fn finish_run(&mut self, owner: &str, job_id: &str, running: Running) {
        let Running { began, run, action, reset_scope } = running;
        let ended = began + run.duration;
        let Some(job) = self.owners.get_mut(owner).and_then(|o| o.jobs.get_mut(job_id)) else { return };
        let state = if run.quarantine.is_some() { "Failed" } else { "Succeeded" };
        let mut execution = json!({"activityIdentifier": format!("{action}-{}", began.as_millis()),
            "countEntitled": run.entitled, "countExported": run.exported, "countImported": run.imported,
            "countEscrowed": run.escrowed, "state": state, "timeBegan": timestamp(began), "timeEnded": timestamp(ended)});
        if let Some(scope) = reset_scope {
            execution["resetScope"] = json!(scope);
        }
        job["status"]["lastExecution"] = execution.clone();
        if run.quarantine.is_none() {
            job["status"]["lastSuccessfulExecution"] = execution;
        }
        let at = timestamp(ended);
        let progress: Vec<_> = run
            .progress
            .iter()
            .map(|(completed, total, units)| {
                json!({"completedUnits": completed, "totalUnits": total, "units": units, "progressObservationDateTime": at})
            })
            .collect();
        job["status"]["progress"] = json!(progress);
        if let Some(reason) = &run.quarantine {
            super::service::quarantine(job, reason, ended);
        }
        for (object_id, object_type, script) in &run.objects {
            let event = script.event(object_id, object_type, "Azure Active Directory", "create");
            self.record_provisioning(owner, job_id, event, ended);
        }
    }
}
