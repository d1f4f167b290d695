//! Integration tests: the built `remodel` binary on temporary trees.

mod cli;
mod fixtures;
mod registry;
mod support;
