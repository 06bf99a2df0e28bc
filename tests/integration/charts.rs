//! `chart` and `report` end to end: every chart is well-formed SVG with a
//! viewBox, a title and a description, carries its labels and values as text,
//! keeps labels apart, and is the same bytes for the same input; the report is
//! self-contained, and opens in headless Chromium as a finished page.

use std::path::{Path, PathBuf};

use super::{Run, UNCONVERTIBLE_NAME, costcalc, left_out_line, run, shipped};

/// Runs `costcalc chart ARGS -o FILE` and returns the SVG.
pub(super) fn chart(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let mut all: Vec<String> = vec!["chart".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(["-o".into(), path.display().to_string()]);
    let Run { code, stderr, .. } = run(&all);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::read_to_string(&path).unwrap()
}

/// Runs `costcalc chart ARGS --keep-going -o FILE` on deals of which one,
/// [`super::UNCONVERTIBLE`], cannot be converted: the chart is written without
/// it, the run fails (exit 1) and names it. Returns the SVG.
pub(super) fn chart_leaving_out(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let mut all: Vec<String> = vec!["chart".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(["--keep-going", "-o"].map(String::from));
    all.push(path.display().to_string());
    let Run { code, stderr, .. } = run(&all);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&left_out_line()), "{stderr}");
    std::fs::read_to_string(&path).unwrap()
}

/// Parses the SVG and checks what every chart must have; returns its texts
/// (x, y, anchor, text) and its description.
pub(super) fn check_svg(svg: &str) -> (Vec<(f64, f64, String, String)>, String) {
    let document = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("viewBox").is_some(), "no viewBox");
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap_or("");
    assert!(!title.is_empty(), "no <title>");
    let description = root
        .children()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string();
    assert!(!description.is_empty(), "no <desc>");
    let texts = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let number = |name: &str| n.attribute(name).unwrap_or("0").parse::<f64>().unwrap();
            (
                number("x"),
                number("y"),
                n.attribute("text-anchor").unwrap_or("start").to_string(),
                n.text().unwrap_or("").to_string(),
            )
        })
        .collect();
    (texts, description)
}

/// The box a text takes, at a generous 7.6 px a character and 13 px tall.
fn text_box(x: f64, y: f64, anchor: &str, text: &str) -> (f64, f64, f64, f64) {
    let width = text.chars().count() as f64 * 7.6;
    let left = match anchor {
        "end" => x - width,
        "middle" => x - width / 2.0,
        _ => x,
    };
    (left, y - 11.0, left + width, y + 3.0)
}

/// Asserts no two texts overlap.
pub(super) fn assert_no_overlap(texts: &[(f64, f64, String, String)]) {
    let boxes: Vec<_> = texts
        .iter()
        .filter(|t| !t.3.trim().is_empty())
        .map(|(x, y, a, t)| (text_box(*x, *y, a, t), t))
        .collect();
    for (i, (a, ta)) in boxes.iter().enumerate() {
        for (b, tb) in &boxes[i + 1..] {
            let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
            assert!(!overlap, "\"{ta}\" overlaps \"{tb}\"");
        }
    }
}

