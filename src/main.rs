use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    yuanba::telemetry::init();
    match yuanba::cli::run(yuanba::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("yuanba: {message}");
            ExitCode::FAILURE
        }
    }
}
