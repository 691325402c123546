//! The command line, declared with clap's derive: each subcommand has its own `--help`, a
//! mistyped command gets a suggestion, and `completions SHELL` writes shell completions.
//! [`parse`] turns clap's answer into a [`Command`], checking what clap cannot say (standard
//! input once, several inputs need `--out`).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use connectives_core::formats::Format;

use crate::commands::agree::AgreeFormat;
use crate::commands::import::ImportFormat;
use crate::input::InputPath;

pub const DEFAULT_TOP: usize = 10;

const AFTER_HELP: &str = "\
FILE may be - for standard input. Input is UTF-8 (with or without a byte order
mark), UTF-16 with a byte order mark, or else read as GB18030. A folder stands
for its *.txt files; a .zip for its documents (tagged .txt files, brat pairs,
a corpus export), each named ZIP/NAME in messages.

Exit status: 0 success; 1 check found errors, or agree found texts that
differ; 2 usage error, or an input that cannot be read, is not text or cannot
be imported, or an output that cannot be written (markup errors do not fail
an export).";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
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
    /// One input: its counts and frequencies; several, a folder or a zip: the corpus's.
    Stats {
        inputs: Vec<InputPath>,
        top: usize,
    },
    /// Version B against version A: two files, or two corpora matched by document name.
    Agree {
        a: InputPath,
        b: InputPath,
        format: AgreeFormat,
    },
    /// Likely connectives and pairs added as tags; the same one-or-several rule as `Export`.
    Suggest {
        inputs: Vec<InputPath>,
        min_confidence: f32,
        out: Option<PathBuf>,
    },
    /// The completion script of a shell, on standard output.
    Completions {
        shell: clap_complete::Shell,
    },
}

/// Check, export, import, count, compare and suggest the discourse connectives in tagged text.
#[derive(Parser, Debug)]
#[command(name = "connectives", version, after_help = AFTER_HELP)]
#[command(arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Subcommand, Debug)]
enum Sub {
    /// Report markup problems as FILE:LINE:COL: error|warning: message (COL counts
    /// characters), then a summary line per file.
    Check {
        #[arg(value_name = "FILE_DIR_OR_ZIP", required = true)]
        inputs: Vec<OsString>,
    },
    /// Write documents in FORMAT, the same bytes as the page's download. Several inputs, a
    /// folder or a zip: with --out X.zip the corpus zip, with --out DIR one file per document
    /// (brat: one DIR/brat.zip).
    Export {
        /// tagged, json, jsonl, csv, brat, doccano, label-studio or bio (brat and label-studio
        /// are zips).
        #[arg(short, long, value_name = "FORMAT", default_value = "json", value_parser = export_format())]
        format: Format,
        /// Write to PATH instead of standard output; with several inputs, a folder (created if
        /// missing) or a corpus zip (named .zip).
        #[arg(short, long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(value_name = "FILE_DIR_OR_ZIP", required = true)]
        inputs: Vec<OsString>,
    },
    /// Convert brat (a .zip, a .ann with its .txt beside it, or a folder of them), doccano
    /// (.jsonl), connectives/1 JSON or the jsonl export back to tagged text; several inputs go
    /// into --out DIR as NAME.txt.
    Import {
        #[arg(long, value_name = "FORMAT", value_parser = import_format())]
        from: ImportFormat,
        /// Write to PATH instead of standard output; with several inputs, a folder.
        #[arg(short, long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(value_name = "INPUT", required = true)]
        inputs: Vec<OsString>,
    },
    /// Count lines, candidates, members and pairs, and list the most frequent candidates and
    /// pairs; for several files, a folder or a zip, a row per document and the corpus's totals.
    Stats {
        /// How many candidates and pairs to list.
        #[arg(short = 'n', long, value_name = "N", default_value_t = DEFAULT_TOP)]
        top: usize,
        #[arg(value_name = "FILE_DIR_OR_ZIP", required = true)]
        inputs: Vec<OsString>,
    },
    /// How far version B agrees with version A (two files, or two folders or zips matched by
    /// document name): span, labelled, overlap and pair F1, kappa over characters, spans only
    /// in A or B, per document and per connective text.
    Agree {
        /// The report: a table, JSON or CSV.
        #[arg(short, long, value_name = "FORMAT", default_value = "table", value_parser = agree_format())]
        format: AgreeFormat,
        /// Version A: a file, a folder or a zip (- for standard input).
        #[arg(value_name = "A")]
        a: OsString,
        /// Version B, the same way.
        #[arg(value_name = "B")]
        b: OsString,
    },
    /// Add the likely connectives of unmarked text as <cand> and likely pairs as <a> (the
    /// core's suggester, as the page's Suggest); existing tags are kept byte for byte. Several
    /// inputs, a folder or a zip go into --out DIR as NAME.txt.
    Suggest {
        /// Only suggestions at least this confident (0 to 1).
        #[arg(short = 'c', long, value_name = "X", default_value_t = connectives_core::suggest::DEFAULT_MIN_CONFIDENCE, value_parser = confidence)]
        min_confidence: f32,
        /// Write to PATH instead of standard output; with several inputs, a folder.
        #[arg(short, long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(value_name = "FILE_DIR_OR_ZIP", required = true)]
        inputs: Vec<OsString>,
    },
    /// Write the completion script for SHELL (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

fn export_format() -> impl TypedValueParser<Value = Format> {
    let names: Vec<&'static str> = Format::ALL.iter().map(|f| f.name()).collect();
    // The parser only lets the names through, so from_name always finds one.
    PossibleValuesParser::new(names).map(|name| Format::from_name(&name).unwrap_or(Format::Json))
}

fn import_format() -> impl TypedValueParser<Value = ImportFormat> {
    PossibleValuesParser::new(["brat", "doccano", "json", "jsonl"])
        .map(|name| ImportFormat::from_name(&name).unwrap_or(ImportFormat::Json))
}

fn confidence(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{text} is not a number from 0 to 1")),
    }
}

