//! Export (JSON, or CSV with a UTF-8 BOM so Excel and WPS read Chinese) and import (JSON or
//! CSV, all rows or none). Both formats share one set of column names, so an export can be
//! imported again; each imported row becomes a new incident.

use super::out::{say, say_err};
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::format::incident_json;
use super::{CmdResult, Ctx, ExportFormat, Failure};
use crate::domain::change::{Applied, Change, Imported, Recorded};
use crate::domain::incident::{Archived, Facts, Incident, Metrics, OfflineRisk};
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::domain::time::{local_second, parse_date, parse_time};
use crate::i18n::cli as msg;
use crate::store::NewIncident;

/// Columns of the CSV export and of both import formats, in order.
pub(crate) const COLUMNS: &[&str] = &[
    "id",
    "title",
    "summary",
    "platform",
    "url",
    "poster",
    "unit",
    "category",
    "topic",
    "assignee",
    "level",
    "stage",
    "discovered_at",
    "occurred_at",
    "media_report_at",
    "promised_result",
    "clicks",
    "reposts",
    "comments",
    "sites",
    "mainstream_media",
    "foreign_media",
    "offline_risk",
    "archived_at",
    "archived_reason",
    "archived_by",
];

/// Keys a JSON export carries besides the columns; import skips them.
const JSON_ONLY: &[&str] = &[
    "record",
    "level_ord",
    "stage_name",
    "calmed_at",
    "archived",
    "metrics",
    "most_urgent",
    "clocks",
    "metrics_history",
    "timeline",
];

const BOM: &str = "\u{feff}";

fn csv_row(plan: &Plan, inc: &Incident) -> Vec<String> {
    let f = &inc.facts;
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let tm = |t: Option<DateTime<Utc>>| t.map(|t| local_second(t, plan.tz)).unwrap_or_default();
    let m = inc.latest_metrics().cloned().unwrap_or_default();
    let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "是" } else { "否" }.to_string();
    vec![
        inc.id.0.to_string(),
        f.title.clone(),
        o(&f.summary),
        o(&f.platform),
        o(&f.url),
        o(&f.poster),
        o(&f.unit),
        f.category
            .as_deref()
            .map(|c| plan.category_name(c))
            .unwrap_or_default(),
        o(&f.topic),
        o(&f.assignee),
        plan.level_name_zh(inc.level),
        inc.stage.name_zh().to_string(),
        tm(Some(f.discovered_at)),
        tm(f.occurred_at),
        tm(f.media_report_at),
        f.promised_result
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        n(m.clicks),
        n(m.reposts),
        n(m.comments),
        n(m.sites.map(u64::from)),
        m.mainstream_media.map(yes).unwrap_or_default(),
        m.foreign_media.map(yes).unwrap_or_default(),
        m.offline_risk
            .map(|r| r.key().to_string())
            .unwrap_or_default(),
        tm(inc.archived.as_ref().map(|a| a.at)),
        inc.archived
            .as_ref()
            .map(|a| a.reason.clone())
            .unwrap_or_default(),
        inc.archived
            .as_ref()
            .map(|a| a.by.clone())
            .unwrap_or_default(),
    ]
}

fn write_out(path: Option<&Path>, bytes: &[u8], existing: crate::files::Existing) -> CmdResult {
    match path {
        None => super::out::bytes(bytes),
        Some(p) => {
            crate::files::write(p, bytes, existing)?;
        }
    }
    Ok(())
}

pub(crate) fn export(
    ctx: &mut Ctx,
    format: ExportFormat,
    output: Option<&Path>,
    open_only: bool,
) -> CmdResult {
    let incidents = ctx.store.incidents(!open_only)?;
    let bytes = match format {
        ExportFormat::Json => {
            let doc = json!({
                "format": "yuqing-export",
                "version": 2,
                "exported_at": crate::store::format_ts(ctx.now),
                "timezone": ctx.plan.tz.name(),
                "incidents": incidents.iter().map(|i| {
                    // What was recorded, so an import keeps it (times, histories, archive).
                    let mut v = incident_json(&ctx.plan, i, ctx.now, true);
                    v["record"] = serde_json::to_value(Recorded::of(i)).unwrap_or(Value::Null);
                    v
                }).collect::<Vec<_>>(),
            });
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s.into_bytes()
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(BOM.as_bytes().to_vec());
            w.write_record(COLUMNS)?;
            for inc in &incidents {
                // Spreadsheet formula injection: a cell starting with = + - @ is prefixed.
                let row: Vec<String> = csv_row(&ctx.plan, inc)
                    .into_iter()
                    .map(|c| crate::domain::text::spreadsheet_cell(&c).into_owned())
                    .collect();
                w.write_record(&row)?;
            }
            w.into_inner().map_err(Failure::output)?
        }
    };
    write_out(output, &bytes, ctx.existing())?;
    if let Some(p) = output {
        say_err!(
            "{}",
            msg::exported_incidents_to(incidents.len(), p.display())
        );
    }
    Ok(())
}

