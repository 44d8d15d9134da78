//! Error-Cause values (RFC 5176 §3.5), so a NAK is reported in words an operator can act on.

/// The RFC 5176 name of an Error-Cause value, or `None` for one it does not define.
pub fn error_cause_name(code: u32) -> Option<&'static str> {
    Some(match code {
        201 => "Residual Session Context Removed",
        202 => "Invalid EAP Packet (Ignored)",
        401 => "Unsupported Attribute",
        402 => "Missing Attribute",
        403 => "NAS Identification Mismatch",
        404 => "Invalid Request",
        405 => "Unsupported Service",
        406 => "Unsupported Extension",
        407 => "Invalid Attribute Value",
        501 => "Administratively Prohibited",
        502 => "Request Not Routable (Proxy)",
        503 => "Session Context Not Found",
        504 => "Session Context Not Removable",
        505 => "Other Proxy Processing Error",
        506 => "Resources Unavailable",
        507 => "Request Initiated",
        508 => "Multiple Session Selection Unsupported",
        _ => return None,
    })
}

/// "503 Session Context Not Found", or the bare number with its RFC 5176 class.
pub fn describe_error_cause(code: u32) -> String {
    match error_cause_name(code) {
        Some(name) => format!("{code} {name}"),
        None => {
            let class = match code {
                200..=299 => "success",
                400..=499 => "fatal error",
                500..=599 => "error, may succeed later",
                _ => "not an RFC 5176 value",
            };
            format!("{code} ({class})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_rfc_values() {
        assert_eq!(describe_error_cause(503), "503 Session Context Not Found");
        assert_eq!(describe_error_cause(401), "401 Unsupported Attribute");
        assert_eq!(describe_error_cause(599), "599 (error, may succeed later)");
        assert_eq!(describe_error_cause(7), "7 (not an RFC 5176 value)");
    }
}
