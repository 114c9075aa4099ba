//! Offices on one server. A registry (`yuqing_registry.offices`) names each office, its parent,
//! its schema and its role. Each office's whole record (incidents, audit chain, alerts and their
//! lease, duty paperwork) is a schema of its own, made from `schema.sql`; its officers are the
//! logins granted its role. The server enforces who sees what: an office's role may read and
//! write its own schema only; every office above it is granted reading it, nothing more. A
//! connection opens one office by pointing its `search_path` at that schema.

use crate::store::sql::{self, Conn, Error, Tx, params};
use crate::store::{OfficeProblem, Refusal, StoreError};

/// The registry's table, readable by every login of the database (names only).
pub(super) const REGISTRY: &str = "yuqing_registry.offices";

const REGISTRY_SCHEMA: &str = "
    CREATE SCHEMA yuqing_registry;
    CREATE TABLE yuqing_registry.offices (
        id          BIGINT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        key         TEXT NOT NULL UNIQUE,
        parent_id   BIGINT REFERENCES yuqing_registry.offices(id),
        schema_name TEXT NOT NULL UNIQUE,
        role_name   TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
    );
    GRANT USAGE ON SCHEMA yuqing_registry TO PUBLIC;
    GRANT SELECT ON yuqing_registry.offices TO PUBLIC;
    -- Row-level security: a login sees the offices it belongs to, those above them and those
    -- below whose records it may read; not its sister townships (their names, keys, roles).
    CREATE FUNCTION yuqing_registry.seen(office BIGINT) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        WITH RECURSIVE down(id, role_name) AS (
            SELECT id, role_name FROM yuqing_registry.offices WHERE id = office
            UNION ALL
            SELECT o.id, o.role_name FROM yuqing_registry.offices o JOIN down d ON o.parent_id = d.id)
        SELECT EXISTS (SELECT 1 FROM down WHERE pg_has_role(session_user, role_name, 'MEMBER'))
            OR EXISTS (SELECT 1 FROM yuqing_registry.offices o
                       WHERE o.id = office AND has_schema_privilege(session_user, o.schema_name, 'USAGE'))
    $$;
    ALTER TABLE yuqing_registry.offices ENABLE ROW LEVEL SECURITY;
    CREATE POLICY offices_seen ON yuqing_registry.offices FOR SELECT USING (yuqing_registry.seen(id));
";

/// `name` quoted as a PostgreSQL identifier.
pub(super) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Whether the database has offices.
pub(super) fn has_registry(conn: &Conn) -> sql::Result<bool> {
    let found: Option<String> =
        conn.query_row("SELECT to_regclass(?1)::text", params![REGISTRY], |r| {
            r.get(0)
        })?;
    Ok(found.is_some())
}

/// One office as the registry has it, and whether this login may open it.
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) key: String,
    pub(super) schema: String,
    pub(super) member: bool,
}

pub(super) fn entries(conn: &Conn) -> sql::Result<Vec<Entry>> {
    conn.query_map(
        "SELECT name, key, schema_name, pg_has_role(current_user, role_name, 'MEMBER') FROM yuqing_registry.offices ORDER BY id",
        params![],
        |r| {
            Ok(Entry {
                name: r.get(0)?,
                key: r.get(1)?,
                schema: r.get(2)?,
                member: r.get(3)?,
            })
        },
    )
}

