//! Indonesian-sounding synthetic names: kecamatan and kelurahan (from common place-name
//! parts), people, schools and small businesses. None of them is meant to be a real place
//! or person.

use std::collections::BTreeSet;

use rand::Rng;
use rand::seq::SliceRandom;

const PLACE_HEADS: &[&str] = &[
    "Suka", "Cipta", "Tanjung", "Karang", "Sumber", "Mekar", "Jati", "Pasir", "Bojong", "Sindang",
    "Mulya", "Rawa", "Gunung", "Kebon", "Tegal", "Wana", "Marga", "Harja", "Sari", "Banjar",
    "Kali", "Pondok", "Taman", "Bumi", "Tirta", "Giri", "Wates", "Ngadi", "Purwo", "Candi",
];

const PLACE_TAILS: &[&str] = &[
    "maju", "jaya", "rahayu", "mulya", "asih", "sari", "wangi", "makmur", "indah", "raya", "baru",
    "luhur", "harjo", "rejo", "mukti", "agung", "asri", "kencana", "sentosa", "lestari",
];

const FIRST_NAMES: &[&str] = &[
    "Adi", "Agus", "Ahmad", "Aisyah", "Andi", "Anisa", "Ayu", "Bagus", "Bayu", "Budi", "Citra",
    "Dewi", "Dian", "Dimas", "Eka", "Fajar", "Fitri", "Gilang", "Hadi", "Hana", "Indah", "Intan",
    "Joko", "Kartika", "Lestari", "Lina", "Made", "Maya", "Nanda", "Nur", "Putra", "Putri", "Rani",
    "Rizki", "Sari", "Siti", "Surya", "Tika", "Tri", "Wahyu", "Wulan", "Yoga", "Yusuf",
];

const LAST_NAMES: &[&str] = &[
    "Pratama",
    "Saputra",
    "Wijaya",
    "Lestari",
    "Hidayat",
    "Kusuma",
    "Santoso",
    "Nugroho",
    "Setiawan",
    "Rahmawati",
    "Purnama",
    "Wibowo",
    "Hartono",
    "Permata",
    "Susanto",
    "Utami",
    "Ramadhan",
    "Maharani",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Sitompul",
    "Halim",
    "Gunawan",
];

const BUSINESS_KINDS: &[&str] = &[
    "Warung", "Toko", "Kedai", "Bengkel", "Laundry", "Konveksi", "Katering", "Fotokopi", "Salon",
    "Apotek",
];

const BUSINESS_WORDS: &[&str] = &[
    "Berkah",
    "Barokah",
    "Sejahtera",
    "Makmur",
    "Jaya",
    "Sentosa",
    "Mandiri",
    "Amanah",
    "Rezeki",
    "Bahagia",
    "Sumber Rejeki",
    "Maju Bersama",
];

/// `count` distinct place names, e.g. "Sukamaju", "Tanjungsari".
pub fn place_names(rng: &mut impl Rng, count: usize) -> Vec<String> {
    let mut all: Vec<String> = PLACE_HEADS
        .iter()
        .flat_map(|h| PLACE_TAILS.iter().map(move |t| format!("{h}{t}")))
        .collect();
    all.shuffle(rng);
    let mut out: Vec<String> = all.into_iter().take(count).collect();
    // More places than combinations (never with the demo's sizes): number the repeats.
    let mut seen: BTreeSet<String> = out.iter().cloned().collect();
    let mut n = 2;
    while out.len() < count {
        let base = &out[out.len() % PLACE_HEADS.len()];
        let name = format!("{base} {n}");
        if seen.insert(name.clone()) {
            out.push(name);
        }
        n += 1;
    }
    out
}

/// A person's first and last name.
pub fn person(rng: &mut impl Rng) -> (&'static str, &'static str) {
    (
        FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())],
        LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())],
    )
}

/// A small business's name, e.g. "Warung Berkah Siti".
pub fn business(rng: &mut impl Rng, owner: &str) -> String {
    format!(
        "{} {} {owner}",
        BUSINESS_KINDS[rng.gen_range(0..BUSINESS_KINDS.len())],
        BUSINESS_WORDS[rng.gen_range(0..BUSINESS_WORDS.len())]
    )
}

/// A school in a kecamatan, e.g. "SMP Negeri 3 Sukamaju".
pub fn school(rng: &mut impl Rng, kecamatan: &str) -> String {
    let level = ["SD", "SMP", "SMA", "SMK", "MTs"][rng.gen_range(0..5)];
    format!("{level} Negeri {} {kecamatan}", rng.gen_range(1..6))
}

/// Lower-case ASCII letters and digits of `name`, for codes and usernames.
pub fn slug(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn place_names_are_distinct_and_reproducible() {
        let mut a = rand::rngs::StdRng::seed_from_u64(7);
        let mut b = rand::rngs::StdRng::seed_from_u64(7);
        let x = place_names(&mut a, 700);
        assert_eq!(x, place_names(&mut b, 700));
        let set: BTreeSet<&String> = x.iter().collect();
        assert_eq!(set.len(), 700);
        assert_eq!(slug("Tanjung Sari 2"), "tanjungsari2");
    }
}
