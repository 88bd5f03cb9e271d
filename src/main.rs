//! The `apigw-playground` binary: natively it is the command-line tool.

fn main() {
    std::process::exit(apigw_playground::cli::main());
}
