//! The one integration-test binary: runs the real `ect` on fixture folders.
//! Each case is a folder under `tests/fixtures/`; expected output sits beside
//! it. `ECT_BLESS=1 cargo test` rewrites the expected files.

mod agenda;
mod bad_input;
mod baseline;
mod calendars;
mod corpus;
mod guide;
mod induction;
mod init;
mod kill;
mod ledger;
mod markdown_lint;
mod output;
mod pairs_csv;
mod plan;
mod positions;
mod properties;
mod render;
mod scaffold;
mod schemas;
mod shape_properties;
mod shapes;
mod shell;
mod simulation;
mod status;
mod support;
mod validate;
