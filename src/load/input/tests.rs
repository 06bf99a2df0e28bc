//! Each path, each rule, and the change each problem is blamed on.

use super::*;
use crate::test_support::dec;

/// Two cost lines (fixed and per_year), court figures, a legal event and a
/// baseline; `planned` is uncertain.
const DEAL: &str = r#"
name = "Deal"
currency = "USD"
price_year = 2023
years = 4
[[cost]]
item = "Fund"
amount = 1000
year = 2024
[[cost]]
item = "Running"
amount = 10
basis = "per_year"
[outcomes]
removals = 5
planned = { dist = "uniform", min = 10, max = 30 }
attempted = 8
blocked = 2
[[legal]]
date = 2024-01-01
court = "High Court"
outcome = "blocked"
people = 3
[baseline]
cost_per_person = 100
"#;

fn deal() -> Scenario {
    crate::load::parse(DEAL).unwrap()
}

fn address(path: &str) -> Address {
    Address::parse(path).unwrap()
}

/// The first problem's message after setting `path` to `value` on the deal.
fn refused(path: &str, value: &str) -> String {
    let mut scenario = deal();
    set(&mut scenario, &address(path), dec(value)).unwrap_err()[0]
        .message
        .clone()
}

#[test]
fn every_path_reaches_its_field() {
    let cases = [
        ("years", Field::Years),
        ("price_year", Field::PriceYear),
        ("cost[1].amount", Field::CostAmount(0)),
        ("cost[2].years", Field::CostYears(1)),
        ("cost[1].price_year", Field::CostPriceYear(0)),
        ("cost[1].year", Field::CostYear(0)),
        ("cost[2].start_year", Field::CostStartYear(1)),
        ("outcomes.removals", Field::Removals),
        ("outcomes.planned", Field::Planned),
        ("outcomes.block_probability", Field::BlockProbability),
        ("outcomes.attempted", Field::Attempted),
        ("outcomes.blocked", Field::Blocked),
        ("outcomes.voluntary_departures", Field::VoluntaryDepartures),
        ("outcomes.offshore_transfers", Field::OffshoreTransfers),
        ("legal[1].people", Field::LegalPeople(0)),
        (" baseline.cost_per_person ", Field::BaselineCostPerPerson),
        ("baseline.price_year", Field::BaselinePriceYear),
    ];
    for (path, field) in cases {
        assert_eq!(address(path).field, field, "{path}");
    }
}

#[test]
fn values_land_where_the_path_says_as_the_file_would_hold_them() {
    let mut s = deal();
    let values = [
        ("years", "2.50"),
        ("price_year", "2020"),
        ("cost[1].amount", "12.340"),
        ("cost[2].years", "3"),
        ("cost[1].price_year", "2021"),
        ("cost[1].year", "2025"),
        ("cost[2].start_year", "2026"),
        ("outcomes.removals", "6.0"),
        ("outcomes.attempted", "9"),
        ("outcomes.blocked", "9"),
        ("legal[1].people", "4"),
        ("baseline.cost_per_person", "0.5"),
    ];
    for (path, value) in values {
        set(&mut s, &address(path), dec(value)).unwrap();
    }
    // Trailing zeros go, as when the value is written out and read back.
    assert_eq!(s.years.unwrap().to_string(), "2.5");
    assert_eq!(s.costs[0].amount.to_string(), "12.34");
    assert_eq!(s.price_year, Some(2020));
    assert_eq!(s.costs[1].years, Some(dec("3")));
    assert_eq!(
        (
            s.costs[0].price_year,
            s.costs[0].year,
            s.costs[1].start_year
        ),
        (Some(2021), Some(2025), Some(2026))
    );
    assert_eq!(s.outcomes.removals, Some(6));
    assert_eq!(
        (s.outcomes.attempted, s.outcomes.blocked),
        (Some(9), Some(9))
    );
    assert_eq!(s.legal[0].people, Some(4));
    assert_eq!(s.baseline.unwrap().cost_per_person, dec("0.5"));
}

#[test]
fn a_set_value_replaces_its_distribution() {
    let mut s = deal();
    assert_eq!(s.uncertain.len(), 1);
    set(&mut s, &address("outcomes.planned"), dec("12")).unwrap();
    assert_eq!(s.outcomes.planned, Some(12));
    assert!(s.uncertain.is_empty());
}

