//! `konnect-sandbox`: runs the sandbox in the foreground until Ctrl-C.

use std::process::ExitCode;

use konnect_sandbox::Sandbox;
use konnect_sandbox::cli::{self, Command};

fn main() -> ExitCode {
    let config = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("konnect-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("konnect-sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let sandbox = match Sandbox::start(config).await {
            Ok(sandbox) => sandbox,
            Err(error) => {
                eprintln!("konnect-sandbox: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!("Konnect sandbox API: {}", sandbox.api_url());
        println!("data plane (proxy): {}", sandbox.proxy_url());
        println!("echo upstream: {}", sandbox.upstream_url());
        println!("token: {}", sandbox.token());
        wait_for_stop_signal().await;
        sandbox.shutdown().await;
        ExitCode::SUCCESS
    })
}

/// Ctrl-C, or SIGTERM (what `make serve` and process managers send) on Unix.
async fn wait_for_stop_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            eprintln!("konnect-sandbox: cannot wait for Ctrl-C ({error})");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(error) => {
                eprintln!("konnect-sandbox: cannot wait for SIGTERM ({error})");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
