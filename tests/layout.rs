//! The code layout rules of issue 14 hold for src/: no two files import each other, no file
//! over 600 lines, no function over 100 lines outside tests and demo, rusqlite named only
//! in src/store. The rules live in `scripts/check-layout.py`, which developers run too.

use std::process::Command;

#[test]
fn src_keeps_the_layout_rules() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/scripts/check-layout.py"))
        .arg(format!("{root}/src"))
        .output()
        .expect("python3 runs scripts/check-layout.py (install python3)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "layout rules broken:\n{report}");
    assert!(report.contains("layout ok"), "{report}");
}
