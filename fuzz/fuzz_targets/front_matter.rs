//! Front-matter splitting and YAML parsing (`src/front_matter.rs`) on any
//! text: never a panic, a hang or a blow-up, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(split) = ect::front_matter::split(&text) {
        assert!(split.yaml_start <= split.body_start && split.body_start <= text.len());
        if let Err(e) = ect::front_matter::parse_yaml(&split) {
            assert!(e.offset <= text.len(), "{e:?}");
        }
    }
});