fn undo_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// One row as column → text, with its 1-based number for errors.
type Row = BTreeMap<String, String>;

fn row_err(n: usize, field: &str, problem: impl Into<RowProblem>) -> ImportError {
    ImportError::Row {
        row: n,
        field: Some(field.to_string()),
        problem: problem.into(),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "否" | "false" | "0" | "no" | "n" => Some(false),
        "是" | "true" | "1" | "yes" | "y" => Some(true),
        _ => None,
    }
}

fn row_to_incident(
    plan: &Plan,
    n: usize,
    row: &Row,
    now: DateTime<Utc>,
) -> Result<Imported, ImportError> {
    let get = |k: &str| {
        row.get(k)
            .map(|s| undo_formula(s.trim()).to_string())
            .filter(|s| !s.is_empty())
    };
    let time = |k: &str| {
        get(k)
            .map(|v| parse_time(&v, plan.tz, now).map_err(|e| row_err(n, k, e)))
            .transpose()
    };
    let num = |k: &str| {
        get(k)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| row_err(n, k, RowProblem::NotWholeNumber(v.clone())))
            })
            .transpose()
    };
    // An empty cell is a fact nobody recorded.
    let flag = |k: &str| {
        get(k)
            .map(|v| parse_bool(&v).ok_or_else(|| row_err(n, k, RowProblem::NotYesNo(v.clone()))))
            .transpose()
    };
    let title = get("title").ok_or_else(|| row_err(n, "title", RowProblem::TitleEmpty))?;
    let discovered_at = time("discovered_at")?.unwrap_or(now);
    let facts = Facts {
        title,
        summary: get("summary"),
        platform: get("platform"),
        url: get("url"),
        poster: get("poster"),
        unit: get("unit"),
        category: get("category")
            .map(|c| {
                plan.parse_category(&c)
                    .map_err(|e| row_err(n, "category", e))
            })
            .transpose()?,
        topic: get("topic"),
        assignee: get("assignee"),
        discovered_at,
        occurred_at: time("occurred_at")?,
        media_report_at: time("media_report_at")?,
        promised_result: get("promised_result")
            .map(|d| parse_date(&d).map_err(|e| row_err(n, "promised_result", e)))
            .transpose()?,
    };
    let metrics = Metrics {
        at: discovered_at,
        clicks: num("clicks")?,
        reposts: num("reposts")?,
        comments: num("comments")?,
        sites: num("sites")?.map(|v| u32::try_from(v).unwrap_or(u32::MAX)),
        mainstream_media: flag("mainstream_media")?,
        foreign_media: flag("foreign_media")?,
        offline_risk: get("offline_risk")
            .map(|v| OfflineRisk::parse(&v).map_err(|e| row_err(n, "offline_risk", e)))
            .transpose()?,
    };
    let level = match get("level") {
        Some(l) => plan.parse_level(&l).map_err(|e| row_err(n, "level", e))?,
        None => crate::domain::suggest::suggest_level(plan, &metrics)
            .map_or(plan.default_level, |s| s.level),
    };
    let stage = get("stage")
        .map(|s| Stage::parse(&s).map_err(|e| row_err(n, "stage", e)))
        .transpose()?
        .unwrap_or(Stage::Discovered);
    // Domain checks run again in the store; run them here too so the error names the field.
    crate::domain::rules::check_facts(plan, &facts, now).map_err(|e| ImportError::Row {
        row: n,
        field: None,
        problem: e.into(),
    })?;
    // An archived row stays archived, with its time, reason and officer (a blank when the
    // file has none).
    let archived = match (time("archived_at")?, get("archived_reason")) {
        (Some(at), reason) => Some(Archived {
            at,
            reason: reason.unwrap_or_default(),
            by: get("archived_by").unwrap_or_default(),
        }),
        (None, Some(_)) => {
            return Err(row_err(n, "archived_at", RowProblem::ArchivedNeedsTime));
        }
        (None, None) => None,
    };
    let new = NewIncident {
        facts,
        level,
        stage,
        metrics: (!metrics.is_empty()).then_some(metrics),
    };
    Ok(Imported {
        new,
        record: archived.map(|a| {
            Box::new(Recorded {
                archived: Some(a),
                ..Recorded::default()
            })
        }),
        source: None,
    })
}

