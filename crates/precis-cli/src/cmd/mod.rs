//! One module per subcommand: argument structs and the glue that calls the library crates.