#[test]
fn a_baseline_is_made_when_there_is_none() {
    let mut s = crate::load::parse("name = \"X\"\ncurrency = \"USD\"\n").unwrap();
    set(&mut s, &address("baseline.cost_per_person"), dec("7")).unwrap();
    assert_eq!(s.baseline.unwrap().cost_per_person, dec("7"));
}

#[test]
fn each_domain_is_the_files() {
    let cases = [
        (
            "cost[1].amount",
            "-1",
            "`amount` must be 0 or more, found -1",
        ),
        ("years", "0", "`years` must be more than 0, found 0"),
        (
            "cost[2].years",
            "-0.5",
            "`years` must be more than 0, found -0.5",
        ),
        (
            "outcomes.removals",
            "0.5",
            "`removals` must be a whole number, found 0.5",
        ),
        (
            "outcomes.planned",
            "-3",
            "`planned` must be 0 or more, found -3",
        ),
        (
            "outcomes.removals",
            "18446744073709551616",
            "`removals` is too large: 18446744073709551616",
        ),
        (
            "legal[1].people",
            "1.25",
            "`people` must be a whole number, found 1.25",
        ),
        (
            "price_year",
            "1799",
            "`price_year` 1799 is not a plausible year",
        ),
        (
            "cost[1].year",
            "2201",
            "`year` 2201 is not a plausible year",
        ),
        (
            "cost[1].price_year",
            "2024.5",
            "`price_year` must be a whole number, found 2024.5",
        ),
        (
            "baseline.cost_per_person",
            "0",
            "`cost_per_person` must be more than 0, found 0",
        ),
    ];
    for (path, value, message) in cases {
        assert_eq!(refused(path, value), message, "{path} = {value}");
    }
    // The ends of each domain are allowed: 0 of an amount or a count, 2200.
    let mut s = deal();
    for (path, value) in [
        ("cost[1].amount", "0"),
        ("outcomes.removals", "0"),
        ("price_year", "2200"),
    ] {
        set(&mut s, &address(path), dec(value)).unwrap();
    }
}

#[test]
fn a_probability_is_from_0_to_1_and_only_for_projections() {
    let mut projection = crate::load::parse(
        "name = \"P\"\ncurrency = \"USD\"\n[outcomes]\nplanned = 100\nblock_probability = 0.5\n",
    )
    .unwrap();
    let p = address("outcomes.block_probability");
    set(&mut projection, &p, dec("1")).unwrap();
    assert_eq!(
        set(&mut projection, &p, dec("1.01")).unwrap_err()[0].message,
        "`block_probability` must be between 0 and 1, found 1.01"
    );
    // Observed removals and a probability cannot go together, whichever is set.
    assert!(refused("outcomes.block_probability", "0.2").contains("is for projections"));
    let problems = set(&mut projection, &address("outcomes.removals"), dec("3")).unwrap_err();
    assert!(
        problems[0].message.contains("is for projections"),
        "{problems:?}"
    );
    // Without `planned` there is nothing to apply it to.
    let mut bare = crate::load::parse("name = \"B\"\ncurrency = \"USD\"\n").unwrap();
    assert_eq!(
        set(&mut bare, &p, dec("0.2")).unwrap_err()[0].message,
        "`block_probability` applies to `planned` removals, but `planned` is missing"
    );
}

#[test]
fn blocked_stays_within_attempted_and_the_changed_one_is_blamed() {
    // The deal has attempted 8, blocked 2.
    assert_eq!(
        refused("outcomes.blocked", "9"),
        "`blocked` (9) is more than `attempted` (8)"
    );
    assert_eq!(
        refused("outcomes.attempted", "1"),
        "`blocked` (2) is more than `attempted` (1)"
    );
    // Both set: checked once both are written (attempted 20 then blocked 15
    // is fine, though 15 > 8), and blamed on `blocked`, as a file would be.
    let (attempted, blocked) = (address("outcomes.attempted"), address("outcomes.blocked"));
    let mut s = deal();
    set_all(&mut s, &[(&attempted, dec("20")), (&blocked, dec("15"))]).unwrap();
    let problems = set_all(&mut s, &[(&attempted, dec("3")), (&blocked, dec("4"))]).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].change, 1);
    // Without `attempted`, `blocked` cannot be given.
    let mut bare = crate::load::parse("name = \"B\"\ncurrency = \"USD\"\n").unwrap();
    assert_eq!(
        set(&mut bare, &blocked, dec("1")).unwrap_err()[0].message,
        "`blocked` is given without `attempted`"
    );
}

