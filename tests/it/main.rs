//! The one integration-test binary: each stage's end-to-end tests are a module here.
//! Validators (EPUBCheck, qpdf, poppler) are found by `tools`; `.ci/run` installs them and sets
//! `HANJI_REQUIRE_TOOLS=1` so that nothing skips in CI.

mod a11y;
mod architecture;
mod assets;
mod books;
mod cache;
mod ci;
mod cli;
mod config;
mod conservation;
mod customise;
mod docs;
mod epub;
mod fidelity;
mod hardening;
mod hostile;
mod links;
mod lossless;
mod model;
mod pages;
mod parts;
mod pdf;
mod presentation;
mod text;
mod tools;
