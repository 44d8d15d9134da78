//! Adding and editing a hotspot (NAS) in the console: the same checks as `radkota nas add`
//! and `POST /api/v1/nas` (name, address or CIDR, vendor, secret, CoA port, RW inside the
//! operator's area), written through the store's audited NAS functions under the person's
//! name. The shared secret is never shown back: an edit keeps it unless a new one is typed.

use axum::Form;
use axum::extract::Path;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::frame::{Staff, done, seg};
use super::{Console, State};
use crate::import::nas::{VENDORS, check_name, parse_address};
use crate::store::{NasChange, NasView, NewNas, RequireMa, StoreError};

/// The form's fields (add and edit alike; `enabled` is a checkbox, absent when off).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NasForm {
    csrf: String,
    name: String,
    address: String,
    rw: String,
    vendor: String,
    secret: String,
    coa_port: String,
    require_ma: String,
    enabled: String,
}

impl NasForm {
    /// The form filled from a stored NAS (the secret left empty: it is never shown).
    fn of(n: &NasView) -> NasForm {
        NasForm {
            name: n.name.clone(),
            address: n.address.clone(),
            rw: n.rw.clone().unwrap_or_default(),
            vendor: n.vendor.clone(),
            coa_port: n.coa_port.to_string(),
            require_ma: n.require_message_authenticator.clone(),
            enabled: if n.enabled { "1".into() } else { String::new() },
            ..NasForm::default()
        }
    }
}

/// A form's fields checked: what the store is given.
struct Checked {
    name: String,
    address: String,
    rw: Option<String>,
    vendor: String,
    secret: Option<String>,
    coa_port: i64,
    require_ma: RequireMa,
}

/// `editing`: the name of the NAS being edited, `None` for a new one.
fn form_page(
    staff: &Staff,
    status: StatusCode,
    problem: Option<String>,
    f: &NasForm,
    editing: Option<&str>,
) -> Response {
    let (action, title, path) = match editing {
        Some(name) => (
            format!("/hotspots/{}", seg(name)),
            format!("{} {name}", staff.t("Ubah hotspot", "Edit hotspot")),
            format!("/hotspots/{}/edit", seg(name)),
        ),
        None => (
            "/hotspots".to_string(),
            staff.t("Tambah hotspot", "Add hotspot").to_string(),
            "/hotspots/new".to_string(),
        ),
    };
    let vendor = if f.vendor.is_empty() {
        "mikrotik"
    } else {
        &f.vendor
    };
    let require_ma = if f.require_ma.is_empty() {
        "auto"
    } else {
        &f.require_ma
    };
    let port = if f.coa_port.is_empty() {
        "3799"
    } else {
        &f.coa_port
    };
    let content = html! {
        @if let Some(p) = &problem { p.flash.error role="alert" { (p) } }
        form.card.nas method="post" action=(action) {
            input type="hidden" name="csrf" value=(staff.token);
            label for="name" { (staff.t("Nama", "Name")) }
            input #name type="text" name="name" value=(f.name) required autocapitalize="none"
                placeholder="rw07-hotspot";
            label for="address" { (staff.t("Alamat IP atau CIDR", "IP address or CIDR")) }
            input #address type="text" name="address" value=(f.address) required
                placeholder="10.7.0.1";
            label for="rw" { (staff.t("RW (kode area)", "RW (area code)")) }
            input #rw type="text" name="rw" value=(f.rw);
            label for="vendor" { "Vendor" }
            select #vendor name="vendor" {
                @for v in VENDORS { option value=(v) selected[*v == vendor] { (v) } }
            }
            label for="secret" { (staff.t("Rahasia bersama (shared secret)", "Shared secret")) }
            @if editing.is_some() {
                p.muted { (staff.t(
                    "Rahasia tersimpan tidak ditampilkan. Kosongkan untuk tetap memakainya.",
                    "The stored secret is not shown. Leave this empty to keep it.")) }
            }
            input #secret type="password" name="secret" autocomplete="new-password"
                required[editing.is_none()];
            label for="coa_port" { (staff.t("Port CoA", "CoA port")) }
            input #coa_port type="number" name="coa_port" min="1" max="65535" value=(port);
            label for="require_ma" { "Message-Authenticator" }
            select #require_ma name="require_ma" {
                @for (v, id, en) in [("auto", "otomatis (wajib setelah terlihat)", "automatic (required once seen)"),
                                     ("yes", "wajib", "required"), ("no", "tidak wajib", "not required")] {
                    option value=(v) selected[v == require_ma] { (staff.t(id, en)) }
                }
            }
            @if editing.is_some() {
                label.check for="enabled" {
                    input #enabled type="checkbox" name="enabled" value="1" checked[!f.enabled.is_empty()];
                    (staff.t("Aktif (menerima permintaan RADIUS)", "Enabled (RADIUS requests accepted)"))
                }
            }
            p { button type="submit" { (staff.t("Simpan", "Save")) } }
        }
    };
    staff.page(status, &title, &path, content)
}

