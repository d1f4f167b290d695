//! Integration tests: the built `remodel` binary on temporary trees.

mod cli;
mod config;
mod fixtures;
mod overlays;
mod pr;
mod registry;
mod reliability;
mod support;
mod verify;
