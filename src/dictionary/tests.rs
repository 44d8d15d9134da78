//! Unit tests of the dictionary parser and the shipped files.

use std::path::Path;

use super::*;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn shipped_files_parse_and_know_every_attribute_we_send() {
    let d = Dictionary::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/dictionaries/dictionary"
    )))
    .expect("shipped dictionaries parse");
    let e = Dictionary::embedded();
    assert_eq!(d.len(), e.len(), "embedded copy equals the files");
    for (name, vendor, number) in [
        ("Session-Timeout", 0, 27),
        ("Idle-Timeout", 0, 28),
        ("Acct-Interim-Interval", 0, 85),
        ("Error-Cause", 0, 101),
        ("NAS-IPv6-Address", 0, 95),
        ("Event-Timestamp", 0, 55),
        ("Mikrotik-Rate-Limit", 14988, 8),
        ("Mikrotik-Total-Limit", 14988, 17),
        ("Mikrotik-Total-Limit-Gigawords", 14988, 18),
        ("WISPr-Bandwidth-Max-Up", 14122, 7),
        ("WISPr-Bandwidth-Max-Down", 14122, 8),
        ("ChilliSpot-Bandwidth-Max-Up", 14559, 4),
        ("ChilliSpot-Bandwidth-Max-Down", 14559, 5),
        ("ChilliSpot-Max-Total-Octets", 14559, 3),
        ("ChilliSpot-Max-Total-Gigawords", 14559, 23),
        ("MS-CHAP2-Success", 311, 26),
        ("MS-MPPE-Recv-Key", 311, 17),
    ] {
        let a = e.attr(name).unwrap_or_else(|| panic!("{name} defined"));
        assert_eq!((a.vendor, a.number), (vendor, number), "{name}");
        assert_eq!(e.name_of(vendor, number), name);
    }
    assert_eq!(e.vendor_id("mikrotik"), Some(14988));
    assert_eq!(e.vendor_name(14559), Some("ChilliSpot"));
    let st = e.attr("acct-status-type").unwrap();
    assert_eq!(st.value_number("Interim-Update"), Some(3));
    assert_eq!(st.value_name(7), Some("Accounting-On"));
    assert_eq!(
        e.attr("Service-Type")
            .unwrap()
            .value_number("Authorize-Only"),
        Some(17)
    );
    assert_eq!(e.attr("MS-MPPE-Send-Key").unwrap().encrypt, 2);
    assert_eq!(e.name_of(0, 250), "Attr-250");
    assert_eq!(e.name_of(9, 1), "Vendor-9-Attr-1");
}

#[test]
fn includes_are_relative_and_operators_can_add_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("local")).unwrap();
    write(
        dir.path(),
        "dictionary",
        "$INCLUDE local/dictionary.city\n$INCLUDE- dictionary.missing-is-fine\n",
    );
    write(
        &dir.path().join("local"),
        "dictionary.city",
        "ATTRIBUTE Session-Timeout 27 integer\n\
         VENDOR Kota 99999\nBEGIN-VENDOR Kota\n\
         ATTRIBUTE Kota-RW 1 string\nATTRIBUTE Kota-Level 2 integer\nEND-VENDOR Kota\n\
         VALUE Kota-Level Gold 3 # trailing comment\n\
         ATTRIBUTE Kota-Old 3 byte Kota\n",
    );
    let d = Dictionary::load(&dir.path().join("dictionary")).unwrap();
    let rw = d.attr("Kota-RW").unwrap();
    assert_eq!((rw.vendor, rw.number, rw.typ), (99999, 1, AttrType::String));
    assert_eq!(
        d.attr("Kota-Level").unwrap().encode("Gold").unwrap(),
        vec![0, 0, 0, 3]
    );
    assert_eq!(d.attr("Kota-Old").unwrap().vendor, 99999);
}

#[test]
fn errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "ATTRIBUTE A 1 integer\nATTRIBUTE B 2 float\n",
            2,
            "unknown type 'float'",
        ),
        ("ATTRIBUTE A 300 integer\n", 1, "between 1 and 255"),
        ("ATTRIBUTE A 1\n", 1, "needs a name, a number and a type"),
        ("VALUE Nope X 1\n", 1, "unknown attribute 'Nope'"),
        (
            "ATTRIBUTE A 1 string\nVALUE A X 1\n",
            2,
            "only integer types",
        ),
        ("ATTRIBUTE A 1 byte\n\nVALUE A X 256\n", 3, "does not fit"),
        ("BEGIN-VENDOR Ghost\n", 1, "unknown vendor 'Ghost'"),
        (
            "VENDOR V 9\nBEGIN-VENDOR V\nATTRIBUTE A 1 integer\n",
            3,
            "never closed",
        ),
        ("VENDOR V 9\nEND-VENDOR V\n", 2, "without BEGIN-VENDOR"),
        (
            "ATTRIBUTE A 1 integer\nATTRIBUTE A 2 integer\n",
            2,
            "already defined",
        ),
        (
            "ATTRIBUTE A 1 integer bogus\n",
            1,
            "unknown flag or vendor 'bogus'",
        ),
        ("ATTRIBUTE A 1.2 integer\n", 1, "TLV"),
        (
            "PROTOCOL RADIUS 1\n",
            1,
            "unknown or unsupported keyword 'PROTOCOL'",
        ),
        ("$INCLUDE nowhere\n", 1, "cannot read included file"),
        ("$INCLUDE dictionary\n", 1, "nested deeper"),
        ("VENDOR V 9 format=2,1\n", 1, "not supported"),
    ];
    for (text, line, needle) in cases {
        write(dir.path(), "dictionary", text);
        let e = Dictionary::load(&dir.path().join("dictionary")).unwrap_err();
        assert!(e.file.ends_with("dictionary"), "{text:?}: {e}");
        assert_eq!(e.line, line, "{text:?}: {e}");
        assert!(e.message.contains(needle), "{text:?}: {e}");
        assert!(
            e.to_string().contains(&format!("dictionary:{line}: ")),
            "{e}"
        );
    }
    let e = Dictionary::load(&dir.path().join("absent")).unwrap_err();
    assert_eq!(e.line, 0);
    assert!(e.to_string().contains("absent"));
}