/// Why the form cannot be saved as typed (in the person's language), else its values.
async fn check(c: &Console, staff: &Staff, f: &NasForm, new: bool) -> Result<Checked, String> {
    let name = f.name.trim();
    check_name(name).map_err(|e| format!("{}: {e}", staff.t("Nama", "Name")))?;
    let address = parse_address(&f.address).map_err(|e| {
        format!(
            "{}: {e}",
            staff.t("Alamat tidak sah", "Not a valid address")
        )
    })?;
    let secret = Some(f.secret.as_str()).filter(|s| !s.is_empty());
    if new && secret.is_none() {
        return Err(staff
            .t(
                "Rahasia bersama wajib diisi.",
                "The shared secret is required.",
            )
            .into());
    }
    if secret.is_some_and(|s| s.chars().count() > 128 || s.chars().any(char::is_control)) {
        return Err(staff
            .t(
                "Rahasia bersama: 1 sampai 128 karakter.",
                "Shared secret: 1 to 128 characters.",
            )
            .into());
    }
    let coa_port = match f.coa_port.trim() {
        "" => 3799,
        p => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p >= 1)
            .map(i64::from)
            .ok_or_else(|| staff.t("Port CoA: 1 sampai 65535.", "CoA port: 1 to 65535."))?,
    };
    let vendor = match f.vendor.trim() {
        "" => "mikrotik",
        v => v,
    };
    if !VENDORS.contains(&vendor) {
        return Err(format!("Vendor: {}", VENDORS.join(", ")));
    }
    let require_ma = match f.require_ma.trim() {
        "" => RequireMa::Auto,
        s => RequireMa::parse(s).ok_or("Message-Authenticator: auto, yes, no")?,
    };
    let rw = Some(f.rw.trim()).filter(|r| !r.is_empty());
    if rw.is_some_and(|r| r.chars().count() > 32 || r.chars().any(char::is_control)) {
        return Err(staff
            .t("RW: 1 sampai 32 karakter.", "RW: 1 to 32 characters.")
            .into());
    }
    // As the API: an operator's hotspot must lie in an RW inside their own area.
    if !staff.may_use_area(&c.store, rw).await {
        return Err(staff
            .t(
                "RW harus di dalam area Anda.",
                "The RW must be inside your own area.",
            )
            .into());
    }
    c.store
        .check_area(rw, true)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Checked {
        name: name.to_string(),
        address,
        rw: rw.map(str::to_string),
        vendor: vendor.to_string(),
        secret: secret.map(str::to_string),
        coa_port,
        require_ma,
    })
}

/// The answer to a store refusal: the form again with the reason, or the failure page.
fn refused(staff: &Staff, e: StoreError, f: &NasForm, editing: Option<&str>) -> Response {
    let (status, text) = match e {
        StoreError::Duplicate { kind, name } => (
            StatusCode::CONFLICT,
            format!(
                "{} ({kind} '{name}')",
                staff.t(
                    "Nama atau alamat sudah dipakai hotspot lain.",
                    "The name or address is another hotspot's."
                )
            ),
        ),
        StoreError::NotFound { .. } if editing.is_some() => return staff.not_found(),
        StoreError::NotFound { kind, name } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{}: {kind} '{name}'", staff.t("Tidak ada", "No such")),
        ),
        StoreError::Invalid(why) => (StatusCode::UNPROCESSABLE_ENTITY, why),
        e => return staff.failed(e),
    };
    form_page(staff, status, Some(text), f, editing)
}

/// The 403 for auditors, who change nothing.
fn read_only(staff: &Staff) -> Response {
    staff.forbidden(staff.t(
        "Peran auditor hanya dapat melihat.",
        "The auditor role can only look.",
    ))
}

/// `GET /hotspots/new`.
pub async fn add_form(staff: Staff) -> Response {
    if !staff.may_change() {
        return read_only(&staff);
    }
    form_page(&staff, StatusCode::OK, None, &NasForm::default(), None)
}

/// `POST /hotspots`.
pub async fn add(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<NasForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let v = match check(&c, &staff, &f, true).await {
        Ok(v) => v,
        Err(p) => return form_page(&staff, StatusCode::UNPROCESSABLE_ENTITY, Some(p), &f, None),
    };
    let secret = v.secret.unwrap_or_default();
    let nas = NewNas {
        name: v.name,
        address: v.address,
        sealed_secret: c.sealer.seal(secret.as_bytes()),
        vendor: v.vendor,
        rw: v.rw,
        require_ma: v.require_ma,
        coa_port: v.coa_port,
    };
    match c.store.add_nas_audited(&nas, &staff.caller.actor).await {
        Ok(n) => done(&format!("/hotspots/{}", seg(&n.name)), "added"),
        Err(e) => refused(&staff, e, &f, None),
    }
}

/// `GET /hotspots/{name}/edit`.
pub async fn edit_form(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
) -> Response {
    if !staff.may_change() {
        return read_only(&staff);
    }
    match c.store.get_nas_view(&name, &staff.caller.scope).await {
        Ok(Some(n)) => form_page(&staff, StatusCode::OK, None, &NasForm::of(&n), Some(&name)),
        Ok(None) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}

/// `POST /hotspots/{name}`: the edit saved.
pub async fn save(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    form: Result<Form<NasForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    // Scope first: a hotspot outside the area is not there, whatever the form says.
    match c.store.get_nas_view(&name, &staff.caller.scope).await {
        Ok(Some(_)) => {}
        Ok(None) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    }
    let v = match check(&c, &staff, &f, false).await {
        Ok(v) => v,
        Err(p) => {
            return form_page(
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(p),
                &f,
                Some(&name),
            );
        }
    };
    let change = NasChange {
        name: v.name,
        address: v.address,
        sealed_secret: v.secret.map(|s| c.sealer.seal(s.as_bytes())),
        vendor: v.vendor,
        rw: v.rw,
        require_ma: v.require_ma,
        coa_port: v.coa_port,
        enabled: !f.enabled.is_empty(),
    };
    match c
        .store
        .update_nas_audited(&name, &change, &staff.caller.scope, &staff.caller.actor)
        .await
    {
        Ok(n) => done(&format!("/hotspots/{}", seg(&n.name)), "saved"),
        Err(e) => refused(&staff, e, &f, Some(&name)),
    }
}
