//! The zip module: our stored zips read back by us and by the `zip` crate, deflated zips of other
//! tools (written here by the `zip` crate) read by us, and broken or hostile zips refused without
//! a panic.

use std::io::{Cursor, Read, Write};

use connectives_core::formats::{self, brat, zip as ours, Format};
use connectives_core::parse;
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const SEED: &str = include_str!("../../www/examples/seed-zh.txt");

fn files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("doc.txt", "虽然下雨，但是我们去了。\n".as_bytes().to_vec()),
        ("empty", Vec::new()),
        (
            "文件夹/名字.ann",
            b"T1\tMember 0 2\t\xe8\x99\xbd\xe7\x84\xb6\n".to_vec(),
        ),
        (
            "big.bin",
            (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect(),
        ),
    ]
}

fn write_ours(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    ours::write(&refs).expect("a small zip")
}

/// A zip as other tools make it: deflated, with a folder entry and an archive comment.
fn write_deflated(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.add_directory("corpus/", options).expect("a folder");
    for (name, bytes) in files {
        zip.start_file(*name, options).expect("an entry");
        zip.write_all(bytes).expect("in memory");
    }
    zip.set_comment("made by another tool");
    zip.finish().expect("in memory").into_inner()
}

/// Offsets of every occurrence of a 4-byte signature.
fn find_all(bytes: &[u8], signature: u32) -> Vec<usize> {
    let sig = signature.to_le_bytes();
    bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .map(|(i, _)| i)
        .collect()
}

const CENTRAL: u32 = 0x0201_4b50;

/// Where the central directory header of `name` starts.
fn central_of(zip: &[u8], name: &str) -> usize {
    find_all(zip, CENTRAL)
        .into_iter()
        .find(|&c| zip[c + 46..].starts_with(name.as_bytes()))
        .expect("the entry")
}
const END: u32 = 0x0605_4b50;

fn error(bytes: &[u8]) -> String {
    ours::read(bytes).expect_err("a refusal").message
}

#[test]
fn our_zip_reads_back_with_our_reader() {
    let files = files();
    let back = ours::read(&write_ours(&files)).expect("our own zip");
    let expected: Vec<(String, Vec<u8>)> =
        files.into_iter().map(|(n, b)| (n.to_string(), b)).collect();
    assert_eq!(back, expected);
}

#[test]
fn our_zip_is_read_by_the_zip_crate_as_stored_utf8_and_dated_1980() {
    let files = files();
    let mut archive = ZipArchive::new(Cursor::new(write_ours(&files))).expect("a zip");
    assert_eq!(archive.len(), files.len());
    for (i, (name, bytes)) in files.iter().enumerate() {
        let mut entry = archive.by_index(i).expect("an entry");
        assert_eq!(entry.name(), *name);
        assert_eq!(entry.compression(), CompressionMethod::Stored);
        let date = entry.last_modified().expect("a date");
        assert_eq!((date.year(), date.month(), date.day()), (1980, 1, 1));
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .expect("CRC checked by the zip crate");
        assert_eq!(&data, bytes, "{name}");
    }
}

#[test]
fn the_same_files_give_the_same_bytes() {
    assert_eq!(write_ours(&files()), write_ours(&files()));
    let doc = parse(SEED);
    assert_eq!(
        brat::export_zip(&doc, "seed.txt"),
        brat::export_zip(&doc, "seed.txt")
    );
}

#[test]
fn a_deflated_zip_from_another_tool_is_read_and_its_folders_left_out() {
    let files = files();
    let zip = write_deflated(&files);
    // The fixture really is deflated, or this test would prove nothing about inflating.
    let mut archive = ZipArchive::new(Cursor::new(zip.clone())).expect("a zip");
    assert_eq!(
        archive.by_name("big.bin").expect("big.bin").compression(),
        CompressionMethod::Deflated
    );
    assert!(zip.len() < 70_000);
    let back = ours::read(&zip).expect("a deflated zip");
    let expected: Vec<(String, Vec<u8>)> =
        files.into_iter().map(|(n, b)| (n.to_string(), b)).collect();
    assert_eq!(back, expected);
}

#[test]
fn a_deflated_brat_zip_in_a_folder_imports_like_our_export() {
    let doc = parse(SEED);
    let ann = brat::export_ann(&doc);
    let zip = write_deflated(&[
        ("corpus/doc.txt", doc.text.as_bytes().to_vec()),
        ("corpus/doc.ann", ann.into_bytes()),
    ]);
    let theirs = brat::import_zip(&zip).expect("a deflated brat zip");
    let ours = brat::import_zip(&formats::export(&doc, Format::Brat, "x").bytes).expect("ours");
    assert_eq!(theirs, ours);
    assert_eq!(theirs.spans.len(), doc.spans.len());
    assert_eq!(theirs.pairs.len(), doc.pairs.len());
}

