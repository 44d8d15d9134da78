//! Rebuilds when a migration changes: `sqlx::migrate!` embeds the files, and on stable
//! Rust cargo does not otherwise know it read them (a stale build would carry old SQL).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
