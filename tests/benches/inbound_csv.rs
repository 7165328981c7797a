//! Preparing the daily maximum of API-driven inbound provisioning (6,000
//! calls of 50 records: 300,000 records) from an HR file into checked bulk
//! requests (issue 41's goal: at most 2 s on the project's machine), and
//! 10,000 records beside it. Each size is prepared three times; the fastest
//! is reported. Peak memory is `inbound_csv_memory`'s (counting allocations
//! costs time, so it is measured apart).
//!
//! `cargo bench -p graph-sync-tests --bench inbound_csv`

#[path = "support/hr_file.rs"]
mod hr_file;

use std::time::{Duration, Instant};

fn main() {
    let mapping = hr_file::mapping();
    for rows in [10_000, 300_000] {
        let file = hr_file::write_file(rows);
        let mut fastest = Duration::MAX;
        let mut prepared = None;
        for _ in 0..3 {
            let started = Instant::now();
            let result = hr_file::prepare(file.path(), &mapping);
            fastest = fastest.min(started.elapsed());
            prepared = Some(result);
        }
        let prepared = prepared.unwrap();
        assert_eq!((prepared.records, prepared.requests), (rows, rows.div_ceil(50)));
        let size = std::fs::metadata(file.path()).unwrap().len();
        println!(
            "inbound_csv/{rows}: {:.3} s for {} requests ({:.1} MB of CSV, {:.1} MB of bodies; {:.0} records/s)",
            fastest.as_secs_f64(),
            prepared.requests,
            size as f64 / 1e6,
            prepared.bytes as f64 / 1e6,
            rows as f64 / fastest.as_secs_f64()
        );
    }
}
