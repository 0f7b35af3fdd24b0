//! Config: CLI arguments + optional `hanji.yaml` → each stage's options.
