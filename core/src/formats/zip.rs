//! The little of the zip format the exports and imports need, written from PKWARE's APPNOTE.TXT
//! (sections 4.3 and 4.4) so the page carries no zip library.
//!
//! [`write`] stores its files (method 0, no compression): the exports are a few kilobytes, and a
//! compressor would cost the page more than it saves. Names are UTF-8 (flag bit 11) and every
//! entry gets the same date, 1980-01-01 00:00, so the same files always give the same bytes.
//! ZIP64 is not written: a zip is refused past 4 GiB or 65,534 files.
//!
//! [`read`] reads what other tools write too: stored or deflated (method 8) entries, each checked
//! against its CRC-32. Encryption, ZIP64, archives split over several disks and other methods
//! are refused with a message; so are entries that overlap (a zip bomb trick) and files that
//! would unpack to more than 512 MiB, alone or together.

use crate::formats::ImportError;

/// The most a zip may unpack to, per file and in all, so a zip bomb stops early.
pub const MAX_UNZIPPED: usize = 512 * 1024 * 1024;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const LOCAL_HEADER_LEN: usize = 30;
const CENTRAL_HEADER_LEN: usize = 46;
const END_LEN: usize = 22;

const STORED: u16 = 0;
const DEFLATED: u16 = 8;
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
/// 1980-01-01 in MS-DOS form (year since 1980, month, day); the time is 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 1.0 suffices to extract a stored entry; we follow APPNOTE 6.3, which defined the
/// UTF-8 flag (host 0, MS-DOS: no Unix permissions to carry).
const VERSION_NEEDED: u16 = 10;
const VERSION_MADE_BY: u16 = 63;

/// Why [`write`] could not make a zip: it would need ZIP64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a zip without ZIP64 holds at most 65,534 files and 4 GiB")
    }
}

impl std::error::Error for TooLarge {}

