//! What a logged-in person can do: disconnect one of their devices (a Disconnect-Request
//! to its hotspot) and forget a roaming device. Each form names a session or a device, and
//! the server acts only when it belongs to the session's own user: editing the form's
//! value can never reach another person's session or device.

use crate::http::client::ClientAddr;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Person, Portal, State, done, see_other};
use crate::coa::{Outcome, SessionTarget};
use crate::store::sessions::state;
use crate::store::{Actor, Role};
use crate::web::Lang;

/// A form naming one session (`session`) or one roaming device (`device`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    csrf: String,
    session: String,
    device: String,
}

/// The person of a request whose form token matches their session; otherwise the answer
/// to give instead (to the login form, or 403).
fn checked(
    p: &Portal,
    headers: &HeaderMap,
    form: Result<Form<ItemForm>, FormRejection>,
) -> Result<(Person, ItemForm), Box<Response>> {
    let Some((sid, person)) = p.sessions.get(headers) else {
        return Err(Box::new(see_other("/", Vec::new())));
    };
    let form = form.map(|f| f.0).unwrap_or_default();
    if !p.csrf.verify(&sid, &form.csrf) {
        return Err(Box::new(super::view::forbidden(Lang::of(headers))));
    }
    Ok((person, form))
}

/// 404 for a session or device that is not the person's (or does not exist: the same).
fn not_theirs(lang: Lang) -> Response {
    super::view::message_page(
        StatusCode::NOT_FOUND,
        lang,
        lang.pick("Tidak ditemukan", "Not found"),
        lang.pick(
            "Perangkat ini tidak ada di akun Anda.",
            "This device is not on your account.",
        ),
    )
}

/// `POST /devices/disconnect`: ends one of the person's open sessions through its hotspot.
pub async fn disconnect(
    axum::extract::State(p): State,
    headers: HeaderMap,
    form: Result<Form<ItemForm>, FormRejection>,
) -> Response {
    let lang = Lang::of(&headers);
    let (person, form) = match checked(&p, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return *response,
    };
    let Ok(id) = form.session.trim().parse::<i64>() else {
        return not_theirs(lang);
    };
    let session = match p.ctx.store.get_session(id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "portal: cannot read the session");
            return super::view::unavailable(lang);
        }
    };
    let Some(session) = session.filter(|s| s.username == person.username) else {
        tracing::warn!(
            username = %person.username,
            session = id,
            "portal: disconnect of a session that is not the user's refused"
        );
        return not_theirs(lang);
    };
    if session.state == state::CLOSED {
        return done("gone");
    }
    let nas = match p.ctx.store.list_nas().await {
        Ok(list) => list.into_iter().find(|n| n.id == session.nas_id),
        Err(e) => {
            tracing::warn!(error = %e, "portal: cannot read the hotspots");
            return super::view::unavailable(lang);
        }
    };
    let Some(nas) = nas else {
        return done("not-sent");
    };
    let target = SessionTarget::from(&session);
    let outcome = crate::coa::disconnect(&nas, &p.sealer, &p.coa, &target).await;
    tracing::info!(
        username = %person.username,
        session = id,
        nas = %nas.name,
        outcome = %match &outcome { Ok(o) => o.to_string(), Err(e) => e.to_string() },
        "portal: disconnect requested by the user"
    );
    done(match outcome {
        Ok(Outcome::Ack(_)) => "disconnected",
        Ok(Outcome::Nak { .. }) => "refused",
        Ok(Outcome::NoAnswer { .. }) => "no-answer",
        Err(_) => "not-sent",
    })
}

/// `POST /devices/forget`: ends one of the person's roaming bindings (audited).
pub async fn forget(
    axum::extract::State(p): State,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<ItemForm>, FormRejection>,
) -> Response {
    let lang = Lang::of(&headers);
    let (person, form) = match checked(&p, &headers, form) {
        Ok(ok) => ok,
        Err(response) => return *response,
    };
    let device = form.device.trim();
    if device.is_empty() || device.len() > 128 {
        return not_theirs(lang);
    }
    let actor = Actor {
        name: format!("portal:{}", person.username),
        // The person acts on their own account only; the audit row's role column has no
        // word for that, and operator is the nearest without admin's reach.
        role: Role::Operator,
        client: Some(client.to_string()),
    };
    let target = format!("user:{}", person.username);
    match p
        .ctx
        .store
        .unbind_macs(&actor, person.user_id, &target, Some(device))
        .await
    {
        Ok(0) => not_theirs(lang),
        Ok(_) => done("forgotten"),
        Err(e) => {
            tracing::warn!(error = %e, "portal: cannot end the binding");
            super::view::unavailable(lang)
        }
    }
}
