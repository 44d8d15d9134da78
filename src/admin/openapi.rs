//! The hand-written OpenAPI 3.1 document served at `/openapi.json`: every bound the server
//! enforces (sizes, ranges, patterns, enums, page limits, date spans, which role may call
//! what) and the RFC 9457 error bodies. Rules one JSON Schema cannot state (a date span
//! across two parameters, "exactly one of") are in the operation's description and in an
//! `x-radkota-rules` list; scripts/schemathesis.sh checks the whole against the server.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::handlers::MAX_LIMIT;
use crate::import::nas::VENDORS;

/// Longest from..to of the usage endpoints and the usage report, in days.
pub const MAX_SPAN_DAYS: i64 = 366;
/// Characters of a username (and of the other short texts, see the schemas).
const USERNAME_MAX: u32 = 64;
/// A username: no white space, no control character (Unicode White_Space and Cc).
const USERNAME_PATTERN: &str =
    "^[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+$";
/// Free text: no control character (Unicode Cc).
const TEXT_PATTERN: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";
/// A NAS name: what logs and reports can show safely.
const NAS_NAME_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";
/// A MAC address: 12 hex digits, alone or in pairs split by ':' or '-'.
const MAC_PATTERN: &str = "^(?:[0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})$";

fn int64(min: i64) -> Value {
    json!({"type": "integer", "format": "int64", "minimum": min, "maximum": i64::MAX})
}

fn query(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description})
}

fn required_query(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": true, "schema": schema, "description": description})
}

fn path(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

fn username_schema() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": USERNAME_MAX, "pattern": USERNAME_PATTERN})
}

fn nas_name_schema() -> Value {
    json!({"type": "string", "pattern": NAS_NAME_PATTERN})
}

fn ip_schema() -> Value {
    json!({"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]})
}

fn date_schema() -> Value {
    json!({"type": "string", "format": "date"})
}

fn page_params(extra: Vec<Value>) -> Vec<Value> {
    let mut params = vec![
        query(
            "limit",
            json!({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100}),
            "items per page",
        ),
        query("offset", int64(0), "items skipped"),
    ];
    params.extend(extra);
    params
}

/// One operation: `roles` may call it (also as `x-roles`), `errors` are the problem
/// statuses it answers besides 401 and 429 (every operation needs a token).
fn op(
    summary: &str,
    roles: &[&str],
    scope: &str,
    params: Vec<Value>,
    body: Option<&str>,
    ok: (&str, Value),
    errors: &[u16],
) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(ok.0.to_string(), ok.1);
    for code in [401u16, 429].iter().chain(errors) {
        responses.insert(
            code.to_string(),
            json!({"$ref": format!("#/components/responses/P{code}")}),
        );
    }
    responses.insert(
        "default".into(),
        json!({"$ref": "#/components/responses/Problem"}),
    );
    let mut description = format!("Roles: {}.", roles.join(", "));
    if !scope.is_empty() {
        description.push(' ');
        description.push_str(scope);
    }
    let mut o = json!({
        "summary": summary,
        "description": description,
        "x-roles": roles,
        "parameters": params,
        "responses": responses,
    });
    if let Some(schema) = body {
        o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
    }
    o
}

fn json_ok(code: &str, what: &str) -> (&'static str, Value) {
    let code: &'static str = match code {
        "201" => "201",
        _ => "200",
    };
    (
        code,
        json!({"description": what, "content": {"application/json": {"schema": {"type": "object"}}}}),
    )
}

