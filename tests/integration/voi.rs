//! `costcalc voi` (issue 21, point 2): EVPI and EVPPI against cases with
//! analytic answers, common random numbers through `extends`, the published
//! columns, and the problems it refuses.

use super::{Run, run, write_scenario};

/// 100 removals; one fixed cost line, `amount` as written.
fn scenario(name: &str, amount: &str) -> String {
    format!(
        "name = \"{name}\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\namount = {amount}\n\
         basis = \"fixed\"\n[outcomes]\nremovals = 100\n"
    )
}

/// A cost of N(1,000,000, σ²), σ = 200,000 ÷ (2 × 1.6448536) = 60,795.68.
const NORMAL_COST: &str = "{ dist = \"normal\", low = 900000, high = 1100000 }";

/// The CSV rows after the header, split into fields.
fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .map(|line| line.split(',').map(String::from).collect())
        .collect()
}

fn number(field: &str) -> f64 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {field}"))
}

#[test]
fn voi_evpi_of_two_options_with_normal_net_benefits_is_the_formula() {
    // A costs N(1,000,000, σ²), C 1,030,000; both remove 100, so at any wtp
    // NB_A − NB_C = D ~ N(μ = 30,000, σ = 60,795.68), and EVPI =
    // σφ(μ/σ) − |μ|Φ(−|μ|/σ) = 60,795.68 × 0.353212 − 30,000 × 0.310845 =
    // 21,473.74 − 9,325.36 = 12,148.38. Its standard error at 100,000 draws
    // is sd(max(D, 0)) ÷ √n: E[max(D,0)²] = (μ² + σ²)Φ(μ/σ) + μσφ(μ/σ) =
    // 3.8117e9, E[max(D,0)] = 42,148.4, sd = √(3.8117e9 − 1.7765e9) =
    // 45,110, se = 142.7; the tolerance is 5 se. P(A best) = Φ(0.493456) =
    // 0.689155, se 0.0015.
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", NORMAL_COST));
    let c = write_scenario(dir.path(), "c.toml", &scenario("C", "1030000"));
    let csv = run(["voi", &a, &c, "--wtp", "0,20000", "--format", "csv"]).succeeds();
    let rows = rows(&csv);
    assert_eq!(rows.len(), 4, "{csv}");
    for row in &rows {
        assert!((number(&row[4]) - 12_148.38).abs() < 5.0 * 142.7, "{row:?}");
    }
    assert!((number(&rows[0][3]) - 0.689_155).abs() < 0.0075, "{csv}");
    assert_eq!(number(&rows[0][3]) + number(&rows[1][3]), 1.0);
    // E[NB_C] is certain: −1,030,000 at wtp 0 and 2,000,000 − 1,030,000 at 20,000.
    assert_eq!(rows[1][2], "-1030000");
    assert_eq!(rows[3][2], "970000");
    assert_eq!(rows[2][0], "20000");

    // The table states the standard error (batch means), near 142.7.
    let Run { stdout, .. } = run(["voi", &a, &c, "--wtp", "0"]);
    let se: f64 = stdout
        .split("± GBP ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|s| s.replace(',', "").parse().unwrap())
        .expect(&stdout);
    assert!(se > 70.0 && se < 250.0, "{stdout}");
    assert!(
        stdout.contains("by batch means over 20 batches"),
        "{stdout}"
    );
}

#[test]
fn voi_evppi_of_the_only_uncertain_input_is_the_evpi() {
    // Knowing the one uncertain input is knowing everything: the EVPPI equals
    // the EVPI of the same draws, less what its 46 bins lose: the one bin
    // that straddles D = 0 (1/46 of the draws; about 3,700 wide there, as
    // the bins are cut at the normal's quantiles: 0.0545σ × φ(0) ÷ φ(0.49))
    // is decided on its mean, and at worst half of it, at a mean |D| of a
    // quarter of its width, is decided wrongly: 3,700 ÷ (8 × 46) = 10.
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", NORMAL_COST));
    let c = write_scenario(dir.path(), "c.toml", &scenario("C", "1030000"));
    let evpi = number(&rows(&run(["voi", &a, &c, "--wtp", "5000", "-f", "csv"]).succeeds())[0][4]);
    let csv = run(["voi", &a, &c, "--wtp", "5000", "--evppi", "-f", "csv"]).succeeds();
    assert_eq!(csv.lines().next(), Some("wtp,inputs,evppi"));
    let rows = rows(&csv);
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(rows[0][1], "cost[1].amount");
    let evppi = number(&rows[0][2]);
    assert!(evppi <= evpi && evpi - evppi < 10.5, "{evppi} vs {evpi}");
}

#[test]
fn voi_inputs_shared_through_extends_take_the_same_draws() {
    // B extends A and adds 30,000 of certain cost: in every draw B costs
    // exactly 30,000 more, so A is best every time and nothing is worth
    // knowing. A scenario extending another file that declares the same
    // distribution itself is drawn independently of A: D ~ N(30,000, 2σ²), EVPI = 85,978.08 φ(0.348926)
    // − 30,000 Φ(−0.348926) = 32,274.55 − 10,907.17 = 21,367.38 (se about
    // 200 at 100,000 draws).
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", NORMAL_COST));
    let b = write_scenario(
        dir.path(),
        "b.toml",
        "extends = \"a.toml\"\nname = \"B\"\n[[cost]]\nitem = \"more\"\namount = 30000\n\
         basis = \"fixed\"\n",
    );
    let shared = run(["voi", &a, &b, "--wtp", "0", "-f", "csv"]).succeeds();
    assert_eq!(
        rows(&shared)
            .iter()
            .map(|row| (row[3].as_str(), row[4].as_str()))
            .collect::<Vec<_>>(),
        [("1", "0"), ("0", "0")],
        "{shared}"
    );
    let own = write_scenario(dir.path(), "own.toml", &scenario("own", NORMAL_COST));
    assert!(own.ends_with("own.toml"));
    let more = write_scenario(
        dir.path(),
        "more.toml",
        "extends = \"own.toml\"\nname = \"own + 30,000\"\n[[cost]]\nitem = \"more\"\n\
         amount = 30000\nbasis = \"fixed\"\n",
    );
    let independent = run(["voi", &a, &more, "--wtp", "0", "-f", "csv"]).succeeds();
    let evpi = number(&rows(&independent)[0][4]);
    assert!((evpi - 21_367.38).abs() < 1_000.0, "{independent}");
    // Two routes to one parent file (`./sub/p.toml` from one child,
    // `p.toml` from another beside it) are one file: the same draws.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write_scenario(
        &dir.path().join("sub"),
        "p.toml",
        &scenario("P", NORMAL_COST),
    );
    let more = "name = \"more\"\n[[cost]]\nitem = \"more\"\namount = 30000\nbasis = \"fixed\"\n";
    let near = write_scenario(
        &dir.path().join("sub"),
        "near.toml",
        &format!("extends = \"p.toml\"\n{more}"),
    );
    let far = write_scenario(
        dir.path(),
        "far.toml",
        &format!("extends = \"./sub/p.toml\"\n{more}"),
    );
    let csv = run(["voi", &near, &far, "--wtp", "0", "-f", "csv"]).succeeds();
    assert!(rows(&csv).iter().all(|row| row[4] == "0"), "{csv}");
}

