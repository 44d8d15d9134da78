//! The demo city: Kota Malang's kecamatan > kelurahan (real codes and names, `malang`) >
//! RW areas, one NAS per RW (some deliberately unhealthy so the hotspot report has something
//! to show), and synthetic users split between the `student` and `umkm` plans, each with a
//! home RW.

use rand::Rng;

use super::{malang, names};

/// One area row to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name: String,
    /// kecamatan | kelurahan | rw
    pub level: &'static str,
    pub parent: Option<String>,
    pub path: String,
}

/// What is wrong with a demo hotspot, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Ok,
    /// Configured but never sent anything.
    NeverSeen,
    /// Worked, then went quiet for the last few days.
    Silent,
    /// Still sends RouterOS's factory NAS-Identifier "MikroTik".
    DefaultIdentifier,
    /// Its clock is far off (no NTP).
    ClockSkew,
    /// Many more rejects than usual (a wrong password on a poster, a brute-force attempt).
    RejectHeavy,
    /// Its shared secret was changed on the router only: recent requests fail the
    /// authenticator check.
    WrongSecret,
}

/// The order in which unhealthy kinds are handed out, from the last NAS backwards.
const UNHEALTHY: [Health; 6] = [
    Health::NeverSeen,
    Health::Silent,
    Health::DefaultIdentifier,
    Health::ClockSkew,
    Health::RejectHeavy,
    Health::WrongSecret,
];

/// A demo NAS.
#[derive(Debug, Clone)]
pub struct Nas {
    pub name: String,
    pub address: [u8; 4],
    /// The RW area code.
    pub rw: String,
    pub kecamatan: usize,
    pub health: Health,
}

impl Nas {
    /// Whether users can connect through it on day `d` of `days`.
    pub fn works_on(&self, d: usize, days: usize) -> bool {
        match self.health {
            Health::NeverSeen => false,
            Health::Silent => d + SILENT_DAYS < days,
            Health::WrongSecret => d + WRONG_SECRET_DAYS < days,
            _ => true,
        }
    }
}

/// Days at the end during which a `Silent` NAS sends nothing.
pub const SILENT_DAYS: usize = 3;
/// Days at the end during which a `WrongSecret` NAS's requests all fail.
pub const WRONG_SECRET_DAYS: usize = 7;

/// The two seeded plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plan {
    Student,
    Umkm,
}

impl Plan {
    /// The plan name in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Student => "student",
            Plan::Umkm => "umkm",
        }
    }
}

/// A demo user (the database id is filled in after insertion).
#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub plan: Plan,
    pub full_name: String,
    pub org: String,
    pub external_id: String,
    /// Index of the home NAS (and so the home RW).
    pub home: usize,
    /// Chance of being online on an ordinary day.
    pub activity: f64,
    /// First day index on which the account exists.
    pub joined: usize,
    /// The device's (locally administered) MAC address.
    pub mac: [u8; 6],
    pub id: i64,
}

/// Areas, NAS and users.
#[derive(Debug, Clone)]
pub struct City {
    pub areas: Vec<Area>,
    pub nas: Vec<Nas>,
    pub users: Vec<User>,
    /// For each NAS, a few others in the same kecamatan that work (visits away from home).
    pub neighbours: Vec<Vec<usize>>,
}

