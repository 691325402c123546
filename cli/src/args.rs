//! The command line, parsed by hand: four commands and four options do not need a parser
//! crate, and the binary stays small.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;

use connectives_core::formats::Format;

use crate::commands::agree::AgreeFormat;
use crate::commands::import::ImportFormat;
use crate::input::InputPath;

pub const DEFAULT_TOP: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Check {
        files: Vec<InputPath>,
    },
    /// One input to standard output or `out`; several (or a folder) into the folder `out`.
    Export {
        format: Format,
        inputs: Vec<InputPath>,
        out: Option<PathBuf>,
    },
    /// Another tool's files back to tagged text; the same one-or-several rule as `Export`.
    Import {
        from: ImportFormat,
        inputs: Vec<InputPath>,
        out: Option<PathBuf>,
    },
    /// Version B against version A: two files, or two corpora matched by document name.
    Agree {
        a: InputPath,
        b: InputPath,
        format: AgreeFormat,
    },
    /// One input: its counts and frequencies; several, a folder or a zip: the corpus's.
    Stats {
        inputs: Vec<InputPath>,
        top: usize,
    },
}

/// A command line that does not say anything we can do; the message says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn usage_error(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opt {
    Format,
    From,
    Out,
    Top,
}

impl Opt {
    fn from_name(name: &str) -> Option<Opt> {
        match name {
            "-f" | "--format" => Some(Opt::Format),
            "--from" => Some(Opt::From),
            "-o" | "--out" => Some(Opt::Out),
            "-n" | "--top" => Some(Opt::Top),
            _ => None,
        }
    }

    fn long(self) -> &'static str {
        match self {
            Opt::Format => "--format",
            Opt::From => "--from",
            Opt::Out => "--out",
            Opt::Top => "--top",
        }
    }
}

/// What follows the command: options with their values, and the rest in order.
#[derive(Default)]
struct Parsed {
    options: Vec<(Opt, OsString)>,
    positionals: Vec<OsString>,
    help: bool,
}

fn is_option_like(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    bytes.len() > 1 && bytes[0] == b'-'
}

fn split(args: impl Iterator<Item = OsString>) -> Result<Parsed, UsageError> {
    let mut parsed = Parsed::default();
    let mut args = args;
    while let Some(arg) = args.next() {
        if arg == "--" {
            parsed.positionals.extend(args.by_ref());
            break;
        }
        if !is_option_like(&arg) {
            parsed.positionals.push(arg);
            continue;
        }
        let Some(text) = arg.to_str() else {
            return Err(usage_error(format!(
                "unknown option {}",
                arg.to_string_lossy()
            )));
        };
        if text == "-h" || text == "--help" {
            parsed.help = true;
            continue;
        }
        let (name, inline_value) = match text.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(OsString::from(value))),
            _ => (text, None),
        };
        let Some(opt) = Opt::from_name(name) else {
            return Err(usage_error(format!("unknown option {name}")));
        };
        let value = match inline_value.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(usage_error(format!("{} needs a value", opt.long()))),
        };
        parsed.options.push((opt, value));
    }
    Ok(parsed)
}

impl Parsed {
    /// The value of `opt`, refusing options the command does not take and repeated ones.
    fn take(&mut self, opt: Opt) -> Result<Option<OsString>, UsageError> {
        let mut values = Vec::new();
        self.options.retain(|(o, value)| {
            let matched = *o == opt;
            if matched {
                values.push(value.clone());
            }
            !matched
        });
        if values.len() > 1 {
            return Err(usage_error(format!(
                "{} is given more than once",
                opt.long()
            )));
        }
        Ok(values.pop())
    }

    fn refuse_leftovers(&self, command: &str) -> Result<(), UsageError> {
        match self.options.first() {
            Some((opt, _)) => Err(usage_error(format!(
                "{command} does not take {}",
                opt.long()
            ))),
            None => Ok(()),
        }
    }

    /// At least one input, standard input at most once.
    fn inputs(&self, command: &str) -> Result<Vec<InputPath>, UsageError> {
        if self.positionals.is_empty() {
            return Err(usage_error(format!("{command} needs at least one FILE")));
        }
        let inputs: Vec<InputPath> = self.positionals.iter().map(|a| input_path(a)).collect();
        if inputs.iter().filter(|f| **f == InputPath::Stdin).count() > 1 {
            return Err(usage_error("standard input (-) can be read only once"));
        }
        Ok(inputs)
    }
}

