//! The printable voucher page: one self-contained HTML document (maud, inline SVG QR codes,
//! CSS for print, no script, nothing fetched), as a grid of slips on A4 or one column on
//! 58 mm thermal paper. A pure function, so the CLI writes it and the console serves it.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use qrcode::QrCode;
use qrcode::render::svg;

use super::{Credentials, login_url};

/// Paper the slips are laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A4 sheets, a grid of cut-out slips.
    A4,
    /// 58 mm thermal roll (48 mm printable), one slip under another.
    Thermal58,
}

impl Format {
    /// Parses `a4` or `58mm`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "a4" => Some(Format::A4),
            "58mm" => Some(Format::Thermal58),
            _ => None,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Format::A4 => "a4",
            Format::Thermal58 => "thermal58",
        }
    }

    /// The paper for the print dialog.
    fn page_rule(self) -> &'static str {
        match self {
            Format::A4 => "@page{size:A4;margin:10mm}",
            Format::Thermal58 => "@page{size:58mm auto;margin:0 5mm}",
        }
    }
}

/// What the page shows.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    pub batch_id: i64,
    pub plan: &'a str,
    pub valid_days: i64,
    /// The RW (or other area) the vouchers are for, by name.
    pub place: Option<&'a str>,
    /// The hotspot base URL the QR codes open.
    pub hotspot_url: &'a str,
    pub slips: &'a [Credentials],
    pub format: Format,
    /// `"id"` (default) or `"en"`.
    pub lang: &'a str,
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font-family:'DejaVu Sans',Arial,sans-serif;color:#000;background:#fff}\
.sheet{display:grid;gap:0}\
.a4 .sheet{grid-template-columns:repeat(4,1fr);width:190mm;margin:0 auto}\
.thermal58 .sheet{grid-template-columns:1fr;width:48mm;margin:0}\
.slip{border:1px dashed #888;padding:2mm;text-align:center;break-inside:avoid;page-break-inside:avoid}\
.a4 .slip{height:66mm}\
.thermal58 .slip{border-width:0 0 1px 0;padding:3mm 0}\
.place{font-weight:bold;font-size:9pt}\
.plan{font-size:8pt}\
.qr svg{width:28mm;height:28mm}\
.cred{font-size:7.5pt;margin:1mm 0}\
.cred b{display:block;font-family:'DejaVu Sans Mono',monospace;font-size:12pt;letter-spacing:.5px;overflow-wrap:anywhere}\
.valid{font-size:7.5pt}\
.title{font-size:10pt;margin:4mm auto;width:190mm}\
.thermal58 .title{width:48mm;margin:2mm 0}\
@media print{.title{display:none}}\
";

/// One QR code as inline SVG (the crate's XML prolog dropped so it can sit in HTML).
fn qr_svg(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let image = code
                .render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            match image.find("<svg") {
                Some(at) => image[at..].to_string(),
                None => image,
            }
        }
        // Only a text longer than a QR code holds; the slip still has the credentials.
        Err(_) => String::new(),
    }
}

fn slip(sheet: &Sheet<'_>, c: &Credentials, en: bool) -> Markup {
    let (user, pass, valid) = if en {
        (
            "User",
            "Password",
            format!("Valid {} days from first login", sheet.valid_days),
        )
    } else {
        (
            "Pengguna",
            "Sandi",
            format!("Berlaku {} hari sejak login pertama", sheet.valid_days),
        )
    };
    let url = login_url(sheet.hotspot_url, c);
    html! {
        div class="slip" data-username=(c.username) {
            @if let Some(place) = sheet.place {
                div class="place" { (place) }
            }
            div class="plan" { "WiFi · " (sheet.plan) }
            div class="qr" { (PreEscaped(qr_svg(&url))) }
            div class="cred" { (user) b { (c.username) } }
            div class="cred" { (pass) b { (c.password) } }
            div class="valid" { (valid) }
        }
    }
}

/// The whole page as a String.
pub fn render(sheet: &Sheet<'_>) -> String {
    let en = sheet.lang == "en";
    let title = if en {
        format!(
            "Voucher batch {} — {} slips",
            sheet.batch_id,
            sheet.slips.len()
        )
    } else {
        format!(
            "Voucher batch {} — {} lembar",
            sheet.batch_id,
            sheet.slips.len()
        )
    };
    let page = html! {
        (DOCTYPE)
        html lang=(if en { "en" } else { "id" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(sheet.format.page_rule())) }
            }
            body class=(sheet.format.class()) {
                div class="title" { (title) }
                div class="sheet" {
                    @for c in sheet.slips {
                        (slip(sheet, c, en))
                    }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_counts() {
        let slips = vec![
            Credentials {
                username: "a<b".into(),
                password: "p".into(),
            },
            Credentials {
                username: "c".into(),
                password: "q".into(),
            },
        ];
        let sheet = Sheet {
            batch_id: 3,
            plan: "student",
            valid_days: 7,
            place: Some("RW 01 <Klojen>"),
            hotspot_url: "http://10.0.0.1",
            slips: &slips,
            format: Format::A4,
            lang: "id",
        };
        let html = render(&sheet);
        assert_eq!(html.matches("class=\"slip\"").count(), 2);
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(html.contains("RW 01 &lt;Klojen&gt;"));
        assert!(html.contains("a&lt;b"));
        assert!(html.contains("Berlaku 7 hari sejak login pertama"));
        assert!(!html.contains("<script"));
    }
}
