//! `ect.yaml` (`Config::parse`, the term checks and the calendar built from
//! it) and `pair.yaml` (`pair::parse`) on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = match ect::config::Config::parse("ect.yaml", &text) {
        Ok((config, _)) => {
            let _ = ect::calendar::check_terms(&config, &text, "ect.yaml");
            let calendar = ect::calendar::Calendar::new(&config);
            assert!(
                calendar.weeks().len() < 20_000,
                "{} weeks",
                calendar.weeks().len()
            );
            config
        }
        Err(_) => ect::config::Config::default(),
    };
    let _ = ect::pair::parse("jo-alex", "plans/jo-alex/pair.yaml", &text, &config);
});