/// `FILE`s and `--out` of `export` and `import`: several inputs go into a folder.
fn inputs_and_out(
    parsed: &mut Parsed,
    command: &str,
) -> Result<(Vec<InputPath>, Option<PathBuf>), UsageError> {
    let out = parsed.take(Opt::Out)?.map(PathBuf::from);
    parsed.refuse_leftovers(command)?;
    let inputs = parsed.inputs(command)?;
    if inputs.len() > 1 && out.is_none() {
        return Err(usage_error(format!(
            "{command} of several FILEs needs --out DIR"
        )));
    }
    Ok((inputs, out))
}

fn format_names() -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    names.join(", ")
}

fn input_path(arg: &OsStr) -> InputPath {
    if arg == "-" {
        InputPath::Stdin
    } else {
        InputPath::File(PathBuf::from(arg))
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        return Err(usage_error("no command given"));
    };
    let command = first.to_string_lossy().into_owned();
    match command.as_str() {
        "help" | "-h" | "--help" => return Ok(Command::Help),
        "version" | "-V" | "--version" => return Ok(Command::Version),
        "agree" | "check" | "export" | "import" | "stats" => {}
        other => return Err(usage_error(format!("unknown command {other}"))),
    }
    let mut parsed = split(args)?;
    if parsed.help {
        return Ok(Command::Help);
    }
    match command.as_str() {
        "check" => {
            parsed.refuse_leftovers("check")?;
            let files = parsed.inputs("check")?;
            Ok(Command::Check { files })
        }
        "export" => {
            let format = match parsed.take(Opt::Format)? {
                None => Format::Json,
                Some(value) => value.to_str().and_then(Format::from_name).ok_or_else(|| {
                    usage_error(format!(
                        "unknown format {} (one of {})",
                        value.to_string_lossy(),
                        format_names()
                    ))
                })?,
            };
            let (inputs, out) = inputs_and_out(&mut parsed, "export")?;
            Ok(Command::Export {
                format,
                inputs,
                out,
            })
        }
        "agree" => {
            let format = match parsed.take(Opt::Format)? {
                None => AgreeFormat::Table,
                Some(value) => {
                    value
                        .to_str()
                        .and_then(AgreeFormat::from_name)
                        .ok_or_else(|| {
                            usage_error(format!(
                                "agree cannot write {} (table, json or csv)",
                                value.to_string_lossy()
                            ))
                        })?
                }
            };
            parsed.refuse_leftovers("agree")?;
            let mut inputs = parsed.inputs("agree")?;
            if inputs.len() != 2 {
                return Err(usage_error("agree needs two inputs, A and B"));
            }
            let b = inputs.pop().unwrap_or(InputPath::Stdin);
            let a = inputs.pop().unwrap_or(InputPath::Stdin);
            Ok(Command::Agree { a, b, format })
        }
        "import" => {
            let from = match parsed.take(Opt::From)? {
                None => return Err(usage_error("import needs --from brat|doccano|json|jsonl")),
                Some(value) => value
                    .to_str()
                    .and_then(ImportFormat::from_name)
                    .ok_or_else(|| {
                        usage_error(format!(
                            "cannot import from {} (brat, doccano, json or jsonl)",
                            value.to_string_lossy()
                        ))
                    })?,
            };
            let (inputs, out) = inputs_and_out(&mut parsed, "import")?;
            Ok(Command::Import { from, inputs, out })
        }
        _ => {
            let top = match parsed.take(Opt::Top)? {
                None => DEFAULT_TOP,
                Some(value) => value.to_str().and_then(|v| v.parse().ok()).ok_or_else(|| {
                    usage_error(format!(
                        "--top needs a whole number, not {}",
                        value.to_string_lossy()
                    ))
                })?,
            };
            parsed.refuse_leftovers("stats")?;
            let inputs = parsed.inputs("stats")?;
            Ok(Command::Stats { inputs, top })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn file(path: &str) -> InputPath {
        InputPath::File(PathBuf::from(path))
    }

    #[test]
    fn check_takes_many_files_and_stdin() {
        assert_eq!(
            parse_strs(&["check", "a.txt", "-", "b.txt"]),
            Ok(Command::Check {
                files: vec![file("a.txt"), InputPath::Stdin, file("b.txt")]
            })
        );
    }

    #[test]
    fn export_defaults_to_json_on_stdout() {
        assert_eq!(
            parse_strs(&["export", "a.txt"]),
            Ok(Command::Export {
                format: Format::Json,
                inputs: vec![file("a.txt")],
                out: None
            })
        );
    }

    #[test]
    fn export_options_go_anywhere_in_either_spelling() {
        let expected = Ok(Command::Export {
            format: Format::Tagged,
            inputs: vec![InputPath::Stdin],
            out: Some(PathBuf::from("o.txt")),
        });
        assert_eq!(
            parse_strs(&["export", "--format", "tagged", "--out", "o.txt", "-"]),
            expected
        );
        assert_eq!(
            parse_strs(&["export", "-", "--format=tagged", "--out=o.txt"]),
            expected
        );
        assert_eq!(
            parse_strs(&["export", "-f", "tagged", "-", "-o", "o.txt"]),
            expected
        );
    }

    #[test]
    fn export_knows_every_format_by_its_name() {
        for format in Format::ALL {
            assert_eq!(
                parse_strs(&["export", "--format", format.name(), "a.txt"]),
                Ok(Command::Export {
                    format,
                    inputs: vec![file("a.txt")],
                    out: None
                })
            );
        }
    }

    #[test]
    fn several_inputs_go_to_an_out_folder() {
        assert_eq!(
            parse_strs(&["export", "-f", "csv", "a.txt", "dir", "--out", "o"]),
            Ok(Command::Export {
                format: Format::Csv,
                inputs: vec![file("a.txt"), file("dir")],
                out: Some(PathBuf::from("o"))
            })
        );
        assert_eq!(
            parse_strs(&["import", "--from=doccano", "a.jsonl", "b.jsonl", "-o", "o"]),
            Ok(Command::Import {
                from: ImportFormat::Doccano,
                inputs: vec![file("a.jsonl"), file("b.jsonl")],
                out: Some(PathBuf::from("o"))
            })
        );
    }

    #[test]
    fn double_dash_lets_a_file_name_start_with_a_dash() {
        assert_eq!(
            parse_strs(&["stats", "--", "-odd.txt"]),
            Ok(Command::Stats {
                inputs: vec![file("-odd.txt")],
                top: DEFAULT_TOP
            })
        );
    }

    #[test]
    fn stats_top_must_be_a_number() {
        assert_eq!(
            parse_strs(&["stats", "-n", "3", "a.txt"]),
            Ok(Command::Stats {
                inputs: vec![file("a.txt")],
                top: 3
            })
        );
        assert!(parse_strs(&["stats", "--top", "many", "a.txt"]).is_err());
    }

    #[test]
    fn help_and_version_in_every_spelling() {
        for args in [
            &["help"][..],
            &["--help"],
            &["-h"],
            &["export", "--help"],
            &["check", "-h"],
        ] {
            assert_eq!(parse_strs(args), Ok(Command::Help), "{args:?}");
        }
        for args in [&["version"][..], &["--version"], &["-V"]] {
            assert_eq!(parse_strs(args), Ok(Command::Version), "{args:?}");
        }
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        let cases: &[(&[&str], &str)] = &[
            (&[], "no command given"),
            (&["frobnicate"], "unknown command frobnicate"),
            (&["check"], "check needs at least one FILE"),
            (
                &["check", "-", "-"],
                "standard input (-) can be read only once",
            ),
            (
                &["check", "--format", "json", "a"],
                "check does not take --format",
            ),
            (&["export"], "export needs at least one FILE"),
            (&["export", "a", "b"], "export of several FILEs needs --out DIR"),
            (&["import", "a.zip"], "import needs --from brat|doccano|json|jsonl"),
            (
                &["import", "--from", "conll", "a"],
                "cannot import from conll (brat, doccano, json or jsonl)",
            ),
            (
                &["import", "--from", "json", "a", "b"],
                "import of several FILEs needs --out DIR",
            ),
            (
                &["import", "--from", "json", "--top", "3", "a"],
                "import does not take --top",
            ),
            (&["export", "--format"], "--format needs a value"),
            (
                &["export", "--format", "xml", "a"],
                "unknown format xml (one of tagged, json, jsonl, csv, brat, doccano, label-studio, bio)",
            ),
            (
                &["export", "-f", "json", "-f", "tagged", "a"],
                "--format is given more than once",
            ),
            (&["export", "--colour", "a"], "unknown option --colour"),
            (&["stats", "--out", "x", "a"], "stats does not take --out"),
        ];
        for (args, message) in cases {
            assert_eq!(
                parse_strs(args),
                Err(UsageError(message.to_string())),
                "{args:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_do_not_panic() {
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(vec![b'a', 0xFF]);
        assert_eq!(
            parse([OsString::from("stats"), odd.clone()]),
            Ok(Command::Stats {
                inputs: vec![InputPath::File(PathBuf::from(odd))],
                top: DEFAULT_TOP
            })
        );
        let odd_option = OsString::from_vec(vec![b'-', 0xFF]);
        assert!(parse([OsString::from("stats"), odd_option]).is_err());
        assert!(parse([OsString::from_vec(vec![0xFF])]).is_err());
    }
}
