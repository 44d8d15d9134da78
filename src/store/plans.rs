//! Plans: the bandwidth, time and data limits a user gets (seeded: `student`, `umkm`), and
//! per-user overrides of any of those limits (`user_limits`).

use serde_json::{Value, json};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Executor, Row};

use super::audit::{Actor, AuditedTx};
use super::row::{Columns, Named};
use super::{Store, StoreError, now, unique_violation};
use crate::domain::Limits;

/// The limit columns, in the order [`bind_limits`] binds them (plans and user_limits).
pub(crate) const LIMIT_COLUMNS: &str = "rate_up, rate_down, burst_rate_up, burst_rate_down, \
     burst_threshold_up, burst_threshold_down, burst_time, priority, allowed_hours, \
     session_timeout, idle_timeout, interim_interval, daily_bytes, monthly_bytes, \
     daily_seconds, monthly_seconds, max_sessions, valid_until, valid_days, extra_attributes, \
     quota_action, language, mac_roaming, valid_from";

/// The plan columns, for queries that select a plan (also joined into `user_for_auth`).
pub(crate) fn plan_columns() -> String {
    format!("name, description, {LIMIT_COLUMNS}")
}

/// A plan row. Rates are MikroTik-style strings ("2M"); durations in seconds; sizes in
/// octets. The limits are reachable directly (`plan.rate_up`) through `Deref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRecord {
    pub name: String,
    pub description: String,
    pub limits: Limits,
}

impl std::ops::Deref for PlanRecord {
    type Target = Limits;
    fn deref(&self) -> &Limits {
        &self.limits
    }
}

/// Binds the limit fields in [`LIMIT_COLUMNS`] order.
pub(crate) fn bind_limits<'q>(
    q: Query<'q, sqlx::Any, AnyArguments<'q>>,
    l: &Limits,
) -> Query<'q, sqlx::Any, AnyArguments<'q>> {
    q.bind(l.rate_up.clone())
        .bind(l.rate_down.clone())
        .bind(l.burst_rate_up.clone())
        .bind(l.burst_rate_down.clone())
        .bind(l.burst_threshold_up.clone())
        .bind(l.burst_threshold_down.clone())
        .bind(l.burst_time)
        .bind(l.priority)
        .bind(l.allowed_hours.clone())
        .bind(l.session_timeout)
        .bind(l.idle_timeout)
        .bind(l.interim_interval)
        .bind(l.daily_bytes)
        .bind(l.monthly_bytes)
        .bind(l.daily_seconds)
        .bind(l.monthly_seconds)
        .bind(l.max_sessions)
        .bind(l.valid_until)
        .bind(l.valid_days)
        .bind(l.extra_attributes.clone())
        .bind(l.quota_action.clone())
        .bind(l.language.clone())
        .bind(l.mac_roaming)
        .bind(l.valid_from)
}

