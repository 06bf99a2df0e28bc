//! What costcalc reads and writes: never an output over anything it read
//! (scenarios, every file they `extends`, `--rates` tables), never a file
//! outside the scenario's tree, never a wait on a pipe, and never a directory
//! entry left out without a word.

use std::fs;
use std::path::Path;
use std::time::Duration;

use super::{Run, costcalc, run, write_scenario};

/// A parent with one cost line, and a child that only renames it.
fn parent_and_child(dir: &Path) -> (String, String) {
    let parent = write_scenario(
        dir,
        "parent.toml",
        "name = \"Parent\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"Payment\"\namount = 100\n\
         [outcomes]\nremovals = 4\nplanned = 8\n",
    );
    let child = write_scenario(
        dir,
        "kid.toml",
        "extends = \"parent.toml\"\nname = \"Kid\"\n",
    );
    (parent, child)
}

/// Runs costcalc from `dir` with a time limit: a run that waits on a pipe
/// fails the test instead of hanging it.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = costcalc()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("costcalc runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn no_command_writes_over_a_file_a_scenario_extends() {
    let dir = tempfile::tempdir().unwrap();
    let (parent, child) = parent_and_child(dir.path());
    let before = fs::read_to_string(&parent).unwrap();
    // A chart is written only to a .svg or .png: a scenario's name is refused
    // on the command line, before anything is read (exit 2).
    for kind in ["bar", "histogram", "acceptability", "tornado"] {
        let run = run(["chart", kind, &child, "-o", &parent]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.stderr.contains("name the file FILE.svg or FILE.png"));
        assert_eq!(fs::read_to_string(&parent).unwrap(), before, "chart {kind}");
    }
    let refusals: [&[&str]; 8] = [
        &["compare", &child, "-o", &parent],
        &["report", &child, "-o", &parent],
        &["simulate", &child, "-o", &parent],
        &["simulate", &child, "--samples", &parent],
        &[
            "sweep",
            &child,
            "--vary",
            "outcomes.removals=1:3:1",
            "-o",
            &parent,
        ],
        &[
            "breakeven",
            &child,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=50",
            "-o",
            &parent,
        ],
        &["tornado", &child, "-o", &parent],
        &["frontier", &child, "-o", &parent],
    ];
    for args in refusals {
        run(args).fails_with(
            "parent.toml, which this scenario extends: it is also where this run writes its \
             output",
        );
        assert_eq!(fs::read_to_string(&parent).unwrap(), before, "{args:?}");
    }
}

#[test]
fn an_output_reached_through_a_link_or_another_spelling_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (parent, child) = parent_and_child(dir.path());
    let before = fs::read_to_string(&parent).unwrap();
    let other_spelling = dir
        .path()
        .join(".")
        .join("..")
        .join(dir.path().file_name().unwrap());
    let other_spelling = other_spelling.join("parent.toml");
    run([
        "compare".as_ref(),
        child.as_ref(),
        "-o".as_ref(),
        other_spelling.as_os_str(),
    ])
    .fails_with("it is also where this run writes its output");
    #[cfg(unix)]
    {
        let link = dir.path().join("results.csv");
        std::os::unix::fs::symlink(&parent, &link).unwrap();
        let hard = dir.path().join("hard.csv");
        fs::hard_link(&parent, &hard).unwrap();
        for output in [&link, &hard] {
            run([
                "compare".as_ref(),
                child.as_ref(),
                "-o".as_ref(),
                output.as_os_str(),
            ])
            .fails_with("it is also where this run writes its output");
        }
    }
    assert_eq!(fs::read_to_string(&parent).unwrap(), before);
}

#[test]
fn a_rates_file_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let (_, child) = parent_and_child(dir.path());
    // A valid rates file: a table may be empty of series.
    let rates = write_scenario(dir.path(), "rates.toml", "");
    run([
        "compare",
        &child,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        &rates,
        "-o",
        &rates,
    ])
    .fails_with("rates.toml: cannot read the file: it is also where this run writes its output");
    assert_eq!(fs::read_to_string(&rates).unwrap(), "");
}

