//! `report weekly`: the one-page weekly check. Every RW's figures for the 7 days ending on
//! the given day against the 7 days before, with the hotspot flags of its NAS; the silent
//! and underused first, then by change in unique users, lowest first.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};

use super::hotspots::{hotspot_report, week_start};
use super::model::{
    Dimension, Figures, HotspotFlag, HotspotReport, UsageRow, WeeklyReport, WeeklyRow,
};
use super::usage::{NO_AREA_KEY, usage_report};
use crate::accounting::DayZone;
use crate::config::ReportsConfig;
use crate::store::distinct::day_string;
use crate::store::{Store, StoreError};

/// Order of flags within a row, most urgent first.
const FLAG_ORDER: [HotspotFlag; 7] = [
    HotspotFlag::Silent,
    HotspotFlag::NeverSeen,
    HotspotFlag::Underused,
    HotspotFlag::RejectedHeavy,
    HotspotFlag::ImplausibleAccounting,
    HotspotFlag::ClockSkew,
    HotspotFlag::DefaultIdentifier,
];

fn flag_rank(f: HotspotFlag) -> usize {
    FLAG_ORDER
        .iter()
        .position(|x| *x == f)
        .unwrap_or(FLAG_ORDER.len())
}

/// The weekly report for the week ending on `week_to` (inclusive); the hotspot flags are
/// as of `now`.
pub async fn weekly_report(
    store: &Store,
    week_to: NaiveDate,
    now: i64,
    zone: &DayZone,
    settings: &ReportsConfig,
) -> Result<WeeklyReport, StoreError> {
    let week_from = week_start(week_to);
    let last_to = week_from
        .checked_sub_days(Days::new(1))
        .unwrap_or(week_from);
    let last_from = week_start(last_to);
    let this = usage_report(store, week_from, week_to, Dimension::Rw, None).await?;
    let last = usage_report(store, last_from, last_to, Dimension::Rw, None).await?;
    let hot = hotspot_report(store, now, zone, settings).await?;

    let flags = rw_flags(&hot);
    let last_by_key: BTreeMap<&str, &Figures> = last
        .rows
        .iter()
        .map(|r| (r.key.as_str(), &r.total))
        .collect();
    let mut rows: Vec<WeeklyRow> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let this_rows = this.rows.iter().map(|r| (r, true));
    let last_only = last
        .rows
        .iter()
        .filter(|r| !this.rows.iter().any(|t| t.key == r.key))
        .map(|r| (r, false));
    for (r, in_this) in this_rows.chain(last_only) {
        if !seen.insert(r.key.clone()) {
            continue;
        }
        let this_week = if in_this { r.total } else { Figures::default() };
        let last_week = last_by_key.get(r.key.as_str()).copied().copied();
        let ranks = flags.get(&r.key).cloned().unwrap_or_default();
        rows.push(weekly_row(r, this_week, last_week, ranks, settings));
    }
    sort_rows(&mut rows);
    Ok(WeeklyReport {
        week_from: day_string(week_from),
        week_to: day_string(week_to),
        last_week_from: day_string(last_from),
        last_week_to: day_string(last_to),
        rows,
    })
}

/// The flag ranks of each RW's hotspots, by RW key (hotspots without an RW under "-").
fn rw_flags(hot: &HotspotReport) -> BTreeMap<String, BTreeSet<usize>> {
    let mut flags: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for h in &hot.rows {
        let key = h.rw.clone().unwrap_or_else(|| NO_AREA_KEY.into());
        let e = flags.entry(key).or_default();
        e.extend(h.flags.iter().map(|f| flag_rank(*f)));
    }
    flags
}

/// One RW's row: this week against last (`None`: no row last week), the change in unique
/// users, and its hotspots' flag ranks plus underused when the users dropped too far.
fn weekly_row(
    r: &UsageRow,
    this_week: Figures,
    last_week: Option<Figures>,
    mut ranks: BTreeSet<usize>,
    settings: &ReportsConfig,
) -> WeeklyRow {
    let this_week = Figures {
        unique_users: this_week.unique_users.or(Some(0)),
        peak_sessions: this_week.peak_sessions.or(Some(0)),
        ..this_week
    };
    let last_week = last_week.unwrap_or(Figures {
        unique_users: Some(0),
        peak_sessions: Some(0),
        ..Figures::default()
    });
    let (now_users, then_users) = (
        this_week.unique_users.unwrap_or(0),
        last_week.unique_users.unwrap_or(0),
    );
    let change_percent = (then_users > 0)
        .then(|| (now_users as f64 - then_users as f64) * 100.0 / then_users as f64)
        .map(|p| (p * 10.0).round() / 10.0);
    if then_users >= u64::from(settings.underused_min_users)
        && now_users.saturating_mul(100)
            < then_users.saturating_mul(u64::from(settings.underused_percent))
    {
        ranks.insert(flag_rank(HotspotFlag::Underused));
    }
    WeeklyRow {
        rw: r.key.clone(),
        label: r.label.clone(),
        kelurahan: r.kelurahan.clone(),
        kecamatan: r.kecamatan.clone(),
        this_week,
        last_week,
        change_percent,
        flags: ranks
            .into_iter()
            .filter_map(|i| FLAG_ORDER.get(i).copied())
            .collect(),
    }
}

/// Silent first, then underused, then by change in unique users (lowest first, unknown
/// change last), then by RW key.
fn sort_rows(rows: &mut [WeeklyRow]) {
    let has = |r: &WeeklyRow, f: HotspotFlag| r.flags.contains(&f);
    rows.sort_by(|a, b| {
        let rank = |r: &WeeklyRow| {
            (
                !has(r, HotspotFlag::Silent),
                !has(r, HotspotFlag::Underused),
                r.change_percent.is_none(),
            )
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| {
                a.change_percent
                    .unwrap_or(0.0)
                    .total_cmp(&b.change_percent.unwrap_or(0.0))
            })
            .then_with(|| a.rw.cmp(&b.rw))
    });
}