/// `$first, $first+1, ...` for the limit columns.
fn placeholders(first: usize) -> String {
    (first..first + LIMIT_COLUMNS.split(',').count())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Limits {
    /// Decodes the limit columns of a row, under an optional column-name prefix.
    pub(crate) fn from_row(row: &AnyRow, prefix: &str) -> Result<Limits, StoreError> {
        Limits::read(&mut Named { row, prefix })
    }

    /// Reads the columns of [`LIMIT_COLUMNS`], in that order.
    pub(crate) fn read(c: &mut impl Columns) -> Result<Limits, StoreError> {
        Ok(Limits {
            rate_up: c.text("rate_up")?,
            rate_down: c.text("rate_down")?,
            burst_rate_up: c.text("burst_rate_up")?,
            burst_rate_down: c.text("burst_rate_down")?,
            burst_threshold_up: c.text("burst_threshold_up")?,
            burst_threshold_down: c.text("burst_threshold_down")?,
            burst_time: c.int("burst_time")?,
            priority: c.int("priority")?,
            allowed_hours: c.text("allowed_hours")?,
            session_timeout: c.int("session_timeout")?,
            idle_timeout: c.int("idle_timeout")?,
            interim_interval: c.int("interim_interval")?,
            daily_bytes: c.int("daily_bytes")?,
            monthly_bytes: c.int("monthly_bytes")?,
            daily_seconds: c.int("daily_seconds")?,
            monthly_seconds: c.int("monthly_seconds")?,
            max_sessions: c.int("max_sessions")?,
            valid_until: c.int("valid_until")?,
            valid_days: c.int("valid_days")?,
            extra_attributes: c.text("extra_attributes")?,
            quota_action: c.text("quota_action")?,
            language: c.text("language")?,
            mac_roaming: c.int("mac_roaming")?,
            valid_from: c.int("valid_from")?,
        })
    }
}

impl PlanRecord {
    /// The MikroTik-Rate-Limit value "rx/tx" as seen from the router (client upload first),
    /// e.g. "2M/4M"; `None` when neither rate is limited.
    pub fn mikrotik_rate_limit(&self) -> Option<String> {
        let set = |r: &Option<String>| r.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
        match (set(&self.rate_up), set(&self.rate_down)) {
            (None, None) => None,
            (up, down) => Some(format!(
                "{}/{}",
                up.as_deref().unwrap_or("0"),
                down.as_deref().unwrap_or("0")
            )),
        }
    }

    /// Decodes a row selected with [`plan_columns`], under an optional column-name prefix.
    pub(crate) fn from_row(row: &AnyRow, prefix: &str) -> Result<PlanRecord, StoreError> {
        PlanRecord::read(&mut Named { row, prefix })
    }

    /// Reads the columns of [`plan_columns`], in that order.
    pub(crate) fn read(c: &mut impl Columns) -> Result<PlanRecord, StoreError> {
        Ok(PlanRecord {
            name: c.req_text("name")?,
            description: c.req_text("description")?,
            limits: Limits::read(c)?,
        })
    }
}

impl PlanRecord {
    /// The audit form (plans carry no secret).
    fn audit_json(&self) -> Value {
        json!({ "name": self.name, "description": self.description, "limits": self.limits })
    }
}

fn plan_not_found(name: &str) -> StoreError {
    StoreError::NotFound {
        kind: "plan",
        name: name.to_string(),
    }
}

/// One plan, read from the pool or inside a transaction (for the audit row's before and
/// after).
async fn plan_in<'e>(
    e: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<PlanRecord>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {} FROM plans WHERE name = $1",
        plan_columns()
    ))
    .bind(name)
    .fetch_optional(e)
    .await?;
    row.map(|r| PlanRecord::from_row(&r, "")).transpose()
}

/// A user's overrides (all `None` when there are none), from the pool or inside a
/// transaction.
async fn user_limits_in<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> Result<Limits, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {LIMIT_COLUMNS} FROM user_limits WHERE user_id = $1"
    ))
    .bind(user_id)
    .fetch_optional(e)
    .await?;
    Ok(row
        .map(|r| Limits::from_row(&r, ""))
        .transpose()?
        .unwrap_or_default())
}

/// `name`'s audit target.
fn plan_target(name: &str) -> String {
    format!("plan:{name}")
}

/// Seven days: the seeded plans' MAC roaming (migration 0015 sets it on existing databases).
const SEEDED_MAC_ROAMING: i64 = 7 * 86_400;

/// Built-in plans and their documented defaults (see README, "Plans").
pub(crate) fn builtin_plans() -> Vec<PlanRecord> {
    vec![
        PlanRecord {
            name: "student".into(),
            description: "Pelajar / Students".into(),
            limits: Limits {
                rate_up: Some("2M".into()),
                rate_down: Some("4M".into()),
                allowed_hours: Some("05:00-21:00".into()),
                session_timeout: Some(3600),
                idle_timeout: Some(600),
                daily_bytes: Some(2_000_000_000),
                max_sessions: Some(1),
                quota_action: Some("disconnect".into()),
                mac_roaming: Some(SEEDED_MAC_ROAMING),
                ..Limits::default()
            },
        },
        PlanRecord {
            name: "umkm".into(),
            description: "UMKM / Micro & small businesses".into(),
            limits: Limits {
                rate_up: Some("5M".into()),
                rate_down: Some("10M".into()),
                session_timeout: Some(14400),
                idle_timeout: Some(900),
                daily_bytes: Some(5_000_000_000),
                monthly_bytes: Some(100_000_000_000),
                max_sessions: Some(2),
                quota_action: Some("throttle 512k/1M".into()),
                mac_roaming: Some(SEEDED_MAC_ROAMING),
                ..Limits::default()
            },
        },
    ]
}

