//! Integration tests of the engine and the `townhall` command line, on real SQLite files and the
//! project's own fixtures (and the shared corpus when it is present).

mod alerting;
mod alerts;
mod bindings;
mod bombs;
mod brief;
mod categories;
mod cli;
mod collect;
mod commands;
mod compare;
mod copies;
mod corpus;
mod crash;
mod default_period;
mod delivery;
mod editing;
mod errors;
mod fake_server;
mod formats;
mod import;
mod incidents;
mod last_hours;
mod layers;
mod live_cli;
mod metrics;
mod nab;
mod problems;
mod query;
mod response;
mod sentiment;
mod series;
mod store;
mod support;
mod themes;
mod workspace;
