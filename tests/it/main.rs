//! The one integration-test binary: each stage's end-to-end tests are a module here.
//! Validators (EPUBCheck, qpdf, poppler) are found by `tools`; `.ci/run` installs them and sets
//! `HANJI_REQUIRE_TOOLS=1` so that nothing skips in CI.

mod architecture;
mod books;
mod cli;
mod conservation;
mod epub;
mod model;
mod pdf;
mod text;
mod tools;
