/*!
The scenario format's keys, in one table: which keys each table allows, what
each holds and what it means. The reader (`parse.rs`) takes its list of
allowed keys from here, and `costcalc schema` generates the JSON Schema that
editors use from it, so the two cannot disagree; a test keeps the committed
`costcalc.schema.json` equal to what this generates.
*/

use serde_json::{Map, Value, json};

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    /// Text of 1 to this many characters (`short_name`).
    Label(usize),
    /// Text from a fixed list.
    Choice(&'static [&'static str]),
    /// An ISO 4217 code.
    Currency,
    /// A calendar year, 1800–2200.
    Year,
    /// A TOML date, written bare (2024-07-22).
    Date,
    /// A number ≥ 0 that may be a distribution.
    Amount,
    /// A number > 0 that may be a distribution (`years` on a cost line, `cost_per_person`).
    Positive,
    /// A number > 0, never a distribution (the deal's `years`).
    PositiveNumber,
    /// A whole number ≥ 0 that may be a distribution.
    Count,
    /// A whole number ≥ 0 (`people`).
    WholeNumber,
    /// A probability that may be a distribution (between 0 and 1).
    Probability,
    /// A table (`[outcomes]`, `[baseline]`).
    Table(Section),
    /// An array of tables (`[[cost]]`, `[[legal]]`, `[[source]]`).
    List(Section),
    /// A list of two or more paths of uncertain inputs (`[[correlation]]`'s `inputs`).
    Paths,
    /// A rank correlation, from −1 to 1.
    Rank,
}

/// The tables of a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Top,
    Cost,
    Outcomes,
    Legal,
    Baseline,
    Source,
    Correlation,
}

/// One key: its name, what it holds, whether it must be there, and what it means.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub kind: Type,
    pub required: bool,
    pub description: &'static str,
}

const fn key(name: &'static str, kind: Type, required: bool, description: &'static str) -> Key {
    Key {
        name,
        kind,
        required,
        description,
    }
}

pub const STATUSES: &[&str] = &[
    "proposed",
    "negotiating",
    "active",
    "suspended",
    "ended",
    "hypothetical",
];
pub const BASES: &[&str] = &["fixed", "per_removal", "per_year"];
pub const OUTCOMES: &[&str] = &["blocked", "delayed", "allowed", "pending"];

const TOP: &[Key] = &[
    key(
        "extends",
        Type::Text,
        false,
        "The scenario file this one builds on, relative to this file's folder. This file's keys replace the parent's; a [[cost]] with the same item replaces the parent's line, others are added (likewise [[legal]] by date and court, [[source]] by id).",
    ),
    key(
        "name",
        Type::Text,
        true,
        "The deal's name, shown in every table. A hypothetical should say so in its name (\"Hypothetical: ...\").",
    ),
    key(
        "short_name",
        Type::Label(crate::model::SHORT_NAME_LIMIT),
        false,
        "A label of at most 24 characters used in tables and charts instead of the name, such as \"UK–Rwanda\" (show, CSV, JSON and the report keep the full name).",
    ),
    key(
        "currency",
        Type::Currency,
        true,
        "ISO 4217 code of every amount in the file, such as \"GBP\", \"AUD\", \"EUR\" or \"USD\".",
    ),
    key(
        "price_year",
        Type::Year,
        false,
        "The year whose prices the amounts are in (used by --price-year).",
    ),
    key(
        "as_of",
        Type::Date,
        false,
        "When this scenario's facts were last checked against their sources, written bare: 2026-12-03. `costcalc check` warns when it is older than --stale-after (default 12 months), and when a scenario that is not hypothetical has none.",
    ),
    key(
        "status",
        Type::Choice(STATUSES),
        false,
        "Where the deal stands. A deal that has not happened is \"hypothetical\".",
    ),
    key(
        "sending",
        Type::Text,
        false,
        "The country that sends people.",
    ),
    key(
        "receiving",
        Type::Text,
        false,
        "The country that receives them.",
    ),
    key(
        "start",
        Type::Date,
        false,
        "When the deal started, written bare: 2022-04-14.",
    ),
    key(
        "end",
        Type::Date,
        false,
        "When it ended (or will), written bare; not before start.",
    ),
    key(
        "years",
        Type::PositiveNumber,
        false,
        "The deal's duration in years, for per_year costs (default: the days from start to end ÷ 365.25).",
    ),
    key("summary", Type::Text, false, "Free text about the deal."),
    key(
        "cost",
        Type::List(Section::Cost),
        false,
        "The deal's cost lines, each a [[cost]] table.",
    ),
    key(
        "outcomes",
        Type::Table(Section::Outcomes),
        false,
        "What the deal achieved, or was planned to.",
    ),
    key(
        "legal",
        Type::List(Section::Legal),
        false,
        "Court events, each a [[legal]] table.",
    ),
    key(
        "baseline",
        Type::Table(Section::Baseline),
        false,
        "The domestic alternative the deal is compared with.",
    ),
    key(
        "source",
        Type::List(Section::Source),
        false,
        "Where the figures come from, each a [[source]] table.",
    ),
    key(
        "correlation",
        Type::List(Section::Correlation),
        false,
        "Rank correlations among uncertain inputs, each a [[correlation]] table; simulate draws them together (Gaussian copula).",
    ),
];