#[test]
fn voi_an_input_that_does_not_change_the_decision_has_evppi_near_0() {
    // Removals ~ uniform(50, 150), declared in the parent and so shared:
    // at any wtp they move both net benefits alike. The decision turns on
    // A's cost alone: its EVPPI is the EVPI, the removals' about 0 (at most
    // the noise floor the notes state, here 0: no bin's mean difference is
    // near 0, μ = 30,000 being 29 of its standard errors of 1,035).
    let dir = tempfile::tempdir().unwrap();
    let removals = "removals = { dist = \"uniform\", min = 50, max = 150 }";
    let base = write_scenario(
        dir.path(),
        "base.toml",
        &scenario("base", "1030000").replace("removals = 100", removals),
    );
    let a = write_scenario(
        dir.path(),
        "a.toml",
        &format!(
            "extends = \"base.toml\"\nname = \"A\"\n[[cost]]\nitem = \"fund\"\n\
             amount = {NORMAL_COST}\nbasis = \"fixed\"\n"
        ),
    );
    let csv = run([
        "voi",
        &base,
        &a,
        "--wtp",
        "20000",
        "--evppi",
        "--evppi",
        "outcomes.removals,cost[1].amount",
        "-f",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    let inputs: Vec<&str> = rows.iter().map(|row| row[1].as_str()).collect();
    assert_eq!(
        inputs,
        [
            "outcomes.removals",
            "cost[1].amount",
            "outcomes.removals+cost[1].amount"
        ],
        "{csv}"
    );
    assert_eq!(rows[0][2], "0", "{csv}");
    let evpi = number(
        &super::voi::rows(&run(["voi", &base, &a, "--wtp", "20000", "-f", "csv"]).succeeds())[0][4],
    );
    // Less at most 10, as for the only uncertain input above.
    let cost = number(&rows[1][2]);
    assert!(cost <= evpi && evpi - cost < 10.5, "{csv}");
    // 7 × 7 cells: a coarser split of the cost, a little below the EVPI.
    let group = number(&rows[2][2]);
    assert!(group <= evpi && evpi - group < 0.05 * evpi, "{csv}");
}

#[test]
fn voi_writes_the_published_columns() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", NORMAL_COST));
    let c = write_scenario(dir.path(), "c.toml", &scenario("C", "1030000"));
    let csv = run(["voi", &a, &c, "--wtp", "1", "-n", "5000", "-f", "csv"]).succeeds();
    assert_eq!(
        csv.lines().next(),
        Some("wtp,scenario,expected_net_benefit,probability_best,evpi")
    );
    let json = run(["voi", &a, &c, "--wtp", "1", "-n", "5000", "-f", "json"]).succeeds();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = value[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "wtp",
        "scenario",
        "expected_net_benefit",
        "probability_best",
        "evpi",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    // EVPI is on each scenario's row of its wtp; the seed reruns it exactly.
    assert_eq!(value[0]["evpi"], value[1]["evpi"]);
    let again = run(["voi", &a, &c, "--wtp", "1", "-n", "5000", "-f", "json"]).succeeds();
    assert_eq!(json, again);
    let other = run([
        "voi", &a, &c, "--wtp", "1", "-n", "5000", "--seed", "3", "-f", "json",
    ]);
    assert_ne!(json, other.succeeds());
}

#[test]
fn voi_refuses_what_it_cannot_answer() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", NORMAL_COST));
    let usd = write_scenario(
        dir.path(),
        "usd.toml",
        &scenario("U", "1000").replace("GBP", "USD"),
    );
    // One scenario is no choice: a usage error.
    let one = run(["voi", &a, "--wtp", "1"]);
    assert_eq!(one.code, Some(2), "{}", one.stderr);
    assert!(
        one.stderr.contains("two or more scenarios"),
        "{}",
        one.stderr
    );
    // A misspelt input: a usage error with the suggestion.
    let c = write_scenario(dir.path(), "c.toml", &scenario("C", "1030000"));
    let typo = run(["voi", &a, &c, "--wtp", "1", "--evppi", "cost[1].amuont"]);
    assert_eq!(typo.code, Some(2), "{}", typo.stderr);
    assert!(
        typo.stderr.contains("did you mean `cost[1].amount`"),
        "{}",
        typo.stderr
    );
    // One input twice in a group: a usage error, not a group of two with
    // each bin counted twice.
    let twice = run([
        "voi",
        &a,
        &c,
        "--wtp",
        "1",
        "--evppi",
        "cost[1].amount,cost[1].amount",
    ]);
    assert_eq!(twice.code, Some(2), "{}", twice.stderr);
    assert!(
        twice.stderr.contains("`cost[1].amount` is named twice"),
        "{}",
        twice.stderr
    );
    // --evppi where no input is uncertain: an empty table, and no advice to
    // take more draws (3,000 already make 3 batches).
    let b = write_scenario(dir.path(), "b.toml", &scenario("B", "1000"));
    let nothing = run(["voi", &b, &c, "--wtp", "1", "-n", "3000", "--evppi"]);
    assert_eq!(nothing.code, Some(0), "{}", nothing.stderr);
    assert!(
        nothing.stdout.contains("no EVPPI to estimate"),
        "{}",
        nothing.stdout
    );
    assert!(
        !nothing.stdout.contains("take at least"),
        "{}",
        nothing.stdout
    );
    // Too few draws for a group's cells: a usage error saying how many.
    let few = run(["voi", &a, &c, "--wtp", "1", "-n", "10", "--evppi"]);
    assert_eq!(few.code, Some(2), "{}", few.stderr);
    assert!(
        few.stderr.contains("need at least 20 draws"),
        "{}",
        few.stderr
    );
    // Different currencies: converted first, as simulate does.
    run(["voi", &a, &usd, "--wtp", "1"]).fails_with("add --currency USD --price-year 2024");
    // No removals, no net benefit.
    let none = write_scenario(
        dir.path(),
        "none.toml",
        "name = \"N\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\namount = 5\n\
         basis = \"fixed\"\n",
    );
    run(["voi", &a, &none, "--wtp", "1"]).fails_with("has no removals");
    // One currency in two years' prices: 2016 and 2024 dollars are not
    // ranked as if alike (diff refuses to subtract them too); --price-year
    // puts both in one year's prices.
    let old = write_scenario(
        dir.path(),
        "old.toml",
        &scenario("O", "1000").replace("GBP\"", "GBP\"\nprice_year = 2016"),
    );
    let new = write_scenario(
        dir.path(),
        "new.toml",
        &scenario("N", "1000").replace("GBP\"", "GBP\"\nprice_year = 2024"),
    );
    run(["voi", &old, &new, "--wtp", "1"])
        .fails_with("the scenarios' costs are in different years' prices (");
    run(["voi", &old, &new, "--wtp", "1"]).fails_with("add --price-year 2024");
    run(["voi", &old, &new, "--wtp", "1", "--price-year", "2024"]).succeeds();
    // Missing --wtp is clap's usage error.
    assert_eq!(run(["voi", &a, &c]).code, Some(2));
}

#[test]
fn voi_an_uncertain_exchange_rate_is_the_same_draws_in_every_scenario() {
    // Two GBP deals of certain cost, 1,000,000 and 1,030,000, converted to
    // US dollars at a GBP rate uniform from 1.20 to 1.30 (the test rates):
    // drawn once for both, the second costs 30,000 × rate more in every
    // draw, so the first is always best and EVPI is 0; were the rate drawn
    // for each apart, the order would flip in some draws.
    let dir = tempfile::tempdir().unwrap();
    let dated = |name: &str, amount: &str| {
        scenario(name, amount).replace(
            "currency = \"GBP\"",
            "currency = \"GBP\"\nprice_year = 2024",
        )
    };
    let a = write_scenario(dir.path(), "a.toml", &dated("A", "1000000"));
    let b = write_scenario(dir.path(), "b.toml", &dated("B", "1030000"));
    let csv = run([
        "voi",
        &a,
        &b,
        "--wtp",
        "0",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        "tests/fixtures/uncertain-rates.toml",
        "-f",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    assert_eq!(
        (rows[0][3].as_str(), rows[0][4].as_str()),
        ("1", "0"),
        "{csv}"
    );
    assert_eq!(rows[1][3], "0", "{csv}");
    // E[NB_A] = −1,000,000 × E[rate] = −1,250,000, within sampling error
    // (sd 0.0289 × 1,000,000 ÷ √100,000 = 91).
    assert!((number(&rows[0][2]) + 1_250_000.0).abs() < 500.0, "{csv}");
}

#[test]
fn voi_draws_correlated_inputs_jointly() {
    // The shipped deal, and docs/examples/correlated.toml: the same deal with
    // planned and block_probability at rank −0.5. Drawn jointly, the
    // correlated pair cannot be the uncorrelated one's draws: the expected
    // net benefits differ (E[removals] = E[planned] − E[planned × p] moves
    // with the correlation, by the covariance of planned and p), neither is
    // best in every draw, and so the EVPI is not 0. (Before, voi drew each
    // input on its own and gave both exactly the same draws: equal expected
    // net benefits, a 50% tie and an EVPI of 0.)
    let csv = run([
        "voi",
        "docs/examples/correlated.toml",
        "scenarios/hypothetical-us-third-country-uncertain.toml",
        "--wtp",
        "20000",
        "-n",
        "20000",
        "-f",
        "csv",
    ])
    .succeeds();
    // The shipped names hold commas: the numbers are the last three fields,
    // from the right (evpi, probability_best, expected_net_benefit).
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplitn(4, ',').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_ne!(rows[0][2], rows[1][2], "{csv}");
    for row in &rows {
        let best = number(row[1]);
        assert!(best > 0.2 && best < 0.8, "{csv}");
        assert!(number(row[0]) > 1_000.0, "{csv}");
    }
}

/// Planned and court risk uncertain and correlated, 1,000,000 certain.
const CORRELATED_PARENT: &str = "name = \"P\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
    amount = 1000000\nbasis = \"fixed\"\n[outcomes]\n\
    planned = { dist = \"uniform\", min = 100, max = 300 }\n\
    block_probability = { dist = \"uniform\", min = 0, max = 0.5 }\n";
const TABLE: &str = "[[correlation]]\ninputs = [\"outcomes.planned\", \"outcomes.block_probability\"]\nrank = -0.5\n";
const MORE: &str = "[[cost]]\nitem = \"more\"\namount = 30000\nbasis = \"fixed\"\n";

#[test]
fn voi_a_correlation_shared_through_extends_shares_its_draws() {
    // A and B both inherit the parent's inputs and its [[correlation]]; B
    // costs a certain 30,000 more, so with the same joint draws A is best in
    // every draw and the EVPI is 0. C declares the same table itself, so,
    // as for an input a file declares itself, its joint draws are its own:
    // removals differ from A's in almost every draw, and C, though 30,000
    // dearer, is best in some (its removals are A's or more in about half,
    // and 30,000 is the wtp × 1.5 removals).
    let dir = tempfile::tempdir().unwrap();
    write_scenario(
        dir.path(),
        "parent.toml",
        &format!("{CORRELATED_PARENT}{TABLE}"),
    );
    let a = write_scenario(
        dir.path(),
        "a.toml",
        "extends = \"parent.toml\"\nname = \"A\"\n",
    );
    let b = write_scenario(
        dir.path(),
        "b.toml",
        &format!("extends = \"parent.toml\"\nname = \"B\"\n{MORE}"),
    );
    let shared = run(["voi", &a, &b, "--wtp", "20000", "-f", "csv"]).succeeds();
    assert_eq!(
        rows(&shared)
            .iter()
            .map(|row| (row[3].as_str(), row[4].as_str()))
            .collect::<Vec<_>>(),
        [("1", "0"), ("0", "0")],
        "{shared}"
    );
    write_scenario(dir.path(), "own.toml", CORRELATED_PARENT);
    let c = write_scenario(
        dir.path(),
        "c.toml",
        &format!("extends = \"own.toml\"\nname = \"C\"\n{MORE}{TABLE}"),
    );
    let own = run(["voi", &a, &c, "--wtp", "20000", "-f", "csv"]).succeeds();
    let rows = rows(&own);
    assert!(number(&rows[1][3]) > 0.2, "{own}");
    assert!(number(&rows[0][4]) > 10_000.0, "{own}");
}
