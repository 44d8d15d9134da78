//! The UDP server: listeners, NAS registry, duplicate cache, request dispatch, shutdown.

use crate::config::Config;

/// Runs the server until SIGTERM/SIGINT (migrates the database first).
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let _ = config;
    todo!("lead")
}
