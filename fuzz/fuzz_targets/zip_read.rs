//! Any bytes given to the zip reader are refused or read; the files read, written into a zip
//! again, read back the same.
#![no_main]

use connectives_core::formats::zip::{read, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(files) = read(input) else {
        return;
    };
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let Ok(zip) = write(&entries) else {
        // Only a name made longer than a zip field holds (each byte that is not UTF-8 becomes
        // a three-byte U+FFFD) may keep the files from being written again.
        assert!(files
            .iter()
            .any(|(name, _)| name.len() > usize::from(u16::MAX)));
        return;
    };
    assert_eq!(read(&zip).expect("a written zip reads"), files);
});
