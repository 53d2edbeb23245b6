//! The `townhall` command line: the engine, for scripts and schedulers. Each command parses its
//! arguments, calls one use case of [`townhall::workspace`] and prints the result (`cli`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