const CORRELATION: &[Key] = &[
    key(
        "inputs",
        Type::Paths,
        true,
        "Two or more uncertain inputs, as paths like --set takes: [\"outcomes.planned\", \"outcomes.block_probability\"].",
    ),
    key(
        "rank",
        Type::Rank,
        true,
        "Spearman rank correlation of every pair of the inputs, from -1 to 1.",
    ),
];

const COST: &[Key] = &[
    key(
        "item",
        Type::Text,
        true,
        "What the money is for; unique within the file.",
    ),
    key(
        "amount",
        Type::Amount,
        true,
        "In the scenario's currency and price year, written as plain digits (700_000_000): per person for per_removal, per year for per_year. May be a distribution.",
    ),
    key(
        "basis",
        Type::Choice(BASES),
        false,
        "fixed (default): paid whatever happens; per_removal: paid for each person removed; per_year: paid every year the deal runs.",
    ),
    key(
        "years",
        Type::Positive,
        false,
        "per_year only: the years this line is paid for, overriding the scenario's duration. May be a distribution.",
    ),
    key(
        "price_year",
        Type::Year,
        false,
        "The year whose prices this amount is in, when it differs from the scenario's price_year.",
    ),
    key(
        "year",
        Type::Year,
        false,
        "fixed and per_removal only: the year the amount is paid (for discounting).",
    ),
    key(
        "start_year",
        Type::Year,
        false,
        "per_year only: the first year the amount is paid (for discounting).",
    ),
    key(
        "source",
        Type::Text,
        false,
        "The id of the [[source]] for this figure.",
    ),
    key(
        "note",
        Type::Text,
        false,
        "Why this figure, what it covers, which source was chosen when sources conflict.",
    ),
];

const OUTCOMES_KEYS: &[Key] = &[
    key(
        "removals",
        Type::Count,
        false,
        "People actually removed under the deal (observed): everyone it moved out of the sending country, forced or voluntary. May be a distribution.",
    ),
    key(
        "voluntary_departures",
        Type::WholeNumber,
        false,
        "Of the removals, people who left voluntarily (a paid or assisted departure under the deal); needs removals and cannot exceed it.",
    ),
    key(
        "offshore_transfers",
        Type::WholeNumber,
        false,
        "People moved under the deal to a facility abroad that the sending state runs or controls (such as Italy's centres in Albania): not a removal from the sending country, so not counted in removals.",
    ),
    key(
        "planned",
        Type::Count,
        false,
        "Planned removals over the same period. May be a distribution.",
    ),
    key(
        "block_probability",
        Type::Probability,
        false,
        "For projections (no removals): the chance that a planned transfer is blocked by a court, 0 to 1. Needs planned. May be a distribution between 0 and 1.",
    ),
    key(
        "attempted",
        Type::Count,
        false,
        "People scheduled for transfer. May be a distribution.",
    ),
    key(
        "blocked",
        Type::Count,
        false,
        "Of those, people stopped by a court; needs attempted and cannot exceed it. May be a distribution.",
    ),
    key(
        "source",
        Type::Text,
        false,
        "The id of the [[source]] for these figures.",
    ),
    key("note", Type::Text, false, "How the figures were chosen."),
];

const LEGAL: &[Key] = &[
    key(
        "date",
        Type::Date,
        true,
        "The date of the decision, written bare: 2022-06-14.",
    ),
    key("court", Type::Text, true, "The court."),
    key(
        "outcome",
        Type::Choice(OUTCOMES),
        true,
        "What the court did; \"blocked\" events are counted by legal_blocks.",
    ),
    key(
        "people",
        Type::WholeNumber,
        false,
        "How many people the decision concerned.",
    ),
    key("summary", Type::Text, false, "What was decided."),
    key("source", Type::Text, false, "The id of the [[source]]."),
];

