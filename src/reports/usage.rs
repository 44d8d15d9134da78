//! `report usage`: figures per RW, kelurahan, kecamatan, plan, NAS, user, day or hour,
//! computed from the rollups with one GROUP BY for the sums, one for the peaks and one
//! distinct-user read whose bitmaps are unioned here, whatever the length of the period.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use roaring::RoaringBitmap;

use super::model::{Dimension, Figures, UsageReport, UsageRow};
use super::pseudonym::Pseudonymiser;
use crate::store::distinct::day_string;
use crate::store::reports::{PeakBy, SumRow, SumsBy};
use crate::store::{AreaRecord, NasRecord, Store, StoreError};

/// Row key of NAS (or areas) without an RW, kelurahan or kecamatan.
pub const NO_AREA_KEY: &str = "-";
/// Plan key of usernames that are not registered users (stored plan '').
pub const UNREGISTERED_PLAN: &str = "-";
/// Label of the unregistered plan.
pub const UNREGISTERED_LABEL: &str = "(tidak terdaftar / unregistered)";

/// A group row's identity and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub key: String,
    pub label: String,
    pub kecamatan: Option<String>,
    pub kelurahan: Option<String>,
    /// Rows sort by this (area path, NAS name, ...), groups without an area last.
    pub sort: String,
}

/// The NAS and areas, to place each NAS in its RW, kelurahan and kecamatan.
pub(crate) struct Topology {
    pub areas: HashMap<String, AreaRecord>,
    pub nas: BTreeMap<i64, NasRecord>,
}

/// Sorts after any area path or name.
const LAST: &str = "\u{10FFFF}";

impl Topology {
    /// Reads every area and NAS (two small queries).
    pub async fn load(store: &Store) -> Result<Topology, StoreError> {
        let areas = store
            .list_areas()
            .await?
            .into_iter()
            .map(|a| (a.code.clone(), a))
            .collect();
        let nas = store
            .list_nas()
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect();
        Ok(Topology { areas, nas })
    }

    fn parent(&self, code: Option<&str>) -> Option<String> {
        self.areas.get(code?)?.parent.clone()
    }

    /// RW, kelurahan and kecamatan codes of a NAS.
    pub fn place(&self, nas_id: i64) -> (Option<String>, Option<String>, Option<String>) {
        let rw = self.nas.get(&nas_id).and_then(|n| n.rw.clone());
        let kel = self.parent(rw.as_deref());
        let kec = self.parent(kel.as_deref());
        (rw, kel, kec)
    }

    fn area_group(&self, code: Option<String>, none_label: &str) -> Group {
        match code {
            Some(code) => {
                let area = self.areas.get(&code);
                Group {
                    label: area.map_or_else(|| code.clone(), |a| a.name.clone()),
                    sort: area.map_or_else(|| format!("~{code}"), |a| a.path.clone()),
                    key: code,
                    kecamatan: None,
                    kelurahan: None,
                }
            }
            None => Group {
                key: NO_AREA_KEY.into(),
                label: none_label.into(),
                kecamatan: None,
                kelurahan: None,
                sort: LAST.into(),
            },
        }
    }

    /// The row a NAS's figures go to when grouping by an area level or by NAS.
    pub fn group(&self, by: Dimension, nas_id: i64) -> Group {
        let (rw, kel, kec) = self.place(nas_id);
        match by {
            Dimension::Rw => Group {
                kecamatan: kec,
                kelurahan: kel,
                ..self.area_group(rw, "(tanpa RW / no RW)")
            },
            Dimension::Kelurahan => Group {
                kecamatan: kec,
                ..self.area_group(kel, "(tanpa kelurahan / no kelurahan)")
            },
            Dimension::Kecamatan => self.area_group(kec, "(tanpa kecamatan / no kecamatan)"),
            _ => match self.nas.get(&nas_id) {
                Some(n) => Group {
                    key: n.name.clone(),
                    label: n.name.clone(),
                    kecamatan: kec,
                    kelurahan: kel,
                    sort: n.name.clone(),
                },
                None => Group {
                    key: format!("#{nas_id}"),
                    label: "(NAS dihapus / removed NAS)".into(),
                    kecamatan: None,
                    kelurahan: None,
                    sort: format!("{LAST}{nas_id:020}"),
                },
            },
        }
    }
}

/// The report's name for a stored plan.
pub fn plan_key(plan: &str) -> String {
    if plan.is_empty() {
        UNREGISTERED_PLAN.into()
    } else {
        plan.into()
    }
}

/// Sums, user sets and peak of one row (or one plan of a row) while it is being built.
#[derive(Debug, Default, Clone)]
struct Acc {
    sessions: i64,
    input_octets: i64,
    output_octets: i64,
    session_seconds: i64,
    users: RoaringBitmap,
    /// Unique users fixed by the row kind (per user); overrides `users`.
    fixed_users: Option<u64>,
}