/// Lays out a city of `nas` RW (one NAS each) and `users` users over `days` days, on Kota
/// Malang's real kecamatan and kelurahan (`malang`): all of them from 551 RW up, fewer for
/// a smaller demo (about 5.5 RW per kelurahan and 3.4 kelurahan per kecamatan).
pub fn build(rng: &mut impl Rng, nas: usize, users: usize, days: usize) -> City {
    let n_kel = (nas * 2)
        .div_ceil(11)
        .clamp(1, nas.max(1))
        .min(malang::KELURAHAN_COUNT);
    let n_kec = (n_kel * 10).div_ceil(34).clamp(1, malang::KECAMATAN.len());
    // Drawn and not used: the synthetic place names of earlier versions. Keeping the draw
    // keeps the random stream, so a seed still gives the same people and usage.
    let _ = names::place_names(rng, n_kec + n_kel);
    let kels: Vec<(usize, malang::Kelurahan)> =
        malang::interleaved(n_kec).into_iter().take(n_kel).collect();
    let n_kel = kels.len();
    let mut areas = Vec::with_capacity(n_kec + n_kel + nas);
    for (code, name, _) in malang::KECAMATAN.iter().take(n_kec) {
        areas.push(Area {
            path: (*code).to_string(),
            code: (*code).to_string(),
            name: (*name).to_string(),
            level: "kecamatan",
            parent: None,
        });
    }
    for (k, (code, name, _)) in &kels {
        let kec = &areas[*k];
        let path = format!("{}/{code}", kec.code);
        let parent = Some(kec.code.clone());
        areas.push(Area {
            code: (*code).to_string(),
            name: (*name).to_string(),
            level: "kelurahan",
            parent,
            path,
        });
    }
    let k = (nas / 50).max(1);
    let unhealthy_max = nas / 2;
    let mut list = Vec::with_capacity(nas);
    let mut rw_in_kel = vec![0usize; n_kel];
    let mut next = 0;
    for i in 0..nas {
        // Each kelurahan in turn while it has RW left; past the city's RW, in turn anyway.
        let j = (0..n_kel)
            .map(|d| (next + d) % n_kel)
            .find(|&j| rw_in_kel[j] < kels[j].1.2)
            .unwrap_or(i % n_kel);
        next = (j + 1) % n_kel;
        rw_in_kel[j] += 1;
        let kel = areas[n_kec + j].clone();
        let slug = names::slug(&kel.name);
        let code = format!("{}-rw{:02}", kel.code, rw_in_kel[j]);
        areas.push(Area {
            path: format!("{}/{code}", kel.path),
            code: code.clone(),
            name: format!("RW {:02} {}", rw_in_kel[j], kel.name),
            level: "rw",
            parent: Some(kel.code.clone()),
        });
        // Counted from the end, so small demos still get the first kinds.
        let from_end = nas - 1 - i;
        let health = if from_end < (k * UNHEALTHY.len()).min(unhealthy_max) {
            UNHEALTHY[from_end / k]
        } else {
            Health::Ok
        };
        list.push(Nas {
            name: format!("rw-{slug}-{:02}", rw_in_kel[j]),
            address: [10, (1 + i / 250) as u8, (i % 250) as u8, 1],
            rw: code,
            kecamatan: kels[j].0,
            health,
        });
    }
    let working: Vec<usize> = (0..nas)
        .filter(|&i| list[i].health != Health::NeverSeen)
        .collect();
    let neighbours = (0..nas)
        .map(|i| {
            let same: Vec<usize> = working
                .iter()
                .copied()
                .filter(|&o| o != i && list[o].kecamatan == list[i].kecamatan)
                .take(6)
                .collect();
            if same.is_empty() {
                working
                    .iter()
                    .copied()
                    .filter(|&o| o != i)
                    .take(3)
                    .collect()
            } else {
                same
            }
        })
        .collect();
    let kecamatan_name = |n: &Nas| areas[n.kecamatan].name.clone();
    let mut people = Vec::with_capacity(users);
    for u in 0..users {
        let plan = if rng.gen_bool(0.7) {
            Plan::Student
        } else {
            Plan::Umkm
        };
        let home = if working.is_empty() {
            0
        } else {
            working[rng.gen_range(0..working.len())]
        };
        let (first, last) = names::person(rng);
        let (username, org, external_id, full_name) = match plan {
            Plan::Student => (
                format!("{}{:05}", names::slug(first), u + 1),
                names::school(rng, &kecamatan_name(&list[home])),
                format!("demo-nisn-{:010}", rng.gen_range(0..10_000_000_000u64)),
                format!("{first} {last}"),
            ),
            Plan::Umkm => {
                let business = names::business(rng, first);
                (
                    format!("umkm-{}{:05}", names::slug(first), u + 1),
                    business.clone(),
                    format!("demo-nib-{:013}", rng.gen_range(0..10_000_000_000_000u64)),
                    format!("{first} {last}"),
                )
            }
        };
        // Most people use it now and then, a few every day.
        let r: f64 = rng.r#gen();
        let activity = 0.04 + 0.56 * r * r;
        // Two thirds exist from the start; the rest join over the period (growth).
        let joined = if rng.gen_bool(0.66) {
            0
        } else {
            rng.gen_range(0..days.max(1))
        };
        let mut mac: [u8; 6] = rng.r#gen();
        mac[0] = (mac[0] & 0xfc) | 0x02;
        people.push(User {
            username,
            plan,
            full_name,
            org,
            external_id,
            home,
            activity,
            joined,
            mac,
            id: 0,
        });
    }
    City {
        areas,
        nas: list,
        users: people,
        neighbours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn full_size_city_has_the_right_shape() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let city = build(&mut rng, 551, 1000, 365);
        let count = |level| city.areas.iter().filter(|a| a.level == level).count();
        assert_eq!(count("kecamatan"), 5);
        assert_eq!(count("kelurahan"), 57);
        assert_eq!(count("rw"), 551);
        assert_eq!(city.nas.len(), 551);
        let names: std::collections::BTreeSet<&str> =
            city.nas.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names.len(), 551, "NAS names are unique");
        let unhealthy = city.nas.iter().filter(|n| n.health != Health::Ok).count();
        assert_eq!(unhealthy, 66);
        assert!(city.areas.iter().all(|a| a.code.len() <= 32));
        assert!(
            city.users
                .iter()
                .all(|u| city.nas[u.home].health != Health::NeverSeen)
        );
    }
}
