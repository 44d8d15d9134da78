//! Doctor checks of the listen addresses: each must be free, or held by a running radkota
//! (found through /proc: the socket's inode, then the process that has it open).

use std::net::{SocketAddr, TcpListener, UdpSocket};

use super::Check;
use crate::config::Config;

/// One check per configured address: RADIUS over UDP, and the admin API and the person's
/// page over TCP.
pub(super) fn checks(config: &Config) -> Vec<Check> {
    let mut out = Vec::new();
    for (what, addrs) in [
        ("auth listen", config.auth_addrs()),
        ("acct listen", config.acct_addrs()),
    ] {
        for addr in addrs {
            out.push(check(what, addr, Proto::Udp));
        }
    }
    if config.admin.enabled {
        if let Ok(addr) = config.admin.listen.parse::<SocketAddr>() {
            out.push(check("admin listen", addr, Proto::Tcp));
        }
    }
    if let Ok(addr) = config.portal.listen.parse::<SocketAddr>() {
        out.push(check("portal listen", addr, Proto::Tcp));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proto {
    Udp,
    Tcp,
}

impl Proto {
    fn name(self) -> &'static str {
        match self {
            Proto::Udp => "udp",
            Proto::Tcp => "tcp",
        }
    }
}

fn check(what: &'static str, addr: SocketAddr, proto: Proto) -> Check {
    let bound = match proto {
        Proto::Udp => UdpSocket::bind(addr).map(drop),
        Proto::Tcp => TcpListener::bind(addr).map(drop),
    };
    match bound {
        Ok(()) => Check::ok(what, format!("{addr}/{} is free", proto.name())),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => match holder(addr.port(), proto) {
            Some((pid, name)) if name == "radkota" => Check::ok(
                what,
                format!("{addr}/{} is held by radkota (pid {pid})", proto.name()),
            ),
            Some((pid, name)) => Check::fail(
                what,
                format!("{addr}/{} is in use by {name} (pid {pid})", proto.name()),
                "stop that program (a FreeRADIUS still running? systemctl stop freeradius) or change the address",
            ),
            None => Check::fail(
                what,
                format!(
                    "{addr}/{} is in use by another program (not one this user can see)",
                    proto.name()
                ),
                format!(
                    "find it with `ss -lunp 'sport = :{}'` (as root) and stop it, or change the address",
                    addr.port()
                ),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Check::warn(
            what,
            format!(
                "{addr}/{}: not allowed to bind as this user: {e}",
                proto.name()
            ),
            "run doctor as the server's user (ports below 1024 need CAP_NET_BIND_SERVICE)",
        ),
        Err(e) => Check::fail(
            what,
            format!("{addr}/{} cannot be bound: {e}", proto.name()),
            "use an address this machine has",
        ),
    }
}

/// The process (pid, command name) that holds a socket bound to `port`, if this user can
/// see it.
fn holder(port: u16, proto: Proto) -> Option<(u32, String)> {
    let inodes: Vec<String> = ["", "6"]
        .iter()
        .filter_map(|v6| std::fs::read_to_string(format!("/proc/net/{}{v6}", proto.name())).ok())
        .flat_map(|table| socket_inodes(&table, port))
        .collect();
    if inodes.is_empty() {
        return None;
    }
    let wanted: Vec<String> = inodes.iter().map(|i| format!("socket:[{i}]")).collect();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            std::fs::read_link(fd.path())
                .is_ok_and(|l| wanted.iter().any(|w| l.as_os_str() == w.as_str()))
        });
        if holds {
            let name = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
            return Some((pid, name.trim().to_string()));
        }
    }
    None
}

/// Inodes of the sockets in a /proc/net table whose local port is `port`.
fn socket_inodes(table: &str, port: u16) -> Vec<String> {
    let hex_port = format!("{port:04X}");
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let local = cols.get(1)?;
            let inode = cols.get(9)?;
            (local.rsplit(':').next()? == hex_port && *inode != "0").then(|| inode.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_inode_of_a_port() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n\
            1: 0100007F:0714 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4242 2 0000000000000000 0\n\
            2: 0100007F:0715 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4343 2 0000000000000000 0\n";
        assert_eq!(socket_inodes(table, 1812), vec!["4242".to_string()]);
        assert!(socket_inodes(table, 1814).is_empty());
    }

    #[test]
    fn a_port_held_here_is_found_with_its_holder() {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let addr = socket.local_addr().expect("addr");
        let c = check("auth listen", addr, Proto::Udp);
        // The test binary holds it: not radkota, so a failure naming this process.
        assert_eq!(c.status, super::super::Status::Fail, "{}", c.line());
        assert!(
            c.message.contains(&format!("pid {}", std::process::id())),
            "{}",
            c.line()
        );
    }
}
