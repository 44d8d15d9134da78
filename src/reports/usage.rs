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
    let mut rows = empty_rows(store, &topo, from, to, by).await?;
    let mut totals = Totals::default();
    for r in store.report_sums(&f, &t, sums_by(by)).await? {
        let group = sum_group(&topo, by, pseudonymiser, &r)?;
        totals.add_sum(&mut rows, by, group, &r);
    }
    add_distinct_users(store, &topo, (from, to), by, &mut rows, &mut totals).await?;
    let peaks = row_peaks(store, &topo, (&f, &t), by).await?;
    let overall_peak = store
        .report_peaks(&f, &t, PeakBy::All)
        .await?
        .into_iter()
        .map(|(_, v)| v)
        .max()
        .unwrap_or(0);
    Ok(UsageReport {
        from: f,
        to: t,
        by,
        pseudonymised: pseudonymiser.is_some(),
        rows: finished_rows(rows, by, peaks.as_ref()),
        total: totals.all.figures(true, Some(overall_peak)),
        total_by_plan: totals
            .by_plan
            .iter()
            .map(|(p, a)| (p.clone(), a.figures(true, None)))
            .collect(),
    })
}

/// A group outside the area tree (plan, day, hour, user).
fn simple(key: String, label: String, sort: String) -> Group {
    Group {
        key,
        label,
        kecamatan: None,
        kelurahan: None,
        sort,
    }
}

/// A group whose key is also its label and sort key.
fn named(key: String) -> Group {
    simple(key.clone(), key.clone(), key)
}

/// Hours are stored as numbers and shown as two digits ("07").
fn hour_key(k: &str) -> String {
    k.parse::<u32>()
        .map_or_else(|_| k.to_string(), |h| format!("{h:02}"))
}

/// The group of a stored plan; unregistered usernames sort last.
fn plan_group(plan: &str) -> Group {
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
}

/// Every hotspot's group, every plan, day and hour, so that each appears even with nothing
/// to show.
async fn empty_rows(
    store: &Store,
    topo: &Topology,
    from: NaiveDate,
    to: NaiveDate,
    by: Dimension,
) -> Result<BTreeMap<String, RowAcc>, StoreError> {
    let mut rows: BTreeMap<String, RowAcc> = BTreeMap::new();
    match by {
        Dimension::Rw | Dimension::Kelurahan | Dimension::Kecamatan | Dimension::Nas => {
            for id in topo.nas.keys() {
                let g = topo.group(by, *id);
                rows.entry(g.key.clone()).or_insert_with(|| RowAcc::new(g));
            }
        }
        Dimension::Plan => {
            for p in store.list_plans().await? {
                let g = named(p.name.clone());
                rows.insert(p.name, RowAcc::new(g));
            }
        }
        Dimension::Day => {
            let mut d = from;
            while d <= to {
                let day = day_string(d);
                rows.insert(day.clone(), RowAcc::new(named(day)));
                d = match d.succ_opt() {
                    Some(n) => n,
                    None => break,
                };
            }
        }
        Dimension::Hour => {
            for h in 0..24 {
                let k = format!("{h:02}");
                rows.insert(k.clone(), RowAcc::new(named(k)));
            }
        }
        Dimension::User => {}
    }
    Ok(rows)
}

/// The grouping of the sums read: area levels are summed per NAS and placed here.
fn sums_by(by: Dimension) -> SumsBy {
    match by {
        Dimension::Day => SumsBy::Day,
        Dimension::Hour => SumsBy::Hour,
        Dimension::User => SumsBy::User,
        _ => SumsBy::Nas,
    }
}

/// The row a sums row goes to.
fn sum_group(
    topo: &Topology,
    by: Dimension,
    pseudonymiser: Option<&Pseudonymiser>,
    r: &SumRow,
) -> Result<Group, StoreError> {
    Ok(match by {
        Dimension::Plan => plan_group(&r.plan),
        Dimension::Day => named(r.key.clone()),
        Dimension::Hour => named(hour_key(&r.key)),
        Dimension::User => named(match pseudonymiser {
            Some(p) => p.user(&r.key),
            None => r.key.clone(),
        }),
        _ => {
            let id = r
                .key
                .parse::<i64>()
                .map_err(|_| StoreError::Invalid(format!("usage row with NAS id '{}'", r.key)))?;
            topo.group(by, id)
        }
    })
}

/// The whole report's sums and user sets, overall and per plan.
#[derive(Default)]
struct Totals {
    all: Acc,
    by_plan: BTreeMap<String, Acc>,
}

impl Totals {
    /// Adds one sums row to its row (created if new), that row's plan, and the totals.
    fn add_sum(
        &mut self,
        rows: &mut BTreeMap<String, RowAcc>,
        by: Dimension,
        group: Group,
        r: &SumRow,
    ) {
        let plan = plan_key(&r.plan);
        let row = rows
            .entry(group.key.clone())
            .or_insert_with(|| RowAcc::new(group));
        row.total.add(r);
        let pa = row.by_plan.entry(plan.clone()).or_default();
        pa.add(r);
        if by == Dimension::User {
            let n = u64::from(r.user_id.is_some());
            pa.fixed_users = Some(n);
            row.total.fixed_users = Some(row.total.fixed_users.unwrap_or(0).max(n));
        }
        self.all.add(r);
        self.by_plan.entry(plan).or_default().add(r);
    }