/// A zip holding `files` (name, bytes), stored, in that order.
pub fn write(files: &[(&str, &[u8])]) -> Result<Vec<u8>, TooLarge> {
    let count = u16::try_from(files.len())
        .ok()
        .filter(|&n| n < u16::MAX)
        .ok_or(TooLarge)?;
    // 0xFFFF and 0xFFFFFFFF mean "see ZIP64" to readers, so stay below them.
    let u32_field = |n: usize| {
        u32::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX)
            .ok_or(TooLarge)
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in files {
        let name_len = u16::try_from(name.len()).map_err(|_| TooLarge)?;
        let size = u32_field(bytes.len())?;
        let offset = u32_field(out.len())?;
        let crc = crc32(bytes);
        // The fields the local header and the central directory share, from "version needed".
        let mut common = Vec::with_capacity(26);
        for field in [VERSION_NEEDED, FLAG_UTF8, STORED, 0, DOS_DATE] {
            common.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            common.extend_from_slice(&field.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // no extra field

        out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);

        central.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        central.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
        central.extend_from_slice(&common);
        // Comment length, disk number, internal and external attributes: all zero.
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32_field(out.len())?;
    let central_len = u32_field(central.len())?;
    out.extend_from_slice(&central);
    u32_field(out.len() + END_LEN)?;
    out.extend_from_slice(&END_OF_CENTRAL_DIRECTORY.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk and the central directory's disk
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    Ok(out)
}

/// The files of a zip, by name, in the order of its central directory; folders are left out.
/// Names that are not marked UTF-8 are read as UTF-8 too, with `�` where they are not. One
/// file that cannot be read makes the whole zip fail (see [`read_each`] for the other way).
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    read_each(bytes)?
        .into_iter()
        .map(|(name, data)| data.map(|data| (name, data)))
        .collect()
}

/// A file of a zip: its name, and its bytes or why they cannot be read.
pub type Member = (String, Result<Vec<u8>, ImportError>);

/// The files of a zip as [`read`] finds them, each with its bytes or why that one file cannot
/// be read (encrypted, another method, a CRC that does not match, data outside the zip), so
/// that a corpus opens all but its bad members. The zip as a whole fails only when its central
/// directory cannot be read, entries overlap or the files are together too large.
pub fn read_each(bytes: &[u8]) -> Result<Vec<Member>, ImportError> {
    let entries = directory(bytes)?;
    let mut entries: Vec<_> = entries
        .into_iter()
        .map(|(entry, refused)| {
            let found = match refused {
                Some(e) => Err(e),
                None => local_data(bytes, &entry),
            };
            (entry, found)
        })
        .collect();
    // Entries that share bytes would let a small zip unpack to many large files.
    let mut taken: Vec<(usize, usize)> = entries
        .iter()
        .filter_map(|(_, found)| found.as_ref().ok().map(|(_, range)| *range))
        .collect();
    taken.sort_unstable();
    if taken.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err(broken("two of its entries overlap"));
    }
    let mut files = Vec::with_capacity(entries.len());
    let mut total = 0usize;
    for (entry, found) in entries.drain(..) {
        if found.is_ok() {
            total = total.saturating_add(entry.len);
        }
        if total > MAX_UNZIPPED {
            return Err(ImportError::new(
                "the files in the zip are together larger than 512 MiB",
            ));
        }
        let data = found.and_then(|(data, _)| unpack(&entry, data));
        files.push((entry.name, data));
    }
    Ok(files)
}

/// The names of a zip's files, in the order of its central directory (folders left out),
/// without unpacking them.
pub fn names(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    Ok(directory(bytes)?.into_iter().map(|(e, _)| e.name).collect())
}

/// The central directory's file entries (not folders), each with why it cannot be read, if so.
fn directory(bytes: &[u8]) -> Result<Vec<(Entry, Option<ImportError>)>, ImportError> {
    let end = find_end(bytes).ok_or_else(|| {
        ImportError::new(
            "this is not a zip file that can be read: it has no end of central directory",
        )
    })?;
    let at = Reader(bytes);
    if end >= 20 && at.u32(end - 20) == Some(ZIP64_LOCATOR) {
        return Err(broken("it is a ZIP64 zip, which cannot be read here"));
    }
    let field = |offset: usize| {
        at.u16(end + offset)
            .ok_or_else(|| broken("it is cut short"))
    };
    let field32 = |offset: usize| {
        at.u32(end + offset)
            .ok_or_else(|| broken("it is cut short"))
    };
    if field(4)? != 0 || field(6)? != 0 {
        return Err(broken("it is split over several disks"));
    }
    let count = field(10)?;
    let central_len = field32(12)?;
    let central_offset = field32(16)?;
    if count == u16::MAX || central_len == u32::MAX || central_offset == u32::MAX {
        return Err(broken("it is a ZIP64 zip, which cannot be read here"));
    }
    let central_start = central_offset as usize;
    let central_end = central_start
        .checked_add(central_len as usize)
        .filter(|&e| e <= end)
        .ok_or_else(|| broken("its central directory lies outside the file"))?;
    let central = Reader(&bytes[central_start..central_end]);

    let mut entries = Vec::new();
    let mut pos = 0;
    for _ in 0..count {
        let (entry, refused) = central_entry(&central, pos)?;
        pos = entry.next;
        if !entry.name.ends_with('/') {
            entries.push((entry, refused));
        }
    }
    Ok(entries)
}

fn broken(why: &str) -> ImportError {
    ImportError::new(format!("the zip cannot be read: {why}"))
}

/// Little-endian fields at offsets of a byte slice; `None` past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&self, at: usize, len: usize) -> Option<&'a [u8]> {
        self.0.get(at..at.checked_add(len)?)
    }

    fn u16(&self, at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(self.bytes(at, 2)?.try_into().ok()?))
    }

    fn u32(&self, at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(at, 4)?.try_into().ok()?))
    }
}

/// Where the end of central directory record starts: the last signature that leaves room for
/// the record and its comment (at most 65,535 bytes) before the end of the file.
fn find_end(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(END_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    let at = Reader(bytes);
    (first..=last).rev().find(|&i| {
        at.u32(i) == Some(END_OF_CENTRAL_DIRECTORY)
            && at
                .u16(i + 20)
                .is_some_and(|comment| i + END_LEN + usize::from(comment) <= bytes.len())
    })
}

/// One file as the central directory describes it.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    packed_len: usize,
    len: usize,
    local_offset: usize,
    /// Where the next central directory header starts.
    next: usize,
}

