use std::io::{self, BufWriter};
use std::process::ExitCode;

use connectives_cli::{run, Streams};

fn main() -> ExitCode {
    let mut stdin = io::stdin().lock();
    // Buffered: an export of a large corpus is many small writes; `run` flushes.
    let mut stdout = BufWriter::new(io::stdout().lock());
    let mut stderr = io::stderr().lock();
    let code = run(
        std::env::args_os().skip(1),
        &mut Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    ExitCode::from(code)
}
