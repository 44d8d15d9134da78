//! `radkota user unbind` and `user devices`: the devices bound to a user for roaming
//! between hotspots (issue 22). Only the last two octets of a MAC are ever shown: the table
//! holds a keyed hash, not the MAC.

use anyhow::{Context as _, bail};

use super::{Ctx, fmt_time, print_table};
use crate::domain::Mac;
use crate::store::Actor;

/// Help epilogue for `user unbind`.
pub(super) const UNBIND_AFTER_HELP: &str = "\
Examples:
  radkota user unbind siti                       every device of siti
  radkota user unbind siti AA:BB:CC:DD:EE:FF     one device

The device must log in with the password again before it roams. Disabling the account,
a new password and `user forget` end every binding too.";

/// `user unbind USER [MAC]`.
pub(super) async fn unbind(ctx: &Ctx, username: &str, mac: Option<&str>) -> anyhow::Result<()> {
    let hash = match mac {
        Some(m) => {
            let mac = Mac::parse(m).with_context(|| {
                format!(
                    "'{}' is not a MAC such as AA:BB:CC:DD:EE:FF",
                    m.escape_debug()
                )
            })?;
            Some(ctx.sealer().await?.mac_hash(&mac.0))
        }
        None => None,
    };
    let store = ctx.store().await?;
    let result = async {
        let Some(user) = store.get_user(username).await? else {
            bail!("user '{}' does not exist", username.escape_debug());
        };
        let target = format!("user:{username}");
        Ok(store
            .unbind_macs(&Actor::cli(), user.id, &target, hash.as_deref())
            .await?)
    }
    .await;
    store.close().await;
    let ended = result?;
    println!("ended {ended} binding(s) of user {username}");
    Ok(())
}

/// `user devices USER`.
pub(super) async fn devices(ctx: &Ctx, username: &str) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let result = async {
        let Some(user) = store.get_user(username).await? else {
            bail!("user '{}' does not exist", username.escape_debug());
        };
        Ok(store.bindings_of(user.id).await?)
    }
    .await;
    store.close().await;
    let rows: Vec<Vec<String>> = result?
        .iter()
        .map(|b| {
            vec![
                b.mac_tail.clone(),
                fmt_time(b.bound_at),
                fmt_time(b.expires_at),
            ]
        })
        .collect();
    print_table(&["DEVICE", "BOUND", "UNTIL"], &rows);
    Ok(())
}
