//! Replies (being written).
