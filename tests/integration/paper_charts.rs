//! Charts for a paper (issue 19, point 5): labels in the reader's words, axes
//! with units, percent axes in percent, the histogram's draws outside its range
//! counted and labelled, a frontier that stays legible when one deal is far
//! larger, hypotheticals drawn apart, and PNG output that is a real PNG.

use super::charts::{assert_no_overlap, chart, check_svg};
use super::{Run, run, shipped_convertible};

const UNCERTAIN: &str = "scenarios/hypothetical-us-third-country-uncertain.toml";

/// The shipped scenarios in 2024 US dollars, as `args` after the chart's kind:
/// all but the one the rates table cannot convert (these tests are about
/// drawing; `charts::a_bar_chart_of_the_shipped_scenarios` draws them all).
fn shipped_in_usd(kind: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![kind.to_string()];
    args.extend(shipped_convertible());
    args.extend(["--currency", "USD", "--price-year", "2024"].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

fn texts_of(svg: &str) -> Vec<String> {
    check_svg(svg).0.into_iter().map(|t| t.3).collect()
}

#[test]
fn tornado_bars_are_named_in_the_readers_words() {
    let svg = chart(&["tornado", UNCERTAIN]);
    let texts = texts_of(&svg);
    // The file's [[cost]] line has item = "Payment to the receiving country";
    // its [outcomes] have uncertain `planned` and `block_probability`. The
    // label column wraps at 30 characters.
    for words in [
        "Planned removals",
        "Probability a transfer is",
        "Payment to the receiving",
    ] {
        assert!(
            texts.iter().any(|t| t == words),
            "no {words:?} in {texts:?}"
        );
    }
    // No paths or metric names anywhere a reader sees.
    for internal in [
        "outcomes.",
        "cost[",
        "cost_per_removal",
        "block_probability",
    ] {
        assert!(
            !svg.contains(internal),
            "{internal:?} is in the chart:\n{svg}"
        );
    }
    // The title names the scenario by its short_name; the axis says the currency.
    assert!(
        texts.contains(&"What drives the cost per removal: Hyp. US third country".to_string()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Cost per removal (USD)".to_string()),
        "{texts:?}"
    );
}

#[test]
fn the_seed_is_in_a_caption_not_the_title() {
    for kind in ["histogram", "acceptability"] {
        let svg = chart(&[kind, UNCERTAIN, "-n", "2000", "--seed", "7"]);
        let document = roxmltree::Document::parse(&svg).unwrap();
        let title = document
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(!title.contains("seed"), "{kind}: {title}");
        let texts = texts_of(&svg);
        assert!(!texts[0].contains("seed"), "{kind}: {}", texts[0]);
        assert!(
            texts
                .iter()
                .any(|t| t == "Simulated draws with seed 7 (--seed 7 draws this chart again)."),
            "{kind}: {texts:?}"
        );
    }
}

#[test]
fn axes_have_titles_with_units_and_no_metric_names() {
    let svg = chart(
        &shipped_in_usd("bar", &[])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let texts = texts_of(&svg);
    // The axis title: the words, the currency, the scale.
    assert!(
        texts.contains(&"Cost per removal (USD, logarithmic scale)".to_string()),
        "{texts:?}"
    );
    assert!(!svg.contains("cost_per_removal"));
}

#[test]
fn share_axes_run_from_0_to_100_percent() {
    // Capacity used: the shipped scenarios' largest is 100.0% (all 250 places
    // used), so the ticks (centred under their grid lines; the bars' values
    // start at the bar's end) run 0%, 20% … 100%, not 0 … 1.
    let args = shipped_in_usd("bar", &["--metric", "utilization"]);
    let svg = chart(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (texts, _) = check_svg(&svg);
    let ticks: Vec<&str> = texts
        .iter()
        .filter(|t| t.3.ends_with('%') && t.2 == "middle")
        .map(|t| t.3.as_str())
        .collect();
    assert_eq!(ticks, ["0%", "20%", "40%", "60%", "80%", "100%"]);
    assert!(
        texts.iter().any(|t| t.3 == "Capacity used (%)"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.3 == "1" || t.3 == "0.2"));
    // A simulated share: its axis and its percentiles in percent too.
    let texts = texts_of(&chart(&[
        "histogram",
        UNCERTAIN,
        "--metric",
        "utilization",
        "-n",
        "2000",
    ]));
    let percentiles: Vec<&String> = texts.iter().filter(|t| t.starts_with('p')).collect();
    assert_eq!(percentiles.len(), 3, "{texts:?}");
    assert!(
        percentiles.iter().all(|t| t.ends_with('%')),
        "{percentiles:?}"
    );
    assert!(
        texts.contains(&"Capacity used (%)".to_string()),
        "{texts:?}"
    );
}

#[test]
fn the_histogram_counts_the_draws_outside_its_range_in_labelled_bins() {
    let svg = chart(&["histogram", UNCERTAIN, "-n", "20000"]);
    let (texts, description) = check_svg(&svg);
    // The range starts at the 0.5th percentile of the draws shown: the draw of
    // rank floor(19,999 × 0.005) = 99 (from 0). Every draw differs (the payment
    // is continuous), so exactly 99 draws lie below it.
    let below: Vec<&String> = texts
        .iter()
        .map(|t| &t.3)
        .filter(|t| t.starts_with("< "))
        .collect();
    assert_eq!(below.len(), 1, "{texts:?}");
    assert!(below[0].ends_with(": 99 draws"), "{below:?}");
    let above: Vec<&String> = texts
        .iter()
        .map(|t| &t.3)
        .filter(|t| t.starts_with("> "))
        .collect();
    assert_eq!(above.len(), 1, "{texts:?}");
    assert!(description.contains(below[0].as_str()), "{description}");
    // Every draw is in one bar: the 40 bins and the two outside add up to 20,000.
    let document = roxmltree::Document::parse(&svg).unwrap();
    let counted: u64 = document
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text()?.strip_suffix(" draws")?.parse::<u64>().ok())
        .sum();
    assert_eq!(counted, 20_000);
    // The count in the label above is the bar's.
    let above_count: u64 = above[0]
        .rsplit(": ")
        .next()
        .and_then(|n| n.strip_suffix(" draws"))
        .map(|n| n.replace(',', "").parse().unwrap())
        .unwrap();
    assert!(svg.contains(&format!("<title>{above_count} draws</title>")));
    assert_no_overlap(&texts);
}

#[test]
fn the_frontier_stays_legible_when_one_deal_is_far_larger() {
    // Nauru/Manus: 4,183 removals for USD 9.5bn; US–Rwanda: 7 removals for
    // USD 7.3m. Linear axes squeeze every deal but one into the corner.
    let args = shipped_in_usd("frontier", &[]);
    let svg = chart(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (texts, description) = check_svg(&svg);
    assert!(
        description.contains("(logarithmic scales)"),
        "{description}"
    );
    let shown: Vec<&str> = texts.iter().map(|t| t.3.as_str()).collect();
    assert!(shown.contains(&"Removals (logarithmic scale)"), "{shown:?}");
    assert!(
        shown.contains(&"Total cost (USD, logarithmic scale)"),
        "{shown:?}"
    );
    // UK–Rwanda removed nobody: 0 has its own place at the start of the axis.
    assert!(shown.contains(&"0"), "{shown:?}");
    // No two texts overlap: numbers of points included.
    assert_no_overlap(&texts);
}

#[test]
fn hypotheticals_are_hatched_with_a_key() {
    // Three shipped scenarios have status = "hypothetical".
    let args = shipped_in_usd("bar", &[]);
    let svg = chart(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        svg.matches("<pattern ").count(),
        1,
        "one pattern, defined once"
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let hatched = |name: &str| {
        document
            .descendants()
            .filter(|n| n.has_tag_name(name))
            .filter(|n| {
                n.attribute("fill")
                    .is_some_and(|f| f.starts_with("url(#hatch"))
            })
            .count()
    };
    // The three bars and the key's swatch.
    assert_eq!(hatched("rect"), 3 + 1);
    let texts = texts_of(&svg);
    assert!(texts.contains(&"hypothetical (not a real deal)".to_string()));
    assert!(texts.contains(&"reported deal".to_string()));
    // The frontier: hatched points, and "hypothetical" in the key.
    let args = shipped_in_usd("frontier", &[]);
    let svg = chart(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let document = roxmltree::Document::parse(&svg).unwrap();
    let hatched_points = document
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter(|n| {
            n.attribute("fill")
                .is_some_and(|f| f.starts_with("url(#hatch"))
        })
        .count();
    assert_eq!(hatched_points, 3);
    // US–Rwanda at 250 (USD 7,307,714) lies between US–El Salvador (238,
    // USD 4,637,963) and Israel–Rwanda/Uganda (3,000, USD 13,896,617): its
    // ICER, 2,669,751 / 12 = USD 222,479, is above the next one's,
    // 6,588,903 / 2,750 = USD 2,396, so it is extendedly dominated.
    assert!(
        svg.contains("Hyp. US–Rwanda 250 — extendedly dominated, hypothetical"),
        "{svg}"
    );
    // A chart with none has no key.
    let svg = chart(&[
        "bar",
        "scenarios/us-rwanda.toml",
        "scenarios/us-eswatini.toml",
    ]);
    assert!(!svg.contains("hypothetical (not a real deal)"));
}

#[test]
fn a_png_output_is_a_real_png() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bar.png");
    let Run { code, stderr, .. } = run([
        "chart",
        "bar",
        "scenarios/us-rwanda.toml",
        "scenarios/us-eswatini.toml",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).expect("the image decodes");
    // The SVG is 900 units wide, drawn at 2 pixels a unit.
    assert_eq!(frame.width, 1800);
    assert!(frame.height > 0);
    // Not blank: the bars are drawn in blue #0072B2.
    assert!(
        pixels
            .chunks(frame.line_size / frame.width as usize)
            .any(|p| p[..3] == [0x00, 0x72, 0xB2]),
        "no bar colour in the image"
    );
}

#[test]
fn other_extensions_are_refused_and_name_the_two() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["bar.jpg", "bar", "bar.svg.txt"] {
        let path = dir.path().join(name);
        let Run { code, stderr, .. } = run([
            "chart",
            "bar",
            "scenarios/us-rwanda.toml",
            "-o",
            path.to_str().unwrap(),
        ]);
        // A usage error, like any other invalid argument: nothing was read.
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("name the file FILE.svg or FILE.png"),
            "{name}: {stderr}"
        );
        assert!(!path.exists(), "{name} was written");
    }
    // Upper case is the same extension.
    let path = dir.path().join("BAR.SVG");
    let Run { code, stderr, .. } = run([
        "chart",
        "bar",
        "scenarios/us-rwanda.toml",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("<svg"));
}
