//! Integration tests: the built `remodel` binary on temporary trees.

mod cli;
mod fixtures;
mod overlays;
mod pr;
mod registry;
mod reliability;
mod support;
