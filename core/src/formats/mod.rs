//! One module per export or import format.

pub mod json;
