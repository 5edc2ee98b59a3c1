//! The `konnect-sandbox` command line (hand-written: a handful of flags do not need a parser
//! crate).

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::config::SandboxConfig;

pub const USAGE: &str = "\
konnect-sandbox: a local Konnect API sandbox with a Kong-like data plane

USAGE:
    konnect-sandbox [OPTIONS]

OPTIONS:
    --api ADDR            Konnect API address            [default: 127.0.0.1:8070]
    --proxy ADDR          data plane (proxy) address     [default: 127.0.0.1:8000]
    --upstream ADDR       echo upstream address          [default: 127.0.0.1:8071]
    --token TOKEN         the bearer token the API accepts
                          [default: spat_LocalSandboxToken0000000000000000000000]
    --state FILE          load state from FILE if present; save it after every change
    --seed-large N        also seed N API products, each with a version, a gateway
                          service and a route (scale tests)
    --test-controls       enable the /sandbox/* control endpoints (faults, reset,
                          proxy stop/start)
    --proxy-cors on|off   answer on the data plane as if Kong's CORS plugin were
                          enabled with origins \"*\"  [default: on]
    -h, --help            print this help

Port 0 picks a free port; the addresses in use are printed at start.";

#[derive(Debug)]
pub enum Command {
    Help,
    Run(SandboxConfig),
}

/// Parses the arguments after the program name. Accepts `--flag value` and `--flag=value`.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut config = SandboxConfig::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = || {
            inline_value
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--api" => config.api_addr = address(&flag, &value()?)?,
            "--proxy" => config.proxy_addr = address(&flag, &value()?)?,
            "--upstream" => config.upstream_addr = address(&flag, &value()?)?,
            "--token" => {
                let token = value()?;
                if token.is_empty() || token.chars().any(char::is_whitespace) {
                    return Err("--token must be non-empty and contain no spaces".to_owned());
                }
                config.token = token;
            }
            "--state" => config.state_file = Some(PathBuf::from(value()?)),
            "--seed-large" => {
                let count = value()?;
                config.seed_large = count
                    .parse()
                    .map_err(|_| format!("--seed-large expects a number, got {count:?}"))?;
            }
            "--test-controls" => config.test_controls = true,
            "--proxy-cors" => {
                config.proxy_cors = match value()?.as_str() {
                    "on" => true,
                    "off" => false,
                    other => return Err(format!("--proxy-cors expects on or off, got {other:?}")),
                }
            }
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Command::Run(config))
}

fn address(flag: &str, text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| format!("{flag} expects an address like 127.0.0.1:8070, got {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<SandboxConfig, String> {
        match parse(args.iter().map(|arg| (*arg).to_owned()))? {
            Command::Run(config) => Ok(config),
            Command::Help => Err("help".to_owned()),
        }
    }

    #[test]
    fn defaults_match_the_documented_ones() {
        let config = run(&[]).unwrap();
        assert_eq!(config.api_addr.to_string(), "127.0.0.1:8070");
        assert_eq!(config.proxy_addr.to_string(), "127.0.0.1:8000");
        assert_eq!(config.upstream_addr.to_string(), "127.0.0.1:8071");
        assert_eq!(config.token, crate::DEFAULT_TOKEN);
        assert!(config.proxy_cors);
        assert!(!config.test_controls);
    }

    #[test]
    fn parses_every_flag_in_both_spellings() {
        let config = run(&[
            "--api",
            "127.0.0.1:1",
            "--proxy=127.0.0.1:2",
            "--upstream",
            "127.0.0.1:3",
            "--token",
            "t0k",
            "--state",
            "/tmp/s.json",
            "--seed-large=5",
            "--test-controls",
            "--proxy-cors",
            "off",
        ])
        .unwrap();
        assert_eq!(config.api_addr.port(), 1);
        assert_eq!(config.proxy_addr.port(), 2);
        assert_eq!(config.upstream_addr.port(), 3);
        assert_eq!(config.token, "t0k");
        assert_eq!(config.state_file, Some(PathBuf::from("/tmp/s.json")));
        assert_eq!(config.seed_large, 5);
        assert!(config.test_controls);
        assert!(!config.proxy_cors);
    }

    #[test]
    fn reports_bad_input() {
        assert_eq!(run(&["--api"]).unwrap_err(), "--api needs a value");
        assert!(
            run(&["--api", "nowhere"])
                .unwrap_err()
                .contains("expects an address")
        );
        assert!(
            run(&["--proxy-cors", "maybe"])
                .unwrap_err()
                .contains("on or off")
        );
        assert!(run(&["--bogus"]).unwrap_err().contains("unknown argument"));
        assert_eq!(run(&["--help"]).unwrap_err(), "help");
    }
}