#[test]
fn extends_never_reads_outside_the_scenarios_tree() {
    let dir = tempfile::tempdir().unwrap();
    // A secret beside the tree, and a scenario two folders down that tries to
    // reach it; costcalc runs from the repository, not from `dir`.
    fs::write(
        dir.path().join("secrets.toml"),
        "name = \"SECRET-TOKEN-123\"\n",
    )
    .unwrap();
    let deep = dir.path().join("a").join("b");
    fs::create_dir_all(&deep).unwrap();
    let cases = [
        (
            "extends = \"../../secrets.toml\"\n",
            "which this scenario extends: it is outside the folders costcalc may read here",
        ),
        (
            "extends = \"/etc/passwd\"\n",
            "`extends` must name a file relative to this one, not an absolute path",
        ),
        (
            "extends = \"/proc/self/environ\"\n",
            "`extends` must name a file relative to this one, not an absolute path",
        ),
        (
            "extends = \"../../secrets.txt\"\n",
            "`extends` must name a scenario file ending in .toml",
        ),
    ];
    for (text, message) in cases {
        let kid = write_scenario(&deep, "kid.toml", text);
        let failed = run(["check", &kid]).fails_with(message);
        // The error quotes the `extends` line, never the other file.
        assert!(failed.stderr.contains(text.trim_end()), "{}", failed.stderr);
        assert!(!failed.stderr.contains("SECRET"), "{}", failed.stderr);
        assert!(!failed.stderr.contains("root:"), "{}", failed.stderr);
        // One problem: no "missing name" for what the parent would have given.
        assert!(
            failed.stderr.contains("error: 1 problem in 1 file"),
            "{}",
            failed.stderr
        );
    }
    // A link inside the tree to a file outside it is outside it too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secrets.toml"), deep.join("near.toml"))
            .unwrap();
        let kid = write_scenario(&deep, "kid.toml", "extends = \"near.toml\"\n");
        let failed = run(["check", &kid]).fails_with("it is outside the folders costcalc may read");
        assert!(!failed.stderr.contains("SECRET"), "{}", failed.stderr);
    }
}

#[test]
fn a_variant_may_extend_a_scenario_in_the_folder_above_within_the_starting_folder() {
    // scenarios/variants/kid.toml extends ../base.toml, run from the folder
    // that holds scenarios/: allowed. Run from inside variants/, the parent is
    // outside both that folder and the scenario's own: refused.
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    let variants = scenarios.join("variants");
    fs::create_dir_all(&variants).unwrap();
    parent_and_child(&scenarios);
    write_scenario(
        &variants,
        "kid.toml",
        "extends = \"../parent.toml\"\nname = \"Variant\"\n",
    );
    let stdout = run_in(
        dir.path(),
        &["compare", "scenarios/variants/kid.toml", "--format", "csv"],
    )
    .succeeds();
    // 100 ÷ 4 removals = 25.00 per removal, from the parent's numbers.
    assert!(
        stdout.contains("Variant,scenarios/variants/kid.toml,USD,100.00,4,observed,25.00,"),
        "{stdout}"
    );
    run_in(&variants, &["check", "kid.toml"])
        .fails_with("it is outside the folders costcalc may read here");
}

#[test]
fn extends_names_a_builtin_scenario_with_builtin_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let kid = write_scenario(
        dir.path(),
        "kid.toml",
        "extends = \"builtin:us-rwanda\"\nname = \"Kid of US–Rwanda\"\n",
    );
    // The shipped US–Rwanda deal: USD 7,500,000 for 7 removals.
    let stdout = run(["compare", &kid, "--format", "csv"]).succeeds();
    assert!(stdout.contains(",USD,7500000.00,7,observed,"), "{stdout}");
    let typo = write_scenario(
        dir.path(),
        "typo.toml",
        "extends = \"builtin:us-rwnda.toml\"\n",
    );
    run(["check", &typo]).fails_with("did you mean us-rwanda?");
}