#[test]
fn a_bar_chart_of_the_shipped_scenarios() {
    let mut args: Vec<String> = vec!["bar".into()];
    args.extend(shipped());
    args.extend(["--currency", "USD", "--price-year", "2024"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // Every shipped deal but the one in 2025 Australian dollars, which the
    // rates table cannot convert: --keep-going draws the others, and the
    // chart's note says which deal is not in it.
    let svg = chart_leaving_out(&args);
    let (texts, description) = check_svg(&svg);
    let shown: Vec<&str> = texts.iter().map(|t| t.3.as_str()).collect();
    assert!(!shown.contains(&UNCONVERTIBLE_NAME), "{shown:?}");
    assert!(
        shown.iter().any(|t| t.contains(&format!(
            "left out, as their money cannot be converted: {UNCONVERTIBLE_NAME}"
        ))),
        "{shown:?}"
    );
    // Values span 19,487 to 3,241,594 (166×): a log scale, chosen automatically.
    assert!(
        description.contains("Cost per removal (USD, logarithmic scale)"),
        "{description}"
    );
    // Every scenario by its short name with its value, as `compare --currency
    // USD --price-year 2024` prints it.
    assert!(
        description.contains("US–El Salvador: USD 19,487"),
        "{description}"
    );
    assert!(
        description.contains("US–Rwanda: USD 1,043,959"),
        "{description}"
    );
    assert!(
        shown.contains(&"USD 19,487") && shown.contains(&"USD 3,241,594"),
        "{shown:?}"
    );
    // UK–Rwanda removed nobody: listed as n/a, not drawn as 0.
    assert!(shown.contains(&"n/a: nobody removed"), "{shown:?}");
    assert_no_overlap(&texts);
    // The same input gives the same bytes.
    assert_eq!(svg, chart_leaving_out(&args));
}

#[test]
fn twenty_long_names_stay_readable() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..20 {
        let path = dir.path().join(format!("deal-{i:02}.toml"));
        std::fs::write(
            &path,
            format!(
                "name = \"Hypothetical offshore processing partnership number {i} with a very long \
                 descriptive name that goes on\"\ncurrency = \"USD\"\nstatus = \"hypothetical\"\n\
                 [[cost]]\nitem = \"Payment\"\namount = {}\n[outcomes]\nremovals = {}\n",
                1_000_000 + i * 250_000,
                10 + i
            ),
        )
        .unwrap();
        paths.push(path.display().to_string());
    }
    let mut args = vec!["bar".to_string()];
    args.extend(paths.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (texts, _) = check_svg(&chart(&args));
    assert_no_overlap(&texts);
    let mut args = vec!["frontier".to_string()];
    args.extend(paths);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (texts, description) = check_svg(&chart(&args));
    // Points are numbered; the key names them.
    assert!(description.contains("options"), "{description}");
    let key: Vec<&(f64, f64, String, String)> =
        texts.iter().filter(|t| t.3.contains(" — ")).collect();
    assert_eq!(key.len(), 20);
    assert_no_overlap(&key.into_iter().cloned().collect::<Vec<_>>());
}

#[test]
fn a_frontier_chart_marks_dominated_options() {
    let svg = chart(&["frontier", "tests/fixtures/herc"]);
    let (texts, _) = check_svg(&svg);
    let shown: Vec<&str> = texts.iter().map(|t| t.3.as_str()).collect();
    // The order of the frontier table: UC, B, D, E on the frontier, then A, C.
    assert!(
        shown.iter().any(|t| t.starts_with("1  UC — frontier")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t.starts_with("5  A — dominated")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("6  C — extendedly dominated")),
        "{shown:?}"
    );
    // The frontier line runs through the four frontier options.
    let document = roxmltree::Document::parse(&svg).unwrap();
    let line = document
        .descendants()
        .find(|n| n.has_tag_name("polyline"))
        .unwrap();
    assert_eq!(line.attribute("points").unwrap().split(' ').count(), 4);
}

#[test]
fn tornado_histogram_and_acceptability_charts() {
    let file = "scenarios/hypothetical-us-third-country-uncertain.toml";
    let (texts, description) = check_svg(&chart(&["tornado", file]));
    // The tornado of `costcalc tornado`, widest swing first.
    assert!(
        description.contains("Planned removals: USD 46,015 → USD 26,227"),
        "{description}"
    );
    assert!(texts.iter().any(|t| t.3 == "Planned removals"));
    let (texts, description) = check_svg(&chart(&["histogram", file, "-n", "20000"]));
    assert!(
        description.contains("Histogram of 20,000 draws of Cost per removal (USD)"),
        "{description}"
    );
    for name in ["p5 USD", "p50 USD", "p95 USD"] {
        assert!(
            texts.iter().any(|t| t.3.starts_with(name)),
            "no {name} label"
        );
    }
    assert_no_overlap(&texts);
    let (_, description) = check_svg(&chart(&["acceptability", file, "-n", "20000"]));
    assert!(
        description.contains("it reaches 50% at about"),
        "{description}"
    );
    // Seeded by default: the same chart twice.
    assert_eq!(
        chart(&["histogram", file, "-n", "5000"]),
        chart(&["histogram", file, "-n", "5000"])
    );
}

#[test]
fn money_bars_need_one_currency() {
    run([
        "chart",
        "bar",
        "scenarios/uk-rwanda.toml",
        "scenarios/us-rwanda.toml",
        "-o",
        "-",
    ])
    .fails_with("add --currency USD --price-year 2024");
}

/// Writes the report of the shipped scenarios into `dir`.
fn report(dir: &Path) -> PathBuf {
    shipped_report(dir, &["-n", "20000"])
}

/// Writes the report on every shipped scenario in 2024 US dollars (the widest
/// numbers: USD 9,455,700,000) to `dir/report.html`, with `extra` arguments,
/// dated by `SOURCE_DATE_EPOCH` so that it is the same on every run. The deal
/// in 2025 Australian dollars cannot be converted: with --keep-going the
/// report is written without it, and the run fails (exit 1) naming it.
pub fn shipped_report(dir: &Path, extra: &[&str]) -> PathBuf {
    let path = dir.join("report.html");
    let mut args: Vec<String> = vec!["report".into()];
    args.extend(shipped());
    args.extend(
        ["--currency", "USD", "--price-year", "2024", "--keep-going"]
            .iter()
            .chain(extra)
            .map(|a| a.to_string()),
    );
    args.extend(["-o".to_string(), path.display().to_string()]);
    let output = costcalc()
        .env("SOURCE_DATE_EPOCH", "1764288000")
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&left_out_line()), "{stderr}");
    path
}

