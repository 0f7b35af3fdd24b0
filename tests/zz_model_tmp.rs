#[path = "it/model.rs"]
mod model;
