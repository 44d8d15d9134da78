//! Metrics and health on a listener of their own (`[metrics] listen`), never on the RADIUS
//! ports: `/metrics` (Prometheus text), `/livez` (the process answers) and `/readyz` (503
//! while the database is unreachable or has migrations pending, so a load balancer or an
//! orchestrator stops sending to an instance that cannot record what it acknowledges).

pub mod export;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::server::context::Context;

/// Serves the three paths on `socket` (bound and non-blocking) until `shutdown` completes.
pub async fn serve_on(
    socket: std::net::TcpListener,
    ctx: Arc<Context>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::from_std(socket)?;
    let local = listener.local_addr()?;
    tracing::info!(addr = %local, "metrics listening");
    axum::serve(listener, router(ctx))
        .with_graceful_shutdown(shutdown)
        .await
        .context("metrics listener failed")
}

/// The routes, over the request path's shared state.
pub fn router(ctx: Arc<Context>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/livez", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .with_state(ctx)
}

async fn metrics(State(ctx): State<Arc<Context>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, export::CONTENT_TYPE)],
        export::render(&ctx).await,
    )
}

async fn readyz(State(ctx): State<Arc<Context>>) -> (StatusCode, String) {
    match ctx.store.readiness().await {
        Ok(()) => (StatusCode::OK, "ready\n".into()),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}\n")),
    }
}
