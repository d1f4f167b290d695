//! Integration tests: the built `remodel` binary on temporary trees.

mod cli;
mod fixtures;
mod overlays;
mod registry;
mod reliability;
mod support;
