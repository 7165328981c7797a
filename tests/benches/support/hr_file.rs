//! What the inbound benches measure: an HR file of `rows` workers written
//! like `tests/fixtures/hr/employees.csv` (15 columns, every fifth with a
//! home email), and its preparation into checked bulk requests, as
//! `Uploader` does before sending: read row by row through the fixture's
//! mapping, 50 users a request, each checked and encoded as the body sent.

use std::io::Write;

use graph_sync::runtime::inbound::csv::{HrRows, Mapping};
use graph_sync::runtime::scim::{BulkRequest, MAX_BULK_OPERATIONS};

/// Writes an HR file of `rows` workers.
pub fn write_file(rows: usize) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    writeln!(out, "WorkerID,UserID,FirstName,LastName,FullName,Email,HomeEmail,Phone,City,Department,ManagerID,Active,HireDate,CostCenter,Badge").unwrap();
    for n in 1..=rows {
        let user = format!("worker.{n}@contoso.test");
        let home = if n % 5 == 0 { format!("w{n}@home.example") } else { String::new() };
        writeln!(
            out,
            "{},{user},First{n},Last{n},First{n} Last{n},{user},{home},+1 425 555 {:04},Redmond,Finance,{},true,2020-01-{:02},CC{:03},B{n:06}",
            700_000 + n,
            n % 10_000,
            700_001 + n % 10,
            1 + n % 28,
            n % 40
        )
        .unwrap();
    }
    drop(out);
    file
}

/// The fixture's mapping.
pub fn mapping() -> Mapping {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hr/mapping.toml");
    Mapping::parse(&std::fs::read_to_string(path).unwrap(), path).unwrap()
}

/// What preparing a file gave: requests, records, body bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Prepared {
    pub requests: usize,
    pub records: usize,
    pub bytes: usize,
}

/// Reads the file and prepares every request, holding one request at a time.
pub fn prepare(path: &std::path::Path, mapping: &Mapping) -> Prepared {
    let rows = HrRows::new(std::fs::File::open(path).unwrap(), mapping).unwrap();
    let mut users = rows.map(|row| row.unwrap()).peekable();
    let mut prepared = Prepared { requests: 0, records: 0, bytes: 0 };
    while users.peek().is_some() {
        let request = BulkRequest::from_users(users.by_ref().take(MAX_BULK_OPERATIONS));
        let checked = request.checked(None);
        assert!(checked.is_ok(), "{:?}", checked.problems);
        prepared.bytes += serde_json::to_vec(&request).unwrap().len();
        prepared.requests += 1;
        prepared.records += request.operations.len();
    }
    prepared
}