impl Acc {
    fn add(&mut self, r: &SumRow) {
        self.sessions = self.sessions.saturating_add(r.sessions);
        self.input_octets = self.input_octets.saturating_add(r.input_octets);
        self.output_octets = self.output_octets.saturating_add(r.output_octets);
        self.session_seconds = self.session_seconds.saturating_add(r.session_seconds);
    }

    fn figures(&self, users_known: bool, peak: Option<i64>) -> Figures {
        Figures {
            unique_users: if let Some(n) = self.fixed_users {
                Some(n)
            } else {
                users_known.then(|| self.users.len())
            },
            sessions: self.sessions,
            input_octets: self.input_octets,
            output_octets: self.output_octets,
            session_seconds: self.session_seconds,
            peak_sessions: peak,
        }
    }
}

#[derive(Debug)]
struct RowAcc {
    group: Group,
    total: Acc,
    by_plan: BTreeMap<String, Acc>,
}

impl RowAcc {
    fn new(group: Group) -> RowAcc {
        RowAcc {
            group,
            total: Acc::default(),
            by_plan: BTreeMap::new(),
        }
    }
}

/// The usage report over `from..=to` grouped by `by`. Usernames are replaced by
/// pseudonyms when `pseudonymiser` is given.
pub async fn usage_report(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    by: Dimension,
    pseudonymiser: Option<&Pseudonymiser>,
) -> Result<UsageReport, StoreError> {
    let (f, t) = (day_string(from), day_string(to));
    let topo = Topology::load(store).await?;
    let mut rows: BTreeMap<String, RowAcc> = BTreeMap::new();
    let simple = |key: String, label: String, sort: String| Group {
        key,
        label,
        kecamatan: None,
        kelurahan: None,
        sort,
    };
    // Every hotspot's group, every plan, day and hour appears even with nothing to show.
    match by {
        Dimension::Rw | Dimension::Kelurahan | Dimension::Kecamatan | Dimension::Nas => {
            for id in topo.nas.keys() {
                let g = topo.group(by, *id);
                rows.entry(g.key.clone()).or_insert_with(|| RowAcc::new(g));
            }
        }
        Dimension::Plan => {
            for p in store.list_plans().await? {
                let g = simple(p.name.clone(), p.name.clone(), p.name.clone());
                rows.insert(p.name, RowAcc::new(g));
            }
        }
        Dimension::Day => {
            let mut d = from;
            while d <= to {
                let day = day_string(d);
                rows.insert(
                    day.clone(),
                    RowAcc::new(simple(day.clone(), day.clone(), day)),
                );
                d = match d.succ_opt() {
                    Some(n) => n,
                    None => break,
                };
            }
        }
        Dimension::Hour => {
            for h in 0..24 {
                let k = format!("{h:02}");
                rows.insert(k.clone(), RowAcc::new(simple(k.clone(), k.clone(), k)));
            }
        }
        Dimension::User => {}
    }
    let user_key = |name: &str| match pseudonymiser {
        Some(p) => p.user(name),
        None => name.to_string(),
    };
    let plan_group = |plan: &str| {
        let key = plan_key(plan);
        let label = if plan.is_empty() {
            UNREGISTERED_LABEL.to_string()
        } else {
            key.clone()
        };
        let sort = if plan.is_empty() {
            LAST.to_string()
        } else {
            key.clone()
        };
        simple(key, label, sort)
    };
    // The row key of a NAS under this dimension (None: not grouped by NAS).
    let nas_row = |nas_id: i64| -> Group { topo.group(by, nas_id) };

    let sums_by = match by {
        Dimension::Day => SumsBy::Day,
        Dimension::Hour => SumsBy::Hour,
        Dimension::User => SumsBy::User,
        _ => SumsBy::Nas,
    };
    let mut total = Acc::default();
    let mut total_by_plan: BTreeMap<String, Acc> = BTreeMap::new();
    for r in store.report_sums(&f, &t, sums_by).await? {
        let plan = plan_key(&r.plan);
        let group = match by {
            Dimension::Plan => plan_group(&r.plan),
            Dimension::Day => simple(r.key.clone(), r.key.clone(), r.key.clone()),
            Dimension::Hour => {
                let k = r
                    .key
                    .parse::<u32>()
                    .map_or_else(|_| r.key.clone(), |h| format!("{h:02}"));
                simple(k.clone(), k.clone(), k)
            }
            Dimension::User => {
                let k = user_key(&r.key);
                simple(k.clone(), k.clone(), k)
            }
            _ => {
                let id = r.key.parse::<i64>().map_err(|_| {
                    StoreError::Invalid(format!("usage row with NAS id '{}'", r.key))
                })?;
                nas_row(id)
            }
        };
        let row = rows
            .entry(group.key.clone())
            .or_insert_with(|| RowAcc::new(group));
        row.total.add(&r);
        let pa = row.by_plan.entry(plan.clone()).or_default();
        pa.add(&r);
        if by == Dimension::User {
            let n = u64::from(r.user_id.is_some());
            pa.fixed_users = Some(n);
            row.total.fixed_users = Some(row.total.fixed_users.unwrap_or(0).max(n));
        }
        total.add(&r);
        total_by_plan.entry(plan).or_default().add(&r);
    }

    // Distinct users: one read, unioned per row, per plan and overall.
    let mut add_set = |row: Option<&mut RowAcc>, plan: &str, members: &RoaringBitmap| {
        let plan = plan_key(plan);
        if let Some(row) = row {
            row.total.users |= members;
            row.by_plan.entry(plan.clone()).or_default().users |= members;
        }
        total.users |= members;
        total_by_plan.entry(plan).or_default().users |= members;
    };
    if by == Dimension::Day {
        for (day, set) in store.distinct_users_per_day(from, to).await? {
            add_set(rows.get_mut(&day), &set.plan, &set.members);
        }
    } else {
        for set in store.distinct_users(from, to).await? {
            let row = match by {
                Dimension::Plan => rows.get_mut(&plan_key(&set.plan)),
                Dimension::Hour | Dimension::User => None,
                _ => rows.get_mut(&nas_row(set.nas_id).key),
            };
            add_set(row, &set.plan, &set.members);
        }
    }

    // Peak concurrency: one read. An area group's peak is the highest daily sum of its
    // hotspots' peaks, which needs a per-day grouping; but with one hotspot per group (one
    // controller per RW, the usual case) that is just each hotspot's own highest day, which
    // is far cheaper to read over a year.
    let area_level = matches!(
        by,
        Dimension::Rw | Dimension::Kelurahan | Dimension::Kecamatan
    );
    let mut per_nas: Vec<(String, i64)> = Vec::new();
    let mut one_per_group = false;
    if area_level {
        per_nas = store.report_peaks(&f, &t, PeakBy::Nas).await?;
        let mut members: HashMap<String, BTreeSet<i64>> = HashMap::new();
        let ids = topo
            .nas
            .keys()
            .copied()
            .chain(per_nas.iter().filter_map(|(k, _)| k.parse::<i64>().ok()));
        for id in ids {
            members.entry(nas_row(id).key).or_default().insert(id);
        }
        one_per_group = members.values().all(|m| m.len() == 1)
            && per_nas.iter().all(|(k, _)| k.parse::<i64>().is_ok());
    }
    let peak_by = match by {
        _ if one_per_group => None,
        Dimension::Rw => Some(PeakBy::Rw),
        Dimension::Kelurahan => Some(PeakBy::Kelurahan),
        Dimension::Kecamatan => Some(PeakBy::Kecamatan),
        Dimension::Nas => Some(PeakBy::Nas),
        Dimension::Day => Some(PeakBy::Day),
        Dimension::Hour => Some(PeakBy::Hour),
        Dimension::Plan | Dimension::User => None,
    };
    let mut peaks: HashMap<String, i64> = HashMap::new();
    if one_per_group {
        for (k, v) in per_nas {
            if let Ok(id) = k.parse::<i64>() {
                let e = peaks.entry(nas_row(id).key).or_insert(0);
                *e = (*e).max(v);
            }
        }
    }
    if let Some(pb) = peak_by {
        for (k, v) in store.report_peaks(&f, &t, pb).await? {
            let key = match pb {
                PeakBy::Nas => match k.parse::<i64>() {
                    Ok(id) => nas_row(id).key,
                    Err(_) => k,
                },
                PeakBy::Hour => k
                    .parse::<u32>()
                    .map_or_else(|_| k.clone(), |h| format!("{h:02}")),
                _ => k,
            };
            let e = peaks.entry(key).or_insert(0);
            *e = (*e).max(v);
        }
    }
    let overall_peak = store
        .report_peaks(&f, &t, PeakBy::All)
        .await?
        .into_iter()
        .map(|(_, v)| v)
        .max()
        .unwrap_or(0);

    let users_known = !matches!(by, Dimension::Hour);
    let mut out: Vec<(String, UsageRow)> = rows
        .into_values()
        .map(|r| {
            let peak = (peak_by.is_some() || one_per_group)
                .then(|| peaks.get(&r.group.key).copied().unwrap_or(0));
            let by_plan = r
                .by_plan
                .iter()
                .map(|(p, a)| (p.clone(), a.figures(users_known, None)))
                .collect();
            (
                r.group.sort.clone(),
                UsageRow {
                    key: r.group.key,
                    label: r.group.label,
                    kecamatan: r.group.kecamatan,
                    kelurahan: r.group.kelurahan,
                    total: r.total.figures(users_known, peak),
                    by_plan,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1.key).cmp(&(&b.0, &b.1.key)));
    Ok(UsageReport {
        from: f,
        to: t,
        by,
        pseudonymised: pseudonymiser.is_some(),
        rows: out.into_iter().map(|(_, r)| r).collect(),
        total: total.figures(true, Some(overall_peak)),
        total_by_plan: total_by_plan
            .iter()
            .map(|(p, a)| (p.clone(), a.figures(true, None)))
            .collect(),
    })
}
