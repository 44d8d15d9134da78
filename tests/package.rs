//! What the Debian package is made of (issue 17): the man page and completions the binary
//! generates (without reading any configuration), the packaged config (the shipped one
//! with state under /var/lib/radkota), the systemd unit (checked by `systemd-analyze
//! verify` when present) and the cargo-deb asset list (every checked-in source exists).

use std::path::Path;
use std::process::Command;

fn radkota(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_radkota"))
        .args(args)
        // A config that cannot be read: these commands must not need one.
        .env("RADKOTA_CONFIG", "/nonexistent/radkota.toml")
        .output()
        .expect("run radkota")
}

#[test]
fn man_page_and_completions_need_no_config() {
    let man = radkota(&["manpage"]);
    assert!(man.status.success(), "{man:?}");
    let text = String::from_utf8(man.stdout).expect("utf-8");
    assert!(
        text.starts_with(".ie") || text.contains(".TH radkota 1"),
        "{text}"
    );
    assert!(
        text.contains(".SH NAME") && text.contains("serve"),
        "{text}"
    );
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef radkota"),
        ("fish", "complete -c radkota"),
    ] {
        let out = radkota(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(
            text.contains("simulate-city"),
            "{shell} completes bench options"
        );
    }
}

#[test]
fn packaged_config_differs_only_in_paths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(root.join("packaging/package-config.sh"))
        .arg(root.join("config/radkota.toml"))
        .output()
        .expect("package-config.sh");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let packaged = radkota::config::Config::from_toml(&text, "packaged").expect("parses");
    packaged.validate().expect("valid");
    assert_eq!(packaged.data_dir, Path::new("/var/lib/radkota"));
    assert_eq!(
        packaged.policy.dictionary,
        "/usr/share/radkota/dictionaries/dictionary"
    );
    assert_eq!(
        packaged.database_url(),
        "sqlite:///var/lib/radkota/radkota.db"
    );
    let shipped = std::fs::read_to_string(root.join("config/radkota.toml")).expect("config");
    let changed: Vec<_> = shipped
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(shipped.lines().count(), text.lines().count());
}

#[test]
fn systemd_unit_is_sandboxed_and_verifies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let unit =
        std::fs::read_to_string(root.join("packaging/debian/radkota.service")).expect("unit");
    for line in [
        "User=radkota",
        "StateDirectory=radkota",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
        "Environment=RADKOTA_CONFIG=/etc/radkota/radkota.toml",
        "ExecStart=/usr/bin/radkota serve",
    ] {
        assert!(unit.lines().any(|l| l == line), "unit lacks {line}");
    }
    let Ok(analyze) = which("systemd-analyze") else {
        eprintln!("skipped: systemd-analyze not installed");
        return;
    };
    // The binary under test where the package would put it, and no man page lookup.
    let dir = tempfile::tempdir().expect("tempdir");
    let local = unit
        .replace("/usr/bin/radkota", env!("CARGO_BIN_EXE_radkota"))
        .lines()
        .filter(|l| !l.starts_with("Documentation="))
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.path().join("radkota.service");
    std::fs::write(&path, local).expect("unit copy");
    let out = Command::new(analyze)
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // verify also loads the units it depends on; only what it says about ours counts.
    let ours: Vec<&str> = stderr.lines().filter(|l| l.contains("radkota")).collect();
    assert!(out.status.success() && ours.is_empty(), "{stderr}");
}

#[test]
fn deb_assets_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Value = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("toml");
    let deb = &manifest["package"]["metadata"]["deb"];
    let assets = deb["assets"].as_array().expect("assets");
    assert!(assets.len() >= 10);
    for asset in assets {
        let source = asset[0].as_str().expect("source");
        // target/ is built by scripts/package-deb.sh before `cargo deb`.
        if source.starts_with("target/") {
            continue;
        }
        let pattern = source.trim_end_matches("/*").trim_end_matches("*.md");
        assert!(root.join(pattern).exists(), "asset {source} missing");
    }
    let scripts = deb["maintainer-scripts"]
        .as_str()
        .expect("maintainer-scripts");
    for f in ["postinst", "postrm", "radkota.service"] {
        assert!(root.join(scripts).join(f).exists(), "{f}");
    }
}

/// The .deb itself, built by `cargo deb` from the binary this test run built (no release
/// build), then inspected: the files a service needs, the conffiles, the unit, and the
/// packaged binary runs. `.ci/run` installs cargo-deb; elsewhere its absence skips.
#[test]
fn deb_builds_with_what_a_service_needs() {
    if which("cargo-deb").is_err() {
        assert!(
            std::env::var_os("RADKOTA_REQUIRE_INTEROP").is_none(),
            "cargo-deb is required here (cargo install cargo-deb --locked)"
        );
        eprintln!("skipped: cargo-deb not installed (cargo install cargo-deb --locked)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = Path::new(env!("CARGO_BIN_EXE_radkota"));
    if bin.parent().and_then(Path::file_name) != Some(std::ffi::OsStr::new("debug")) {
        eprintln!("skipped: the test binary is not target/debug/radkota ({bin:?})");
        return;
    }
    let out_dir = tempfile::tempdir().expect("tempdir");
    let built = Command::new(root.join("scripts/package-deb.sh"))
        .args(["--no-build", "--debug", "--output"])
        .arg(out_dir.path())
        .output()
        .expect("package-deb.sh");
    let log = String::from_utf8_lossy(&built.stdout);
    assert!(
        built.status.success(),
        "{log}\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(
        log.contains("no complaint about radkota.service") || which("systemd-analyze").is_err(),
        "systemd-analyze complained: {log}"
    );
    let deb = std::fs::read_dir(out_dir.path())
        .expect("output dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .expect("a .deb");

    let contents = dpkg_deb(&["-c"], &deb);
    for path in [
        "./usr/bin/radkota",
        "./etc/radkota/radkota.toml",
        "./etc/default/radkota",
        "./usr/share/radkota/dictionaries/dictionary",
        "./usr/share/man/man1/radkota.1",
        "./usr/share/bash-completion/completions/radkota",
        "./usr/share/doc/radkota/README.md",
        "radkota.service",
    ] {
        assert!(contents.contains(path), "{path} missing from:\n{contents}");
    }
    let info = dpkg_deb(&["-I"], &deb);
    for field in [
        "Package: radkota",
        "Depends:",
        "adduser",
        "postinst",
        "conffiles",
    ] {
        assert!(info.contains(field), "{field} missing from:\n{info}");
    }

    // What the package installs runs, and reads its config from /etc, not from the cwd.
    let tree = tempfile::tempdir().expect("tempdir");
    let x = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(tree.path())
        .status()
        .expect("dpkg-deb -x");
    assert!(x.success());
    let packaged_bin = tree.path().join("usr/bin/radkota");
    let version = Command::new(&packaged_bin)
        .arg("--version")
        .output()
        .expect("packaged radkota");
    assert!(version.status.success(), "{version:?}");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("radkota "));
    let config = std::fs::read_to_string(tree.path().join("etc/radkota/radkota.toml"))
        .expect("packaged config");
    assert!(config.contains("/var/lib/radkota"), "{config}");
}

fn dpkg_deb(args: &[&str], deb: &Path) -> String {
    let out = Command::new("dpkg-deb")
        .args(args)
        .arg(deb)
        .output()
        .expect("dpkg-deb");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}
