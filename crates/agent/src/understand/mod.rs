//! Understanding a message: its language, its intent, its entities.

pub mod classifier;
pub mod features;
pub mod model;
pub mod text;

pub use classifier::{Classifier, Prediction};
