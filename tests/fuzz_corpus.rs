//! Replays every committed fuzz corpus file (fuzz/corpus/TARGET/*, where a fixed finding's
//! input is kept too) through the same `radkota::fuzzing` functions the libFuzzer targets
//! call, so CI keeps them without libFuzzer or a nightly toolchain.

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("auth_packet", radkota::fuzzing::auth_packet),
    ("acct_packet", radkota::fuzzing::acct_packet),
    ("dictionary", radkota::fuzzing::dictionary),
    ("config", radkota::fuzzing::config),
    ("import_users", radkota::fuzzing::import_users),
    ("import_nas", radkota::fuzzing::import_nas),
    ("import_areas", radkota::fuzzing::import_areas),
    ("admin_json", radkota::fuzzing::admin_json),
    ("eap_reassembly", radkota::eap::fuzz::reassembly),
    ("eap_peap", radkota::eap::fuzz::peap_inner),
    ("eap_ttls", radkota::eap::fuzz::ttls_avps),
    ("eap_mschapv2", radkota::eap::fuzz::mschapv2),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn replay(min_per_target: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, run) in TARGETS {
        let inputs = files(&root.join(name));
        assert!(
            inputs.len() >= min_per_target,
            "fuzz/corpus/{name} has {} files; expected at least {min_per_target}",
            inputs.len()
        );
        for path in inputs {
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} panicked", path.display());
        }
    }
}

/// Every target has a committed corpus, and every file in it runs clean.
#[test]
fn committed_corpus_replays_clean() {
    replay(2);
}