fn read_csv(text: &str) -> Result<Vec<Row>, ImportError> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| ImportError::Read(FileProblem::Csv(e.to_string())))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(ImportError::Read(FileProblem::UnknownColumn(h.clone())));
        }
    }
    if !headers.iter().any(|h| h == "title") {
        return Err(ImportError::Read(FileProblem::NoTitleColumn));
    }
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| {
            ImportError::Read(FileProblem::RowUnreadable {
                row: i + 1,
                error: e.to_string(),
            })
        })?;
        rows.push(
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect(),
        );
    }
    Ok(rows)
}

fn read_json(text: &str) -> Result<Vec<Row>, ImportError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Read(FileProblem::Json(e.to_string())))?;
    let items = match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("incidents") {
            Some(Value::Array(a)) => a,
            _ => return Err(ImportError::Read(FileProblem::NoIncidents)),
        },
        _ => return Err(ImportError::Read(FileProblem::NotAnArray)),
    };
    let mut rows = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(o) = item else {
            return Err(ImportError::Read(FileProblem::RowNotAnObject(i + 1)));
        };
        let mut row = Row::new();
        for (k, v) in o {
            if JSON_ONLY.contains(&k.as_str()) {
                continue;
            }
            if !COLUMNS.contains(&k.as_str()) {
                return Err(ImportError::Read(FileProblem::Field {
                    row: i + 1,
                    field: k,
                    problem: RowProblem::UnknownField,
                }));
            }
            let s = match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(ImportError::Read(FileProblem::Field {
                        row: i + 1,
                        field: k,
                        problem: RowProblem::NotTextOrNumber(other.to_string()),
                    }));
                }
            };
            row.insert(k, s);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Why an import file was refused (worded in `i18n::cli`).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole is not an export yuqing reads.
    #[error("{0}")]
    Read(FileProblem),
    /// A row is wrong: its number (from 1), the field when one is to blame, and why.
    #[error("{}", match .field {
        Some(f) => msg::row_field(.row, f, .problem),
        None => msg::row(.row, .problem),
    })]
    Row {
        row: usize,
        field: Option<String>,
        problem: RowProblem,
    },
}

/// What is wrong with an import file as a whole.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    /// The CSV reader's own words (a broken header, a wrong number of fields).
    #[error("{0}")]
    Csv(String),
    #[error("{}", msg::csv_has_unknown_column_columns_are(.0, COLUMNS.join(",")))]
    UnknownColumn(String),
    #[error("{}", msg::csv_lacks_required_column_title())]
    NoTitleColumn,
    /// The JSON parser's own words.
    #[error("{}", msg::json_cannot_be_read(.0))]
    Json(String),
    /// An object without an `incidents` array.
    #[error("{}", msg::json_must_be_array_of_incidents_import())]
    NoIncidents,
    #[error("{}", msg::json_must_be_array_of_incidents())]
    NotAnArray,
    /// The CSV reader could not read a row (its own words).
    #[error("{}", msg::row_cannot_be_read(.row, .error))]
    RowUnreadable { row: usize, error: String },
    #[error("{}", msg::row_is_not_json_object(.0))]
    RowNotAnObject(usize),
    /// A field of a JSON row that is not a column, or not text or a number.
    #[error("{}", msg::row_field(.row, .field, .problem))]
    Field {
        row: usize,
        field: String,
        problem: RowProblem,
    },
}