/// The schema of the office a connection opens: the one named (by name or key), which this
/// login must belong to, or else the one office it belongs to. `Ok(None)`: the database has no
/// offices (and none was named).
pub(super) fn choose(
    conn: &Conn,
    db: &str,
    office: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let fail = |e: Error| crate::store::classify(db, e);
    let refuse = |p: OfficeProblem| Err(StoreError::Refused(Refusal::Office(p)));
    if !has_registry(conn).map_err(fail)? {
        return match office {
            Some(office) => refuse(OfficeProblem::NoOffices {
                db: db.to_string(),
                office: office.to_string(),
            }),
            None => Ok(None),
        };
    }
    let all = entries(conn).map_err(fail)?;
    let login = || -> Result<String, StoreError> {
        conn.query_row("SELECT current_user::text", params![], |r| r.get(0))
            .map_err(fail)
    };
    let chosen = match office {
        Some(want) => {
            let Some(e) = all.iter().find(|e| e.name == want || e.key == want) else {
                return refuse(OfficeProblem::UnknownOffice {
                    db: db.to_string(),
                    office: want.to_string(),
                    known: all.iter().map(|e| e.name.clone()).collect(),
                });
            };
            if !e.member {
                return refuse(OfficeProblem::NotAnOfficer {
                    db: db.to_string(),
                    login: login()?,
                    office: e.name.clone(),
                });
            }
            e
        }
        None => {
            let mine: Vec<&Entry> = all.iter().filter(|e| e.member).collect();
            match mine.as_slice() {
                [one] => *one,
                [] => {
                    return refuse(OfficeProblem::NoOfficeForLogin {
                        db: db.to_string(),
                        login: login()?,
                    });
                }
                several => {
                    return refuse(OfficeProblem::ChooseOffice {
                        db: db.to_string(),
                        offices: several.iter().map(|e| e.name.clone()).collect(),
                    });
                }
            }
        }
    };
    Ok(Some(chosen.schema.clone()))
}

/// The offices below the one `conn` opened (its `search_path`), nearest first, whose records
/// this login may read: (name, schema).
pub(super) fn below(conn: &Conn) -> sql::Result<Vec<(String, String)>> {
    if !has_registry(conn)? {
        return Ok(Vec::new());
    }
    conn.query_map(
        "WITH RECURSIVE tree(id, name, schema_name, depth) AS (
             SELECT id, name, schema_name, 0 FROM yuqing_registry.offices WHERE schema_name = current_schema()
             UNION ALL
             SELECT o.id, o.name, o.schema_name, t.depth + 1
             FROM yuqing_registry.offices o JOIN tree t ON o.parent_id = t.id)
         SELECT name, schema_name FROM tree
         WHERE depth > 0 AND has_schema_privilege(schema_name, 'USAGE')
         ORDER BY depth, id",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// An office to make: its name, its key (which names its schema `office_<key>` and its role
/// `yuqing_<key>`), the office above it (name or key) and the logins that are its officers.
pub(crate) struct Making<'a> {
    pub(crate) name: &'a str,
    pub(crate) key: &'a str,
    pub(crate) parent: Option<&'a str>,
    pub(crate) logins: &'a [String],
    pub(crate) at: &'a str,
    pub(crate) by: &'a str,
    /// The database as messages name it.
    pub(crate) db: &'a str,
}

