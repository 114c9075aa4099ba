//! Connecting as libpq does: the URL first, then PGHOST, PGPORT, PGUSER, PGDATABASE,
//! PGPASSWORD and the password file (PGPASSFILE or ~/.pgpass), PGSSLMODE. A password is never
//! part of what is shown.

use std::path::PathBuf;
use std::time::Duration;

use postgres::config::Host;
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};

use super::tls;

use crate::store::StoreError;

/// The URL as messages show it: without a password (`user:secret@` → `user@`,
/// `password=…` dropped).
pub(super) fn shown(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest = scheme_end + 3;
        let authority_end = out[rest..].find(['/', '?']).map_or(out.len(), |i| rest + i);
        if let Some(at) = out[rest..authority_end].rfind('@') {
            let userinfo = &out[rest..rest + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(rest + colon..rest + at, "");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let kept: Vec<&str> = out[q + 1..]
            .split('&')
            .filter(|kv| !kv.to_ascii_lowercase().starts_with("password="))
            .collect();
        let base = out[..q].to_string();
        out = if kept.is_empty() {
            base
        } else {
            format!("{base}?{}", kept.join("&"))
        };
    }
    out
}

/// What the server or the network said, without the library's framing.
pub(super) fn said(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    match std::error::Error::source(e) {
        Some(cause) if !e.to_string().contains(&cause.to_string()) => format!("{e}: {cause}"),
        _ => e.to_string(),
    }
}

/// The URL without the TLS settings yuqing reads itself (the client library knows fewer
/// `sslmode`s than libpq), and those: `sslmode` and `sslrootcert`.
fn split_tls(url: &str) -> (String, Option<String>, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None, None);
    };
    let (mut mode, mut root, mut kept) = (None, None, Vec::new());
    for kv in query.split('&') {
        if let Some(v) = kv.strip_prefix("sslmode=") {
            mode = Some(percent_decoded(v));
        } else if let Some(v) = kv.strip_prefix("sslrootcert=") {
            root = Some(percent_decoded(v));
        } else {
            kept.push(kv);
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, mode, root)
}

/// `%2F` and the like as the characters they stand for.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Opens a connection to `url`, refusing in one sentence what cannot work. Encrypted as
/// `sslmode` (the URL's, else PGSSLMODE; default `prefer`) asks; never on a Unix socket, where
/// the server does not offer it (as libpq).
pub(super) fn client(url: &str) -> Result<Client, StoreError> {
    let shown = shown(url);
    let (bare, mode, root) = split_tls(url);
    let mode = mode.or_else(|| std::env::var("PGSSLMODE").ok().filter(|m| !m.is_empty()));
    let mode = match mode.as_deref() {
        None => tls::Mode::Prefer,
        Some(m) => tls::Mode::parse(m)
            .ok_or_else(|| StoreError::TlsModeUnknown(shown.clone(), m.to_string()))?,
    };
    let mut cfg: Config = bare
        .parse()
        .map_err(|e: postgres::Error| StoreError::BadUrl(shown.clone(), said(&e)))?;
    fill_from_environment(&mut cfg);
    let socket = cfg.get_hosts().iter().all(|h| !matches!(h, Host::Tcp(_)));
    if mode == tls::Mode::Disable || socket {
        cfg.ssl_mode(SslMode::Disable);
        return cfg.connect(NoTls).map_err(|e| refusal(&shown, &e));
    }
    cfg.ssl_mode(if mode == tls::Mode::Prefer {
        SslMode::Prefer
    } else {
        SslMode::Require
    });
    let connector =
        tls::connector(mode, tls::root_file(root.as_deref()).as_deref()).map_err(|e| match e {
            tls::TlsSetup::NoRoot(p) => StoreError::TlsNoRoot(shown.clone(), p),
            tls::TlsSetup::BadRoot(p, why) => StoreError::TlsBadRoot(shown.clone(), p, why),
        })?;
    cfg.connect(connector).map_err(|e| refusal(&shown, &e))
}

/// Why a connection was refused, in the store's terms.
fn refusal(shown: &str, e: &postgres::Error) -> StoreError {
    let shown = shown.to_string();
    match e.code().map(|c| c.code()) {
        // The server's pg_hba.conf has no line for this connection (or rejects it).
        Some("28000") if said(e).contains("pg_hba.conf") => {
            StoreError::ConnectionNotAllowed(shown, said(e))
        }
        // invalid_password, invalid_authorization_specification
        Some("28P01" | "28000") => StoreError::LoginRefused(shown),
        // invalid_catalog_name
        Some("3D000") => StoreError::NoSuchDatabase(shown),
        _ if said(e).contains("password missing") => StoreError::LoginRefused(shown),
        _ if e.to_string().contains("TLS") => StoreError::TlsRefused(shown, said(e)),
        _ => StoreError::Unreachable(shown, said(e)),
    }
}