#[test]
fn a_chain_longer_than_the_limit_is_one_problem() {
    // top.toml → c1.toml → … → c40.toml: past 32 files the chain stops, and
    // that is the only problem (not also "missing `name`" and the like).
    let dir = tempfile::tempdir().unwrap();
    for i in 1..40 {
        write_scenario(
            dir.path(),
            &format!("c{i}.toml"),
            &format!("extends = \"c{}.toml\"\n", i + 1),
        );
    }
    parent_and_child(dir.path());
    fs::rename(dir.path().join("parent.toml"), dir.path().join("c40.toml")).unwrap();
    let top = write_scenario(dir.path(), "top.toml", "extends = \"c1.toml\"\n");
    let failed = run(["check", &top]).fails_with("the `extends` chain is longer than 32 files");
    assert!(
        failed.stderr.contains("error: 1 problem in 1 file"),
        "{}",
        failed.stderr
    );
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_named_or_extended() {
    let dir = tempfile::tempdir().unwrap();
    make_fifo(&dir.path().join("pipe.toml"));
    let kid = write_scenario(dir.path(), "kid.toml", "extends = \"pipe.toml\"\n");
    run_in(dir.path(), &["check", "pipe.toml"]).fails_with(
        "pipe.toml: cannot read the file: it is a named pipe (FIFO), not a regular file",
    );
    run_in(dir.path(), &["check", &kid]).fails_with(
        "pipe.toml, which this scenario extends: it is a named pipe (FIFO), not a regular file",
    );
}

#[cfg(unix)]
#[test]
fn entries_skipped_in_a_directory_are_each_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    parent_and_child(dir.path());
    std::os::unix::fs::symlink(
        dir.path().join("gone.toml"),
        dir.path().join("dangling.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("loop.toml"), dir.path().join("loop.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("device.toml")).unwrap();
    make_fifo(&dir.path().join("pipe.toml"));
    let checked = run_in(dir.path(), &["check", "."]);
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    for warning in [
        "warning: skipped ./dangling.toml: it is a symbolic link to a file that does not exist",
        "warning: skipped ./device.toml: it is a device, not a regular file",
        "warning: skipped ./loop.toml: it cannot be opened: too many levels of symbolic links",
        "warning: skipped ./pipe.toml: it is a named pipe (FIFO), not a regular file",
        "note: 2 files checked: no problems",
    ] {
        assert!(
            checked.stderr.contains(warning),
            "{warning}\n{}",
            checked.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_directory_whose_scenarios_are_all_skipped_is_an_error_not_success() {
    // Only a pipe and a dangling link named like scenarios: nothing is read,
    // which must not read as "0 files checked: no problems".
    let dir = tempfile::tempdir().unwrap();
    make_fifo(&dir.path().join("pipe.toml"));
    std::os::unix::fs::symlink(
        dir.path().join("gone.toml"),
        dir.path().join("dangling.toml"),
    )
    .unwrap();
    run_in(dir.path(), &["check", "."]).fails_with(
        ".: is a directory with no readable .toml files in it: skipped ./dangling.toml: it is a \
         symbolic link to a file that does not exist; skipped ./pipe.toml: it is a named pipe",
    );
    run_in(dir.path(), &["compare", "."]).fails_with("no readable .toml files");
}

#[cfg(unix)]
#[test]
fn two_outputs_through_a_dangling_link_are_one_file() {
    // draws-link.csv points at draws.csv, which does not exist yet: the two
    // outputs would land in one file, and the draws would be lost.
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("draws.csv", dir.path().join("draws-link.csv")).unwrap();
    run_in(
        dir.path(),
        &[
            "simulate",
            &format!(
                "{}/benches/reference-model.toml",
                env!("CARGO_MANIFEST_DIR")
            ),
            "-n",
            "100",
            "--samples",
            "draws.csv",
            "-o",
            "draws-link.csv",
        ],
    )
    .fails_with("to the same file");
    assert!(!dir.path().join("draws.csv").exists());
}
