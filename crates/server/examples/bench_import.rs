//! The roster import at scale (issue 14 item 2): a valid roster of N people (default 100,000)
//! as .xlsx through the same use case the web page and `ganxun import people` call, on SQLite
//! (default, a temporary file) or PostgreSQL; then a zip bomb (a worksheet that inflates to
//! 1.5 GB) to show it is refused in bounded memory and time.
//!
//! ```text
//! cargo run --release -p ganxun --example bench_import -- [ROWS] [DATABASE_URL]
//! ```
//!
//! Prints the time to build the file, to import it (read + validate + write), the rows created,
//! and the process's peak resident memory (VmHWM) above what it held before the import.

use ganxun::app::{App, Principal};
use ganxun::config::Settings;
use ganxun_domain::SystemClock;
use ganxun_domain::people::idcard::check_digit;
use ganxun_storage::{AccessScope, DataKey, DatabaseUrl, Db};
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

/// A /proc/self/status field in MB (Linux).
fn memory_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak so that VmHWM measures from now (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰",
];

/// A valid ID number for person `n` (distinct for n < 10^7: birth day and sequence vary).
fn id_number(n: usize) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default()
        + chrono::Duration::days((n % 12_000) as i64);
    let body = format!("110105{}{:03}", birth.format("%Y%m%d"), (n / 12_000) % 1000);
    let check = check_digit(&body).unwrap_or('0');
    format!("{body}{check}")
}

fn roster(rows: usize, unit_codes: &[String]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory();
    let header = [
        "姓名",
        "身份证号",
        "单位代码",
        "职务",
        "职级",
        "人员类别",
        "手机号",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for n in 0..rows {
        let r = (n + 1) as u32;
        let name = format!(
            "{}{}{}",
            SURNAMES[n % SURNAMES.len()],
            GIVEN[(n / 10) % GIVEN.len()],
            GIVEN[(n / 120) % GIVEN.len()]
        );
        sheet.write_string(r, 0, &name)?;
        sheet.write_string(r, 1, id_number(n))?;
        sheet.write_string(r, 2, &unit_codes[n % unit_codes.len()])?;
        sheet.write_string(r, 3, "科员")?;
        sheet.write_string(r, 4, "一级科员")?;
        sheet.write_string(r, 5, "公务员")?;
        sheet.write_string(r, 6, format!("139{:08}", n))?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// An .xlsx whose only worksheet inflates to about `inflated` bytes of rows.
fn zip_bomb(inflated: usize) -> anyhow::Result<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="干部信息" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        out.start_file(name, options)?;
        out.write_all(text.as_bytes())?;
    }
    out.start_file("xl/worksheets/sheet1.xml", options)?;
    out.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)?;
    let row = br#"<row><c t="inlineStr"><is><t>x</t></is></c></row>"#;
    let block: Vec<u8> = row
        .iter()
        .copied()
        .cycle()
        .take(row.len() * 20_000)
        .collect();
    let mut written = 0;
    while written < inflated {
        out.write_all(&block)?;
        written += block.len();
    }
    out.write_all(b"</sheetData></worksheet>")?;
    Ok(out.finish()?.into_inner())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let db = Db::open(&DatabaseUrl::parse(&url)).await?;
    let key = DataKey::from_hex(&DataKey::generate_hex())?;
    let app = App::new(db, key, Arc::new(SystemClock), Settings::default());
    ganxun::demo::generate(&app, 50, |_| {}).await?;
    let authority = Principal::of_username(&app, "zzb")
        .await
        .map_err(|e| anyhow::anyhow!("zzb: {e:?}"))?;
    let units = ganxun_storage::org::list_units(&app.db, &AccessScope::everything(), false).await?;
    let codes: Vec<String> = units.iter().map(|u| u.code.clone()).collect();

    let started = Instant::now();
    let file = roster(rows, &codes)?;
    println!(
        "roster: {rows} rows, {:.1} MB .xlsx, built in {:.1?}",
        file.len() as f64 / 1e6,
        started.elapsed()
    );

    let before = memory_mb("VmRSS");
    reset_peak();
    let started = Instant::now();
    // When writing began: reading, checking and looking up the rows come before it.
    let writing_from = std::sync::Mutex::new(None::<std::time::Duration>);
    let report =
        ganxun::app::people::import(&app, &authority, file.into(), false, false, &|progress| {
            if let ganxun::app::people::ImportProgress::Writing { .. } = progress
                && let Ok(mut first) = writing_from.lock()
            {
                first.get_or_insert(started.elapsed());
            }
        })
        .await
        .map_err(|e| anyhow::anyhow!("import: {e:?}"))?;
    let took = started.elapsed();
    if let Some(read) = writing_from.lock().ok().and_then(|first| *first) {
        println!(
            "phases: read, check and look up {:.2} s, write {:.2} s",
            read.as_secs_f64(),
            (took - read).as_secs_f64()
        );
    }
    println!(
        "import: {:.2} s, {} created, {} rejected, {} rows listed in the answer; peak memory {:.0} MB above the {:.0} MB held before",
        took.as_secs_f64(),
        report.created,
        report.rejected,
        report.rows.len(),
        memory_mb("VmHWM") - before,
        before
    );
    anyhow::ensure!(report.created == rows, "every row must be created");

    let bomb = zip_bomb(1_536 * 1024 * 1024)?;
    let before = memory_mb("VmRSS");
    reset_peak();
    let started = Instant::now();
    let outcome =
        ganxun::app::people::import(&app, &authority, bomb.clone().into(), false, true, &|_| {})
            .await;
    println!(
        "zip bomb: {:.1} MB file inflating to 1.5 GB → {} in {:.2} s; peak memory {:.0} MB above the {:.0} MB held before",
        bomb.len() as f64 / 1e6,
        match &outcome {
            Ok(_) => "accepted (WRONG)".to_owned(),
            Err(e) => format!("refused: {e:?}"),
        },
        started.elapsed().as_secs_f64(),
        memory_mb("VmHWM") - before,
        before
    );
    anyhow::ensure!(outcome.is_err(), "the bomb must be refused");
    Ok(())
}