    /// Unions one user set into its row (if any), that row's plan, and the totals.
    fn add_users(&mut self, row: Option<&mut RowAcc>, plan: &str, members: &RoaringBitmap) {
        let plan = plan_key(plan);
        if let Some(row) = row {
            row.total.users |= members;
            row.by_plan.entry(plan.clone()).or_default().users |= members;
        }
        self.all.users |= members;
        self.by_plan.entry(plan).or_default().users |= members;
    }
}

/// Distinct users: one read, unioned per row, per plan and overall.
async fn add_distinct_users(
    store: &Store,
    topo: &Topology,
    (from, to): (NaiveDate, NaiveDate),
    by: Dimension,
    rows: &mut BTreeMap<String, RowAcc>,
    totals: &mut Totals,
) -> Result<(), StoreError> {
    if by == Dimension::Day {
        for (day, set) in store.distinct_users_per_day(from, to).await? {
            totals.add_users(rows.get_mut(&day), &set.plan, &set.members);
        }
    } else {
        for set in store.distinct_users(from, to).await? {
            let row = match by {
                Dimension::Plan => rows.get_mut(&plan_key(&set.plan)),
                Dimension::Hour | Dimension::User => None,
                _ => rows.get_mut(&topo.group(by, set.nas_id).key),
            };
            totals.add_users(row, &set.plan, &set.members);
        }
    }
    Ok(())
}

/// Peak concurrency per row key, from one read; None when the grouping has no peak (plan,
/// user).
async fn row_peaks(
    store: &Store,
    topo: &Topology,
    (f, t): (&str, &str),
    by: Dimension,
) -> Result<Option<HashMap<String, i64>>, StoreError> {
    if matches!(
        by,
        Dimension::Rw | Dimension::Kelurahan | Dimension::Kecamatan
    ) {
        let per_nas = store.report_peaks(f, t, PeakBy::Nas).await?;
        if let Some(peaks) = single_hotspot_peaks(topo, by, per_nas) {
            return Ok(Some(peaks));
        }
    }
    let pb = match by {
        Dimension::Rw => PeakBy::Rw,
        Dimension::Kelurahan => PeakBy::Kelurahan,
        Dimension::Kecamatan => PeakBy::Kecamatan,
        Dimension::Nas => PeakBy::Nas,
        Dimension::Day => PeakBy::Day,
        Dimension::Hour => PeakBy::Hour,
        Dimension::Plan | Dimension::User => return Ok(None),
    };
    let mut peaks: HashMap<String, i64> = HashMap::new();
    for (k, v) in store.report_peaks(f, t, pb).await? {
        let key = match pb {
            PeakBy::Nas => match k.parse::<i64>() {
                Ok(id) => topo.group(by, id).key,
                Err(_) => k,
            },
            PeakBy::Hour => hour_key(&k),
            _ => k,
        };
        let e = peaks.entry(key).or_insert(0);
        *e = (*e).max(v);
    }
    Ok(Some(peaks))
}

/// An area group's peak is the highest daily sum of its hotspots' peaks, which needs a
/// per-day grouping; but with one hotspot per group (one controller per RW, the usual case)
/// that is just each hotspot's own highest day, which is far cheaper to read over a year.
/// Those peaks from `per_nas` (each hotspot's highest day) for an area level `by`, or None
/// when some group has several hotspots.
fn single_hotspot_peaks(
    topo: &Topology,
    by: Dimension,
    per_nas: Vec<(String, i64)>,
) -> Option<HashMap<String, i64>> {
    let mut members: HashMap<String, BTreeSet<i64>> = HashMap::new();
    let ids = topo
        .nas
        .keys()
        .copied()
        .chain(per_nas.iter().filter_map(|(k, _)| k.parse::<i64>().ok()));
    for id in ids {
        members
            .entry(topo.group(by, id).key)
            .or_default()
            .insert(id);
    }
    let one_per_group = members.values().all(|m| m.len() == 1)
        && per_nas.iter().all(|(k, _)| k.parse::<i64>().is_ok());
    if !one_per_group {
        return None;
    }
    let mut peaks: HashMap<String, i64> = HashMap::new();
    for (k, v) in per_nas {
        if let Ok(id) = k.parse::<i64>() {
            let e = peaks.entry(topo.group(by, id).key).or_insert(0);
            *e = (*e).max(v);
        }
    }
    Some(peaks)
}

/// The rows with their figures, in display order; `peaks` is None when the grouping has no
/// peak.
fn finished_rows(
    rows: BTreeMap<String, RowAcc>,
    by: Dimension,
    peaks: Option<&HashMap<String, i64>>,
) -> Vec<UsageRow> {
    let users_known = !matches!(by, Dimension::Hour);
    let mut out: Vec<(String, UsageRow)> = rows
        .into_values()
        .map(|r| {
            let peak = peaks.map(|p| p.get(&r.group.key).copied().unwrap_or(0));
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
    out.into_iter().map(|(_, r)| r).collect()
}
