//! The heap that preparing an HR file into checked bulk requests needs at
//! most, at 10,000 and at 300,000 records: the rows are streamed, so the
//! peak should not grow with the file (issue 41).
//!
//! `cargo bench -p graph-sync-tests --bench inbound_csv_memory`

#[path = "../tests/support/counting_allocator.rs"]
mod counting_allocator;
#[path = "support/hr_file.rs"]
mod hr_file;

fn main() {
    let mapping = hr_file::mapping();
    let mut peaks = Vec::new();
    for rows in [10_000, 300_000] {
        let file = hr_file::write_file(rows);
        let before = counting_allocator::reset_peak();
        let prepared = hr_file::prepare(file.path(), &mapping);
        let peak = counting_allocator::peak() - before;
        assert_eq!(prepared.records, rows);
        println!("inbound_csv_memory/{rows}: peak heap {:.1} KiB above the start", peak as f64 / 1024.0);
        peaks.push(peak);
    }
    println!("inbound_csv_memory: 300,000 / 10,000 peak ratio {:.2}", peaks[1] as f64 / peaks[0] as f64);
}