#[test]
fn a_crc_mismatch_is_refused() {
    for mut zip in [
        write_ours(&[("doc.txt", b"hello".to_vec())]),
        write_deflated(&[("doc.txt", b"hello hello hello".to_vec())]),
    ] {
        // The CRC field of the central directory header, 16 bytes in.
        let at = central_of(&zip, "doc.txt") + 16;
        zip[at] ^= 1;
        let message = error(&zip);
        assert!(
            message.contains("doc.txt") && message.contains("CRC-32"),
            "{message}"
        );
    }
}

#[test]
fn a_flipped_data_byte_is_refused() {
    let mut zip = write_ours(&[("doc.txt", b"hello".to_vec())]);
    zip[30 + 7] ^= 0x20; // the first byte after the local header and its name
    assert!(error(&zip).contains("CRC-32"));
}

#[test]
fn encrypted_zip64_and_other_methods_are_refused_by_name() {
    let zip = write_ours(&[("doc.txt", b"hello".to_vec())]);
    let central = find_all(&zip, CENTRAL)[0];
    let end = find_all(&zip, END)[0];
    let patched = |at: usize, bytes: &[u8]| {
        let mut z = zip.clone();
        z[at..at + bytes.len()].copy_from_slice(bytes);
        z
    };
    let encrypted = patched(central + 8, &[0x01, 0x08]);
    assert!(error(&encrypted).contains("encrypted"));
    let bzip2 = patched(central + 10, &12u16.to_le_bytes());
    assert!(error(&bzip2).contains("method 12"));
    let zip64_size = patched(central + 24, &u32::MAX.to_le_bytes());
    assert!(error(&zip64_size).contains("ZIP64"));
    let zip64_count = patched(end + 10, &u16::MAX.to_le_bytes());
    assert!(error(&zip64_count).contains("ZIP64"));
    let split = patched(end + 4, &1u16.to_le_bytes());
    assert!(error(&split).contains("several disks"));
}

#[test]
fn entries_that_share_their_data_are_refused() {
    // One local file, two central directory headers pointing at it: the overlapping-entries
    // zip bomb in small.
    let zip = write_ours(&[("a.txt", b"aaaa".to_vec())]);
    let central = find_all(&zip, CENTRAL)[0];
    let end = find_all(&zip, END)[0];
    let header = zip[central..end].to_vec();
    let mut bomb = zip[..end].to_vec();
    bomb.extend_from_slice(&header);
    let mut record = zip[end..].to_vec();
    record[8..10].copy_from_slice(&2u16.to_le_bytes());
    record[10..12].copy_from_slice(&2u16.to_le_bytes());
    record[12..16].copy_from_slice(&(2 * header.len() as u32).to_le_bytes());
    bomb.extend_from_slice(&record);
    assert!(error(&bomb).contains("overlap"));
}

#[test]
fn huge_or_wrong_sizes_are_refused_before_unpacking() {
    let zip = write_deflated(&[("doc.txt", vec![b'x'; 10_000])]);
    let central = central_of(&zip, "doc.txt");
    let with_size = |size: u32| {
        let mut z = zip.clone();
        z[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
        z
    };
    assert!(error(&with_size(0x7fff_0000)).contains("larger than 512 MiB"));
    // Says 100 bytes, inflates to 10,000: stopped at the limit, not unpacked in full.
    assert!(error(&with_size(100)).contains("cannot be unpacked"));
    assert!(error(&with_size(20_000)).contains("size"));
}

#[test]
fn broken_offsets_and_truncations_are_refused() {
    let zip = write_ours(&files());
    assert!(error(b"").contains("not a zip"));
    assert!(error(b"PK\x05\x06").contains("not a zip"));
    assert!(error(&zip[..zip.len() / 2]).contains("not a zip"));
    let end = find_all(&zip, END)[0];
    let mut far = zip.clone();
    far[end + 16..end + 20].copy_from_slice(&0x00ff_ffffu32.to_le_bytes());
    assert!(error(&far).contains("outside the file"));
    let central = find_all(&zip, CENTRAL)[1];
    let mut local = zip.clone();
    local[central + 42..central + 46].copy_from_slice(&0x00ff_ffffu32.to_le_bytes());
    assert!(error(&local).contains("outside the file"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn hostile_zips_never_panic(
        deflated in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        tail in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let files = [("doc.txt", b"hello zip".repeat(20)), ("doc.ann", b"T1\tMember 0 1\th\n".to_vec())];
        let mut zip = if deflated { write_deflated(&files) } else { write_ours(&files) };
        for (at, byte) in edits {
            let i = at.index(zip.len());
            zip[i] = byte;
        }
        let _ = ours::read(&zip);
        let _ = ours::read(&zip[cut.index(zip.len())..]);
        let _ = ours::read(&zip[..cut.index(zip.len())]);
        zip.extend_from_slice(&tail);
        let _ = ours::read(&zip);
        let _ = brat::import_zip(&zip);
    }

    #[test]
    fn any_bytes_ending_in_an_end_record_never_panic(
        mut bytes in prop::collection::vec(any::<u8>(), 0..200),
        record in prop::collection::vec(any::<u8>(), 16),
    ) {
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&record);
        bytes.extend_from_slice(&[0, 0]); // no comment, so the record is found
        let _ = ours::read(&bytes);
    }
}