/// What the URL leaves out, from the environment as libpq takes it.
fn fill_from_environment(cfg: &mut Config) {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if cfg.get_hosts().is_empty() {
        match env("PGHOST") {
            #[cfg(unix)]
            Some(h) if h.starts_with('/') => {
                cfg.host_path(h);
            }
            Some(h) => {
                cfg.host(&h);
            }
            #[cfg(unix)]
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                cfg.host_path("/var/run/postgresql");
            }
            None => {
                cfg.host("localhost");
            }
        }
    }
    if cfg.get_ports().is_empty() {
        if let Some(p) = env("PGPORT").and_then(|p| p.parse().ok()) {
            cfg.port(p);
        }
    }
    if cfg.get_user().is_none() {
        let login = ["PGUSER", "USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| env(k));
        if let Some(u) = login {
            cfg.user(&u);
        }
    }
    if cfg.get_dbname().is_none() {
        if let Some(d) = env("PGDATABASE").or_else(|| cfg.get_user().map(str::to_string)) {
            cfg.dbname(&d);
        }
    }
    if cfg.get_password().is_none() {
        let password = env("PGPASSWORD").or_else(|| from_password_file(cfg));
        if let Some(p) = password {
            cfg.password(p);
        }
    }
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(Duration::from_secs(10));
    }
    if cfg.get_application_name().is_none() {
        cfg.application_name("yuqing");
    }
}

/// The password file libpq reads: PGPASSFILE, else ~/.pgpass (on Windows
/// %APPDATA%\postgresql\pgpass.conf).
fn password_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        return std::env::var_os("APPDATA")
            .map(|a| PathBuf::from(a).join("postgresql/pgpass.conf"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass"))
}

/// The password the password file gives for this host, port, database and user; a file
/// others may read is ignored, as libpq does.
fn from_password_file(cfg: &Config) -> Option<String> {
    let path = password_file()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let host = match cfg.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // A socket is "localhost" in the password file.
        _ => "localhost".to_string(),
    };
    let port = cfg.get_ports().first().copied().unwrap_or(5432).to_string();
    let db = cfg.get_dbname().unwrap_or_default();
    let user = cfg.get_user().unwrap_or_default();
    password_for(&text, [&host, &port, db, user])
}

/// The first line of a password file matching `want` (host, port, database, user; `*`
/// matches anything, `\` escapes `:` and `\`).
fn password_for(text: &str, want: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let fields = split_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(want)
                .all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4].clone())
        })
}

fn split_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::{password_for, shown, split_tls};

    #[test]
    fn the_tls_settings_are_taken_out_of_the_url_and_decoded() {
        assert_eq!(
            split_tls(
                "postgresql://u@h/db?sslmode=verify-full&sslrootcert=%2Fhome%2Fduty%2Fca.crt&application_name=x"
            ),
            (
                "postgresql://u@h/db?application_name=x".to_string(),
                Some("verify-full".to_string()),
                Some("/home/duty/ca.crt".to_string())
            )
        );
        assert_eq!(
            split_tls("postgresql://u@h/db"),
            ("postgresql://u@h/db".to_string(), None, None)
        );
        assert_eq!(
            split_tls("postgresql://u@h/db?sslmode=require").0,
            "postgresql://u@h/db"
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown("postgresql://duty:s3cret@db.example:5432/yuqing?sslmode=disable"),
            "postgresql://duty@db.example:5432/yuqing?sslmode=disable"
        );
        assert_eq!(
            shown("postgresql:///yuqing?host=/run/pg&password=s3cret"),
            "postgresql:///yuqing?host=/run/pg"
        );
        assert_eq!(shown("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let file =
            "# office\nother:5432:yuqing:duty:no\n*:5432:yuqing:duty:p\\:w\nlocalhost:*:*:*:any\n";
        assert_eq!(
            password_for(file, ["db.example", "5432", "yuqing", "duty"]).as_deref(),
            Some("p:w")
        );
        assert_eq!(
            password_for(file, ["localhost", "6000", "x", "y"]).as_deref(),
            Some("any")
        );
        assert_eq!(password_for(file, ["h", "1", "x", "y"]), None);
    }
}
