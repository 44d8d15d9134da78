//! The kit of radkota's server-rendered HTML pages (the person's page now, the admin
//! console later): the page shell and its stylesheet, the two languages, cookie sessions,
//! CSRF tokens and the security headers. Nothing here knows which application uses it.

pub mod csrf;
pub mod headers;
pub mod lang;
pub mod layout;
pub mod session;

pub use csrf::CsrfKey;
pub use headers::security_headers;
pub use lang::Lang;
pub use layout::{STYLESHEET_PATH, Shell, html, stylesheet};
pub use session::SessionStore;
