fn main() {
    std::process::exit(ect::run(std::env::args_os()));
}
