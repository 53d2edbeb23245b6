//! Integration tests of the engine and the `townhall` command line, on real SQLite files and the
//! project's own fixtures (and the shared corpus when it is present).

mod bindings;
mod bombs;
mod brief;
mod cli;
mod corpus;
mod crash;
mod errors;
mod formats;
mod import;
mod incidents;
mod metrics;
mod query;
mod sentiment;
mod series;
mod store;
mod support;
