//! Kota Malang (Kemendagri code 35.73), the first operator's city: its five kecamatan and
//! 57 kelurahan with their official codes and names, and a number of RW per kelurahan that
//! adds up to the city's 551.
//!
//! Codes and names: Kepmendagri No 300.2.2-2138 Tahun 2025 (Pemberian dan Pemutakhiran
//! Kode, Data Wilayah Administrasi Pemerintahan, dan Pulau), as tabulated in the
//! cahyadsn/wilayah data set (db/wilayah.sql, rows '35.73.01' to '35.73.05.1012').
//! The total of 551 RW (57 kelurahan, 4,278 RT): Kota Malang Dalam Angka 2023 (BPS), as
//! reported by malang.disway.id. RW per kelurahan: Kecamatan Lowokwaru's own page
//! (keclowokwaru.malangkota.go.id, 120 RW) for its twelve kelurahan; for the other four
//! kecamatan no per-kelurahan table was at hand, so their counts are estimates (scaled to
//! kelurahan size) that keep the city total at 551. Demo data: good enough for screenshots
//! the city's staff recognise, not a register.

/// A kelurahan: Kemendagri code, name, RW count.
pub type Kelurahan = (&'static str, &'static str, usize);

/// A kecamatan: Kemendagri code, name, its kelurahan in code order.
pub type Kecamatan = (&'static str, &'static str, &'static [Kelurahan]);

/// The city's Kemendagri code.
pub const CITY_CODE: &str = "35.73";

/// The five kecamatan in code order.
pub const KECAMATAN: [Kecamatan; 5] = [
    (
        "35.73.01",
        "Blimbing",
        &[
            ("35.73.01.1001", "Balearjosari", 7),
            ("35.73.01.1002", "Arjosari", 11),
            ("35.73.01.1003", "Polowijen", 9),
            ("35.73.01.1004", "Purwodadi", 16),
            ("35.73.01.1005", "Blimbing", 9),
            ("35.73.01.1006", "Pandanwangi", 16),
            ("35.73.01.1007", "Purwantoro", 19),
            ("35.73.01.1008", "Bunulrejo", 16),
            ("35.73.01.1009", "Kesatrian", 10),
            ("35.73.01.1010", "Polehan", 8),
            ("35.73.01.1011", "Jodipan", 6),
        ],
    ),
    (
        "35.73.02",
        "Klojen",
        &[
            ("35.73.02.1001", "Klojen", 6),
            ("35.73.02.1002", "Rampalcelaket", 5),
            ("35.73.02.1003", "Samaan", 7),
            ("35.73.02.1004", "Kiduldalem", 6),
            ("35.73.02.1005", "Sukoharjo", 8),
            ("35.73.02.1006", "Kasin", 11),
            ("35.73.02.1007", "Kauman", 7),
            ("35.73.02.1008", "Oro-oro Dowo", 8),
            ("35.73.02.1009", "Bareng", 10),
            ("35.73.02.1010", "Gading Kasri", 8),
            ("35.73.02.1011", "Penanggungan", 13),
        ],
    ),
    (
        "35.73.03",
        "Kedungkandang",
        &[
            ("35.73.03.1001", "Kotalama", 11),
            ("35.73.03.1002", "Mergosono", 9),
            ("35.73.03.1003", "Bumiayu", 12),
            ("35.73.03.1004", "Wonokoyo", 7),
            ("35.73.03.1005", "Buring", 8),
            ("35.73.03.1006", "Kedungkandang", 8),
            ("35.73.03.1007", "Lesanpuro", 10),
            ("35.73.03.1008", "Sawojajar", 15),
            ("35.73.03.1009", "Madyopuro", 12),
            ("35.73.03.1010", "Cemorokandang", 10),
            ("35.73.03.1011", "Arjowinangun", 7),
            ("35.73.03.1012", "Tlogowaru", 5),
        ],
    ),
    (
        "35.73.04",
        "Sukun",
        &[
            ("35.73.04.1001", "Ciptomulyo", 7),
            ("35.73.04.1002", "Gadang", 6),
            ("35.73.04.1003", "Kebonsari", 6),
            ("35.73.04.1004", "Bandungrejosari", 15),
            ("35.73.04.1005", "Sukun", 8),
            ("35.73.04.1006", "Tanjungrejo", 12),
            ("35.73.04.1007", "Pisangcandi", 8),
            ("35.73.04.1008", "Bandulan", 8),
            ("35.73.04.1009", "Karangbesuki", 9),
            ("35.73.04.1010", "Mulyorejo", 11),
            ("35.73.04.1011", "Bakalankrajan", 11),
        ],
    ),
    (
        "35.73.05",
        "Lowokwaru",
        &[
            ("35.73.05.1001", "Tunggulwulung", 6),
            ("35.73.05.1002", "Merjosari", 12),
            ("35.73.05.1003", "Tlogomas", 9),
            ("35.73.05.1004", "Dinoyo", 7),
            ("35.73.05.1005", "Sumbersari", 7),
            ("35.73.05.1006", "Ketawanggede", 5),
            ("35.73.05.1007", "Jatimulyo", 10),
            ("35.73.05.1008", "Tunjungsekar", 8),
            ("35.73.05.1009", "Mojolangu", 19),
            ("35.73.05.1010", "Tulusrejo", 16),
            ("35.73.05.1011", "Lowokwaru", 15),
            ("35.73.05.1012", "Tasik Madu", 6),
        ],
    ),
];

/// Kelurahan in the city.
pub const KELURAHAN_COUNT: usize = 57;
/// RW in the city.
pub const RW_COUNT: usize = 551;

/// The kelurahan of the first `kecamatan` kecamatan, taken from each in turn (so a small
/// demo still spans them), as (index of its kecamatan, the kelurahan).
pub fn interleaved(kecamatan: usize) -> Vec<(usize, Kelurahan)> {
    let chosen = &KECAMATAN[..kecamatan.clamp(1, KECAMATAN.len())];
    let longest = chosen.iter().map(|k| k.2.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for i in 0..longest {
        for (k, kec) in chosen.iter().enumerate() {
            if let Some(kel) = kec.2.get(i) {
                out.push((k, *kel));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_seven_kelurahan_and_551_rw() {
        let all: Vec<_> = KECAMATAN.iter().flat_map(|k| k.2.iter()).collect();
        assert_eq!(all.len(), KELURAHAN_COUNT);
        assert_eq!(all.iter().map(|k| k.2).sum::<usize>(), RW_COUNT);
        for (code, _, kels) in KECAMATAN {
            assert!(code.starts_with(CITY_CODE));
            for (n, (kel, _, _)) in kels.iter().enumerate() {
                assert_eq!(*kel, format!("{code}.{}", 1001 + n));
            }
        }
        let lowokwaru: usize = KECAMATAN[4].2.iter().map(|k| k.2).sum();
        assert_eq!(lowokwaru, 120);
        assert_eq!(interleaved(5).len(), KELURAHAN_COUNT);
        assert_eq!(
            interleaved(2)[..2],
            [(0, KECAMATAN[0].2[0]), (1, KECAMATAN[1].2[0])]
        );
    }
}