const BASELINE: &[Key] = &[
    key(
        "label",
        Type::Text,
        false,
        "What the alternative is, such as \"Asylum support in the UK\".",
    ),
    key(
        "cost_per_person",
        Type::Positive,
        true,
        "What the alternative costs per person, in the scenario's currency and in the prices of price_year below (default: the scenario's). May be a distribution.",
    ),
    key(
        "price_year",
        Type::Year,
        false,
        "The year whose prices cost_per_person is in, when it differs from the scenario's price_year; converted like any amount with --price-year.",
    ),
    key("source", Type::Text, false, "The id of the [[source]]."),
    key(
        "note",
        Type::Text,
        false,
        "How the figure was chosen or adjusted.",
    ),
];

const SOURCE: &[Key] = &[
    key(
        "id",
        Type::Text,
        true,
        "A short name, unique in the file, that source = \"...\" refers to.",
    ),
    key("title", Type::Text, true, "The document's title."),
    key(
        "url",
        Type::Text,
        false,
        "Its address, starting with https:// or http://.",
    ),
    key("publisher", Type::Text, false, "Who published it."),
    key("date", Type::Date, false, "When it was published."),
    key(
        "accessed",
        Type::Date,
        false,
        "When it was last opened to check the figures it supports.",
    ),
];

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Top,
        Section::Cost,
        Section::Outcomes,
        Section::Legal,
        Section::Baseline,
        Section::Source,
        Section::Correlation,
    ];

    pub fn spec(self) -> &'static [Key] {
        match self {
            Section::Top => TOP,
            Section::Cost => COST,
            Section::Outcomes => OUTCOMES_KEYS,
            Section::Legal => LEGAL,
            Section::Baseline => BASELINE,
            Section::Source => SOURCE,
            Section::Correlation => CORRELATION,
        }
    }

    /// The names of the section's keys.
    pub fn keys(self) -> Vec<&'static str> {
        self.spec().iter().map(|k| k.name).collect()
    }

    pub fn has_key(self, name: &str) -> bool {
        self.spec().iter().any(|k| k.name == name)
    }

    /// The definition name in the schema.
    fn definition(self) -> &'static str {
        match self {
            Section::Top => "scenario",
            Section::Cost => "cost",
            Section::Outcomes => "outcomes",
            Section::Legal => "legal",
            Section::Baseline => "baseline",
            Section::Source => "source",
            Section::Correlation => "correlation",
        }
    }
}

/// The JSON Schema (draft-07) of the scenario format, for editors (taplo, Even
/// Better TOML): completion, hover help and checks as you type.
pub fn schema() -> Value {
    let mut definitions = Map::new();
    for section in Section::ALL.into_iter().skip(1) {
        definitions.insert(section.definition().into(), table_schema(section));
    }
    definitions.insert("distribution".into(), distribution_schema(false));
    definitions.insert("probability_distribution".into(), distribution_schema(true));
    let mut top = table_schema(Section::Top);
    let object = top.as_object_mut().expect("a table schema is an object");
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    root.insert("title".into(), json!("costcalc scenario"));
    root.insert(
        "description".into(),
        json!("One migration deal for costcalc (format version 1): what it cost, what it achieved, what courts did, and where the figures come from. See `costcalc help format`."),
    );
    for (k, v) in std::mem::take(object) {
        match k.as_str() {
            "description" => {}
            // A scenario that extends another may take its name and currency
            // from the parent.
            "required" => {
                root.insert("if".into(), json!({ "required": ["extends"] }));
                root.insert("else".into(), json!({ "required": v }));
            }
            _ => {
                root.insert(k, v);
            }
        }
    }
    root.insert("definitions".into(), Value::Object(definitions));
    Value::Object(root)
}

fn table_schema(section: Section) -> Value {
    let mut properties = Map::new();
    for key in section.spec() {
        let mut property = type_schema(key.kind);
        if let Some(object) = property.as_object_mut() {
            object.insert("description".into(), json!(key.description));
        }
        properties.insert(key.name.into(), property);
    }
    let required: Vec<&str> = section
        .spec()
        .iter()
        .filter(|k| k.required)
        .map(|k| k.name)
        .collect();
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("additionalProperties".into(), json!(false));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    schema.insert("properties".into(), Value::Object(properties));
    Value::Object(schema)
}

