//! Accounting: Accounting-Request parsing, the group-commit writer that stores sessions and
//! usage before any Accounting-Response is sent, and the stale-session reaper.

pub mod reaper;
pub mod request;
pub mod retention;
pub mod timezone;
pub mod user_sets;
pub mod writer;

use crate::protocol::Packet;
use crate::store::AcctKind;
pub use request::ParseError;
pub use timezone::DayZone;
pub use writer::{AccountingWriter, RecordError};

/// What the request path needs to record accounting.
#[derive(Debug, Clone)]
pub struct Accounting {
    pub writer: AccountingWriter,
    pub zone: DayZone,
    /// Acct-Interim-Interval handed out in Access-Accept, seconds.
    pub interim_interval: u32,
}

/// Why an Accounting-Request got no response.
#[derive(Debug, thiserror::Error)]
pub enum AcctError {
    #[error(transparent)]
    Invalid(#[from] ParseError),
    #[error(transparent)]
    NotRecorded(#[from] RecordError),
}

impl Accounting {
    /// Parses an authenticated Accounting-Request and waits until it is committed; `Ok`
    /// means the Accounting-Response may be sent.
    pub async fn record(
        &self,
        packet: &Packet<'_>,
        nas_id: i64,
        received_at: i64,
    ) -> Result<AcctKind, AcctError> {
        let cx = request::ParseContext {
            nas_id,
            received_at,
            zone: &self.zone,
            interim_interval: i64::from(self.interim_interval),
        };
        let record = request::parse(packet, &cx)?;
        let kind = record.kind;
        self.writer.record(record).await?;
        Ok(kind)
    }
}
