//! `pair import`'s reading of a spreadsheet (`roster::decode`,
//! `roster::read_csv`, the header's columns and each row's checks) on any
//! bytes: never a panic or a blow-up, and every row's line inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = ect::pair::roster::decode(data);
    let lines = text.matches('\n').count() + text.matches('\r').count() + 1;
    let Ok(rows) = ect::pair::roster::read_csv(&text) else {
        return;
    };
    let Some((header, data)) = rows.split_first() else {
        return;
    };
    let (cols, _) = ect::pair::roster::columns(&header.cells);
    for row in data {
        assert!(row.line >= 1 && row.line <= lines, "row at line {}", row.line);
        if let Ok(input) = ect::pair::roster::row_input(&cols, &row.cells) {
            let _ = input.check(false);
        }
    }
});