fn agree_format() -> impl TypedValueParser<Value = AgreeFormat> {
    PossibleValuesParser::new(["table", "json", "csv"])
        .map(|name| AgreeFormat::from_name(&name).unwrap_or(AgreeFormat::Table))
}

/// The whole command line as clap knows it, for help and completions.
pub fn clap_command() -> clap::Command {
    Cli::command()
}

fn usage_error(message: impl std::fmt::Display) -> clap::Error {
    clap_command().error(ErrorKind::ValueValidation, message)
}

fn input_path(arg: OsString) -> InputPath {
    if arg == "-" {
        InputPath::Stdin
    } else {
        InputPath::File(PathBuf::from(arg))
    }
}

/// The inputs, standard input at most once.
fn inputs(args: Vec<OsString>) -> Result<Vec<InputPath>, clap::Error> {
    let inputs: Vec<InputPath> = args.into_iter().map(input_path).collect();
    if inputs.iter().filter(|f| **f == InputPath::Stdin).count() > 1 {
        return Err(usage_error("standard input (-) can be read only once"));
    }
    Ok(inputs)
}

fn several_need_out(
    command: &str,
    inputs: &[InputPath],
    out: &Option<PathBuf>,
) -> Result<(), clap::Error> {
    if inputs.len() > 1 && out.is_none() {
        return Err(usage_error(format!(
            "{command} of several FILEs needs --out DIR"
        )));
    }
    Ok(())
}

