//! Session parsing (`curriculum::document::parse`: timed segments, links,
//! blocks, learning intentions) and every single-file rule, on any text.
#![no_main]

use ect::diag::FileDiagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for rel in [
        "ucl/year-1-m/autumn-week-2-mentor-materials.md",
        "ucl/year-1-m.md",
        "ucl.md",
    ] {
        let mut d = FileDiagnostics::new(rel, &text);
        let doc = ect::curriculum::document::parse(rel, &text, &mut d);
        ect::rules::file::check(&doc, &text, &mut d);
        let _ = doc.total_minutes();
        for found in &d.found {
            let loc = &found.location;
            assert!(loc.line >= 1 && loc.column >= 1, "{found:?}");
            assert!(loc.line_span.end <= loc.source_line.len(), "{found:?}");
        }
        if rel == "ucl.md" {
            let _ = ect::curriculum::programme::Programme::from_overview(&doc);
        }
    }
    for line in text.lines().take(1000) {
        let _ = ect::curriculum::segments::recognise(line);
    }
});
