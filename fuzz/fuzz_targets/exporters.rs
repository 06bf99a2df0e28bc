//! Fuzz target: any bytes as a scenario file; a valid one is rendered by every
//! exporter (terminal table, CSV, JSON, Markdown), by `show` and by the HTML
//! and Markdown reports, as `compare`, `show` and `report` would. Besides not
//! panicking, what each format promises its reader must hold:
//!
//! - CSV parses back, every row with as many cells as the header;
//! - JSON parses back, as an array of one object;
//! - the Markdown table has as many cells in every row as in its header;
//! - the HTML report has no `<script`, and no link to `javascript:` or `data:`,
//!   and carries its Content-Security-Policy;
//! - a CSV text cell a spreadsheet would run (`=`, `+`, `-`, `@`, tab, carriage
//!   return first) starts with `'`; only numbers start with `-`;
//! - no control character but a line break or tab reaches the terminal table,
//!   `show`, CSV or Markdown;
//! - the Markdown report links only web addresses.
//!
//! `extends` is refused here (no file is read): the fuzzed text is the whole
//! scenario.
#![no_main]

use costcalc::analysis::evaluate::{Adjustments, evaluate};
use costcalc::load::paths::{Loaded, SourceFile};
use costcalc::render::export::{ExportOptions, Format, exporter};
use costcalc::render::report::{html, markdown};
use costcalc::render::show;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let refuse = |_: &std::path::Path| Err("no file is read while fuzzing".into());
    let Ok(composed) = costcalc::load::compose(&text, None, &[], &refuse) else {
        return;
    };
    let loaded = Loaded {
        file: SourceFile {
            display: "fuzz.toml".into(),
            on_disk: None,
            text: text.to_string(),
        },
        scenario: Box::new(composed.scenario),
        provenance: composed.provenance,
        related: composed.related,
        warnings: composed.warnings,
        review: composed.review,
    };
    // `check`'s review of dates and sources never panics, whatever the file.
    let today = costcalc::model::Date::new(2026, 12, 3).expect("a real day");
    let _ = loaded.reviewed_report(costcalc::load::review::Reviewing {
        today,
        stale_after: Default::default(),
    });
    let origins = show::Origins::of(&loaded);
    let Ok(entry) = evaluate(loaded, &Adjustments::default()) else {
        return;
    };
    let entries = [entry];
    // Fuzzed at 80 columns, the narrowest it promises to fit.
    let shown = show::render(&entries[0], &origins, show::Width(Some(80)));
    assert_no_controls(&shown);
    let table = exporter(Format::Table, ExportOptions::default()).export(&entries);
    assert_no_controls(&String::from_utf8_lossy(&table));

    let csv = exporter(Format::Csv, ExportOptions::default()).export(&entries);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_slice());
    let header = reader.headers().expect("the CSV has a header").len();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&csv)));
        assert_eq!(record.len(), header, "{}", String::from_utf8_lossy(&csv));
        for cell in record.iter() {
            let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                !runs || cell.parse::<f64>().is_ok(),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
        rows += 1;
    }
    assert_eq!(rows, 1, "{}", String::from_utf8_lossy(&csv));

    let json = exporter(Format::Json, ExportOptions::default()).export(&entries);
    let value: serde_json::Value = serde_json::from_slice(&json)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&json)));
    assert_eq!(value.as_array().map(Vec::len), Some(1), "{value}");

    let markdown = exporter(Format::Markdown, ExportOptions::default()).export(&entries);
    let markdown = String::from_utf8_lossy(&markdown);
    assert_no_controls(&markdown);
    let table: Vec<&str> = markdown.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 3, "header, rule and one row:\n{markdown}");
    let cells = |line: &str| {
        // A cell ends at a `|` that is not escaped as `\|`.
        let mut count = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                count += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        count
    };
    assert!(
        table.iter().all(|line| cells(line) == cells(table[0])),
        "{markdown}"
    );

    // No simulated figures: the fuzzed scenario is no file to simulate again,
    // just as `report` leaves them out for it.
    let byline = costcalc::render::report::Byline {
        title: "Fuzzed report",
        author: Some("A. Fuzzer"),
        date: "2025-01-01",
    };
    let settings = html::Settings {
        byline,
        adjustment_notes: &[],
        draws: 100,
        seed: 1,
        currency: None,
        price_year: None,
    };
    let html = html::render(&entries, &html::Figures::default(), &settings);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
        "{html}"
    );
    // A browser drops leading spaces and control characters from a link, and
    // tabs and line breaks anywhere in it, before reading its scheme.
    for link in lower.split("href=\"").skip(1) {
        let link: String = link
            .split('"')
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert!(
            !link.starts_with("javascript:") && !link.starts_with("data:"),
            "{html}"
        );
    }
    let report = markdown::render(&entries, &[], &byline);
    assert_no_controls(&report);
    // Every link (`](` not escaped as `\](`) goes to a web address.
    for (at, _) in report.match_indices("](") {
        if report[..at].ends_with('\\') {
            continue;
        }
        let target = &report[at + 2..];
        assert!(
            target.starts_with("https://") || target.starts_with("http://"),
            "{report}"
        );
    }
});

/// Text for a reader has no control character but a line break or a tab (a
/// terminal would obey an escape sequence; `show` and the exporters write
/// them as `\u{1b}`).
fn assert_no_controls(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        panic!("a raw {c:?} in:\n{text}");
    }
}
