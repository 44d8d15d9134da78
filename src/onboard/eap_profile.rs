//! Device onboarding for WPA-Enterprise: an Apple configuration profile (.mobileconfig)
//! that installs the city CA and the SSID with the EAP method, the server name to check
//! and an anonymous outer identity, and the same settings in words for Android and Windows.

use std::fmt::Write as _;

use rand::Rng;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// What a profile is made from.
#[derive(Debug, Clone)]
pub struct ProfileInput<'a> {
    /// The network's name.
    pub ssid: &'a str,
    /// `peap` or `ttls`.
    pub method: &'a str,
    /// The name devices check in the server certificate.
    pub server_name: &'a str,
    /// The CA certificate, PEM.
    pub ca_pem: &'a str,
    /// The CA's display name.
    pub ca_name: &'a str,
    /// The outer identity devices send in clear.
    pub outer_identity: &'a str,
}

/// The name devices should check: the first DNS name of a certificate (PEM), else its
/// common name.
pub fn server_name(cert_pem: &str) -> Option<String> {
    let der = crate::ca::inspect::first_pem_der(cert_pem)?;
    let (_, cert) = X509Certificate::from_der(&der).ok()?;
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            if let GeneralName::DNSName(dns) = name {
                return Some(dns.to_string());
            }
        }
    }
    crate::ca::inspect::common_name(&der)
}

/// The base64 body of the first PEM block (what a plist `<data>` holds).
fn pem_body(pem: &str) -> String {
    pem.lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn uuid() -> String {
    let b: [u8; 16] = rand::thread_rng().r#gen();
    let h = hex::encode_upper(b);
    format!(
        "{}-{}-4{}-A{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// XML-escapes a value for the plist.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The .mobileconfig (an XML property list).
pub fn mobileconfig(p: &ProfileInput<'_>) -> String {
    let (ca_uuid, wifi_uuid, profile_uuid) = (uuid(), uuid(), uuid());
    let (eap_type, inner) = match p.method {
        "ttls" => (
            21,
            "\n\t\t\t\t<key>TTLSInnerAuthentication</key>\n\t\t\t\t<string>PAP</string>",
        ),
        _ => (25, ""),
    };
    let mut x = String::new();
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadType</key>
			<string>com.apple.security.root</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
			<key>PayloadIdentifier</key>
			<string>id.radkota.ca.{ca_uuid}</string>
			<key>PayloadUUID</key>
			<string>{ca_uuid}</string>
			<key>PayloadDisplayName</key>
			<string>{ca_name}</string>
			<key>PayloadContent</key>
			<data>
{ca_data}
			</data>
		</dict>
		<dict>
			<key>PayloadType</key>
			<string>com.apple.wifi.managed</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
			<key>PayloadIdentifier</key>
			<string>id.radkota.wifi.{wifi_uuid}</string>
			<key>PayloadUUID</key>
			<string>{wifi_uuid}</string>
			<key>PayloadDisplayName</key>
			<string>{ssid}</string>
			<key>SSID_STR</key>
			<string>{ssid}</string>
			<key>EncryptionType</key>
			<string>WPA2</string>
			<key>AutoJoin</key>
			<true/>
			<key>PayloadCertificateAnchorUUID</key>
			<array>
				<string>{ca_uuid}</string>
			</array>
			<key>EAPClientConfiguration</key>
			<dict>
				<key>AcceptEAPTypes</key>
				<array>
					<integer>{eap_type}</integer>
				</array>
				<key>OuterIdentity</key>
				<string>{outer}</string>
				<key>TLSTrustedServerNames</key>
				<array>
					<string>{server_name}</string>
				</array>
				<key>TLSMaximumVersion</key>
				<string>1.2</string>{inner}
			</dict>
		</dict>
	</array>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
	<key>PayloadIdentifier</key>
	<string>id.radkota.profile.{profile_uuid}</string>
	<key>PayloadUUID</key>
	<string>{profile_uuid}</string>
	<key>PayloadDisplayName</key>
	<string>{ssid} (WPA-Enterprise)</string>
</dict>
</plist>
"#,
        ca_name = esc(p.ca_name),
        ca_data = pem_body(p.ca_pem),
        ssid = esc(p.ssid),
        outer = esc(p.outer_identity),
        server_name = esc(p.server_name),
    );
    x
}

/// The settings to enter by hand on Android and Windows.
pub fn manual_settings(p: &ProfileInput<'_>, ca_path: &str) -> String {
    let (method, phase2) = match p.method {
        "ttls" => ("TTLS", "PAP"),
        _ => ("PEAP", "MSCHAPV2"),
    };
    format!(
        "Android 11+ (Settings > Wi-Fi > {ssid}):\n\
         \x20 EAP method:          {method}\n\
         \x20 Phase 2:             {phase2}\n\
         \x20 CA certificate:      install {ca_path} first (Settings > Security > Install a certificate > Wi-Fi certificate), then pick it\n\
         \x20 Online certificate status: Do not verify\n\
         \x20 Domain:              {server}\n\
         \x20 Identity:            the user's own username\n\
         \x20 Anonymous identity:  {outer}\n\
         \x20 Password:            the user's password\n\
         \n\
         Windows 11 (Settings > Network > Wi-Fi > Manage known networks > Add network):\n\
         \x20 Security type:       WPA2-Enterprise AES\n\
         \x20 EAP method:          {win_method}\n\
         \x20 Authentication:      {win_inner}\n\
         \x20 Trust:               import {ca_path} into \"Trusted Root Certification Authorities\" (certlm.msc);\n\
         \x20                      under the network's properties, Verify the server's identity, connect to\n\
         \x20                      these servers: {server}, trusted root: {ca_name}\n\
         \x20 Identity privacy:    {outer}\n",
        ssid = p.ssid,
        server = p.server_name,
        outer = p.outer_identity,
        ca_name = p.ca_name,
        win_method = if method == "TTLS" {
            "EAP-TTLS"
        } else {
            "Protected EAP (PEAP)"
        },
        win_inner = if method == "TTLS" {
            "Unencrypted password (PAP)"
        } else {
            "Secured password (EAP-MSCHAP v2)"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_carries_the_ca_and_the_checks() {
        let p = ProfileInput {
            ssid: "Kota <Sekolah>",
            method: "peap",
            server_name: "radius.kota.example",
            ca_pem: "-----BEGIN CERTIFICATE-----\nQUJD\nREVG\n-----END CERTIFICATE-----\n",
            ca_name: "Kota CA",
            outer_identity: "anonymous",
        };
        let x = mobileconfig(&p);
        assert!(x.contains("<string>Kota &lt;Sekolah&gt;</string>"));
        assert!(x.contains("QUJD\nREVG"));
        assert!(x.contains("<integer>25</integer>"));
        assert!(x.contains("<string>radius.kota.example</string>"));
        assert!(manual_settings(&p, "ca.crt").contains("Domain:              radius.kota.example"));
    }
}
