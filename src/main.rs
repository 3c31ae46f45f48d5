//! The `khabar` binary: a thin shell over [`khabar_cli`].

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    khabar_cli::main()
}
