//! Coverage-guided fuzzing of the query options the client writes and the
//! fake reads (`$filter`, `$search`, `$orderby`): any text must give an
//! expression or an error, never a panic, a stack overflow or a hang; and an
//! expression read back from what it writes is the same expression.
//!
//! Run (stable toolchain): `cargo fuzz run --sanitizer none query_options -- -max_total_time=600`
//! from the workspace root.

#![no_main]

use graph_sync_fake::reading;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(filter) = reading::filter(text) {
        let written = filter.to_odata().expect("a filter read from text can be written");
        assert_eq!(reading::filter(&written).as_ref(), Ok(&filter), "{text:?} wrote {written:?}");
    }
    if let Ok(search) = reading::search(text) {
        let written = search.to_odata().expect("a search read from text can be written");
        assert_eq!(reading::search(&written).as_ref(), Ok(&search), "{text:?} wrote {written:?}");
    }
    let _ = reading::order_by(text);
});