#[test]
fn values_are_checked_against_the_type() {
    let d = Dictionary::embedded();
    let enc = |name: &str, v: &str| d.attr(name).unwrap().encode(v);
    assert_eq!(
        enc("Session-Timeout", "3600").unwrap(),
        3600u32.to_be_bytes()
    );
    assert!(
        enc("Session-Timeout", "1h")
            .unwrap_err()
            .contains("Session-Timeout")
    );
    assert!(enc("Session-Timeout", "4294967296").is_err());
    assert_eq!(
        enc("Service-Type", "Framed-User").unwrap(),
        vec![0, 0, 0, 2]
    );
    assert_eq!(enc("Mikrotik-Address-List", "pelajar").unwrap(), b"pelajar");
    assert_eq!(
        enc("Framed-IP-Address", "10.0.0.1").unwrap(),
        vec![10, 0, 0, 1]
    );
    assert!(enc("Framed-IP-Address", "10.0.0").is_err());
    assert_eq!(enc("Class", "0x0102").unwrap(), vec![1, 2]);
    assert!(enc("Class", "0xzz").is_err());
    assert_eq!(
        enc("Framed-IPv6-Prefix", "2001:db8::/32").unwrap(),
        vec![0, 32, 0x20, 0x01, 0x0d, 0xb8]
    );
    assert_eq!(enc("NAS-IPv6-Address", "::1").unwrap().len(), 16);
    assert!(enc("Reply-Message", &"x".repeat(254)).is_err());
    assert!(enc("Mikrotik-Group", &"x".repeat(248)).is_err());
    let st = d.attr("Acct-Status-Type").unwrap();
    assert_eq!(st.format(&[0, 0, 0, 2]), "Stop");
    assert_eq!(st.format(&[0, 0, 0, 99]), "99");
    assert_eq!(
        d.attr("Mikrotik-Rate-Limit").unwrap().format(b"2M/4M"),
        "\"2M/4M\""
    );
    assert_eq!(
        d.attr("Framed-IP-Address").unwrap().format(&[10, 0, 0, 1]),
        "10.0.0.1"
    );
    assert_eq!(d.attr("Class").unwrap().format(&[1, 2]), "0x0102");
    // Wrong length never panics.
    assert_eq!(st.format(&[1]), "0x01");
}

#[test]
fn include_of_an_unrelated_file_does_not_echo_it() {
    let dir = tempfile::tempdir().unwrap();
    let first = "root:x:0:0:Secret-Line-9f3k:/root:/bin/bash";
    write(dir.path(), "passwd", &format!("{first}\nsecond line\n"));
    write(dir.path(), "dictionary", "$INCLUDE passwd\n");
    let e = Dictionary::load(&dir.path().join("dictionary")).unwrap_err();
    let text = e.to_string();
    assert!(e.file.ends_with("passwd"), "{text}");
    assert_eq!(e.line, 1, "{text}");
    assert!(!text.contains("Secret-Line"), "echoes the file: {text}");
    assert!(!text.contains("root"), "echoes the file: {text}");
    assert!(text.contains("not shown"), "{text}");
}

#[test]
fn invalid_utf8_is_reported_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"# comment\nATTRIBUTE A 1 integer\nATTRIBUTE B 2 string # caf".to_vec();
    bytes.extend_from_slice(&[0xe9, b'\n']);
    std::fs::write(dir.path().join("dictionary"), bytes).unwrap();
    let e = Dictionary::load(&dir.path().join("dictionary")).unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
    assert!(e.to_string().contains("dictionary:3: "), "{e}");

    // Included from another file: the included file and its own line are named.
    write(
        dir.path(),
        "top",
        "ATTRIBUTE X 9 integer\n$INCLUDE dictionary\n",
    );
    let e = Dictionary::load(&dir.path().join("top")).unwrap_err();
    assert!(e.file.ends_with("dictionary"), "{e}");
    assert_eq!(e.line, 3, "{e}");
}
