//! Entities (being written).