/// Parses the arguments after the program name. Help and version come back as the errors
/// of kind `DisplayHelp` and `DisplayVersion`, as clap gives them.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, clap::Error> {
    let cli = Cli::try_parse_from(std::iter::once(OsString::from("connectives")).chain(args))?;
    Ok(match cli.command {
        Sub::Check { inputs: files } => Command::Check {
            files: inputs(files)?,
        },
        Sub::Export {
            format,
            out,
            inputs: args,
        } => {
            let inputs = inputs(args)?;
            several_need_out("export", &inputs, &out)?;
            Command::Export {
                format,
                inputs,
                out,
            }
        }
        Sub::Import {
            from,
            out,
            inputs: args,
        } => {
            let inputs = inputs(args)?;
            several_need_out("import", &inputs, &out)?;
            Command::Import { from, inputs, out }
        }
        Sub::Stats { top, inputs: args } => Command::Stats {
            inputs: inputs(args)?,
            top,
        },
        Sub::Agree { format, a, b } => {
            let (a, b) = (input_path(a), input_path(b));
            if a == InputPath::Stdin && b == InputPath::Stdin {
                return Err(usage_error("standard input (-) can be read only once"));
            }
            Command::Agree { a, b, format }
        }
        Sub::Suggest {
            min_confidence,
            out,
            inputs: args,
        } => {
            let inputs = inputs(args)?;
            several_need_out("suggest", &inputs, &out)?;
            Command::Suggest {
                inputs,
                min_confidence,
                out,
            }
        }
        Sub::Completions { shell } => Command::Completions { shell },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, clap::Error> {
        parse(args.iter().map(OsString::from))
    }

    fn command(args: &[&str]) -> Command {
        match parse_strs(args) {
            Ok(command) => command,
            Err(error) => panic!("{args:?}: {error}"),
        }
    }

    /// The kind and message of a refused command line.
    fn refusal(args: &[&str]) -> (ErrorKind, String) {
        match parse_strs(args) {
            Ok(command) => panic!("{args:?} was accepted as {command:?}"),
            Err(error) => (error.kind(), error.render().to_string()),
        }
    }

    fn file(path: &str) -> InputPath {
        InputPath::File(PathBuf::from(path))
    }

    #[test]
    fn the_declaration_is_consistent() {
        clap_command().debug_assert();
    }

    #[test]
    fn check_takes_many_files_and_stdin() {
        assert_eq!(
            command(&["check", "a.txt", "-", "b.txt"]),
            Command::Check {
                files: vec![file("a.txt"), InputPath::Stdin, file("b.txt")]
            }
        );
    }

    #[test]
    fn suggest_defaults_to_half_and_refuses_a_confidence_outside_0_to_1() {
        assert_eq!(
            command(&["suggest", "a.txt"]),
            Command::Suggest {
                inputs: vec![file("a.txt")],
                min_confidence: 0.5,
                out: None
            }
        );
        assert_eq!(
            command(&["suggest", "-c", "0.8", "a.txt", "--out", "o.txt"]),
            Command::Suggest {
                inputs: vec![file("a.txt")],
                min_confidence: 0.8,
                out: Some(PathBuf::from("o.txt"))
            }
        );
        for bad in ["1.5", "-0.1", "half", "NaN"] {
            let option = format!("--min-confidence={bad}");
            let (kind, _) = refusal(&["suggest", &option, "a.txt"]);
            assert_eq!(kind, ErrorKind::ValueValidation, "{bad}");
        }
        let (_, message) = refusal(&["suggest", "a.txt", "b.txt"]);
        assert!(message.contains("needs --out DIR"), "{message}");
    }

    #[test]
    fn export_defaults_to_json_on_stdout() {
        assert_eq!(
            command(&["export", "a.txt"]),
            Command::Export {
                format: Format::Json,
                inputs: vec![file("a.txt")],
                out: None
            }
        );
    }

    #[test]
    fn export_options_go_anywhere_in_either_spelling() {
        let expected = Command::Export {
            format: Format::Tagged,
            inputs: vec![InputPath::Stdin],
            out: Some(PathBuf::from("o.txt")),
        };
        for args in [
            &["export", "--format", "tagged", "--out", "o.txt", "-"][..],
            &["export", "-", "--format=tagged", "--out=o.txt"],
            &["export", "-f", "tagged", "-", "-o", "o.txt"],
        ] {
            assert_eq!(command(args), expected, "{args:?}");
        }
    }

    #[test]
    fn export_knows_every_format_by_its_name() {
        for format in Format::ALL {
            assert_eq!(
                command(&["export", "--format", format.name(), "a.txt"]),
                Command::Export {
                    format,
                    inputs: vec![file("a.txt")],
                    out: None
                }
            );
        }
    }

    #[test]
    fn several_inputs_go_to_an_out_folder() {
        assert_eq!(
            command(&["export", "-f", "csv", "a.txt", "dir", "--out", "o"]),
            Command::Export {
                format: Format::Csv,
                inputs: vec![file("a.txt"), file("dir")],
                out: Some(PathBuf::from("o"))
            }
        );
        assert_eq!(
            command(&["import", "--from=doccano", "a.jsonl", "b.jsonl", "-o", "o"]),
            Command::Import {
                from: ImportFormat::Doccano,
                inputs: vec![file("a.jsonl"), file("b.jsonl")],
                out: Some(PathBuf::from("o"))
            }
        );
    }

    #[test]
    fn double_dash_lets_a_file_name_start_with_a_dash() {
        assert_eq!(
            command(&["stats", "--", "-odd.txt"]),
            Command::Stats {
                inputs: vec![file("-odd.txt")],
                top: DEFAULT_TOP
            }
        );
    }

    #[test]
    fn stats_top_must_be_a_number() {
        assert_eq!(
            command(&["stats", "-n", "3", "a.txt"]),
            Command::Stats {
                inputs: vec![file("a.txt")],
                top: 3
            }
        );
        assert_eq!(
            refusal(&["stats", "--top", "many", "a.txt"]).0,
            ErrorKind::ValueValidation
        );
    }

    #[test]
    fn agree_takes_two_inputs_and_a_format() {
        assert_eq!(
            command(&["agree", "a.txt", "-", "--format", "csv"]),
            Command::Agree {
                a: file("a.txt"),
                b: InputPath::Stdin,
                format: AgreeFormat::Csv
            }
        );
        assert_eq!(
            command(&["agree", "a", "b"]),
            Command::Agree {
                a: file("a"),
                b: file("b"),
                format: AgreeFormat::Table
            }
        );
    }

    #[test]
    fn each_subcommand_has_its_own_help_and_the_top_level_a_version() {
        for (args, says) in [
            (&["--help"][..], "Usage: connectives <COMMAND>"),
            (&["help"], "agree"),
            (
                &["agree", "--help"],
                "Usage: connectives agree [OPTIONS] <A> <B>",
            ),
            (
                &["export", "-h"],
                "Usage: connectives export [OPTIONS] <FILE_DIR_OR_ZIP>...",
            ),
            (&["help", "stats"], "--top <N>"),
        ] {
            let (kind, text) = refusal(args);
            assert_eq!(kind, ErrorKind::DisplayHelp, "{args:?}");
            assert!(text.contains(says), "{args:?}: {text}");
        }
        assert_eq!(refusal(&["--version"]).0, ErrorKind::DisplayVersion);
        assert_eq!(refusal(&["-V"]).0, ErrorKind::DisplayVersion);
    }

    #[test]
    fn a_mistyped_command_gets_a_suggestion() {
        let (kind, text) = refusal(&["agre", "a", "b"]);
        assert_eq!(kind, ErrorKind::InvalidSubcommand);
        assert!(text.contains("'agree'"), "{text}");
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        let cases: &[(&[&str], &str)] = &[
            (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
            (&["check"], "<FILE_DIR_OR_ZIP>..."),
            (
                &["check", "-", "-"],
                "standard input (-) can be read only once",
            ),
            (
                &["agree", "-", "-"],
                "standard input (-) can be read only once",
            ),
            (
                &["check", "--format", "json", "a"],
                "unexpected argument '--format'",
            ),
            (
                &["export", "a", "b"],
                "export of several FILEs needs --out DIR",
            ),
            (&["import", "a.zip"], "--from <FORMAT>"),
            (
                &["import", "--from", "conll", "a"],
                "[possible values: brat, doccano, json, jsonl]",
            ),
            (
                &["import", "--from", "json", "a", "b"],
                "import of several FILEs needs --out DIR",
            ),
            (
                &["export", "--format"],
                "a value is required for '--format <FORMAT>'",
            ),
            (
                &["export", "--format", "xml", "a"],
                "[possible values: tagged, json, jsonl, csv, brat, doccano, label-studio, bio]",
            ),
            (
                &["export", "-f", "json", "-f", "tagged", "a"],
                "'--format <FORMAT>' cannot be used multiple times",
            ),
            (&["stats", "--out", "x", "a"], "unexpected argument '--out'"),
            (&["agree", "a"], "<B>"),
            (&["agree", "a", "b", "c"], "unexpected argument 'c'"),
            (
                &["agree", "-f", "brat", "a", "b"],
                "[possible values: table, json, csv]",
            ),
        ];
        for (args, message) in cases {
            let (kind, text) = refusal(args);
            assert!(
                !matches!(kind, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion),
                "{args:?}"
            );
            assert!(text.contains(message), "{args:?}: {text}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_do_not_panic() {
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(vec![b'a', 0xFF]);
        assert_eq!(
            parse([OsString::from("stats"), odd.clone()]).ok(),
            Some(Command::Stats {
                inputs: vec![InputPath::File(PathBuf::from(odd))],
                top: DEFAULT_TOP
            })
        );
        let odd_option = OsString::from_vec(vec![b'-', 0xFF]);
        assert!(parse([OsString::from("stats"), odd_option]).is_err());
        assert!(parse([OsString::from_vec(vec![0xFF])]).is_err());
    }
}
