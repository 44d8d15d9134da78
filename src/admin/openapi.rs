//! The hand-written OpenAPI 3.1 document served at `/openapi.json`.

use axum::Json;
use serde_json::{Value, json};

fn list_params(extra: &[(&str, &str)]) -> Value {
    let mut params = vec![
        json!({"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": super::handlers::MAX_LIMIT, "default": 100}}),
        json!({"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}),
    ];
    for (name, ty) in extra {
        params.push(json!({"name": name, "in": "query", "schema": {"type": ty}}));
    }
    Value::Array(params)
}

fn op(summary: &str, roles: &str, params: Value, body: Option<&str>, ok: &str) -> Value {
    let mut o = json!({
        "summary": summary,
        "description": format!("Roles: {roles}."),
        "parameters": params,
        "responses": {
            ok: {"description": "success"},
            "default": {"description": "error", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        }
    });
    if let Some(schema) = body {
        o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
    }
    o
}

/// A path parameter plus the from/to days of the usage endpoints.
fn usage_params(path: &str) -> Value {
    json!([
        {"name": path, "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}
    ])
}

/// GET /openapi.json (no token needed).
pub async fn document() -> Json<Value> {
    let none = json!([]);
    let name_param = |n: &str| json!([{"name": n, "in": "path", "required": true, "schema": {"type": "string"}}]);
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "radkota admin API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Users, NAS, plans, areas, sessions (list, disconnect), daily usage, authentication log and audit log of a radkota RADIUS server. Lists are paginated with limit/offset and return {items, total, limit, offset}. Errors are RFC 9457 application/problem+json. Operators see only users and NAS inside their area, and sessions and usage of NAS (and users) inside it."
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/users": {
                "get": op("List users", "admin, operator (own area)", list_params(&[("plan", "string"), ("area", "string")]), None, "200"),
                "post": op("Create a user", "admin, operator (own area)", none.clone(), Some("NewUser"), "201")
            },
            "/api/v1/users/{username}": {
                "get": op("One user", "admin, operator (own area)", name_param("username"), None, "200"),
                "patch": op("Change status and/or password", "admin, operator (own area)", name_param("username"), Some("UserPatch"), "200"),
                "delete": op("Delete a user", "admin, operator (own area)", name_param("username"), None, "204")
            },
            "/api/v1/nas": {
                "get": op("List NAS (never the secret)", "admin, operator (own area)", list_params(&[]), None, "200"),
                "post": op("Add a NAS", "admin, operator (own area)", none.clone(), Some("NewNas"), "201")
            },
            "/api/v1/nas/{name}": {
                "get": op("One NAS", "admin, operator (own area)", name_param("name"), None, "200"),
                "delete": op("Remove a NAS", "admin, operator (own area)", name_param("name"), None, "204")
            },
            "/api/v1/nas/{name}/mikrotik-script": {
                "get": op("The RouterOS 7 script for this NAS (text/plain); query: server (IP), udp (boolean), login_by", "admin, operator (own area)", name_param("name"), None, "200")
            },
            "/api/v1/plans": {"get": op("List plans", "every role", none.clone(), None, "200")},
            "/api/v1/areas": {"get": op("List areas (kecamatan > kelurahan > RW)", "every role", list_params(&[]), None, "200")},
            "/api/v1/sessions": {"get": op("List sessions, newest first (no RADIUS Class)", "admin, auditor, operator (sessions on NAS in own area)", list_params(&[("user", "string"), ("nas", "string"), ("open", "boolean")]), None, "200")},
            "/api/v1/sessions/{id}": {"get": op("One session", "admin, auditor, operator (NAS in own area)", name_param("id"), None, "200")},
            "/api/v1/sessions/{id}/disconnect": {"post": op("Send a Disconnect-Request for one open session; reports the NAS's answer (ack, nak, no-answer, not-sent)", "admin, operator (NAS in own area)", name_param("id"), None, "200")},
            "/api/v1/users/{username}/disconnect": {"post": op("Disconnect every open session of a user; one outcome per session", "admin, operator (sessions on NAS in own area)", name_param("username"), None, "200")},
            "/api/v1/usage/users/{username}": {"get": op("A user's usage per day (accounting.timezone) and the total; default the last 30 days, at most 366", "admin, auditor, operator (users in own area)", usage_params("username"), None, "200")},
            "/api/v1/usage/nas/{name}": {"get": op("A NAS's usage per day and the total", "admin, auditor, operator (NAS in own area)", usage_params("name"), None, "200")},
            "/api/v1/auth-log": {"get": op("Authentication log, newest first", "admin, auditor", list_params(&[("username", "string")]), None, "200")},
            "/api/v1/audit-log": {"get": op("Audit log, oldest first (with hashes)", "admin, auditor", list_params(&[("actor", "string"), ("from", "integer"), ("to", "integer")]), None, "200")},
            "/api/v1/reports/usage": {"get": op("Usage report from the rollups: unique users, sessions, octets, hours, peak concurrency per group, split by plan; default the last 7 days, at most 366. Usernames are pseudonymised (fresh key per response) unless an admin sends raw=true", "admin, auditor (raw=true: admin only)", json!([
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "by", "in": "query", "schema": {"enum": ["rw", "kelurahan", "kecamatan", "plan", "nas", "user", "day", "hour"], "default": "rw"}},
                {"name": "format", "in": "query", "schema": {"enum": ["json", "csv"], "default": "json"}},
                {"name": "raw", "in": "query", "schema": {"type": "boolean", "default": false}}
            ]), None, "200")},
            "/api/v1/reports/hotspots": {"get": op("Hotspot health per NAS: last contact, logins, users, open sessions and flags (silent, rejected-heavy, never-seen, clock-skew, default-identifier)", "admin, auditor", json!([
                {"name": "format", "in": "query", "schema": {"enum": ["json", "csv"], "default": "json"}}
            ]), None, "200")},
            "/api/v1/reports/weekly": {"get": op("Every RW this week (7 days ending week_end, default yesterday) against the week before; silent and underused first", "admin, auditor", json!([
                {"name": "week_end", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "format", "in": "query", "schema": {"enum": ["json", "csv"], "default": "json"}}
            ]), None, "200")}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "radkota token create --role ROLE"}},
            "schemas": {
                "Problem": {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}},
                "NewUser": {"type": "object", "additionalProperties": false, "required": ["username", "plan", "password"], "properties": {
                    "username": {"type": "string", "maxLength": 64}, "plan": {"type": "string"}, "password": {"type": "string", "writeOnly": true, "maxLength": 128},
                    "area": {"type": "string"}, "full_name": {"type": "string", "maxLength": 128}, "school_or_business": {"type": "string", "maxLength": 128}, "id": {"type": "string", "maxLength": 64}}},
                "UserPatch": {"type": "object", "additionalProperties": false, "properties": {
                    "status": {"enum": ["active", "disabled"]}, "password": {"type": "string", "writeOnly": true}}},
                "NewNas": {"type": "object", "additionalProperties": false, "required": ["name", "address", "secret"], "properties": {
                    "name": {"type": "string"}, "address": {"type": "string", "description": "IP or CIDR"}, "secret": {"type": "string", "writeOnly": true},
                    "rw": {"type": "string"}, "vendor": {"enum": ["mikrotik", "wispr", "chillispot", "generic"]},
                    "require_message_authenticator": {"enum": ["auto", "yes", "no"]}, "coa_port": {"type": "integer"}}}
            }
        }
    }))
}
