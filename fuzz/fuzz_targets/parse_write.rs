//! Any text reads and writes back byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let doc = connectives_core::parse(source);
    assert_eq!(connectives_core::write(&doc), source);
});