impl Store {
    /// All plans, by name.
    pub async fn list_plans(&self) -> Result<Vec<PlanRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM plans ORDER BY name",
            plan_columns()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| PlanRecord::from_row(r, ""))
            .collect::<Result<_, _>>()
    }

    /// One plan by name.
    pub async fn get_plan(&self, name: &str) -> Result<Option<PlanRecord>, StoreError> {
        plan_in(&self.pool, name).await
    }

    /// Creates a plan; `Duplicate` if the name is taken (audited as `system`).
    pub async fn add_plan(&self, plan: &PlanRecord) -> Result<(), StoreError> {
        self.add_plan_audited(plan, &Actor::system()).await
    }

    /// Creates a plan with its audit row in one transaction; `Duplicate` if the name is
    /// taken.
    pub async fn add_plan_audited(
        &self,
        plan: &PlanRecord,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let sql = format!(
            "INSERT INTO plans (name, description, created_at, updated_at, {LIMIT_COLUMNS}) \
             VALUES ($1, $2, $3, $3, {})",
            placeholders(4)
        );
        let q = sqlx::query(&sql)
            .bind(plan.name.clone())
            .bind(plan.description.clone())
            .bind(now());
        match bind_limits(q, &plan.limits).execute(&mut *audit.tx).await {
            Ok(_) => {}
            Err(e) if unique_violation(&e).is_some() => {
                return Err(StoreError::Duplicate {
                    kind: "plan",
                    name: plan.name.clone(),
                });
            }
            Err(e) => return Err(e.into()),
        }
        // Read back so the audit row shows what was stored, not what was asked for.
        let after = plan_in(&mut *audit.tx, &plan.name)
            .await?
            .ok_or_else(|| plan_not_found(&plan.name))?;
        let target = plan_target(&plan.name);
        audit
            .record("plan.add", &target, None, Some(&after.audit_json()))
            .await?;
        audit.commit().await
    }

    /// Replaces a plan's description and limits; `NotFound` for an unknown plan (audited as
    /// `system`).
    pub async fn update_plan(&self, plan: &PlanRecord) -> Result<(), StoreError> {
        self.update_plan_audited(plan, &Actor::system()).await
    }

    /// Replaces a plan's description and limits with its audit row (before and after) in
    /// one transaction; `NotFound` for an unknown plan.
    pub async fn update_plan_audited(
        &self,
        plan: &PlanRecord,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = plan_in(&mut *audit.tx, &plan.name)
            .await?
            .ok_or_else(|| plan_not_found(&plan.name))?;
        let sets = LIMIT_COLUMNS
            .split(", ")
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 4))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("UPDATE plans SET description = $1, updated_at = $2, {sets} WHERE name = $3");
        let q = sqlx::query(&sql)
            .bind(plan.description.clone())
            .bind(now())
            .bind(plan.name.clone());
        bind_limits(q, &plan.limits).execute(&mut *audit.tx).await?;
        let after = plan_in(&mut *audit.tx, &plan.name)
            .await?
            .ok_or_else(|| plan_not_found(&plan.name))?;
        let (before, after) = (before.audit_json(), after.audit_json());
        audit
            .record(
                "plan.set",
                &plan_target(&plan.name),
                Some(&before),
                Some(&after),
            )
            .await?;
        audit.commit().await
    }

    /// Removes a plan; `Invalid` while users are on it, `NotFound` for an unknown plan
    /// (audited as `system`).
    pub async fn remove_plan(&self, name: &str) -> Result<(), StoreError> {
        self.remove_plan_audited(name, &Actor::system()).await
    }

    /// Removes a plan with its audit row in one transaction; `Invalid` while users are on
    /// it, `NotFound` for an unknown plan.
    pub async fn remove_plan_audited(&self, name: &str, actor: &Actor) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = plan_in(&mut *audit.tx, name)
            .await?
            .ok_or_else(|| plan_not_found(name))?;
        let users: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE plan = $1")
            .bind(name)
            .fetch_one(&mut *audit.tx)
            .await?
            .try_get("n")?;
        if users > 0 {
            return Err(StoreError::Invalid(format!(
                "plan '{name}' still has {users} user(s); move them to another plan first"
            )));
        }
        let done = sqlx::query("DELETE FROM plans WHERE name = $1")
            .bind(name)
            .execute(&mut *audit.tx)
            .await;
        match done {
            Ok(_) => {}
            // A user added between the count and the delete: the foreign key refuses.
            Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
                return Err(StoreError::Invalid(format!(
                    "plan '{name}' still has users"
                )));
            }
            Err(e) => return Err(e.into()),
        }
        audit
            .record(
                "plan.remove",
                &plan_target(name),
                Some(&before.audit_json()),
                None,
            )
            .await?;
        audit.commit().await
    }

    /// A user's overrides (all `None` when there are none).
    pub async fn user_limits(&self, user_id: i64) -> Result<Limits, StoreError> {
        user_limits_in(&self.pool, user_id).await
    }

    /// Replaces a user's overrides, keeping the first-login time (audited as `system`).
    pub async fn set_user_limits(&self, user_id: i64, limits: &Limits) -> Result<(), StoreError> {
        self.set_user_limits_audited(user_id, limits, &Actor::system())
            .await
    }

    /// Replaces a user's overrides, keeping the first-login time, with an audit row (the
    /// overrides before and after) in the same transaction; `NotFound` for an unknown user.
    pub async fn set_user_limits_audited(
        &self,
        user_id: i64,
        limits: &Limits,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let username: String = sqlx::query("SELECT username FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *audit.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                name: format!("#{user_id}"),
            })?
            .try_get("username")?;
        let before = user_limits_in(&mut *audit.tx, user_id).await?;
        let sets = LIMIT_COLUMNS
            .split(", ")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO user_limits (user_id, updated_at, {LIMIT_COLUMNS}) \
             VALUES ($1, $2, {}) ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at, {sets}",
            placeholders(3)
        );
        let q = sqlx::query(&sql).bind(user_id).bind(now());
        bind_limits(q, limits).execute(&mut *audit.tx).await?;
        let after = user_limits_in(&mut *audit.tx, user_id).await?;
        audit
            .record(
                "user.set",
                &format!("user:{username}"),
                Some(&json!({ "username": username, "limits": before })),
                Some(&json!({ "username": username, "limits": after })),
            )
            .await?;
        audit.commit().await
    }

    /// Records the first accepted login (only if none is recorded yet); returns the time in
    /// force afterwards.
    pub async fn record_first_login(&self, user_id: i64, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_limits (user_id, first_login_at, updated_at) VALUES ($1, $2, $2) \
             ON CONFLICT (user_id) DO UPDATE SET first_login_at = \
             COALESCE(user_limits.first_login_at, excluded.first_login_at)",
        )
        .bind(user_id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Inserts each built-in plan the first time only, and separately fills the policy
    /// fields added later (migration 0003) the first time only: a `meta` marker per step
    /// remembers it, so an operator's later edit or removal is never undone by a re-run.
    pub(crate) async fn seed_plans(&self) -> Result<(), StoreError> {
        let now = now();
        for plan in builtin_plans() {
            let mut tx = self.pool.begin().await?;
            let first = |marker: String| {
                sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                )
                .bind(marker)
                .bind(now)
            };
            if first(format!("seed.plan.{}", plan.name))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
            {
                let sql = format!(
                    "INSERT INTO plans (name, description, created_at, updated_at, {LIMIT_COLUMNS}) \
                     VALUES ($1, $2, $3, $3, {}) ON CONFLICT (name) DO NOTHING",
                    placeholders(4)
                );
                let q = sqlx::query(&sql)
                    .bind(plan.name.clone())
                    .bind(plan.description.clone())
                    .bind(now);
                bind_limits(q, &plan.limits).execute(&mut *tx).await?;
            }
            if first(format!("seed.policy.{}", plan.name))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
            {
                // Databases seeded before the policy fields existed get their defaults once;
                // the older fields (rates, timeouts) are left as the operator has them.
                let l = &plan.limits;
                sqlx::query(
                    "UPDATE plans SET allowed_hours = $1, daily_bytes = $2, monthly_bytes = $3, \
                     max_sessions = $4, quota_action = $5 WHERE name = $6 \
                     AND allowed_hours IS NULL AND daily_bytes IS NULL AND monthly_bytes IS NULL \
                     AND max_sessions IS NULL AND quota_action IS NULL",
                )
                .bind(l.allowed_hours.clone())
                .bind(l.daily_bytes)
                .bind(l.monthly_bytes)
                .bind(l.max_sessions)
                .bind(l.quota_action.clone())
                .bind(plan.name.clone())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}
