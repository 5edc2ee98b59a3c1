//! End-to-end test of `examples/validate.rs` (issue 3, item 5): JSON Lines in, one verdict
//! line out per input, malformed lines reported without stopping the run.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A plain `cargo test -p domain` builds the examples next to the test binaries, in
/// `target/<profile>/examples/` (with `--test cli` alone, build the example first).
fn example_binary() -> PathBuf {
    let test_binary = std::env::current_exe().unwrap_or_default();
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .map(PathBuf::from)
        .unwrap_or_default();
    profile_dir
        .join("examples")
        .join(format!("validate{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str], stdin: &str) -> (String, i32) {
    let binary = example_binary();
    let mut child = Command::new(&binary)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
    if let Some(mut input) = child.stdin.take() {
        // A run rejected for its arguments exits without reading its input: the pipe may then
        // be closed before the write, which is not a failure of the program under test.
        match input.write_all(stdin.as_bytes()) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap_or_else(|error| panic!("stdin: {error}")),
        }
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("wait: {error}"));
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn one_verdict_per_line_and_malformed_lines_do_not_stop_the_run() {
    let input = concat!(
        r#"{"entity":"service","input":{"url":"https://api.example.com/v1"}}"#,
        "\n",
        "{not json\n",
        "\n",
        r#"{"entity":"route","input":{"paths":["/a/./b"]}}"#,
        "\n",
        r#"{"entity":"plugin","input":{}}"#,
        "\n",
        r#"{"entity":"service","input":{"name":"svc:v1","host":"h"}}"#,
    );
    let (stdout, code) = run(&["--target", "gateway"], input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            r#"{"valid":true,"errors":{}}"#,
            r#"{"error":"invalid JSON: key must be a string at line 1 column 2"}"#,
            r#"{"valid":false,"errors":{"paths.1":"non-normalized path, consider use '/a/b' instead"}}"#,
            r#"{"error":"\"entity\" must be \"service\" or \"route\""}"#,
            r#"{"valid":false,"errors":{"name":"invalid value 'svc:v1': the only accepted ascii characters are alphanumerics or ., -, _, and ~"}}"#,
        ]
    );
}

#[test]
fn konnect_target_and_bad_arguments() {
    let line = r#"{"entity":"service","input":{"name":"svc:v1","host":"h"}}"#;
    assert_eq!(
        run(&["--target=konnect"], line),
        ("{\"valid\":true,\"errors\":{}}\n".to_string(), 0)
    );
    assert_eq!(run(&["--target", "mesh"], line), (String::new(), 2));
}
