//! What `export` and `import` share when they work on many files: the files of an input folder,
//! and an output folder whose file names never collide and never replace an input.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use crate::input::InputPath;
use crate::Streams;

/// Whether `input` names a folder (and so asks for folder mode).
pub fn is_folder(input: &InputPath) -> bool {
    matches!(input, InputPath::File(path) if path.is_dir())
}

/// Whether a command writes one output per input into a folder: several inputs, a folder
/// among them, or `--out` naming a folder that exists.
pub fn writes_into_folder(inputs: &[InputPath], out: Option<&std::path::Path>) -> bool {
    inputs.len() > 1 || inputs.iter().any(is_folder) || out.is_some_and(std::path::Path::is_dir)
}

/// The document's name for [`connectives_core::formats::file_name`]: the file's own name, or
/// `stdin`.
pub fn doc_name(input: &InputPath) -> String {
    match input {
        InputPath::Stdin => "stdin".to_string(),
        InputPath::File(path) => path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy()
            .into_owned(),
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The inputs with each folder replaced by its `*.EXTENSION` files (not those of its
/// subfolders), sorted by name. A folder that cannot be listed or holds no such file is
/// reported on stderr and counted in the second value.
pub fn expand(
    inputs: &[InputPath],
    extension: &str,
    streams: &mut Streams<'_>,
) -> io::Result<(Vec<InputPath>, usize)> {
    let mut files = Vec::new();
    let mut failed = 0;
    for input in inputs {
        let InputPath::File(folder) = input else {
            files.push(input.clone());
            continue;
        };
        if !folder.is_dir() {
            files.push(input.clone());
            continue;
        }
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) => {
                writeln!(
                    streams.stderr,
                    "connectives: cannot read {}: {error}",
                    folder.display()
                )?;
                failed += 1;
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file() && has_extension(path, extension))
            .collect();
        if found.is_empty() {
            writeln!(
                streams.stderr,
                "connectives: {}: no .{extension} files in this folder",
                folder.display()
            )?;
            failed += 1;
        }
        found.sort();
        files.extend(found.into_iter().map(InputPath::File));
    }
    Ok((files, failed))
}

/// The folder given with `--out`, created if missing.
pub struct OutDir {
    path: PathBuf,
    taken: HashSet<String>,
    /// The files read, so that no output replaces one of them.
    inputs: HashSet<PathBuf>,
    pub written: usize,
}

impl OutDir {
    /// Creates the folder if needed; the error is a message for the user.
    pub fn create(path: &Path) -> Result<OutDir, String> {
        std::fs::create_dir_all(path)
            .map_err(|error| format!("cannot create the folder {}: {error}", path.display()))?;
        Ok(OutDir {
            path: path.to_path_buf(),
            taken: HashSet::new(),
            inputs: HashSet::new(),
            written: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Remembers a file that was read, so that it is never written over.
    pub fn protect(&mut self, input: &Path) {
        if let Ok(path) = input.canonicalize() {
            self.inputs.insert(path);
        }
    }

    /// `file_name`, or if an earlier document took it, `STEM-2.EXTENSION`, `STEM-3…`.
    pub fn claim(&mut self, file_name: &str, extension: &str) -> String {
        let mut name = file_name.to_string();
        let stem = file_name
            .strip_suffix(extension)
            .and_then(|s| s.strip_suffix('.'))
            .unwrap_or(file_name);
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{stem}-{n}.{extension}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Writes `bytes` to `NAME` in the folder; `false` (after saying why) if it could not.
    pub fn write(
        &mut self,
        name: &str,
        bytes: &[u8],
        streams: &mut Streams<'_>,
    ) -> io::Result<bool> {
        let path = self.path.join(name);
        if path
            .canonicalize()
            .is_ok_and(|existing| self.inputs.contains(&existing))
        {
            writeln!(
                streams.stderr,
                "connectives: {} is not written: it is one of the inputs",
                path.display()
            )?;
            return Ok(false);
        }
        if !write_file(&path, bytes, streams)? {
            return Ok(false);
        }
        self.written += 1;
        Ok(true)
    }
}

/// Writes `bytes` to the file `path`; `false` (after saying why) if it could not.
fn write_file(path: &Path, bytes: &[u8], streams: &mut Streams<'_>) -> io::Result<bool> {
    if let Err(error) = std::fs::write(path, bytes) {
        writeln!(
            streams.stderr,
            "connectives: cannot write {}: {error}",
            path.display()
        )?;
        return Ok(false);
    }
    Ok(true)
}

/// Writes `bytes` to standard output, or to the file `out`; `false` (after saying why) if the
/// file could not be written.
pub fn write_one(bytes: &[u8], out: Option<&Path>, streams: &mut Streams<'_>) -> io::Result<bool> {
    match out {
        None => {
            streams.stdout.write_all(bytes)?;
            Ok(true)
        }
        Some(path) => write_file(path, bytes, streams),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_a_number_before_its_extension() {
        let dir =
            std::env::temp_dir().join(format!("connectives-cli-claim-{}", std::process::id()));
        let mut out = OutDir::create(&dir).expect("a temporary folder");
        assert_eq!(out.claim("a.brat.zip", "brat.zip"), "a.brat.zip");
        assert_eq!(out.claim("a.brat.zip", "brat.zip"), "a-2.brat.zip");
        assert_eq!(out.claim("a.brat.zip", "brat.zip"), "a-3.brat.zip");
        assert_eq!(out.claim("b.txt", "txt"), "b.txt");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stdin_is_named_stdin_and_files_lose_their_folders() {
        assert_eq!(doc_name(&InputPath::Stdin), "stdin");
        assert_eq!(
            doc_name(&InputPath::File(PathBuf::from("corpus/a.txt"))),
            "a.txt"
        );
    }
}