fn type_schema(kind: Type) -> Value {
    let number_or = |reference: &str, number: Value| {
        json!({ "anyOf": [
            number,
            { "type": "string", "pattern": "^\\s*[0-9][0-9_.eE+-]*\\s+to\\s+[0-9][0-9_.eE+-]*\\s*$",
              "description": "\"A to B\": a lognormal with 5th and 95th percentiles A and B" },
            { "$ref": reference }
        ]})
    };
    match kind {
        Type::Text => json!({ "type": "string" }),
        Type::Label(most) => json!({ "type": "string", "minLength": 1, "maxLength": most }),
        Type::Choice(options) => json!({ "type": "string", "enum": options }),
        Type::Currency => json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        Type::Year => json!({ "type": "integer", "minimum": 1800, "maximum": 2200 }),
        // TOML dates reach the schema as strings in the date format.
        Type::Date => json!({ "type": "string", "format": "date" }),
        Type::Amount => number_or(
            "#/definitions/distribution",
            json!({ "type": "number", "minimum": 0 }),
        ),
        Type::Positive => number_or(
            "#/definitions/distribution",
            json!({ "type": "number", "exclusiveMinimum": 0 }),
        ),
        Type::PositiveNumber => json!({ "type": "number", "exclusiveMinimum": 0 }),
        Type::Count => number_or(
            "#/definitions/distribution",
            json!({ "type": "integer", "minimum": 0 }),
        ),
        Type::WholeNumber => json!({ "type": "integer", "minimum": 0 }),
        Type::Probability => json!({ "anyOf": [
            { "type": "number", "minimum": 0, "maximum": 1 },
            { "$ref": "#/definitions/probability_distribution" }
        ]}),
        Type::Table(section) => {
            json!({ "$ref": format!("#/definitions/{}", section.definition()) })
        }
        Type::Paths => json!({
            "type": "array", "minItems": 2, "uniqueItems": true,
            "items": { "type": "string" }
        }),
        Type::Rank => json!({ "type": "number", "minimum": -1, "maximum": 1 }),
        Type::List(section) => json!({
            "type": "array",
            "items": { "$ref": format!("#/definitions/{}", section.definition()) }
        }),
    }
}

/// An inline table describing a distribution.
fn distribution_schema(probability: bool) -> Value {
    let number = json!({ "type": "number" });
    let interval = |dist: Option<&str>, description: &str| {
        let mut properties = Map::new();
        let mut required = vec!["low", "high"];
        if let Some(dist) = dist {
            properties.insert("dist".into(), json!({ "const": dist }));
            required.insert(0, "dist");
        } else {
            properties.insert("dist".into(), json!({ "const": "lognormal" }));
        }
        properties.insert(
            "low".into(),
            json!({ "type": "number", "description": "The 5th percentile." }),
        );
        properties.insert(
            "high".into(),
            json!({ "type": "number", "description": "The 95th percentile." }),
        );
        json!({ "type": "object", "description": description, "additionalProperties": false,
                "required": required, "properties": properties })
    };
    let bounded = |dist: &str, keys: &[&str], description: &str| {
        let mut properties = Map::new();
        properties.insert("dist".into(), json!({ "const": dist }));
        for key in keys {
            properties.insert((*key).into(), number.clone());
        }
        let mut required = vec!["dist"];
        required.extend_from_slice(keys);
        json!({ "type": "object", "description": description, "additionalProperties": false,
                "required": required, "properties": properties })
    };
    let mut options = Vec::new();
    if !probability {
        options.push(interval(None, "A lognormal with 5th and 95th percentiles low and high (both > 0), as Squiggle's `low to high`."));
        options.push(interval(
            Some("normal"),
            "A normal with 5th and 95th percentiles low and high.",
        ));
    }
    options.push(bounded(
        "uniform",
        &["min", "max"],
        "Uniform from min to max.",
    ));
    options.push(bounded(
        "triangular",
        &["min", "mode", "max"],
        "Triangular from min to max with its peak at mode.",
    ));
    options.push(bounded(
        "pert",
        &["min", "mode", "max"],
        "Beta-PERT from min to max with most likely value mode.",
    ));
    options.push(bounded(
        "beta",
        &["alpha", "beta"],
        "Beta(alpha, beta), between 0 and 1.",
    ));
    json!({ "description": if probability {
                "A distribution between 0 and 1: beta, or uniform, triangular or PERT within 0 to 1."
            } else {
                "An uncertain value: simulate draws from it; other commands use its mean."
            },
            "oneOf": options })
}

/// The schema as written to `costcalc.schema.json`: pretty, with a final newline.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_what_the_types_generate() {
        let committed = include_str!("../../costcalc.schema.json");
        assert!(
            committed == schema_text(),
            "costcalc.schema.json is out of date: run `cargo run -- schema > costcalc.schema.json`"
        );
    }

    #[test]
    fn every_key_has_a_description_and_the_schema_lists_it() {
        let schema = schema();
        for section in Section::ALL {
            for key in section.spec() {
                assert!(
                    !key.description.is_empty(),
                    "{} has no description",
                    key.name
                );
            }
        }
        let top = &schema["properties"];
        assert!(
            top["name"]["description"]
                .as_str()
                .unwrap()
                .contains("deal's name")
        );
        assert_eq!(schema["else"]["required"], json!(["name", "currency"]));
        assert_eq!(
            schema["definitions"]["cost"]["properties"]["basis"]["enum"],
            json!(["fixed", "per_removal", "per_year"])
        );
    }
}
