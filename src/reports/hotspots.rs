//! `report hotspots`: each NAS's latest contact, logins and users today and this week, open
//! sessions, and the flags that say it needs a look (silent, rejected-heavy, never seen,
//! clock skew, factory NAS-Identifier, implausible accounting), from `nas_health`,
//! `auth_daily_nas`, the usage rollups, the flagged sessions and one distinct-user read.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use roaring::RoaringBitmap;

use super::model::{HotspotFlag, HotspotReport, HotspotRow};
use super::usage::Topology;
use crate::accounting::DayZone;
use crate::config::ReportsConfig;
use crate::store::distinct::day_string;
use crate::store::health::ImplausibleCounts;
use crate::store::reports::{AuthCounts, NasHealthRow};
use crate::store::{Store, StoreError};

/// RouterOS's factory NAS-Identifier.
pub const DEFAULT_IDENTIFIER: &str = "MikroTik";

/// The first day of the 7-day week that ends on `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(6)).unwrap_or(day)
}

/// The hotspot-health report as of `now` (epoch seconds); "today" and "this week" (the 7
/// days ending today) are days in `zone`.
pub async fn hotspot_report(
    store: &Store,
    now: i64,
    zone: &DayZone,
    settings: &ReportsConfig,
) -> Result<HotspotReport, StoreError> {
    let today = zone.date(now);
    let week_from = week_start(today);
    let (t, wf) = (day_string(today), day_string(week_from));
    let topo = Topology::load(store).await?;
    let mut readings = Readings::load(store, (week_from, today), (&wf, &t)).await?;
    // The same seven days as the rest of the week's figures, by the server's clock.
    readings.implausible = store
        .implausible_per_nas(now.saturating_sub(7 * 86_400))
        .await?
        .into_iter()
        .map(|c| (c.nas_id, c))
        .collect();
    let mut rows: Vec<HotspotRow> = topo
        .nas
        .iter()
        .map(|(id, nas)| readings.row(&topo, *id, &nas.name, now, settings))
        .collect();
    // Hotspots that need a look first, each group by name.
    rows.sort_by(|a, b| (a.flags.is_empty(), &a.name).cmp(&(b.flags.is_empty(), &b.name)));
    Ok(HotspotReport {
        generated_at: now,
        today: t,
        week_from: wf,
        rows,
    })
}

/// What the report reads per NAS id, for this week and today.
struct Readings {
    health: HashMap<i64, NasHealthRow>,
    auth: HashMap<i64, AuthCounts>,
    open: HashMap<i64, i64>,
    active: HashMap<i64, i64>,
    users_week: HashMap<i64, RoaringBitmap>,
    users_today: HashMap<i64, RoaringBitmap>,
    implausible: HashMap<i64, ImplausibleCounts>,
}

impl Readings {
    /// Reads the week from `week_from` to `today`, given as dates and as day strings.
    async fn load(
        store: &Store,
        (week_from, today): (NaiveDate, NaiveDate),
        (wf, t): (&str, &str),
    ) -> Result<Readings, StoreError> {
        let health = store
            .nas_health()
            .await?
            .into_iter()
            .map(|h| (h.nas_id, h))
            .collect();
        let auth = store
            .auth_counts(wf, t)
            .await?
            .into_iter()
            .map(|a| (a.nas_id, a))
            .collect();
        let open = store.open_sessions_per_nas().await?.into_iter().collect();
        let active = store
            .active_days_per_nas(wf, t)
            .await?
            .into_iter()
            .collect();
        let mut users_week: HashMap<i64, RoaringBitmap> = HashMap::new();
        let mut users_today: HashMap<i64, RoaringBitmap> = HashMap::new();
        for (day, set) in store.distinct_users_per_day(week_from, today).await? {
            *users_week.entry(set.nas_id).or_default() |= &set.members;
            if day == t {
                *users_today.entry(set.nas_id).or_default() |= &set.members;
            }
        }
        Ok(Readings {
            health,
            auth,
            open,
            active,
            users_week,
            users_today,
            implausible: HashMap::new(),
        })
    }

    /// One NAS's row with its flags.
    fn row(
        &self,
        topo: &Topology,
        id: i64,
        name: &str,
        now: i64,
        settings: &ReportsConfig,
    ) -> HotspotRow {
        let (rw, kel, kec) = topo.place(id);
        let h = self.health.get(&id);
        let a = self.auth.get(&id).cloned().unwrap_or_default();
        let active_days = self.active.get(&id).copied().unwrap_or(0);
        let implausible = self.implausible.get(&id);
        let mut flags = flags(h, &a, active_days, now, settings);
        if implausible.is_some_and(|c| c.records > 0) {
            flags.push(HotspotFlag::ImplausibleAccounting);
        }
        HotspotRow {
            nas_id: id,
            name: name.to_string(),
            rw,
            kelurahan: kel,
            kecamatan: kec,
            last_accounting_at: h.and_then(|h| h.last_acct_at),
            last_login_at: h.and_then(|h| h.last_login_at),
            logins_today: a.accepts_today,
            logins_week: a.accepts,
            rejects_today: a.rejects_today,
            rejects_week: a.rejects,
            bad_authenticators_week: a.bad_authenticators,
            users_today: self.users_today.get(&id).map_or(0, RoaringBitmap::len),
            users_week: self.users_week.get(&id).map_or(0, RoaringBitmap::len),
            open_sessions: self.open.get(&id).copied().unwrap_or(0),
            active_days_week: active_days,
            clock_skew: h.and_then(|h| h.clock_skew),
            nas_identifier: h.and_then(|h| h.nas_identifier.clone()),
            implausible_records_week: implausible.map_or(0, |c| c.records),
            implausible_last_at: implausible.map(|c| c.last_at),
            flags,
        }
    }
}

/// The flags of one NAS from its latest contact `h`, this week's logins `a` and its active
/// days this week.
fn flags(
    h: Option<&NasHealthRow>,
    a: &AuthCounts,
    active_days: i64,
    now: i64,
    settings: &ReportsConfig,
) -> Vec<HotspotFlag> {
    let last_packet = h.and_then(|h| {
        [h.last_acct_at, h.last_request_at, h.last_login_at]
            .into_iter()
            .flatten()
            .max()
    });
    let mut flags = Vec::new();
    match last_packet {
        None => flags.push(HotspotFlag::NeverSeen),
        Some(last) => {
            if now.saturating_sub(last) >= i64::from(settings.silent_hours) * 3600
                && active_days >= i64::from(settings.silent_min_active_days)
            {
                flags.push(HotspotFlag::Silent);
            }
        }
    }
    let bad = a.rejects.saturating_add(a.bad_authenticators);
    let requests = bad.saturating_add(a.accepts);
    if bad >= i64::from(settings.rejected_min)
        && bad.saturating_mul(100) >= requests.saturating_mul(i64::from(settings.rejected_percent))
    {
        flags.push(HotspotFlag::RejectedHeavy);
    }
    let skew = h.and_then(|h| h.clock_skew);
    if skew.is_some_and(|s| s.unsigned_abs() > u64::from(settings.clock_skew_secs)) {
        flags.push(HotspotFlag::ClockSkew);
    }
    if h.and_then(|h| h.nas_identifier.as_deref())
        .is_some_and(|i| i.trim().eq_ignore_ascii_case(DEFAULT_IDENTIFIER))
    {
        flags.push(HotspotFlag::DefaultIdentifier);
    }
    flags
}