#[test]
fn the_report_is_self_contained_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(report(dir.path())).unwrap();
    // 1764288000 s after 1970 is 2025-11-28 (20,420 days).
    // The 15 shipped scenarios but the one the rates table cannot convert.
    assert!(html.contains("A report by costcalc 0.1.0 on 2025-11-28, from 14 scenarios."));
    // The report says itself which deal it leaves out, and why.
    assert!(
        html.contains(&format!(
            "left out of this report, as its money cannot be converted: {UNCONVERTIBLE_NAME} \
             ({}): cannot convert cost line",
            super::UNCONVERTIBLE
        )),
        "{html}"
    );
    assert!(
        html.contains("no consumer price index for AUD in 2025"),
        "{html}"
    );
    for section in [
        "id=\"comparison\"",
        "id=\"charts\"",
        "id=\"uncertainty\"",
        "id=\"scenarios\"",
        "id=\"method\"",
    ] {
        assert!(html.contains(section), "no {section}");
    }
    // No network requests: no scripts, stylesheets, images or fonts from elsewhere.
    for forbidden in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(!html.contains(forbidden), "the report contains {forbidden}");
    }
    // Sources are links; the method states the conversion and the seed.
    assert!(html.contains("<a href=\"https://www.nbcboston.com/"));
    assert!(html.contains("Every amount was moved to USD at 2024 prices"));
    assert!(html.contains("seed 42"));
    assert!(html.contains("@media print"));
    // Cost per removal and capacity bars, the frontier (one currency), and for
    // the one scenario with uncertain inputs its histogram, acceptability
    // curve and tornado: 6 figures.
    assert_eq!(html.matches("<figure>").count(), 6);
    // Without paths, the built-in scenarios: in several currencies, so no
    // frontier; the uncertain one still gets its three charts.
    let built_in = dir.path().join("built-in.html");
    let Run { code, stderr, .. } = run([
        "report".as_ref(),
        "-n".as_ref(),
        "5000".as_ref(),
        "-o".as_ref(),
        built_in.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&built_in)
            .unwrap()
            .matches("<figure>")
            .count(),
        5
    );
    // Markdown, for pasting into documents.
    let path = dir.path().join("report.md");
    let Run { code, stderr, .. } = run([
        "report".as_ref(),
        "scenarios/uk-rwanda.toml".as_ref(),
        "--format".as_ref(),
        "markdown".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let markdown = std::fs::read_to_string(&path).unwrap();
    assert!(markdown.starts_with("# Cost-effectiveness of migration deals"));
    assert!(markdown.contains("| Scenario "));
}

/// A Chromium to test with: `$CHROMIUM`, or `chromium` / `chromium-browser` on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    super::on_path(&["chromium", "chromium-browser"])
}

/// Headless Chromium with the flags of a sandboxed, offline machine: no
/// background networking, and a fresh profile in `profile`.
pub fn headless(chromium: &Path, profile: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        // CI installs Chromium and sets COSTCALC_REQUIRE_BROWSER, so there this fails.
        assert!(
            std::env::var_os("COSTCALC_REQUIRE_BROWSER").is_none(),
            "COSTCALC_REQUIRE_BROWSER is set but no Chromium was found"
        );
        eprintln!(
            "SKIPPED the_report_renders_in_headless_chromium: no Chromium found \
             (install Debian's chromium, or set CHROMIUM=/path/to/chromium)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = report(dir.path());
    let screenshot = dir.path().join("report.png");
    let profile = dir.path().join("profile");
    // Console messages go to stderr at INFO level.
    let output = headless(&chromium, &profile)
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,2000",
        ])
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("Chromium runs");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "Chromium failed:\n{log}");
    // The report has no scripts, so any console message (an error, a resource
    // that failed to load, something its Content-Security-Policy blocked, such
    // as its own styles) is a defect.
    let console: Vec<&str> = log
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Failed to load resource")
                || l.contains("net::ERR_")
        })
        .collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    // Not a blank page: a good share of the pixels are not the background.
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&screenshot).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let ink = pixels[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|c| *c < 200))
        .count();
    let share = ink as f64 / (info.width as f64 * info.height as f64);
    eprintln!(
        "headless Chromium rendered the report: {}×{} screenshot, {:.1}% of pixels drawn, no console messages",
        info.width,
        info.height,
        share * 100.0
    );
    assert!(
        share > 0.02,
        "the page looks blank: {:.2}% of pixels drawn",
        share * 100.0
    );
}