fn page_ok() -> (&'static str, Value) {
    (
        "200",
        json!({"description": "one page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}),
    )
}

fn report_ok(what: &str) -> (&'static str, Value) {
    (
        "200",
        json!({"description": what, "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv; charset=utf-8": {"schema": {"type": "string"}}}}),
    )
}

fn text_ok(what: &str) -> (&'static str, Value) {
    (
        "200",
        json!({"description": what, "content": {"text/plain; charset=utf-8": {"schema": {"type": "string"}}}}),
    )
}

const AREA_SCOPE: &str = "An operator token sees and changes only users and NAS inside its area; anything outside is answered 404 (reads) or 403 (an area outside given on create).";

fn users_paths() -> Value {
    let admin_op = &["admin", "operator"];
    json!({
        "/api/v1/users": {
            "get": op("List users", admin_op, AREA_SCOPE, page_params(vec![
                query("plan", json!({"type": "string"}), "only users of this plan"),
                query("area", json!({"type": "string"}), "only users in this area (code)"),
            ]), None, page_ok(), &[400, 403]),
            "post": op("Create a user. The plan and the area (a code) must exist (404 otherwise); once areas are imported an area is required (422); an existing username is 409.",
                admin_op, AREA_SCOPE, vec![], Some("NewUser"), json_ok("201", "the user"), &[400, 403, 404, 409, 413, 422])
        },
        "/api/v1/users/{username}": {
            "get": op("One user", admin_op, AREA_SCOPE, vec![path("username", username_schema())], None, json_ok("200", "the user"), &[400, 403, 404]),
            "patch": op("Change status and/or password (at least one)", admin_op, AREA_SCOPE, vec![path("username", username_schema())], Some("UserPatch"), json_ok("200", "the user"), &[400, 403, 404, 413, 422]),
            "delete": op("Delete a user", admin_op, AREA_SCOPE, vec![path("username", username_schema())], None, ("204", json!({"description": "deleted"})), &[400, 403, 404])
        },
        "/api/v1/users/{username}/disconnect": {
            "post": op("Disconnect every open session of a user (RFC 5176 Disconnect-Request); one outcome per session",
                admin_op, "An operator reaches sessions on NAS in its area only.", vec![path("username", username_schema())], None, json_ok("200", "the outcomes"), &[400, 403, 404])
        }
    })
}

fn nas_paths(server_known: bool) -> Value {
    let admin_op = &["admin", "operator"];
    let server_param = json!({
        "name": "server", "in": "query", "required": !server_known, "schema": ip_schema(),
        "description": "this server's IP address as the router reaches it; required unless radsec.server_address is configured"
    });
    let login_methods = crate::onboard::LOGIN_METHODS.join("|");
    json!({
        "/api/v1/nas": {
            "get": op("List NAS (never the secret)", admin_op, AREA_SCOPE, page_params(vec![]), None, page_ok(), &[400, 403]),
            "post": op("Add a NAS. Its RW must exist (404); once areas are imported an RW is required and must be an RW, not a kelurahan or kecamatan (422); a name or address in use is 409. The address is an IP address or a CIDR network (the network address itself, prefix neither 0 nor the full length).",
                admin_op, AREA_SCOPE, vec![], Some("NewNas"), json_ok("201", "the NAS"), &[400, 403, 404, 409, 413, 422])
        },
        "/api/v1/nas/{name}": {
            "get": op("One NAS", admin_op, AREA_SCOPE, vec![path("name", nas_name_schema())], None, json_ok("200", "the NAS"), &[400, 403, 404]),
            "patch": op("Change a NAS: any of its fields; absent or null keeps the value, an empty body changes nothing. The same rules as adding one (a new RW must exist, 404; a name or address in use is 409); an operator may only move it to an RW in their area (403). The secret is never shown back.",
                admin_op, AREA_SCOPE, vec![path("name", nas_name_schema())], Some("NasPatch"), json_ok("200", "the NAS"), &[400, 403, 404, 409, 413, 422]),
            "delete": op("Remove a NAS", admin_op, AREA_SCOPE, vec![path("name", nas_name_schema())], None, ("204", json!({"description": "removed"})), &[400, 403, 404])
        },
        "/api/v1/nas/{name}/mikrotik-script": {
            "get": op("The RouterOS 7 script that onboards this NAS", admin_op, AREA_SCOPE, vec![
                path("name", nas_name_schema()),
                server_param,
                query("udp", json!({"type": "boolean", "default": false}), "RADIUS over UDP with Message-Authenticator instead of RadSec"),
                query("login_by", json!({"type": "string", "pattern": format!("^({login_methods})(,({login_methods}))*$"), "default": crate::onboard::DEFAULT_LOGIN_BY}), "the hotspot profile's login methods, comma-separated"),
            ], None, text_ok("the script"), &[400, 403, 404, 422])
        }
    })
}

fn usage_params(name: &str, schema: Value, default_days: u32) -> Vec<Value> {
    vec![
        path(name, schema),
        query(
            "from",
            date_schema(),
            &format!(
                "first day (accounting.timezone); default {default_days} days before `to`; not after `to`, and at most {MAX_SPAN_DAYS} days from `to` counting both"
            ),
        ),
        query("to", date_schema(), "last day; default today"),
    ]
}

const SPAN_RULE: &str =
    "from <= to and to - from < 366 days (at most 366 days counting both), else 400";

fn activity_paths() -> Value {
    let read = &["admin", "auditor", "operator"];
    let mut who = op(
        "Who used an IP address or MAC at an instant (a lawful request, audited with its case reference). Give exactly one of ip and mac (400 otherwise).",
        &["admin"],
        "",
        vec![
            query("ip", ip_schema(), "the address the NAS gave the client"),
            query(
                "mac",
                json!({"type": "string", "pattern": MAC_PATTERN}),
                "the device's MAC",
            ),
            required_query(
                "at",
                json!({"type": "string", "format": "date-time"}),
                "the instant: RFC 3339 (also accepted: YYYY-MM-DD HH:MM[:SS] in accounting.timezone)",
            ),
            query(
                "nas",
                json!({"type": "string"}),
                "only sessions on this NAS (404 if it does not exist)",
            ),
            required_query(
                "case",
                json!({"type": "string", "pattern": "\\S"}),
                "the request this answers (not blank)",
            ),
        ],
        None,
        json_ok("200", "the sessions"),
        &[400, 403, 404],
    );
    who["x-radkota-rules"] = json!(["exactly one of ip and mac"]);
    let mut user_usage = op(
        "A user's usage per day (accounting.timezone) and the total; default the last 30 days",
        read,
        "An operator sees users in its area only.",
        usage_params("username", username_schema(), 29),
        None,
        json_ok("200", "days and total"),
        &[400, 403, 404],
    );
    user_usage["x-radkota-rules"] = json!([SPAN_RULE]);
    let mut nas_usage = op(
        "A NAS's usage per day and the total; default the last 30 days",
        read,
        "An operator sees NAS in its area only.",
        usage_params("name", nas_name_schema(), 29),
        None,
        json_ok("200", "days and total"),
        &[400, 403, 404],
    );
    nas_usage["x-radkota-rules"] = json!([SPAN_RULE]);
    json!({
        "/api/v1/sessions": {"get": op("List sessions, newest first (no RADIUS Class)", read, "An operator sees sessions on NAS in its area only.", page_params(vec![
            query("user", json!({"type": "string"}), "only this username"),
            query("nas", json!({"type": "string"}), "only this NAS"),
            query("open", json!({"type": "boolean", "default": false}), "only open sessions"),
        ]), None, page_ok(), &[400, 403])},
        "/api/v1/sessions/who": {"get": who},
        "/api/v1/sessions/{id}": {"get": op("One session", read, "An operator sees sessions on NAS in its area only.", vec![path("id", int64(i64::MIN))], None, json_ok("200", "the session"), &[400, 403, 404])},
        "/api/v1/sessions/{id}/disconnect": {"post": op("Send a Disconnect-Request for one open session; reports the NAS's answer (ack, nak, no-answer, not-sent). A closed session is 409.", &["admin", "operator"], "An operator reaches sessions on NAS in its area only.", vec![path("id", int64(i64::MIN))], None, json_ok("200", "the outcome"), &[400, 403, 404, 409])},
        "/api/v1/usage/users/{username}": {"get": user_usage},
        "/api/v1/usage/nas/{name}": {"get": nas_usage}
    })
}

fn log_paths() -> Value {
    let read = &["admin", "auditor"];
    json!({
        "/api/v1/plans": {"get": op("List plans (one page holds them all)", &["admin", "auditor", "operator"], "", vec![], None, page_ok(), &[])},
        "/api/v1/areas": {"get": op("List areas (kecamatan > kelurahan > RW)", &["admin", "auditor", "operator"], "", page_params(vec![]), None, page_ok(), &[400])},
        "/api/v1/auth-log": {"get": op("Authentication log, newest first", read, "", page_params(vec![
            query("username", json!({"type": "string"}), "only this username"),
        ]), None, page_ok(), &[400, 403])},
        "/api/v1/audit-log": {"get": op("Audit log, oldest first, with each row's hash chain and the HTTP client's address", read, "", page_params(vec![
            query("actor", json!({"type": "string"}), "only this actor, exactly (e.g. token:3 (kel-sukamaju))"),
            query("from", int64(i64::MIN), "from this instant (epoch seconds)"),
            query("to", int64(i64::MIN), "before this instant (epoch seconds)"),
        ]), None, page_ok(), &[400, 403])},
        "/api/v1/trace": {"get": op("Attach to the live RADIUS request trace: a text/plain stream of request blocks until the client disconnects (audited). 503 when no RADIUS server runs in this process (admin serve).", &["admin"], "", vec![
            query("user", json!({"type": "string"}), "only this username"),
            query("nas", json!({"type": "string"}), "only this NAS"),
            query("mac", json!({"type": "string"}), "only this calling station"),
            query("reject_only", json!({"type": "boolean", "default": false}), "only rejected requests"),
            query("rate", json!({"type": "integer", "minimum": 1, "maximum": super::trace::MAX_RATE, "default": super::trace::DEFAULT_RATE}), "blocks a second at most; more are counted, not shown"),
        ], None, text_ok("the stream"), &[400, 403])}
    })
}

fn report_paths() -> Value {
    let read = &["admin", "auditor"];
    let format = query(
        "format",
        json!({"enum": ["json", "csv"], "default": "json"}),
        "the body's format",
    );
    let mut usage = op(
        "Usage report from the rollups: unique users, sessions, octets, hours, peak concurrency per group, split by plan; default the last 7 days. Usernames are pseudonymised (a fresh key per response) unless an admin sends raw=true (403 for an auditor).",
        read,
        "",
        vec![
            query(
                "from",
                date_schema(),
                "first day; default 6 days before `to`; not after `to`, at most 366 days counting both",
            ),
            query("to", date_schema(), "last day; default today"),
            query(
                "by",
                json!({"enum": ["rw", "kelurahan", "kecamatan", "plan", "nas", "user", "day", "hour"], "default": "rw"}),
                "what a row is",
            ),
            format.clone(),
            query(
                "raw",
                json!({"type": "boolean", "default": false}),
                "raw usernames (admin only)",
            ),
        ],
        None,
        report_ok("the report"),
        &[400, 403],
    );
    usage["x-radkota-rules"] = json!([SPAN_RULE]);
    json!({
        "/api/v1/reports/usage": {"get": usage},
        "/api/v1/reports/hotspots": {"get": op("Hotspot health per NAS: last contact, logins, users, open sessions and flags (silent, rejected-heavy, never-seen, clock-skew, default-identifier)", read, "", vec![format.clone()], None, report_ok("the report"), &[400, 403])},
        "/api/v1/reports/weekly": {"get": op("Every RW this week (7 days ending week_end) against the week before; silent and underused first", read, "", vec![
            query("week_end", date_schema(), "the week's last day; default yesterday"),
            format,
        ], None, report_ok("the report"), &[400, 403])}
    })
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn text(max: u32) -> Value {
    json!({"type": "string", "maxLength": max, "pattern": TEXT_PATTERN})
}

fn password() -> Value {
    json!({"type": "string", "writeOnly": true, "minLength": 1, "maxLength": 128, "pattern": TEXT_PATTERN, "description": "1 to 128 characters, no control characters"})
}

fn schemas() -> Value {
    json!({
        "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599}, "detail": {"type": "string"}}},
        "Page": {"type": "object", "required": ["items", "total", "limit", "offset"], "properties": {
            "items": {"type": "array"}, "total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 0}, "offset": {"type": "integer", "minimum": 0}}},
        "NewUser": {"type": "object", "additionalProperties": false, "required": ["username", "plan", "password"], "properties": {
            "username": username_schema(),
            "plan": {"type": "string", "maxLength": 64, "pattern": TEXT_PATTERN, "description": "an existing plan's name (404 otherwise)"},
            "password": password(),
            "area": nullable(json!({"type": "string", "maxLength": 64, "pattern": TEXT_PATTERN, "description": "an existing area's code (404 otherwise); required once areas are imported; an operator's own area or below"})),
            "full_name": nullable(text(128)), "school_or_business": nullable(text(128)), "id": nullable(text(64))}},
        "UserPatch": {"type": "object", "additionalProperties": false, "minProperties": 1, "properties": {
            "status": nullable(json!({"enum": ["active", "disabled"]})), "password": nullable(password())},
            "description": "at least one of status and password, not null (422 otherwise)",
            "anyOf": [{"required": ["status"], "properties": {"status": {"enum": ["active", "disabled"]}}},
                      {"required": ["password"], "properties": {"password": {"type": "string"}}}]},
        "NasPatch": {"type": "object", "additionalProperties": false, "properties": {
            "name": nullable(nas_name_schema()),
            "address": nullable(json!({"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}], "description": "an IP address, or a CIDR network (as when adding)"})),
            "secret": nullable(json!({"type": "string", "writeOnly": true, "minLength": 1, "maxLength": 128, "description": "a new RADIUS shared secret, 1 to 128 characters"})),
            "rw": nullable(json!({"type": "string", "maxLength": 32, "pattern": TEXT_PATTERN, "description": "an existing RW's code (404 otherwise)"})),
            "vendor": nullable(json!({"enum": VENDORS})),
            "require_message_authenticator": nullable(json!({"enum": ["auto", "yes", "no"]})),
            "coa_port": nullable(json!({"type": "integer", "minimum": 1, "maximum": 65535})),
            "enabled": nullable(json!({"type": "boolean", "description": "false: the NAS's requests are refused until enabled again"}))}},
        "NewNas": {"type": "object", "additionalProperties": false, "required": ["name", "address", "secret"], "properties": {
            "name": nas_name_schema(),
            "address": {"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}], "description": "an IP address, or a CIDR network such as 10.7.0.0/24 (the network address, prefix neither 0 nor the full length)"},
            "secret": {"type": "string", "writeOnly": true, "minLength": 1, "maxLength": 128, "description": "the RADIUS shared secret, 1 to 128 characters"},
            "rw": nullable(json!({"type": "string", "maxLength": 32, "pattern": TEXT_PATTERN, "description": "an existing RW's code (404 otherwise); required once areas are imported"})),
            "vendor": nullable(json!({"enum": VENDORS, "default": "mikrotik"})),
            "require_message_authenticator": nullable(json!({"enum": ["auto", "yes", "no"], "default": "auto"})),
            "coa_port": nullable(json!({"type": "integer", "minimum": 1, "maximum": 65535, "default": 3799}))}}
    })
}

fn responses() -> Value {
    let problem = |what: &str| json!({"description": what, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let mut r = json!({
        "P400": problem("malformed request: a query parameter, path segment or JSON body the server cannot read, or a rule stated above broken"),
        "P401": problem("no token, or an invalid or revoked one"),
        "P403": problem("the token's role or area does not allow this"),
        "P404": problem("no such resource (or one outside the operator's area), or a named plan, area or NAS that does not exist"),
        "P409": problem("conflicts with what exists: a name or address in use, a session already closed"),
        "P413": problem("the body is larger than 64 KiB"),
        "P422": problem("well-formed but not acceptable (see the operation's rules)"),
        "P429": problem("too many failed token attempts from this client or with this token in a minute (only failing attempts are refused; a valid token is always accepted)"),
        "Problem": problem("any other error: 405, 408 (the request took longer than admin.request_timeout_secs), 500, 503")
    });
    r["P401"]["headers"] = json!({"WWW-Authenticate": {"required": true, "schema": {"type": "string", "const": "Bearer"}}});
    r["P429"]["headers"] = json!({"Retry-After": {"required": true, "schema": {"type": "string", "pattern": "^[0-9]+$"}}});
    r
}

/// Gives every operation an `operationId`: its method and path (`get_api_v1_users_username`).
fn name_operations(paths: &mut serde_json::Map<String, Value>) {
    for (path, item) in paths.iter_mut() {
        let Value::Object(methods) = item else {
            continue;
        };
        for (method, operation) in methods.iter_mut() {
            let id: String = format!("{method}{path}")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let id = id
                .split('_')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            operation["operationId"] = Value::String(id);
        }
    }
}

/// Links the 201 of `POST collection` to every operation whose path takes `{param}` (the
/// created object's field of that name), so clients (and schemathesis's stateful phase)
/// know where the name comes from.
fn link(paths: &mut serde_json::Map<String, Value>, collection: &str, param: &str) {
    let mut links = serde_json::Map::new();
    for (path, methods) in paths.iter() {
        if !path.contains(&format!("{{{param}}}")) {
            continue;
        }
        let Value::Object(methods) = methods else {
            continue;
        };
        for operation in methods.values() {
            if let Some(id) = operation["operationId"].as_str() {
                links.insert(
                    id.to_string(),
                    json!({"operationId": id, "parameters": {param: format!("$response.body#/{param}")}}),
                );
            }
        }
    }
    if let Some(created) = paths
        .get_mut(collection)
        .and_then(|c| c.get_mut("post"))
        .and_then(|p| p.get_mut("responses"))
        .and_then(|r| r.get_mut("201"))
    {
        created["links"] = Value::Object(links);
    }
}

/// GET /openapi.json (no token needed).
pub async fn document(State(state): State<AppState>) -> Json<Value> {
    let server_known = state
        .config
        .radsec
        .server_address
        .parse::<std::net::IpAddr>()
        .is_ok();
    let mut paths = serde_json::Map::new();
    for group in [
        users_paths(),
        nas_paths(server_known),
        activity_paths(),
        log_paths(),
        report_paths(),
    ] {
        if let Value::Object(m) = group {
            paths.extend(m);
        }
    }
    name_operations(&mut paths);
    link(&mut paths, "/api/v1/users", "username");
    link(&mut paths, "/api/v1/nas", "name");
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "radkota admin API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Users, NAS, plans, areas, sessions (list, disconnect, who), daily usage, reports, the authentication log, the audit log and the live trace of a radkota RADIUS server. Lists are paginated with limit (1 to 1000) and offset and return {items, total, limit, offset}. Unknown query parameters and body fields are refused (400). Errors are RFC 9457 application/problem+json. x-roles names the roles that may call an operation; operators are confined to their area. Rules across parameters are in x-radkota-rules."
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "radkota token create --role admin|operator|auditor"}},
            "schemas": schemas(),
            "responses": responses()
        }
    }))
}
