//! Odd and extreme input: each case works or fails with a clear message and
//! exit code 1, never a panic (exit 101) or a wrong number. The stated limits
//! are in the Troubleshooting section of docs/scenario-format.md.

use std::fs;

use proptest::prelude::*;

use super::{Run, run, write_scenario};

fn deal(amounts: &[&str], outcomes: &str) -> String {
    let mut text = String::from("name = \"Edge\"\ncurrency = \"USD\"\n");
    for (i, amount) in amounts.iter().enumerate() {
        text.push_str(&format!(
            "[[cost]]\nitem = \"Line {i}\"\namount = {amount}\n"
        ));
    }
    text.push_str(&format!("[outcomes]\n{outcomes}\n"));
    text
}

#[test]
fn amounts_at_the_decimal_limits_work_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The largest exact decimal, alone: fine, and printed exactly.
    let max = "79_228_162_514_264_337_593_543_950_335";
    let file = write_scenario(dir.path(), "max.toml", &deal(&[max], "removals = 1"));
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(",79228162514264337593543950335.00,"),
        "{stdout}"
    );
    // Twice: the total cannot be held exactly, which is an error, not a rounded total.
    let file = write_scenario(dir.path(), "twice.toml", &deal(&[max, max], "removals = 1"));
    run(["compare", &file]).fails_with("the fixed cost cannot be computed exactly");
    // The smallest: 1e-28 is exact.
    let file = write_scenario(dir.path(), "tiny.toml", &deal(&["1e-28"], "removals = 1"));
    let Run { code, stderr, .. } = run(["show", &file]);
    assert_eq!(code, Some(0), "{stderr}");
    // One more decimal place cannot be held: refused where it is written.
    let file = write_scenario(dir.path(), "tinier.toml", &deal(&["1e-29"], "removals = 1"));
    run(["check", &file])
        .fails_with("tinier.toml:5:10: `amount` cannot be read as an exact number");
}

#[test]
fn a_zero_written_with_decimals_adds_exactly() {
    // 100 + 0.00 = 100, over 7 removals 14.29: a zero's scale is no overflow.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "zero.toml",
        &deal(&["100", "0.00"], "removals = 7"),
    );
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(stdout.contains(",100.00,7,observed,14.29,"), "{stdout}");
}

#[test]
fn counts_up_to_the_limit_work() {
    let dir = tempfile::tempdir().unwrap();
    // 2^63 − 1 removals: 1,000 ÷ 9,223,372,036,854,775,807 per removal.
    let file = write_scenario(
        dir.path(),
        "many.toml",
        &deal(&["1000"], "removals = 9223372036854775807"),
    );
    let Run {
        code,
        stdout,
        stderr,
    } = run(["compare", &file, "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains(",9223372036854775807,observed,0.00,"),
        "{stdout}"
    );
    // 2^64 does not fit a count: a clear error naming the limit.
    let file = write_scenario(
        dir.path(),
        "too-many.toml",
        &deal(&["1000"], "removals = 18446744073709551616"),
    );
    let stderr = run(["check", &file])
        .fails_with("`removals` is too large")
        .stderr;
    assert!(stderr.contains("18446744073709551615"), "{stderr}");
}

#[test]
fn a_deep_extends_chain_stops_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path(), "level-0.toml", &deal(&["1"], "removals = 1"));
    for level in 1..=40 {
        write_scenario(
            dir.path(),
            &format!("level-{level}.toml"),
            &format!("extends = \"level-{}.toml\"\n", level - 1),
        );
    }
    // 30 files deep: fine.
    let Run { code, stderr, .. } = run([
        "check",
        &dir.path().join("level-30.toml").display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    // 40 deep: longer than 32 files, an error naming the chain.
    run([
        "check",
        &dir.path().join("level-40.toml").display().to_string(),
    ])
    .fails_with("the `extends` chain is longer than 32 files");
}

#[test]
fn a_ten_megabyte_scenario_works_and_a_huge_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("name = \"Big\"\ncurrency = \"USD\"\n[outcomes]\nremovals = 4\n");
    let mut i = 0u64;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "[[cost]]\nitem = \"Line {i}\"\namount = 2\nnote = \"padding padding\"\n"
        ));
        i += 1;
    }
    let file = write_scenario(dir.path(), "big.toml", &text);
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    // i lines of 2 each, over 4 removals.
    assert!(stdout.contains(&format!(",{}.00,4,", 2 * i)), "{stdout}");
    // Over 64 MiB (a sparse file: no disk needed): refused before parsing.
    let huge = dir.path().join("huge.toml");
    fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    run(["check", &huge.display().to_string()]).fails_with("larger than 64 MiB");
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    // "é" in Latin-1 (0xE9) on line 1, column 10.
    fs::write(&path, b"name = \"Caf\xe9\"\ncurrency = \"EUR\"\n").unwrap();
    run(["check", &path.display().to_string()])
        .fails_with("latin1.toml:1:12: the file is not UTF-8 text");
}