#[test]
fn keys_that_belong_to_another_basis_are_refused() {
    // Line 1 is fixed, line 2 per_year.
    assert!(refused("cost[1].years", "2").starts_with("`years` only applies to per_year costs"));
    assert!(refused("cost[1].start_year", "2024").starts_with("`start_year` only applies"));
    assert_eq!(
        refused("cost[2].year", "2024"),
        "a per_year cost is paid every year, so it has no single `year`"
    );
}

#[test]
fn problems_point_at_the_argument_that_gave_the_value() {
    let mut s = deal();
    let (removals, amount) = (address("outcomes.removals"), address("cost[1].amount"));
    let problems = set_all(&mut s, &[(&removals, dec("1")), (&amount, dec("-2"))]).unwrap_err();
    assert_eq!(problems[0].change, 1);
    let diagnostic = problems[0].clone().diagnostic("cost[1].amount=-2");
    // The second argument is the related text numbered 2; the value is `-2`.
    assert_eq!(diagnostic.origin, Origin(2));
    assert_eq!(diagnostic.span, Some(15..17));
    assert!(diagnostic.help.unwrap().contains("positive amounts"));
}

#[test]
fn paths_that_are_not_numbers_say_what_is() {
    let problem = |path: &str| Address::parse(path).unwrap_err();
    let unknown = problem("outcomes.remvals");
    assert_eq!(unknown.message, "unknown key `remvals` in [outcomes]");
    assert_eq!(unknown.help, "did you mean `removals`?");
    assert_eq!(unknown.at, At::Path(9..16));
    assert!(problem("name").message.contains("is not a number"));
    assert!(problem("cost[1].item").message.contains("is not a number"));
    assert_eq!(problem("cost.amount").message, "`cost` is a list");
    assert_eq!(
        problem("outcomes").message,
        "`outcomes` is a table, not a number"
    );
    assert!(
        problem("outcomes[1].removals")
            .message
            .contains("is not a list")
    );
    assert!(
        problem("outcomes..removals")
            .message
            .contains("is not a path")
    );
}

#[test]
fn a_line_that_is_not_there_is_named_with_the_lines_that_are() {
    let s = deal();
    let missing = address("cost[3].amount").locate(&s).unwrap_err();
    assert_eq!(missing.message, "there is no `cost[3]`");
    assert_eq!(
        missing.help,
        "it has 2: cost[1] \"Fund\", cost[2] \"Running\""
    );
    assert_eq!(missing.at, At::Path(4..7));
    let zero = address("legal[0].people").locate(&s).unwrap_err();
    assert_eq!(
        zero.help,
        "lines are numbered from 1: legal[1] \"High Court\""
    );
    // And setting it is refused the same way, never a panic.
    let mut s = deal();
    assert!(set(&mut s, &address("cost[9].years"), dec("1")).is_err());
}

#[test]
fn restore_puts_back_the_original_value() {
    let original = deal();
    let mut s = original.clone();
    s.uncertain = Vec::new();
    for (path, value) in [
        ("cost[1].amount", "5"),
        ("outcomes.removals", "1"),
        ("baseline.cost_per_person", "9"),
        ("legal[1].people", "0"),
    ] {
        let address = address(path);
        set(&mut s, &address, dec(value)).unwrap();
        restore(&mut s, &original, address.field);
    }
    assert_eq!(
        s,
        Scenario {
            uncertain: Vec::new(),
            ..original
        }
    );
}