/// The entry at `pos`, and why its file cannot be read, if it cannot (the directory itself is
/// fine then, and the next entries can be read).
fn central_entry(
    central: &Reader,
    pos: usize,
) -> Result<(Entry, Option<ImportError>), ImportError> {
    let cut = || broken("its central directory is cut short");
    let u16_at = |offset: usize| central.u16(pos + offset).ok_or_else(cut);
    let u32_at = |offset: usize| central.u32(pos + offset).ok_or_else(cut);
    if central.u32(pos) != Some(CENTRAL_HEADER) {
        return Err(broken("its central directory is damaged"));
    }
    let flags = u16_at(8)?;
    let method = u16_at(10)?;
    let crc = u32_at(16)?;
    let packed_len = u32_at(20)?;
    let len = u32_at(24)?;
    let name_len = usize::from(u16_at(28)?);
    let extra_len = usize::from(u16_at(30)?);
    let comment_len = usize::from(u16_at(32)?);
    let local_offset = u32_at(42)?;
    let name = central
        .bytes(pos + CENTRAL_HEADER_LEN, name_len)
        .ok_or_else(cut)?;
    let name = String::from_utf8_lossy(name).into_owned();
    let next = pos + CENTRAL_HEADER_LEN + name_len + extra_len + comment_len;
    if next > central.0.len() {
        return Err(cut());
    }
    let refused = if flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) != 0 {
        Some(ImportError::new(format!(
            "{name} in the zip is encrypted, which cannot be read here"
        )))
    } else if [packed_len, len, local_offset].contains(&u32::MAX) {
        Some(ImportError::new(format!(
            "{name} in the zip needs ZIP64, which cannot be read here"
        )))
    } else if method != STORED && method != DEFLATED {
        Some(ImportError::new(format!(
            "{name} in the zip is compressed with method {method}; only stored and deflated \
             files can be read"
        )))
    } else if len as usize > MAX_UNZIPPED {
        Some(ImportError::new(format!(
            "{name} in the zip is larger than 512 MiB"
        )))
    } else {
        None
    };
    let entry = Entry {
        name,
        method,
        crc,
        packed_len: packed_len as usize,
        // A refused entry is never unpacked: its size counts for nothing.
        len: if refused.is_some() { 0 } else { len as usize },
        local_offset: local_offset as usize,
        next,
    };
    Ok((entry, refused))
}

/// The packed bytes of an entry, after its local header, and the range of the file that header
/// and data take.
fn local_data<'a>(
    bytes: &'a [u8],
    entry: &Entry,
) -> Result<(&'a [u8], (usize, usize)), ImportError> {
    let at = Reader(bytes);
    let start = entry.local_offset;
    let bad = || {
        ImportError::new(format!(
            "{} in the zip cannot be read: its data lies outside the file",
            entry.name
        ))
    };
    if at.u32(start) != Some(LOCAL_HEADER) {
        return Err(bad());
    }
    // The local header's name and extra field may differ in length from the central one's.
    let name_len = usize::from(at.u16(start + 26).ok_or_else(bad)?);
    let extra_len = usize::from(at.u16(start + 28).ok_or_else(bad)?);
    let data_start = start + LOCAL_HEADER_LEN + name_len + extra_len;
    let data = at.bytes(data_start, entry.packed_len).ok_or_else(bad)?;
    Ok((data, (start, data_start + entry.packed_len)))
}

fn unpack(entry: &Entry, data: &[u8]) -> Result<Vec<u8>, ImportError> {
    let name = &entry.name;
    let data = match entry.method {
        STORED => data.to_vec(),
        _ => miniz_oxide::inflate::decompress_to_vec_with_limit(data, entry.len)
            .map_err(|e| ImportError::new(format!("{name} in the zip cannot be unpacked: {e}")))?,
    };
    if data.len() != entry.len {
        return Err(ImportError::new(format!(
            "{name} in the zip is damaged: its size is not the one recorded"
        )));
    }
    if crc32(&data) != entry.crc {
        return Err(ImportError::new(format!(
            "{name} in the zip is damaged: its CRC-32 does not match"
        )));
    }
    Ok(data)
}

/// CRC-32 with the IEEE polynomial (reflected, 0xEDB88320), as zip uses, one byte at a time.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        CRC_TABLE[usize::from((crc as u8) ^ b)] ^ (crc >> 8)
    })
}

/// The CRC of each byte value, computed at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_check_value_of_the_standard() {
        // The check value of CRC-32/ISO-HDLC for the ASCII digits 1 to 9.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
