//! The `khabar` binary: a thin shell over [`khabar_cli`].

fn main() -> std::process::ExitCode {
    khabar_cli::main()
}