#[test]
fn voluntary_departures_and_offshore_transfers_are_set_as_counts() {
    // The deal removed 5: 3 of them may have left voluntarily; 40 taken to a
    // centre abroad are not removals, so any number is allowed.
    let mut s = deal();
    set(&mut s, &address("outcomes.voluntary_departures"), dec("3")).unwrap();
    set(&mut s, &address("outcomes.offshore_transfers"), dec("40")).unwrap();
    assert_eq!(
        (
            s.outcomes.voluntary_departures,
            s.outcomes.offshore_transfers
        ),
        (Some(3), Some(40))
    );
    assert_eq!(
        refused("outcomes.offshore_transfers", "2.5"),
        "`offshore_transfers` must be a whole number, found 2.5"
    );
}

#[test]
fn voluntary_departures_given_cannot_outnumber_removals() {
    // 6 voluntary of 5 removals: refused, blamed on the change that broke it.
    assert_eq!(
        refused("outcomes.voluntary_departures", "6"),
        "`voluntary_departures` (6) is more than `removals` (5)"
    );
    let mut s = deal();
    set(&mut s, &address("outcomes.voluntary_departures"), dec("5")).unwrap();
    // Removals alone lowered below them (as an analysis does): capped, not
    // refused, since no metric reads them.
    set(&mut s, &address("outcomes.removals"), dec("4")).unwrap();
    assert_eq!(s.outcomes.voluntary_departures, Some(4));
    assert_eq!(s.outcomes.voluntary_departures_capped_from, Some(5));
    // Both at once: 8 of 9 is fine.
    let (v, r) = (
        address("outcomes.voluntary_departures"),
        address("outcomes.removals"),
    );
    set_all(&mut s, &[(&v, dec("8")), (&r, dec("9"))]).unwrap();
}

#[test]
fn the_baseline_price_year_is_a_plausible_year_of_an_existing_baseline() {
    let mut s = deal();
    set(&mut s, &address("baseline.price_year"), dec("2016")).unwrap();
    assert_eq!(s.baseline.as_ref().unwrap().price_year, Some(2016));
    assert_eq!(s.baseline_price_year(), Some(2016));
    assert_eq!(
        refused("baseline.price_year", "1799"),
        "`price_year` 1799 is not a plausible year"
    );
    let mut none = crate::load::parse("name = \"X\"\ncurrency = \"USD\"\n").unwrap();
    let problems = set(&mut none, &address("baseline.price_year"), dec("2016")).unwrap_err();
    assert_eq!(
        problems[0].message,
        "the scenario has no [baseline] to give a price year"
    );
}

#[test]
fn removals_set_alone_cap_the_voluntary_departures_and_later_values_restore_them() {
    let mut scenario = crate::load::parse(
        "name = \"D\"\ncurrency = \"USD\"\n[outcomes]\nremovals = 30\nvoluntary_departures = 30\n",
    )
    .unwrap();
    let removals = address("outcomes.removals");
    let departures = |s: &Scenario| {
        (
            s.outcomes.voluntary_departures,
            s.outcomes.voluntary_departures_capped_from,
        )
    };
    set(&mut scenario, &removals, dec("24")).unwrap();
    assert_eq!(departures(&scenario), (Some(24), Some(30)));
    // Lower again: capped at the new value, still from the file's 30.
    set(&mut scenario, &removals, dec("20")).unwrap();
    assert_eq!(departures(&scenario), (Some(20), Some(30)));
    // Room again (the next point of a sweep): the file's value back.
    set(&mut scenario, &removals, dec("40")).unwrap();
    assert_eq!(departures(&scenario), (Some(30), None));
    // Given with it, the value is the user's: an error, blamed on it.
    let voluntary = address("outcomes.voluntary_departures");
    let problems = set_all(
        &mut scenario,
        &[(&removals, dec("24")), (&voluntary, dec("30"))],
    )
    .unwrap_err();
    assert_eq!(problems[0].change, 1);
    assert_eq!(
        problems[0].message,
        "`voluntary_departures` (30) is more than `removals` (24)"
    );
}

#[test]
fn restoring_removals_restores_the_voluntary_departures_they_capped() {
    let original = crate::load::parse(
        "name = \"D\"\ncurrency = \"USD\"\n[outcomes]\nremovals = 30\nvoluntary_departures = 30\n",
    )
    .unwrap();
    let mut scenario = original.clone();
    set(&mut scenario, &address("outcomes.removals"), dec("24")).unwrap();
    restore(&mut scenario, &original, Field::Removals);
    assert_eq!(scenario.outcomes, original.outcomes);
}
