//! Vouchers (issue 18): the credentials printed on a slip (no look-alike characters), the
//! hotspot login link its QR code opens, and the printable page (`print`). Vouchers are
//! ordinary users; the store keeps which batch made them (`store::vouchers`).

pub mod print;

use std::collections::HashSet;

use rand::Rng;

/// Characters of usernames and passwords: lowercase letters and digits without the ones
/// people mix up on paper and on a phone keyboard (0 o O, 1 l I i, and uppercase entirely,
/// which phones capitalise by surprise).
pub const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters never used, for tests and docs.
pub const LOOK_ALIKES: &str = "0Oo1lIi";
/// Random characters after the prefix in a username.
pub const USERNAME_LEN: usize = 6;
/// Password length.
pub const PASSWORD_LEN: usize = 8;

/// `len` characters from [`ALPHABET`].
pub fn random_word(rng: &mut impl Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// One voucher's login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// `count` credentials whose usernames (`prefix` + random) differ from each other and from
/// every name in `taken`.
pub fn credentials(
    rng: &mut impl Rng,
    prefix: &str,
    count: usize,
    taken: &HashSet<String>,
) -> Vec<Credentials> {
    let mut seen = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let username = format!("{prefix}{}", random_word(rng, USERNAME_LEN));
        if taken.contains(&username) || !seen.insert(username.clone()) {
            continue;
        }
        out.push(Credentials {
            username,
            password: random_word(rng, PASSWORD_LEN),
        });
    }
    out
}

/// A prefix is typed too: letters, digits and '-' only, at most 16, no look-alikes
/// required (an operator may want "rw01-").
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.len() <= 16
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The hotspot base URL as stored: `http://` added to a bare host, no trailing slash;
/// `None` when it is not an http(s) URL with a host.
pub fn normalise_hotspot_url(input: &str) -> Option<String> {
    let s = input.trim().trim_end_matches('/');
    let s = if s.contains("://") {
        s.to_string()
    } else {
        format!("http://{s}")
    };
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))?;
    let ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '_'));
    ok.then_some(s)
}

/// The MikroTik hotspot login link with the credentials filled in:
/// `{base}/login?username=..&password=..`, both URL-encoded.
pub fn login_url(hotspot_url: &str, c: &Credentials) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("username", &c.username)
        .append_pair("password", &c.password)
        .finish();
    format!("{hotspot_url}/login?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn no_look_alikes_in_a_thousand() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let list = credentials(&mut rng, "v-", 1000, &HashSet::new());
        assert_eq!(list.len(), 1000);
        for c in &list {
            let random = c.username.strip_prefix("v-").unwrap();
            for ch in random.chars().chain(c.password.chars()) {
                assert!(!LOOK_ALIKES.contains(ch), "{c:?}");
            }
        }
        let names: HashSet<_> = list.iter().map(|c| &c.username).collect();
        assert_eq!(names.len(), 1000);
    }

    #[test]
    fn urls() {
        assert_eq!(
            normalise_hotspot_url("hotspot.rw07.net/").as_deref(),
            Some("http://hotspot.rw07.net")
        );
        assert_eq!(normalise_hotspot_url("ftp://x"), None);
        assert_eq!(normalise_hotspot_url("http://a b"), None);
        let c = Credentials {
            username: "rw07-abc".into(),
            password: "p&ss=1 2".into(),
        };
        assert_eq!(
            login_url("http://10.7.0.1", &c),
            "http://10.7.0.1/login?username=rw07-abc&password=p%26ss%3D1+2"
        );
    }
}
