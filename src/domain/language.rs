//! The languages the texts a person reads come in (Reply-Message, the portal): Bahasa
//! Indonesia first, English on request.

/// A language of the person-facing texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Language {
    /// Both, in the order files and pages list them.
    pub const ALL: [Language; 2] = [Language::Id, Language::En];

    /// `id` or `en` (also accepts `indonesia`, `english`, any case).
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "ind" | "indonesia" | "bahasa" => Some(Language::Id),
            "en" | "eng" | "english" => Some(Language::En),
            _ => None,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Id => "id",
            Language::En => "en",
        }
    }
}
