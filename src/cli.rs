/*!
The command-line interface: clap definitions and [`run`], which turns arguments
into a command and the command's result into an exit code.

Exit codes: 0 success; 1 invalid input, a missing file or an I/O error; 2 a
command-line usage error (clap's own code for those); 128 + the signal's
number when interrupted (see `output::remove_temporary_files_on_interruption`).
*/

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use rust_decimal::Decimal;

use crate::analysis::metrics::Metric;
use crate::analysis::simulate;
use crate::analysis::sort::SortKey;
use crate::analysis::sweep::Vary;
use crate::commands;
use crate::commands::breakeven::Target as BreakevenTarget;
use crate::load::Override;
use crate::money::discount::{Discount, Schedule};
use crate::render::chart::Scale;
use crate::render::export::{Format, TableOptions};

#[derive(Debug, Parser)]
#[command(
    name = "costcalc",
    version,
    about = "The cost-effectiveness of migration deals: cost per removal, capacity used, court blocks",
    long_about = "costcalc reads migration deals (offshore processing and third-country removal \
                  agreements) from TOML scenario files and computes, exactly, what each cost per \
                  person actually removed, how much of its planned capacity it used, how often \
                  courts blocked it, and how it compares with the domestic alternative.\n\n\
                  The scenario format, with a troubleshooting section for every error: \
                  costcalc help format",
    disable_help_subcommand = true,
    after_help = "Examples:\n  \
                  costcalc compare                  # the real-world deals built into costcalc\n  \
                  costcalc compare scenarios/*.toml --format csv --output deals.csv\n  \
                  costcalc compare scenarios/*.toml --currency USD --price-year 2024\n  \
                  costcalc show scenarios/uk-rwanda.toml\n  \
                  costcalc check my-deal.toml\n  \
                  costcalc help format | less       # the scenario file format"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare deals side by side: cost per removal, capacity used, court blocks
    #[command(after_help = "Examples:\n  \
        costcalc compare scenarios/*.toml\n  \
        costcalc compare scenarios/*.toml --format csv --output deals.csv\n  \
        costcalc compare scenarios/*.toml --currency USD --price-year 2024\n\n\
        With no paths, the scenarios built into costcalc are compared; --sort METRIC and \
        --reverse order the rows. \
        Without --currency, money stays in each deal's own currency and price year: costcalc \
        then says so, and sorts money columns within each currency.")]
    Compare {
        /// Scenario files or directories (every *.toml in a directory, in name order).
        /// Without any, the scenarios built into costcalc (the real deals and three marked hypotheticals) are compared
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        /// The column to sort by (ascending; n/a always last)
        #[arg(short, long, value_parser = sort_key_parser(), value_name = "METRIC", default_value = "cost_per_removal")]
        sort: SortKey,
        /// Sort descending instead (n/a still last)
        #[arg(short, long)]
        reverse: bool,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Show one scenario in full: cost lines, outcomes, court events, metrics with formulas, sources
    #[command(after_help = "Examples:\n  \
        costcalc show scenarios/uk-rwanda.toml\n  \
        costcalc show scenarios/uk-rwanda.toml --currency USD --price-year 2024\n  \
        costcalc show my-deal.toml | less")]
    Show {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Sensitivity: the metrics of one scenario at each value of one input, or a grid of two
    #[command(after_help = "Examples:\n  \
        costcalc sweep scenarios/us-rwanda.toml --vary outcomes.removals=0:250:25\n  \
        costcalc sweep scenarios/hypothetical-uk-rwanda-300.toml \\\n      \
        --vary outcomes.block_probability=0:1:0.1\n  \
        costcalc sweep scenarios/us-rwanda.toml \\\n      \
        --vary 'cost[1].amount=5000000:15000000:2500000' \\\n      \
        --vary outcomes.removals=50:250:50 --format csv -o grid.csv\n\n\
        Values are START, START + STEP, ... up to END, exact decimals (0.1 steps reach 1.0 \
        exactly), each set as --set PATH=VALUE would set it, in the scenario's own currency. \
        Two --vary give every pair of values (a two-way grid, the first outermost). CSV and JSON \
        have the varied paths as their first columns, then the columns of `compare`.\n\n\
        The scenario is read once and each value is set on it, checked like a value in the file; \
        a value it cannot hold stops the sweep before anything is written. CSV and JSON are \
        written row by row as they are computed, so memory stays small however large the grid \
        (up to 10,000,000 rows): a million rows take about half a second and 100–200 MB of CSV \
        (JSON is about four times larger and slower). Tables and Markdown are for reading: at \
        most 100,000 rows; big grids want --format csv -o FILE.")]
    Sweep {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The input to vary and its values: PATH=START:END:STEP (once, or twice for a grid)
        #[arg(long, value_name = "PATH=START:END:STEP", value_parser = Vary::parse, required = true)]
        vary: Vec<Vary>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Switching value: the value of one input at which a metric reaches a target
    #[command(after_help = "Examples:\n  \
        costcalc breakeven scenarios/uk-rwanda.toml --vary outcomes.removals \\\n      \
        --target cost_per_removal=106000\n  \
        costcalc breakeven scenarios/hypothetical-uk-rwanda-300.toml \\\n      \
        --vary outcomes.block_probability --target cost_ratio_to_baseline=1\n  \
        costcalc breakeven scenarios/us-rwanda.toml --vary 'cost[1].amount' \\\n      \
        --target cost_per_removal=14559\n\n\
        Solved exactly when the metric is a ratio of terms linear in the input (as it is for \
        amounts, removals, planned and block_probability), by bisection otherwise (the answer \
        then says so, with its tolerance). For a whole-number input such as removals it prints \
        the exact crossing and the nearest whole number that meets the target. \"never\" means no \
        valid value of the input reaches the target. Money targets are in the scenario's \
        currency, or in --currency when converting.")]
    Breakeven {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The input to solve for: a path as in --set (outcomes.removals, `cost[1].amount`, ...)
        #[arg(long, value_name = "PATH", value_parser = vary_path)]
        vary: String,
        /// The metric and the value it should reach: cost_per_removal=106000, utilization=50%
        #[arg(long, value_name = "METRIC=VALUE", value_parser = BreakevenTarget::parse)]
        target: BreakevenTarget,
        /// Write to FILE instead of stdout (atomically; never over the scenario). `-` is stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Incremental cost-effectiveness: the efficiency frontier, ICERs and dominated options
    #[command(after_help = "Examples:\n  \
        costcalc frontier scenarios/us-*.toml\n  \
        costcalc frontier scenarios/us-*.toml --wtp 14559\n  \
        costcalc frontier scenarios/*.toml --currency USD --price-year 2024 \\\n      \
        --format csv\n\n\
        Options are ordered by removals. An option is dominated if another costs no more and \
        removes no fewer (of identical options the first given stays); it is extendedly \
        dominated if its ICER (Δ total cost ÷ Δ removals against the previous frontier option) \
        is higher than that of a more effective option. Frontier rows come first, in order of \
        removals, then the others. CSV and JSON columns: name, total_cost, removals, \
        incremental_cost, incremental_removals, icer, status, and net_benefit with --wtp.")]
    Frontier {
        /// Scenario files or directories; all in one currency, or converted with --currency
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The status-quo option (a scenario's name or file): the frontier starts there, and
        /// options with fewer removals are left out
        #[arg(long, value_name = "NAME")]
        reference: Option<String>,
        /// Willingness to pay per removal: adds net_benefit = VALUE × removals − total_cost
        /// and names the option with the highest
        #[arg(long, value_name = "VALUE", value_parser = non_negative_amount)]
        wtp: Option<Decimal>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Monte Carlo: the distribution of every metric when inputs are uncertain
    #[command(after_help = "Examples:\n  \
        costcalc simulate benches/reference-model.toml --seed 42\n  \
        costcalc simulate scenarios/*.toml -n 1000000 --seed 7 \\\n      \
        --format csv -o summary.csv\n  \
        costcalc simulate my-deal.toml --threshold 0:50000:10000 --samples draws.csv\n\n\
        An input written as a distribution ({ low = A, high = B } is a lognormal with that 90% \
        interval, \"A to B\" the same; dist = \"normal\", \"uniform\", \"triangular\", \"pert\" \
        or \"beta\" the others) is drawn, all jointly, N times. For each metric: mean, sd, p5, \
        p50, p95; for cost per removal also E[total cost] ÷ E[removals], P(removals < 1) and, \
        with a baseline, P(cost per removal > baseline). The same seed gives the same output, \
        byte for byte, on any number of threads. CSV is long: scenario, metric, mean, sd, p5, \
        p50, p95, threshold, samples, seed.")]
    Simulate {
        /// Scenario files or directories
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// Draws per scenario (at most 1,000,000,000: memory does not grow with them, time does)
        #[arg(short = 'n', long = "draws", value_name = "N", default_value_t = 100_000,
              value_parser = clap::value_parser!(u64).range(2..=simulate::MAX_SAMPLES))]
        draws: u64,
        /// Seed of the random numbers (printed when not given, for reruns)
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// P(cost per removal ≤ VALUE): repeatable, or START:END:STEP for a curve
        #[arg(long, value_name = "VALUE", value_parser = thresholds)]
        threshold: Vec<Vec<Decimal>>,
        /// Also write every draw of every input and metric to FILE (CSV, long format).
        /// `-` is stdout (then send the summary to a file with -o)
        #[arg(long = "samples", value_name = "FILE", value_parser = samples_file)]
        samples_file: Option<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Value of information: what knowing the uncertain inputs would be worth to a choice between scenarios
    #[command(after_help = "Examples:\n  \
        costcalc voi a.toml b.toml --wtp 20000,50000 --seed 1\n  \
        costcalc voi a.toml b.toml --wtp 20000 --evppi\n  \
        costcalc voi a.toml b.toml --wtp 20000 \\\n      \
        --evppi outcomes.planned,outcomes.block_probability\n\n\
        Net benefit = wtp × removals − total cost, in each draw and scenario; inputs that \
        scenarios share through `extends` take the same draws. For each wtp: the expected net \
        benefit of each scenario, the probability that each is best, and EVPI (what perfect \
        information would be worth), with its Monte Carlo standard error. With --evppi, the \
        EVPPI of each uncertain input (no value), or of each group given (PATHs joined by \
        commas; repeatable), by the binned estimator (docs/voi.md). CSV and JSON columns: wtp, \
        scenario, expected_net_benefit, probability_best, evpi; with --evppi: wtp, inputs, \
        evppi.")]
    Voi {
        /// Two or more scenario files or directories
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// Willingness to pay per removal, in the scenarios' currency (commas for several)
        #[arg(long, value_name = "VALUE[,VALUE...]", required = true, value_delimiter = ',',
              value_parser = non_negative_amount)]
        wtp: Vec<Decimal>,
        /// Draws (at most 1,000,000,000: memory does not grow with them, time does)
        #[arg(short = 'n', long = "draws", value_name = "N", default_value_t = 100_000,
              value_parser = clap::value_parser!(u64).range(2..=simulate::MAX_SAMPLES))]
        draws: u64,
        /// Seed of the random numbers (default 42, so a rerun gives the same numbers)
        #[arg(long, value_name = "S", default_value_t = 42)]
        seed: u64,
        /// EVPPI of each uncertain input, or (with a value) of the group PATH,PATH...: repeatable
        #[arg(long, value_name = "PATH,PATH...", num_args = 0..=1, default_missing_value = "",
              action = clap::ArgAction::Append)]
        evppi: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// One-way sensitivity of a metric to each uncertain input (p5 and p95), sorted by swing
    #[command(after_help = "Examples:\n  \
        costcalc tornado benches/reference-model.toml\n  \
        costcalc tornado my-deal.toml --metric total_cost --format csv\n  \
        costcalc tornado scenarios/us-rwanda.toml --range 20%\n\n\
        Each uncertain input is set to its 5th and then its 95th percentile while the others \
        stay at their means (the base case), and the metric is computed exactly as compare \
        does. With --range 20%, every numeric input is moved 20% down and up instead (counts \
        rounded to whole numbers, probabilities kept within 0 to 1). An input that makes the \
        metric undefined or changes its sign is flagged, not drawn. CSV and JSON columns: \
        input, low, high, metric_at_low, metric_at_high, swing, distribution, price_year, \
        status, overrides, flag.")]
    Tornado {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The metric to explain
        #[arg(
            long,
            value_parser = metric_parser(),
            value_name = "METRIC",
            default_value = "cost_per_removal"
        )]
        metric: Metric,
        /// Move every numeric input by this share up and down (20% or 0.2) instead of
        /// each distribution's p5 and p95: for scenarios with point values
        #[arg(long, value_name = "SHARE", value_parser = range_share)]
        range: Option<Decimal>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Why two scenarios differ: each metric's difference split among the inputs that differ
    #[command(after_help = "Examples:\n  \
        costcalc diff italy-albania us-rwanda --currency USD --price-year 2024\n  \
        costcalc diff scenarios/us-rwanda.toml --set outcomes.removals=250\n  \
        costcalc diff a.toml b.toml --format csv -o diff.csv\n\n\
        Each input that differs (a number the metrics read, named by its --set path, such as \
        cost[1].amount or outcomes.removals; a cost line, court ruling or baseline in one \
        scenario only counts as one input, cost[3], legal[2], baseline) gets its Shapley value: \
        what changing it from A's value to B's does to the metric, averaged over every order of \
        making the changes. The parts add up exactly to B − A. With more than 12 differing \
        inputs they are grouped by section. With one scenario, B is it with the --set values; \
        with two, --set applies to both. Scenarios in different currencies or price years need \
        --currency and --price-year. CSV and JSON columns: metric, input, value_a, value_b, \
        contribution, with a `total` row per metric.")]
    Diff {
        /// Scenario A: a file, or a built-in scenario's name
        #[arg(value_name = "A")]
        a: PathBuf,
        /// Scenario B (without it, B is A with the --set values)
        #[arg(value_name = "B")]
        b: Option<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// SVG or PNG charts for reports: bar, tornado, histogram, frontier, acceptability, waterfall
    #[command(subcommand)]
    Chart(ChartCommand),
    /// One self-contained HTML report: comparison, charts, each scenario in full, the method
    #[command(after_help = "Examples:\n  \
        costcalc report scenarios/*.toml --title \"Paying to remove\" \\\n      \
        --author \"A. Student\" -o report.html\n  \
        costcalc report scenarios/*.toml --currency USD --price-year 2024 \\\n      \
        -o report.html\n  \
        costcalc report scenarios/*.toml --format markdown -o report.md\n\n\
        The HTML has its styles and charts inline and makes no network requests; it prints \
        on A4 or Letter with every column (links are spelled out on paper). With --currency or \
        --price-year it lists the exchange rates and price indices used, with their sources. \
        Its date is today's, or SOURCE_DATE_EPOCH's.")]
    Report {
        /// Scenario files or directories (none: the built-in scenarios)
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The file to write (atomically; never over an input). `-` is stdout
        #[arg(short, long, value_name = "FILE", required = true)]
        output: PathBuf,
        /// html, or markdown for pasting into documents (no charts)
        #[arg(short, long, value_enum, default_value = "html")]
        format: commands::report::ReportFormat,
        /// The report's title [default: "Cost-effectiveness of migration deals"]
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// The author named under the title (none by default)
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        #[command(flatten)]
        draws: DrawArgs,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        money: MoneyArgs,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
    /// Start a scenario file: a commented template, or a copy of a shipped scenario
    #[command(after_help = "Examples:\n  \
        costcalc new my-deal.toml\n  \
        costcalc new uk-variant.toml --from uk-rwanda\n\n\
        Never overwrites a file. The template has every key, each explained, and status \
        \"hypothetical\" until its figures are real and sourced.")]
    New {
        /// The file to create
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Copy this shipped scenario instead (a file name in scenarios/, such as uk-rwanda)
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
    },
    /// Print the JSON Schema of the scenario format, for editors (taplo, Even Better TOML)
    #[command(after_help = "Examples:\n  \
        costcalc schema > costcalc.schema.json\n  \
        costcalc schema | jq '.properties | keys'\n\n\
        Put `#:schema ./costcalc.schema.json` at the top of a scenario (the path is relative to \
        the scenario) and an editor with the TOML language server completes and checks its keys.")]
    Schema,
    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        costcalc completions bash \\\n      \
        > ~/.local/share/bash-completion/completions/costcalc\n  \
        costcalc completions zsh > ~/.zfunc/_costcalc\n  \
        costcalc completions fish > ~/.config/fish/completions/costcalc.fish")]
    Completions {
        /// bash, zsh, fish, powershell or elvish
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print help for a command, or the scenario file format (`costcalc help format`)
    #[command(after_help = "Examples:\n  \
        costcalc help format | less\n  \
        costcalc help compare")]
    Help {
        /// A command (such as compare), or `format` for the scenario file format
        #[arg(value_name = "TOPIC")]
        topic: Vec<String>,
    },
    /// Print the man page (roff)
    #[command(after_help = "Examples:\n  \
        costcalc man > costcalc.1 && man ./costcalc.1\n  \
        costcalc man | gzip > /usr/local/share/man/man1/costcalc.1.gz")]
    Man,
    /// Print the exchange rates and price indices in use, with their sources
    #[command(after_help = "Examples:\n  \
        costcalc rates\n  \
        costcalc rates --rates my-rates.toml\n\n\
        A rates file has the format of data/rates.toml: [[series]] tables with kind = \"cpi\" or \
        \"fx\" (US dollars per unit), a currency, their source, and a [series.values] table of \
        \"YEAR\" = \"VALUE\". Its values are added to the built-in table, or replace them. A value \
        may be uncertain, written as a distribution (\"1.20 to 1.30\", or { dist = \"uniform\", \
        min = \"1.20\", max = \"1.30\" }): commands use its mean, and simulate draws it.")]
    Rates {
        /// Add or override series from FILE (repeatable; later files win)
        #[arg(long = "rates", value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print every source the scenarios cite, once each: a table, BibTeX or CSL-JSON
    #[command(after_help = "Examples:\n  \
        costcalc sources\n  \
        costcalc sources scenarios/*.toml --format bibtex -o deals.bib\n  \
        costcalc sources uk-rwanda --format csl-json -o deals.json\n\n\
        With no paths, the sources of the scenarios built into costcalc. A source cited by several \
        scenarios (the same id, title, url, publisher and date) is listed once, with the latest \
        `accessed` date; two different works under one id are both listed, with a warning. \
        BibTeX and CSL-JSON give each work the same key, made from its id.")]
    Sources {
        /// Scenario files or directories (none: the built-in scenarios)
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(short, long, value_enum, default_value = "table")]
        format: commands::sources::SourcesFormat,
        /// Write to FILE instead of stdout (atomically; never over an input). `-` is stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check scenario files and list every problem in every file
    #[command(after_help = "Examples:\n  \
        costcalc check my-deal.toml\n  \
        costcalc check scenarios/\n\n\
        Each problem is printed as path:line:col: message, with the offending line and a hint. \
        The exit code is 0 when every file is valid, 1 otherwise. Warnings (odd figures; \
        facts without `as_of`, older than --stale-after or without a source; an active deal \
        whose costs end 2+ years before `as_of`) do not change it. Today is the day of \
        SOURCE_DATE_EPOCH when it is set.")]
    Check {
        /// Scenario files or directories (every *.toml in a directory)
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// Warn when a scenario's `as_of` is older than this: 12m, 18 months, 2y, 90d
        #[arg(long, value_name = "DURATION", default_value = "12 months")]
        stale_after: crate::load::review::StaleAfter,
        #[command(flatten)]
        scenario: ScenarioArgs,
    },
}

/// The charts of `costcalc chart`.
#[derive(Debug, Subcommand)]
pub enum ChartCommand {
    /// One horizontal bar per scenario, sorted like compare; log scale when values span >100×
    #[command(after_help = "Examples:\n  \
        costcalc chart bar scenarios/*.toml --metric cost_per_removal \\\n      \
        --currency USD --price-year 2024 -o cost.svg\n  \
        costcalc chart bar scenarios/*.toml --metric utilization -o capacity.svg")]
    Bar {
        /// Scenario files or directories (none: the built-in scenarios)
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The metric to chart
        #[arg(
            long,
            value_parser = metric_parser(),
            value_name = "METRIC",
            default_value = "cost_per_removal"
        )]
        metric: Metric,
        /// The axis: log when values span more than 100× (auto), or as chosen
        #[arg(long, value_enum, default_value_t = crate::render::chart::Scale::Auto)]
        scale: crate::render::chart::Scale,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// The tornado of one scenario's uncertain inputs (see `costcalc tornado`)
    #[command(after_help = "Examples:\n  \
        costcalc chart tornado \\\n      \
        scenarios/hypothetical-us-third-country-uncertain.toml -o tornado.svg\n  \
        costcalc chart tornado my-deal.toml --metric total_cost \\\n      \
        -o total-cost-tornado.svg")]
    Tornado {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The metric to explain
        #[arg(
            long,
            value_parser = metric_parser(),
            value_name = "METRIC",
            default_value = "cost_per_removal"
        )]
        metric: Metric,
        /// Move every numeric input by this share up and down (20% or 0.2), as `tornado --range`
        #[arg(long, value_name = "SHARE", value_parser = range_share)]
        range: Option<Decimal>,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// From scenario A's value of a metric to B's, one bar per differing input (see `costcalc diff`)
    #[command(after_help = "Examples:\n  \
        costcalc chart waterfall italy-albania us-rwanda --currency USD \\\n      \
        --price-year 2024 -o waterfall.svg\n  \
        costcalc chart waterfall scenarios/us-rwanda.toml \\\n      \
        --set outcomes.removals=250 --metric total_cost -o waterfall.png")]
    Waterfall {
        /// Scenario A: a file, or a built-in scenario's name
        #[arg(value_name = "A")]
        a: PathBuf,
        /// Scenario B (without it, B is A with the --set values)
        #[arg(value_name = "B")]
        b: Option<PathBuf>,
        /// The metric to explain
        #[arg(
            long,
            value_parser = metric_parser(),
            value_name = "METRIC",
            default_value = "cost_per_removal"
        )]
        metric: Metric,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// A histogram of simulated draws of a metric, with p5, p50 and p95 marked
    #[command(after_help = "Examples:\n  \
        costcalc chart histogram benches/reference-model.toml \\\n      \
        --metric cost_per_removal -o histogram.svg\n  \
        costcalc chart histogram my-deal.toml --metric removals \\\n      \
        -n 1000000 --seed 7 -o removals.svg")]
    Histogram {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The metric to draw
        #[arg(
            long,
            value_parser = metric_parser(),
            value_name = "METRIC",
            default_value = "cost_per_removal"
        )]
        metric: Metric,
        #[command(flatten)]
        draws: DrawArgs,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// Total cost against removals, with the efficiency frontier and dominated options
    #[command(after_help = "Examples:\n  \
        costcalc chart frontier scenarios/us-*.toml -o frontier.svg\n  \
        costcalc chart frontier scenarios/*.toml --currency USD --price-year 2024 \\\n      \
        -o frontier.svg")]
    Frontier {
        /// Scenario files or directories
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The status-quo option (see `costcalc frontier --help`)
        #[arg(long, value_name = "NAME")]
        reference: Option<String>,
        #[command(flatten)]
        partial: PartialArgs,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// The probability that cost per removal is at or below each threshold (simulated)
    #[command(after_help = "Examples:\n  \
        costcalc chart acceptability \\\n      \
        scenarios/hypothetical-us-third-country-uncertain.toml \\\n      \
        -o acceptability.svg\n  \
        costcalc chart acceptability my-deal.toml --currency USD \\\n      \
        --price-year 2024 -o acceptability.svg")]
    Acceptability {
        /// The scenario file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        draws: DrawArgs,
        #[command(flatten)]
        chart: ChartArgs,
    },
}

/// Where a chart goes, and the options of the command it draws from.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// The chart to write (atomically; never over an input): FILE.svg, FILE.png,
    /// or - for SVG on stdout
    #[arg(short, long, value_name = "FILE.svg|FILE.png", required = true,
          value_parser = commands::chart::output_path)]
    pub output: PathBuf,
    #[command(flatten)]
    pub money: MoneyArgs,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

/// The draws behind a simulated chart.
#[derive(Debug, clap::Args)]
pub struct DrawArgs {
    /// Draws (at most 1,000,000,000)
    #[arg(short = 'n', long = "draws", value_name = "N", default_value_t = 100_000,
          value_parser = clap::value_parser!(u64).range(2..=simulate::MAX_SAMPLES))]
    pub draws: u64,
    /// Seed of the random numbers (default 42, so the same input draws the same chart)
    #[arg(long, value_name = "S", default_value_t = commands::chart::DEFAULT_SEED)]
    pub seed: u64,
}

impl From<ChartArgs> for commands::chart::ChartOptions {
    fn from(args: ChartArgs) -> Self {
        commands::chart::ChartOptions {
            output: args.output,
            money: args.money.into(),
            overrides: args.scenario.set,
        }
    }
}

/// What a command that converts several scenarios does with those it cannot.
#[derive(Debug, clap::Args)]
pub struct PartialArgs {
    /// With --price-year: when some deals cannot be converted (a missing rate or index),
    /// still write CSV, JSON, the report or the chart without them (they are named in
    /// it and on stderr; the exit code is still 1)
    #[arg(long)]
    pub keep_going: bool,
}

/// Where a command's results go, and in which format.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE instead of stdout (atomically; never over an input). `-` is stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of every command that reads scenarios.
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// Change a value of every scenario read, as if written in the file: PATH is
    /// keys joined by dots, with `[N]` for the Nth line of a list (repeatable)
    #[arg(
        long = "set",
        value_name = "PATH=VALUE",
        value_parser = Override::parse,
        long_help = "Change a value of every scenario read, as if it were written in the file \
                     (repeatable; later ones win). PATH is keys joined by dots, with [N] for the \
                     Nth line of a list, counting from 1: outcomes.removals=600, \
                     'cost[1].amount=25000' (quoted, as zsh reads [1] as a pattern), baseline.cost_per_person=120000, \
                     outcomes.block_probability=0.4. VALUE is checked like a value in a file; \
                     text that is not a TOML number, date or quoted string is taken as text."
    )]
    pub set: Vec<Override>,
}

/// Options of the commands that print money.
#[derive(Debug, clap::Args)]
pub struct MoneyArgs {
    /// Convert every amount to this currency (an ISO 4217 code, such as USD); needs --price-year
    #[arg(long, value_name = "CODE", value_parser = currency_code, requires = "price_year")]
    pub currency: Option<String>,
    /// Put every amount in this year's prices, inflating each with its own currency's CPI
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(1800..=2200))]
    pub price_year: Option<u16>,
    /// Add or override exchange rates and price indices from FILE (repeatable; see `costcalc rates`); needs --price-year
    #[arg(long = "rates", value_name = "FILE", requires = "price_year")]
    pub rates: Vec<PathBuf>,
    /// Discount payments to present values at PCT a year (3.5 means 3.5%); needs --base-year
    #[arg(long, value_name = "PCT", value_parser = percentage, conflicts_with = "discount", requires = "base_year")]
    pub discount_rate: Option<Decimal>,
    /// Discount with a published schedule instead of one rate; needs --base-year
    #[arg(long, value_enum, value_name = "SCHEDULE", requires = "base_year")]
    pub discount: Option<DiscountSchedule>,
    /// The year present values are expressed in (with --discount-rate or --discount)
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u16).range(1800..=2200))]
    pub base_year: Option<u16>,
}

/// The published discount schedules of `--discount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiscountSchedule {
    /// HM Treasury Green Book: 3.5% a year for years 0–30, then 3.0%, 2.5%, 2.0%, 1.5%, 1.0%
    GreenBook,
}

/// `3.5` → 0.035, exactly.
fn percentage(text: &str) -> Result<Decimal, String> {
    let percent = crate::load::number::typed(text, crate::load::number::Unit::Percent)?;
    if percent < Decimal::ZERO || percent >= Decimal::ONE_HUNDRED {
        return Err(format!(
            "a discount rate is a percentage of at least 0 and below 100, such as 3.5; got {text}"
        ));
    }
    Ok(percent / Decimal::ONE_HUNDRED)
}

impl From<MoneyArgs> for commands::MoneyOptions {
    fn from(args: MoneyArgs) -> Self {
        let schedule = match (args.discount_rate, args.discount) {
            (Some(rate), _) => Some(Schedule::Constant(rate)),
            (None, Some(DiscountSchedule::GreenBook)) => Some(Schedule::GreenBook),
            (None, None) => None,
        };
        commands::MoneyOptions {
            currency: args.currency,
            price_year: args.price_year,
            rates: args.rates,
            // clap makes both schedules require a base year.
            discount: schedule
                .zip(args.base_year)
                .map(|(schedule, base_year)| Discount {
                    schedule,
                    base_year,
                }),
        }
    }
}

/// `--threshold`: one value, or START:END:STEP.
fn thresholds(text: &str) -> Result<Vec<Decimal>, String> {
    if !text.contains(':') {
        return non_negative_amount(text).map(|value| vec![value]);
    }
    let vary = Vary::parse(&format!("threshold={text}"))?;
    vary.values()
}

/// An amount of money, exactly as written, 0 or more.
fn non_negative_amount(text: &str) -> Result<Decimal, String> {
    let value = crate::load::number::typed(text, crate::load::number::Unit::Plain)?;
    if value < Decimal::ZERO {
        return Err(format!("must be 0 or more, found {text}"));
    }
    Ok(value)
}

/// A path of `--vary`, checked by the rules of `--set`.
fn vary_path(text: &str) -> Result<String, String> {
    Override::parse(&format!("{}=0", text.trim()))?;
    Ok(text.trim().to_string())
}

/// `--metric`: one of [`Metric::ALL`] by its name, each listed in `--help`
/// (the analysis layer knows no `clap`, so the names are given here).
fn metric_parser() -> impl TypedValueParser<Value = Metric> {
    PossibleValuesParser::new(Metric::ALL.map(Metric::name))
        // Only listed names get here, and each is a metric's.
        .try_map(|name| Metric::from_name(&name).ok_or(format!("unknown metric `{name}`")))
}

/// `--sort`: one of [`SortKey::ALL`] by its name, each listed in `--help`.
fn sort_key_parser() -> impl TypedValueParser<Value = SortKey> {
    PossibleValuesParser::new(SortKey::ALL.map(SortKey::name))
        // Only listed names get here, and each is a key's.
        .try_map(|name| SortKey::from_name(&name).ok_or(format!("unknown column `{name}`")))
}

/// `--format`'s values, and the help for each. Here rather than derived on
/// [`Format`], so the render layer knows nothing of `clap`.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Table, Format::Csv, Format::Json, Format::Markdown]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let (name, help) = match self {
            Format::Table => ("table", "An aligned table for the terminal"),
            Format::Csv => (
                "csv",
                "Comma-separated values: one header row, one row per scenario",
            ),
            Format::Json => (
                "json",
                "A JSON array of objects, numbers with their exact decimal digits",
            ),
            Format::Markdown => (
                "markdown",
                "A GitHub-flavoured Markdown table, for pasting into reports",
            ),
        };
        Some(clap::builder::PossibleValue::new(name).help(help))
    }
}

/// `chart bar --scale`'s values, and the help for each (see [`Format`]'s).
impl clap::ValueEnum for Scale {
    fn value_variants<'a>() -> &'a [Self] {
        &[Scale::Auto, Scale::Linear, Scale::Log]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            Scale::Auto => clap::builder::PossibleValue::new("auto")
                .help("Logarithmic when the values span more than 100×, linear otherwise"),
            Scale::Linear => clap::builder::PossibleValue::new("linear"),
            Scale::Log => clap::builder::PossibleValue::new("log"),
        })
    }
}

/// `--currency usd` is taken as USD; an unknown code is a usage error.
fn currency_code(text: &str) -> Result<String, String> {
    let code = text.trim().to_uppercase();
    if crate::model::is_known_currency(&code) {
        Ok(code)
    } else {
        Err(format!(
            "\"{text}\" is not an ISO 4217 currency code (such as USD, GBP, EUR, AUD)"
        ))
    }
}

/// `--samples FILE`. A bare number is far more likely the number of draws
/// than a file name (`--samples 100000` would otherwise write a file called
/// `100000`); `./100000` still names such a file.
/// `--range`: a share above 0 and below 1 (`20%` or `0.2`).
fn range_share(text: &str) -> Result<Decimal, String> {
    let share = crate::load::number::typed(text, crate::load::number::Unit::Share)?;
    if share <= Decimal::ZERO || share >= Decimal::ONE {
        return Err(format!(
            "must be above 0% and below 100% (each input moves down and up by it), found {text}"
        ));
    }
    Ok(share)
}

fn samples_file(text: &str) -> Result<PathBuf, String> {
    if text.trim().replace('_', "").parse::<u64>().is_ok() {
        return Err(format!(
            "--samples takes the file to write every draw to, not a number: for {text} draws, \
             write --draws {text} (a file named {text} is ./{text})"
        ));
    }
    Ok(PathBuf::from(text))
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are "errors" that exit 0; usage errors exit 2.
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    // Before anything is read: an input that is also an output is then refused
    // as it is reached, however deep in an `extends` chain.
    crate::files::claim_outputs(cli.command.destinations());
    match cli.command {
        Command::Compare {
            paths,
            out,
            sort,
            reverse,
            partial,
            money,
            scenario,
        } => commands::compare::run(commands::compare::CompareOptions {
            table: table_options(out.output.as_ref()),
            paths,
            format: out.format,
            output: out.output,
            sort,
            reverse,
            money: money.into(),
            overrides: scenario.set,
            keep_going: partial.keep_going,
        }),
        Command::Diff {
            a,
            b,
            out,
            money,
            scenario,
        } => {
            if b.is_none() && scenario.set.is_empty() {
                return usage_error("diff", DIFF_NEEDS_B);
            }
            commands::diff::run(commands::diff::DiffOptions {
                table: table_options(out.output.as_ref()),
                a,
                b,
                format: out.format,
                output: out.output,
                money: money.into(),
                overrides: scenario.set,
            })
        }
        Command::Show {
            file,
            money,
            scenario,
        } => commands::show::run(
            &file,
            &money.into(),
            &scenario.set,
            table_options(None).width,
        ),
        Command::Check {
            paths,
            stale_after,
            scenario,
        } => commands::check::run(&paths, &scenario.set, stale_after),
        Command::Breakeven {
            file,
            vary,
            target,
            output,
            money,
            scenario,
        } => commands::breakeven::run(commands::breakeven::BreakevenOptions {
            file,
            vary,
            target,
            output,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Frontier {
            paths,
            reference,
            wtp,
            out,
            partial,
            money,
            scenario,
        } => commands::frontier::run(commands::frontier::FrontierOptions {
            keep_going: partial.keep_going,
            table: table_options(out.output.as_ref()),
            paths,
            reference,
            wtp,
            format: out.format,
            output: out.output,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Simulate {
            paths,
            draws,
            seed,
            threshold,
            samples_file,
            out,
            partial,
            money,
            scenario,
        } => commands::simulate::run(commands::simulate::SimulateOptions {
            keep_going: partial.keep_going,
            table: table_options(out.output.as_ref()),
            paths,
            samples: draws,
            seed,
            thresholds: threshold.into_iter().flatten().collect(),
            samples_file,
            format: out.format,
            output: out.output,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Voi {
            paths,
            wtp,
            draws,
            seed,
            evppi,
            out,
            partial,
            money,
            scenario,
        } => commands::voi::run(commands::voi::VoiOptions {
            keep_going: partial.keep_going,
            table: table_options(out.output.as_ref()),
            paths,
            wtp,
            samples: draws,
            seed,
            // `--evppi` alone is every input; `--evppi A,B` the group A+B.
            evppi: (!evppi.is_empty()).then(|| {
                evppi
                    .iter()
                    .map(|group| {
                        group
                            .split(',')
                            .map(str::trim)
                            .filter(|path| !path.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .collect()
            }),
            format: out.format,
            output: out.output,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Tornado {
            file,
            metric,
            range,
            out,
            money,
            scenario,
        } => commands::tornado::run(commands::tornado::TornadoOptions {
            range,
            table: table_options(out.output.as_ref()),
            file,
            metric,
            format: out.format,
            output: out.output,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Chart(chart) => match chart {
            ChartCommand::Bar {
                paths,
                metric,
                scale,
                partial,
                chart,
            } => commands::chart::bar(&paths, metric, scale, partial.keep_going, &chart.into()),
            ChartCommand::Tornado {
                file,
                metric,
                range,
                chart,
            } => commands::chart::tornado(&file, metric, range, &chart.into()),
            ChartCommand::Waterfall {
                a,
                b,
                metric,
                chart,
            } => {
                if b.is_none() && chart.scenario.set.is_empty() {
                    return usage_error("chart", DIFF_NEEDS_B);
                }
                commands::chart::waterfall(&a, b.as_deref(), metric, &chart.into())
            }
            ChartCommand::Histogram {
                file,
                metric,
                draws,
                chart,
            } => commands::chart::histogram(&file, metric, draws.draws, draws.seed, &chart.into()),
            ChartCommand::Frontier {
                paths,
                reference,
                partial,
                chart,
            } => commands::chart::frontier(
                &paths,
                reference.as_deref(),
                partial.keep_going,
                &chart.into(),
            ),
            ChartCommand::Acceptability { file, draws, chart } => {
                commands::chart::acceptability(&file, draws.draws, draws.seed, &chart.into())
            }
        },
        Command::Report {
            paths,
            output,
            format,
            title,
            author,
            draws,
            partial,
            money,
            scenario,
        } => commands::report::run(commands::report::ReportOptions {
            keep_going: partial.keep_going,
            paths,
            output,
            format,
            title,
            author,
            seed: draws.seed,
            draws: draws.draws,
            money: money.into(),
            overrides: scenario.set,
        }),
        Command::Sweep {
            file,
            vary,
            out,
            money,
            scenario,
        } => {
            if vary.len() > 2 {
                return usage_error("sweep", "sweep takes one --vary, or two for a grid");
            }
            commands::sweep::run(commands::sweep::SweepOptions {
                table: table_options(out.output.as_ref()),
                file,
                varies: vary,
                format: out.format,
                output: out.output,
                money: money.into(),
                overrides: scenario.set,
            })
        }
        Command::Rates { files } => commands::rates::run(&files),
        Command::Sources {
            paths,
            format,
            output,
        } => commands::sources::run(commands::sources::SourcesOptions {
            table: table_options(output.as_ref()),
            paths,
            format,
            output,
        }),
        Command::New { file, from } => commands::new::run(&file, from.as_deref()),
        Command::Schema => commands::meta::schema(),
        Command::Completions { shell } => commands::meta::completions(shell),
        Command::Man => commands::meta::man(),
        Command::Help { topic } => commands::meta::help(&topic),
    }
}

impl Command {
    /// The files this command will write (not `-`, standard output).
    fn destinations(&self) -> Vec<&Path> {
        let mut destinations: Vec<&Path> = match self {
            Command::Compare { out, .. }
            | Command::Diff { out, .. }
            | Command::Frontier { out, .. }
            | Command::Tornado { out, .. }
            | Command::Sweep { out, .. }
            | Command::Voi { out, .. } => out.output.iter().map(PathBuf::as_path).collect(),
            Command::Simulate {
                out, samples_file, ..
            } => out
                .output
                .iter()
                .chain(samples_file)
                .map(PathBuf::as_path)
                .collect(),
            Command::Breakeven { output, .. } | Command::Sources { output, .. } => {
                output.iter().map(PathBuf::as_path).collect()
            }
            Command::Report { output, .. } => vec![output.as_path()],
            Command::Chart(
                ChartCommand::Bar { chart, .. }
                | ChartCommand::Tornado { chart, .. }
                | ChartCommand::Histogram { chart, .. }
                | ChartCommand::Waterfall { chart, .. }
                | ChartCommand::Frontier { chart, .. }
                | ChartCommand::Acceptability { chart, .. },
            ) => vec![chart.output.as_path()],
            Command::Show { .. }
            | Command::Check { .. }
            | Command::Rates { .. }
            | Command::New { .. }
            | Command::Schema
            | Command::Completions { .. }
            | Command::Help { .. }
            | Command::Man => Vec::new(),
        };
        destinations.retain(|path| path.as_os_str() != "-");
        destinations
    }
}

/// Why `diff` or `chart waterfall` with one scenario and no `--set` is refused.
const DIFF_NEEDS_B: &str = "give two scenarios (A B), or one and what B changes in it with \
                            --set PATH=VALUE, such as --set outcomes.removals=250";

/// A usage problem of `subcommand` that clap cannot see, reported like clap's
/// own (exit 2).
fn usage_error(subcommand: &str, message: &str) -> ExitCode {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    let mut command = cli
        .find_subcommand_mut(subcommand)
        .cloned()
        .unwrap_or_else(Cli::command)
        .bin_name(format!("costcalc {subcommand}"));
    let error = command.error(clap::error::ErrorKind::ArgumentConflict, message);
    let _ = error.print();
    ExitCode::from(2)
}

/// The width to fit tables to and whether to style them: `COLUMNS` when set,
/// wherever the table goes; else the terminal's width when it goes to one; else
/// no limit, so that a file or a pipe gets rows that are never wrapped. Styled
/// only on a terminal, and not with NO_COLOR.
fn table_options(output: Option<&PathBuf>) -> TableOptions {
    let to_terminal =
        output.is_none_or(|path| path.as_os_str() == "-") && std::io::stdout().is_terminal();
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let terminal = || {
        to_terminal
            .then(|| comfy_table::Table::new().width())
            .flatten()
    };
    TableOptions {
        width: columns_variable()
            .or_else(terminal)
            .filter(|width| *width > 0),
        styled: to_terminal && !no_colour,
    }
}

/// `COLUMNS`, when it holds a width.
fn columns_variable() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
}
