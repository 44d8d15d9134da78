//! The messages file: `[id]` / `[en]` sections of `key = text` lines with `{placeholder}`
//! slots, checked line by line so a mistake names its file and line.

use super::{Key, Language, MAX_BYTES, Messages, Piece};

/// The room a placeholder is assumed to take when a text's length is checked at start (a
/// date with its zone, a size, a schedule of one or two windows); a longer value is cut at
/// send time rather than refused then.
const SLOT_BYTES: usize = 24;

/// A mistake in a messages file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("messages file {file}{}: {reason}", if *.line > 0 { format!(" line {}", .line) } else { String::new() })]
pub struct MessagesError {
    pub file: String,
    /// 1-based; 0 when the file as a whole is at fault (cannot be read).
    pub line: usize,
    pub reason: String,
}

/// Lays the texts of `bytes` over `m`; the first mistake is the error and `m` is then
/// partly changed (the caller drops it).
pub(super) fn overlay(m: &mut Messages, file: &str, bytes: &[u8]) -> Result<(), MessagesError> {
    let mut lang: Option<Language> = None;
    let mut seen: Vec<(Language, Key)> = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let at = |reason: String| MessagesError {
            file: file.to_string(),
            line: i + 1,
            reason,
        };
        let line = std::str::from_utf8(raw)
            .map_err(|_| at("is not valid UTF-8".into()))?
            .trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(section) = trimmed.strip_prefix('[') {
            let name = section
                .strip_suffix(']')
                .ok_or_else(|| at(format!("'{trimmed}' is not a section such as [id]")))?;
            lang =
                Some(Language::parse(name).ok_or_else(|| {
                    at(format!("[{name}] is not a language section ([id] or [en])"))
                })?);
            continue;
        }
        let Some((name, text)) = line.split_once('=') else {
            return Err(at(format!(
                "'{}' is not `key = text`",
                trimmed.escape_debug()
            )));
        };
        let name = name.trim();
        let key = Key::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
                at(format!(
                    "'{}' is not a message (known: {})",
                    name.escape_debug(),
                    known.join(", ")
                ))
            })?;
        let lang = lang.ok_or_else(|| at(format!("{name} comes before a [id] or [en] section")))?;
        if seen.contains(&(lang, key)) {
            return Err(at(format!("{name} is given twice in [{}]", lang.code())));
        }
        seen.push((lang, key));
        let pieces = template(key, text.trim()).map_err(at)?;
        m.set(lang, key, pieces);
    }
    Ok(())
}

/// A text's pieces, checked against its key's placeholders and the length limit.
fn template(key: Key, text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut slots = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err(format!("'{{{name}' is not closed with }}")),
                    }
                }
                let slot = key
                    .placeholders()
                    .iter()
                    .find(|p| **p == name.trim())
                    .ok_or_else(|| unknown_slot(key, &name))?;
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Slot(slot));
                slots += 1;
            }
            '}' => return Err("a lone } (write }} for a brace)".into()),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    let fixed: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Slot(_) => 0,
        })
        .sum();
    if fixed + slots * SLOT_BYTES > MAX_BYTES {
        return Err(format!(
            "{} is {fixed} bytes and {slots} placeholders (about {SLOT_BYTES} bytes each): \
             more than the {MAX_BYTES} bytes a Reply-Message holds",
            key.name()
        ));
    }
    Ok(pieces)
}

fn unknown_slot(key: Key, name: &str) -> String {
    match key.placeholders() {
        [] => format!(
            "{{{}}} is not a placeholder of {} (it has none)",
            name.escape_debug(),
            key.name()
        ),
        known => format!(
            "{{{}}} is not a placeholder of {} (it has {})",
            name.escape_debug(),
            key.name(),
            known
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}
