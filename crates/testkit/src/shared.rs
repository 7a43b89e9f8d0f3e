//! The shared reference data folder (`../shared` beside the repository).

use std::path::{Path, PathBuf};

/// Path of the shared reference data folder: env PAYDESK_SHARED if set, else `<workspace root>/../shared` (derive from env!("CARGO_MANIFEST_DIR") = <root>/crates/testkit). Panics with a clear message if missing.
pub fn shared_dir() -> PathBuf {
    let (dir, origin) = match std::env::var_os("PAYDESK_SHARED") {
        Some(dir) => (PathBuf::from(dir), "from PAYDESK_SHARED"),
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
            "beside the workspace",
        ),
    };
    match dir.canonicalize() {
        Ok(found) if found.is_dir() => found,
        _ => panic!(
            "shared reference data folder {} ({origin}) is missing; \
             check out shared/ next to the repository or set PAYDESK_SHARED",
            dir.display()
        ),
    }
}

/// Every real event payload in shared/data/stripe/events/*.json, sorted by file name: (file name, raw bytes as in the file).
pub fn real_events() -> Vec<(String, Vec<u8>)> {
    let dir = shared_dir().join("data/stripe/events");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()));
    let mut events: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
            let name = path
                .file_name()
                .expect("read_dir yields named files")
                .to_string_lossy()
                .into_owned();
            (name, bytes)
        })
        .collect();
    assert!(
        !events.is_empty(),
        "no *.json event payloads in {}",
        dir.display()
    );
    events.sort_by(|a, b| a.0.cmp(&b.0));
    events
}
