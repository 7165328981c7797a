//! Hand-written support for the generated models: the tri-state [`Field`],
//! lossless primitive types, open enums and flags sets.
//!
//! Everything here is written by hand; the modules under `models` are generated.

pub mod enums;
mod field;
mod primitives;

pub use enums::{Flags, OpenEnum};
pub use field::Field;
pub use primitives::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, InvalidValue, Single, TimeOfDay,
};

/// What `Debug` prints instead of a secret.
pub const REDACTED: &str = "<redacted>";
