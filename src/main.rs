fn main() {
    std::process::exit(rmake::run());
}
