//! Reading a named input (a file, or `-` for standard input) into text.

use std::io::Read;
use std::path::PathBuf;

use crate::decode::decode;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputPath {
    Stdin,
    File(PathBuf),
}

impl InputPath {
    /// The name messages use: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            InputPath::Stdin => "<stdin>".to_string(),
            InputPath::File(path) => path.display().to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// What to tell the user about how the bytes were decoded, if anything.
    pub notice: Option<String>,
}

/// Reads and decodes `input`. The error is a message for the user, naming the input.
pub fn load(input: &InputPath, stdin: &mut dyn Read) -> Result<Source, String> {
    let name = input.name();
    let bytes = match input {
        InputPath::Stdin => {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map(|_| bytes)
        }
        InputPath::File(path) => std::fs::read(path),
    }
    .map_err(|error| format!("cannot read {name}: {error}"))?;
    let decoded = decode(&bytes).map_err(|error| format!("{name}: {error}"))?;
    Ok(Source {
        notice: decoded.notice().map(|notice| format!("{name}: {notice}")),
        name,
        text: decoded.text,
    })
}