#[test]
fn a_directory_of_thousands_of_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..2000 {
        write_scenario(
            dir.path(),
            &format!("deal-{i:04}.toml"),
            &deal(&[&format!("{}", 1000 + i)], "removals = 10"),
        );
    }
    let stdout = run([
        "compare",
        &dir.path().display().to_string(),
        "--format",
        "csv",
    ])
    .succeeds();
    assert_eq!(stdout.lines().count(), 2001);
}

/// A generated scenario: valid, or broken by one edit.
fn scenario() -> impl Strategy<Value = (String, Option<(u64, u64, u32, u32)>)> {
    let valid = (0u64..1_000_000_000, 0u64..100_000, 0u32..5000, 1u32..5000).prop_map(
        |(fixed, per_removal, removals, planned)| {
            let text = format!(
                "name = \"Generated\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"Fixed\"\namount = {fixed}\n\
                 [[cost]]\nitem = \"Per person\"\namount = {per_removal}\nbasis = \"per_removal\"\n\
                 [outcomes]\nremovals = {removals}\nplanned = {planned}\n"
            );
            (text, Some((fixed, per_removal, removals, planned)))
        },
    );
    let broken = (
        valid.clone(),
        0usize..200,
        "[\\[\\]={}\"'.,0-9a-z_ \\n-]{0,8}",
    )
        .prop_map(|((text, _), at, insert)| {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            (format!("{}{insert}{}", &text[..at], &text[at..]), None)
        });
    prop_oneof![valid, broken]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Through the binary: exit 0 or 1, never a panic; valid scenarios give
    /// the metric identities (total = fixed + per person × removals, cost per
    /// removal = total ÷ removals to the cent, utilization = removals ÷ planned).
    #[test]
    fn generated_scenarios_exit_0_or_1_and_keep_the_identities((text, values) in scenario()) {
        let dir = tempfile::tempdir().unwrap();
        let file = write_scenario(dir.path(), "generated.toml", &text);
        let Run { code, stdout, stderr } = run(["compare", &file, "--format", "csv"]);
        prop_assert!(matches!(code, Some(0) | Some(1)), "exit {code:?}: {stderr}");
        if let Some((fixed, per_removal, removals, planned)) = values {
            prop_assert_eq!(code, Some(0), "{}", stderr);
            let row: Vec<&str> = stdout.lines().nth(1).unwrap().split(',').collect();
            let total = u128::from(fixed) + u128::from(per_removal) * u128::from(removals);
            prop_assert_eq!(row[3], format!("{total}.00"));
            if removals == 0 {
                prop_assert_eq!(row[6], "");
            } else {
                // total ÷ removals, rounded half away from zero to cents.
                let cents = (total * 1000 / u128::from(removals) + 5) / 10;
                prop_assert_eq!(row[6], format!("{}.{:02}", cents / 100, cents % 100));
            }
            let utilization = (u128::from(removals) * 10_000_000 / u128::from(planned) + 5) / 10;
            prop_assert_eq!(row[8], format!("{}.{:06}", utilization / 1_000_000, utilization % 1_000_000));
        }
    }
}

/// The attack: 3,000 unknown source ids printed every known id in each
/// hint (150 MB of stderr). Here 1,000 known ids ("archive-0" … "archive-999")
/// and 1,000 lines citing "zz-0" … "zz-999", none close enough for "did you
/// mean": each hint names at most three ids, so stderr stays small.
#[test]
fn hints_for_thousands_of_unknown_sources_name_at_most_three_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("name = \"Sources\"\ncurrency = \"USD\"\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "[[cost]]\nitem = \"Line {i}\"\namount = 1\nsource = \"zz-{i}\"\n\
             [[source]]\nid = \"archive-{i}\"\ntitle = \"T\"\n"
        ));
    }
    text.push_str("[outcomes]\nremovals = 1\n");
    let path = write_scenario(dir.path(), "sources.toml", &text);
    let run = run(["check", &path]).fails_with("no [[source]] has the id");
    let hints: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("or use the nearest ids:"))
        .collect();
    assert_eq!(hints.len(), 1000, "one hint per unknown id");
    for hint in hints {
        // Three ids, each in quotes: six quote marks.
        assert_eq!(hint.matches('"').count(), 6, "{hint}");
    }
    // About 400 bytes for each of the 1,000 problems, not 1,000 ids each.
    assert!(run.stderr.len() < 1_000_000, "{} bytes", run.stderr.len());
}
