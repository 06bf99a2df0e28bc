//! Interrupted runs: Ctrl-C (SIGINT), SIGTERM or SIGHUP in the middle of a
//! write leave no temporary file and no partial destination, and costcalc exits
//! with 128 + the signal's number, as a shell reports it.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden temporary files of `src/output.rs` in `dir`.
fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(".costcalc-") && name.ends_with(".tmp")
        })
        .collect()
}

/// Starts `simulate` writing a million draws (about 600 MB, a minute or more
/// in a debug build) to `dir/draws.csv`, sends `signal` as soon as the
/// temporary file exists, and returns the exit code and stderr.
fn interrupt_a_long_write(dir: &Path, signal: &str) -> (Option<i32>, String) {
    interrupt(Command::new(env!("CARGO_BIN_EXE_costcalc")), dir, signal)
}

/// [`interrupt_a_long_write`] with costcalc started by `command` (costcalc
/// itself, or a launcher such as `nohup` that execs it).
fn interrupt(mut command: Command, dir: &Path, signal: &str) -> (Option<i32>, String) {
    let mut child = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["simulate", "benches/reference-model.toml", "-n", "1000000"])
        .args(["--seed", "1", "--format", "csv", "--samples"])
        .arg(dir.join("draws.csv"))
        .arg("-o")
        .arg(dir.join("summary.csv"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("costcalc starts");
    // Generous bounds: the machine running the tests may be busy.
    let started = Instant::now();
    while temporary_files(dir).is_empty() {
        if started.elapsed() > Duration::from_secs(180) || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("no temporary file appeared in {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill -s {signal} failed");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("costcalc did not stop within a minute of SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code(), stderr)
}

#[test]
fn ctrl_c_mid_write_leaves_nothing_behind_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = interrupt_a_long_write(dir.path(), "INT");
    // 128 + SIGINT (2).
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn sigterm_mid_write_keeps_the_previous_file_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("draws.csv");
    std::fs::write(&previous, "the previous draws\n").unwrap();
    let (code, stderr) = interrupt_a_long_write(dir.path(), "TERM");
    // 128 + SIGTERM (15).
    assert_eq!(code, Some(143), "{stderr}");
    assert!(temporary_files(dir.path()).is_empty());
    assert_eq!(
        std::fs::read_to_string(&previous).unwrap(),
        "the previous draws\n"
    );
    assert!(!dir.path().join("summary.csv").exists());
}

#[test]
fn sighup_mid_write_leaves_nothing_behind_and_exits_129() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = interrupt_a_long_write(dir.path(), "HUP");
    // 128 + SIGHUP (1).
    assert_eq!(code, Some(129), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn under_nohup_a_hangup_is_ignored_as_asked_and_the_run_completes() {
    // nohup sets SIGHUP to be ignored, then runs costcalc: the hang-up must not
    // stop it (nor delete its output), or `nohup costcalc simulate … &` would
    // be lost when the terminal closes.
    let dir = tempfile::tempdir().unwrap();
    let mut nohup = Command::new("nohup");
    nohup.arg(env!("CARGO_BIN_EXE_costcalc"));
    let (code, stderr) = interrupt(nohup, dir.path(), "HUP");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(temporary_files(dir.path()).is_empty());
    let draws = std::fs::read_to_string(dir.path().join("draws.csv")).unwrap();
    assert!(draws.starts_with("scenario,sample,input,value\n"));
}