/// Makes an office inside the caller's transaction. An office below another is recorded in
/// the audit chain of the office above: the transaction is left standing in that office's
/// schema (`Some`), for the caller's event. The new office's own chain starts empty, so that a
/// record can be copied into it (`db copy --office`).
pub(super) fn make(tx: &Tx<'_>, m: &Making<'_>) -> Result<bool, MakeError> {
    if !has_registry(tx)? {
        let tables: i64 = tx.query_row(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            params![],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(MakeError::Refused(OfficeProblem::HoldsRecord(
                m.db.to_string(),
            )));
        }
        tx.batch(REGISTRY_SCHEMA)?;
    }
    let taken: i64 = tx.query_row(
        "SELECT count(*) FROM yuqing_registry.offices WHERE name = ?1 OR key = ?2 OR name = ?2 OR key = ?1",
        params![m.name, m.key],
        |r| r.get(0),
    )?;
    if taken > 0 {
        return Err(MakeError::Refused(OfficeProblem::Exists(
            m.name.to_string(),
        )));
    }
    let parent = match m.parent {
        None => None,
        Some(p) => Some(
            tx.query_row(
                "SELECT id, schema_name FROM yuqing_registry.offices WHERE name = ?1 OR key = ?1",
                params![p],
                |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
            )
            .map_err(|e| match e {
                Error::NoRows => MakeError::Refused(OfficeProblem::UnknownParent(p.to_string())),
                e => MakeError::Sql(e),
            })?,
        ),
    };
    let (schema, role) = (format!("office_{}", m.key), format!("yuqing_{}", m.key));
    let exists: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM pg_roles WHERE rolname = ?1) + (SELECT count(*) FROM pg_namespace WHERE nspname = ?2)",
        params![role, schema],
        |r| r.get(0),
    )?;
    if exists > 0 {
        return Err(MakeError::Refused(OfficeProblem::NameTaken(format!(
            "{role} / {schema}"
        ))));
    }
    let (s, r) = (ident(&schema), ident(&role));
    let (parent, parent_schema) = parent.unzip();
    tx.batch(&format!(
        "CREATE ROLE {r} NOLOGIN; CREATE SCHEMA {s}; SET LOCAL search_path = {s}"
    ))?;
    tx.batch(include_str!("schema.sql"))?;
    tx.execute(
        "INSERT INTO yuqing_meta (key, value) VALUES ('application', 'yuqing'), ('schema_version', ?1)",
        params![super::VERSION.to_string()],
    )?;
    tx.batch(&format!(
        "GRANT USAGE ON SCHEMA {s} TO {r}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}"
    ))?;
    // Every office above reads this one's record.
    let above: Vec<String> = tx.query_map(
        "WITH RECURSIVE up(id, parent_id, role_name) AS (
             SELECT id, parent_id, role_name FROM yuqing_registry.offices WHERE id = ?1
             UNION ALL
             SELECT o.id, o.parent_id, o.role_name FROM yuqing_registry.offices o JOIN up ON o.id = up.parent_id)
         SELECT role_name FROM up",
        params![parent],
        |row| row.get(0),
    )?;
    for a in above {
        let a = ident(&a);
        tx.batch(&format!(
            "GRANT USAGE ON SCHEMA {s} TO {a}; GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {a}"
        ))?;
    }
    for login in m.logins {
        let known: i64 = tx.query_row(
            "SELECT count(*) FROM pg_roles WHERE rolname = ?1",
            params![login],
            |row| row.get(0),
        )?;
        let l = ident(login);
        if known == 0 {
            tx.batch(&format!("CREATE ROLE {l} LOGIN"))?;
        }
        tx.batch(&format!("GRANT {r} TO {l}"))?;
    }
    tx.execute(
        "INSERT INTO yuqing_registry.offices (id, name, key, parent_id, schema_name, role_name, created_at, created_by)
         SELECT coalesce(max(id), 0) + 1, ?1, ?2, ?3, ?4, ?5, ?6, ?7 FROM yuqing_registry.offices",
        params![m.name, m.key, parent, schema, role, m.at, m.by],
    )?;
    match parent_schema {
        Some(p) => {
            tx.batch(&format!("SET LOCAL search_path = {}", ident(&p)))?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Why an office was not made: refused, or the server failed.
pub(crate) enum MakeError {
    Refused(OfficeProblem),
    Sql(Error),
}

impl From<Error> for MakeError {
    fn from(e: Error) -> MakeError {
        MakeError::Sql(e)
    }
}

/// Every office with its parent, role, officers and — where this login may read it — its
/// number of open incidents.
pub(super) fn list(conn: &Conn) -> sql::Result<Vec<crate::store::Office>> {
    if !has_registry(conn)? {
        return Ok(Vec::new());
    }
    let mut out: Vec<crate::store::Office> = conn.query_map(
        "SELECT o.name, o.key, p.name, o.role_name, o.schema_name, o.created_at, o.created_by,
                coalesce((SELECT string_agg(m.rolname::text, ',' ORDER BY m.rolname)
                          FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid
                          JOIN pg_roles m ON m.oid = am.member WHERE r.rolname = o.role_name), ''),
                has_schema_privilege(o.schema_name, 'USAGE')
         FROM yuqing_registry.offices o LEFT JOIN yuqing_registry.offices p ON p.id = o.parent_id
         ORDER BY o.id",
        params![],
        |r| {
            let logins: String = r.get(7)?;
            Ok(crate::store::Office {
                name: r.get(0)?,
                key: r.get(1)?,
                parent: r.get(2)?,
                role: r.get(3)?,
                schema: r.get(4)?,
                created_at: crate::store::parse_ts(&r.get::<String>(5)?)?,
                created_by: r.get(6)?,
                logins: logins
                    .split(',')
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                open: r.get::<bool>(8)?.then_some(0),
            })
        },
    )?;
    for o in &mut out {
        if o.open.is_some() {
            o.open = Some(conn.query_row(
                &format!(
                    "SELECT count(*) FROM {}.incidents WHERE archived_at IS NULL AND stage <> 'closed'",
                    ident(&o.schema)
                ),
                params![],
                |r| r.get(0),
            )?);
        }
    }
    Ok(out)
}
