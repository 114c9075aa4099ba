fn main() -> std::process::ExitCode {
    yuqing::cli::main()
}