/// What is wrong with one row.
#[derive(Debug, thiserror::Error)]
pub enum RowProblem {
    #[error("{}", msg::unknown_field_fields_are(COLUMNS.join(",")))]
    UnknownField,
    #[error("{}", msg::value_must_be_text_or_number(.0))]
    NotTextOrNumber(String),
    #[error("{}", msg::is_not_whole_number(.0))]
    NotWholeNumber(String),
    #[error("{}", msg::is_not_yes_no(.0))]
    NotYesNo(String),
    #[error("{}", msg::title_is_empty())]
    TitleEmpty,
    #[error("{}", msg::archived_needs_its_time())]
    ArchivedNeedsTime,
    #[error("{}", msg::record_cannot_be_read(.0))]
    RecordUnreadable(String),
    #[error("{0}")]
    Unknown(#[from] crate::domain::Unknown),
    #[error("{0}")]
    Unparsed(#[from] crate::domain::time::Unparsed),
    #[error("{0}")]
    Rule(#[from] crate::domain::rules::RuleError),
}

/// Reads the incidents of an import file's text (JSON or CSV with a header row), checking
/// every row against the plan as `now`. Pure: no file, no database. (The fuzz targets call it.)
pub fn parse_import(
    plan: &Plan,
    text: &str,
    json: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Imported>, ImportError> {
    let rows = if json {
        read_json(text)
    } else {
        read_csv(text)
    }?;
    let records = if json {
        json_records(text)?
    } else {
        Vec::new()
    };
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut imported = row_to_incident(plan, i + 1, row, now)?;
            if let Some(Some(rec)) = records.get(i) {
                // The store checks it again; here the refusal can name the row.
                crate::domain::rules::check_recorded(plan, &imported.new, rec, now).map_err(
                    |e| ImportError::Row {
                        row: i + 1,
                        field: None,
                        problem: e.into(),
                    },
                )?;
                imported.record = Some(Box::new(rec.clone()));
            }
            Ok(imported)
        })
        .collect()
}

/// What a JSON export recorded about each incident (its `record`), in order.
fn json_records(text: &str) -> Result<Vec<Option<Recorded>>, ImportError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Read(FileProblem::Json(e.to_string())))?;
    let items = match &v {
        Value::Array(a) => a.as_slice(),
        Value::Object(o) => o
            .get("incidents")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
        _ => &[],
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.get("record") {
            None | Some(Value::Null) => Ok(None),
            Some(r) => serde_json::from_value(r.clone())
                .map(Some)
                .map_err(|e| row_err(i + 1, "record", RowProblem::RecordUnreadable(e.to_string()))),
        })
        .collect()
}

pub(crate) fn import(ctx: &mut Ctx, file: &Path, allow_duplicate: bool) -> CmdResult {
    let bytes = std::fs::read(file).map_err(|e| msg::cannot_read(file.display(), &e))?;
    let sha256 = crate::store::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| msg::is_not_utf_8_text_save(file.display()))?;
    let text = text.strip_prefix(BOM).unwrap_or(&text);
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with(['[', '{']);
    // The file by its name (where it lay on the duty PC is no business of the record's readers)
    // and its content by its hash.
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let source = crate::domain::change::ImportSource { file: name, sha256 };
    let news = match parse_import(&ctx.plan, text, is_json, ctx.now) {
        Ok(news) if news.is_empty() => {
            return Err(Failure::from(msg::has_no_rows_nothing_was_imported(
                file.display(),
            )));
        }
        Ok(news) => news,
        Err(e @ ImportError::Read(_)) => {
            return Err(Failure::from(msg::nothing_was_imported_json(
                file.display(),
                &e,
            )));
        }
        Err(e @ ImportError::Row { .. }) => {
            return Err(Failure::from(msg::nothing_was_imported(&e)));
        }
    };
    let news: Vec<Imported> = news
        .into_iter()
        .map(|n| Imported {
            source: Some(source.clone()),
            ..n
        })
        .collect();
    if !allow_duplicate {
        let on_file = ctx.store.duplicate_candidates(ctx.now)?;
        for (row, imported) in news.iter().enumerate() {
            let found = crate::domain::duplicate::find(&imported.new.facts, &on_file);
            if !found.is_empty() {
                return Err(Failure::from(msg::import_row_duplicates(
                    row + 1,
                    &msg::possible_duplicates(&found),
                )));
            }
        }
    }
    let ids = match ctx
        .apply(Change::Import(news))
        .map_err(|e| msg::nothing_was_imported(&e))?
    {
        Applied::Imported(ids) => ids,
        _ => Vec::new(),
    };
    say!(
        "{}",
        msg::imported_incidents_ids(ids.len(), ids[0], ids[ids.len() - 1])
    );
    Ok(())
}
