//! Validates Kong services and routes in bulk, as Kong Gateway 3.x would.
//!
//! ```text
//! cargo run --release --example validate -- --target gateway < entities.jsonl
//! ```
//!
//! Each stdin line is `{"entity":"service"|"route","input":{…}}`; each stdout line is
//! `{"valid":true|false,"errors":{…}}`, or `{"error":"…"}` for a malformed line (the run goes
//! on). Blank lines are skipped. `--target konnect` applies Konnect's name rule.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use domain::Target;
use domain::jsonl::check_line;

const USAGE: &str = "usage: validate [--target gateway|konnect] < input.jsonl";

fn parse_target(mut args: impl Iterator<Item = String>) -> Result<Target, String> {
    let mut target = Target::Gateway;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--target" => args.next().ok_or("--target needs a value")?,
            other => match other.strip_prefix("--target=") {
                Some(value) => value.to_string(),
                None if other == "-h" || other == "--help" => return Err(String::new()),
                None => return Err(format!("unknown argument: {other}")),
            },
        };
        target = Target::parse(&value).ok_or(format!("unknown target: {value}"))?;
    }
    Ok(target)
}

fn run(target: Target) -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut output = BufWriter::new(io::stdout().lock());
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let verdict = match std::str::from_utf8(&line) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => check_line(text, target),
            Err(_) => r#"{"error":"line is not valid UTF-8"}"#.to_string(),
        };
        writeln!(output, "{verdict}")?;
    }
    output.flush()
}

fn main() -> ExitCode {
    let target = match parse_target(std::env::args().skip(1)) {
        Ok(target) => target,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(target) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): not an error worth a message.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("validate: {error}");
            ExitCode::FAILURE
        }
    }
}
