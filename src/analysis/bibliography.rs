/*!
The bibliography of a set of scenarios: every `[[source]]` they list, once,
with the scenarios that cite it. What `costcalc sources` prints and the
report's bibliography lists.

Scenarios are written one file at a time, so two files often cite one
document under one id (`nao-2024`) and, less often, two documents under one
id. A source is the same work when its id, title, url, publisher and date all
agree; then it is listed once, with the latest `accessed` of its copies (the
last time anyone checked it). When the id is the same but the work differs,
both are listed, each with the scenarios that cite it: merging them would
drop a citation, and refusing would stop a bibliography over a clash of
labels. [`Bibliography::clashes`] names such ids so that the command can warn.
*/

use crate::model::{Scenario, Source};

/// One work in the bibliography.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// The source as its scenarios give it; `accessed` is the latest of theirs.
    pub source: Source,
    /// The labels of the scenarios that list it, in the order read, each once.
    pub cited_by: Vec<String>,
}

/// Every work the scenarios cite, sorted by id; works sharing an id keep the
/// order in which they were first read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bibliography {
    pub entries: Vec<Cited>,
}

impl Bibliography {
    /// The bibliography of `scenarios`, read in order.
    pub fn of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Bibliography {
        let mut entries: Vec<Cited> = Vec::new();
        for scenario in scenarios {
            for source in &scenario.sources {
                let label = scenario.label();
                match entries
                    .iter_mut()
                    .find(|cited| same_work(&cited.source, source))
                {
                    Some(cited) => {
                        cited.source.accessed = cited.source.accessed.max(source.accessed);
                        if !cited.cited_by.iter().any(|name| name == label) {
                            cited.cited_by.push(label.to_string());
                        }
                    }
                    None => entries.push(Cited {
                        source: source.clone(),
                        cited_by: vec![label.to_string()],
                    }),
                }
            }
        }
        // Stable: works that share an id stay in the order they were read.
        entries.sort_by(|a, b| a.source.id.cmp(&b.source.id));
        Bibliography { entries }
    }

    /// The ids that name more than one work, each once, sorted.
    pub fn clashes(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .entries
            .windows(2)
            .filter(|pair| pair[0].source.id == pair[1].source.id)
            .map(|pair| pair[0].source.id.as_str())
            .collect();
        ids.dedup();
        ids
    }
}

/// Whether two sources describe one work: all but `accessed` agree (when it
/// was checked says nothing about what it is).
fn same_work(a: &Source, b: &Source) -> bool {
    a.id == b.id
        && a.title == b.title
        && a.url == b.url
        && a.publisher == b.publisher
        && a.date == b.date
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn source(id: &str, title: &str, accessed: Option<Date>) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            url: Some(format!("https://example.org/{id}")),
            publisher: None,
            date: None,
            accessed,
        }
    }

    fn scenario(name: &str, sources: Vec<Source>) -> Scenario {
        Scenario {
            sources,
            ..Scenario::new(name, "GBP")
        }
    }

    fn day(d: u8) -> Option<Date> {
        Date::new(2026, 3, d)
    }

    #[test]
    fn one_work_cited_by_two_scenarios_is_listed_once_with_its_latest_check() {
        let a = scenario("A", vec![source("nao", "NAO report", day(1))]);
        let b = scenario("B", vec![source("nao", "NAO report", day(9))]);
        let c = scenario("C", vec![source("nao", "NAO report", None)]);
        let bibliography = Bibliography::of([&a, &b, &c]);
        assert_eq!(bibliography.entries.len(), 1);
        let cited = &bibliography.entries[0];
        assert_eq!(cited.cited_by, ["A", "B", "C"]);
        // 9 March is later than 1 March; C's missing date changes nothing.
        assert_eq!(cited.source.accessed, day(9));
        assert!(bibliography.clashes().is_empty());
    }

    #[test]
    fn two_works_under_one_id_are_both_listed_and_named_as_a_clash() {
        let a = scenario("A", vec![source("hansard", "Debate of 1 May", None)]);
        let b = scenario(
            "B",
            vec![
                source("zeta", "Z", None),
                source("hansard", "Debate of 9 May", None),
            ],
        );
        let bibliography = Bibliography::of([&a, &b]);
        let listed: Vec<(&str, &str, &[String])> = bibliography
            .entries
            .iter()
            .map(|c| {
                (
                    c.source.id.as_str(),
                    c.source.title.as_str(),
                    c.cited_by.as_slice(),
                )
            })
            .collect();
        // Sorted by id; the two "hansard" works in the order read.
        assert_eq!(
            listed,
            [
                ("hansard", "Debate of 1 May", &["A".to_string()][..]),
                ("hansard", "Debate of 9 May", &["B".to_string()][..]),
                ("zeta", "Z", &["B".to_string()][..]),
            ]
        );
        assert_eq!(bibliography.clashes(), ["hansard"]);
    }

    #[test]
    fn a_scenario_that_lists_nothing_adds_nothing() {
        let bibliography = Bibliography::of([&scenario("A", Vec::new())]);
        assert!(bibliography.entries.is_empty());
    }
}
