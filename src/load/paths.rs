/*!
From command-line paths to parsed scenarios.

A path is a scenario file or a directory (every `*.toml` directly in it, in name
order). With no paths, commands use the real-world scenarios shipped with
costcalc, which are compiled into the binary so `costcalc compare` works from any
folder. Problems (a missing file, a file that is not UTF-8, an invalid scenario)
come back as [`FileReport`]s, all of them, never only the first.
*/

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::files::{self, FileId};

use crate::diagnostic::{Diagnostic, FileReport, RelatedText, closest};
use crate::load::compose::Unreadable;
use crate::load::review::Reviewing;
use crate::load::{Override, Provenance};
use crate::model::Scenario;

/// The scenarios shipped in `scenarios/`, embedded at build time.
/// `tests` checks that this list matches the folder.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "australia-nauru-nzyq.toml",
        include_str!("../../scenarios/australia-nauru-nzyq.toml"),
    ),
    (
        "australia-nauru.toml",
        include_str!("../../scenarios/australia-nauru.toml"),
    ),
    (
        "hypothetical-uk-rwanda-300.toml",
        include_str!("../../scenarios/hypothetical-uk-rwanda-300.toml"),
    ),
    (
        "hypothetical-us-rwanda-250.toml",
        include_str!("../../scenarios/hypothetical-us-rwanda-250.toml"),
    ),
    (
        "hypothetical-us-third-country-uncertain.toml",
        include_str!("../../scenarios/hypothetical-us-third-country-uncertain.toml"),
    ),
    (
        "israel-rwanda-uganda.toml",
        include_str!("../../scenarios/israel-rwanda-uganda.toml"),
    ),
    (
        "italy-albania.toml",
        include_str!("../../scenarios/italy-albania.toml"),
    ),
    (
        "uk-rwanda.toml",
        include_str!("../../scenarios/uk-rwanda.toml"),
    ),
    (
        "us-el-salvador.toml",
        include_str!("../../scenarios/us-el-salvador.toml"),
    ),
    (
        "us-equatorial-guinea.toml",
        include_str!("../../scenarios/us-equatorial-guinea.toml"),
    ),
    (
        "us-eswatini.toml",
        include_str!("../../scenarios/us-eswatini.toml"),
    ),
    (
        "us-palau.toml",
        include_str!("../../scenarios/us-palau.toml"),
    ),
    (
        "us-removals-2024-02.toml",
        include_str!("../../scenarios/us-removals-2024-02.toml"),
    ),
    (
        "us-removals-2025-02.toml",
        include_str!("../../scenarios/us-removals-2025-02.toml"),
    ),
    (
        "us-rwanda.toml",
        include_str!("../../scenarios/us-rwanda.toml"),
    ),
];

/// The prefix of the `file` shown for a built-in scenario, and of its name in
/// `extends`.
pub use crate::load::compose::BUILTIN_PREFIX;

/// The built-in scenario called `name`, with or without `.toml`: its file name
/// and text.
pub fn builtin_named(name: &str) -> Option<(&'static str, &'static str)> {
    let wanted = name.strip_suffix(".toml").unwrap_or(name);
    BUILTIN
        .iter()
        .find(|(file, _)| file.strip_suffix(".toml") == Some(wanted))
        .copied()
}

/// The names of the built-in scenarios, without `.toml`, for hints.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN
        .iter()
        .map(|(file, _)| file.strip_suffix(".toml").unwrap_or(file))
}

/// A scenario file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As the user wrote it, or `builtin:NAME`.
    pub display: String,
    /// Where the file is; `None` for built-in scenarios.
    pub on_disk: Option<OnDisk>,
    pub text: String,
}

/// A scenario file on disk.
#[derive(Debug, Clone)]
pub struct OnDisk {
    pub path: PathBuf,
    /// Which file it is, whatever path reaches it.
    pub id: FileId,
}

/// An entry of a directory that looked like a scenario (its name ends in
/// `.toml`) but was not read, and why: reported as a warning, so a file that
/// is not there is never silently left out of a comparison.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skipped {}: {}", display(&self.path), self.reason)
    }
}

/// What loading a list of paths gave: the results and the problems in input
/// order, the warnings of the valid files (one report per file that has any,
/// in input order), and the directory entries that were skipped.
pub struct Loading<T> {
    pub done: Vec<T>,
    pub problems: Vec<FileReport>,
    pub warnings: Vec<FileReport>,
    pub skipped: Vec<Skipped>,
}

/// A valid scenario and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: SourceFile,
    /// Boxed: a scenario is hundreds of bytes, and a loaded file is passed on by value.
    pub scenario: Box<Scenario>,
    /// Values that came from a file it extends or a `--set`, not the file.
    pub provenance: Provenance,
    /// Those other texts, numbered from [`Origin`](crate::diagnostic::Origin) 1.
    pub related: Vec<RelatedText>,
    /// Odd figures in it, as warnings (the scenario is still used).
    pub warnings: Vec<Diagnostic>,
    /// Where its dates and unsourced figures are, for `check`'s warnings.
    pub review: crate::load::review::Review,
}

impl Loaded {
    /// Its warnings as a report to print, or `None` when there are none.
    pub fn warnings_report(&self) -> Option<FileReport> {
        self.report_of(self.warnings.clone())
    }

    /// Its warnings and those of `check`'s review of its dates and sources
    /// (see [`Review`](crate::load::review::Review)), as one report.
    pub fn reviewed_report(&self, on: Reviewing) -> Option<FileReport> {
        let mut warnings = self.warnings.clone();
        warnings.extend(self.review.warnings(&self.scenario, on));
        self.report_of(warnings)
    }

    fn report_of(&self, warnings: Vec<Diagnostic>) -> Option<FileReport> {
        (!warnings.is_empty()).then(|| FileReport {
            related: self.related.clone(),
            ..FileReport::new(self.file.display.clone(), self.file.text.clone(), warnings)
        })
    }
}

/// The built-in scenarios, in name order.
pub fn builtin() -> Vec<SourceFile> {
    BUILTIN
        .iter()
        .map(|(name, text)| SourceFile {
            display: format!("{BUILTIN_PREFIX}{name}"),
            on_disk: None,
            text: (*text).to_string(),
        })
        .collect()
}

/// Expands directories into their `*.toml` files. Files named explicitly are
/// taken whatever their extension.
///
/// Paths are examined in parallel (`scenarios/*.toml` can be thousands of
/// them, each needing a look at whether it is a directory), keeping their order.
fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileReport>, Vec<Skipped>) {
    let expanded: Vec<Result<Listing, FileReport>> = paths
        .par_iter()
        .with_min_len(256)
        .map(|path| {
            if !path.is_dir() {
                // A missing file is reported when it is read.
                return Ok(Listing {
                    files: vec![path.clone()],
                    skipped: Vec::new(),
                });
            }
            match toml_files_in(path) {
                Ok(found) if found.files.is_empty() && found.skipped.is_empty() => Err(report(
                    path,
                    Diagnostic::whole_file("is a directory with no .toml files in it").with_help(
                        "scenario files end in .toml; directories are not searched recursively",
                    ),
                )),
                // Entries named like scenarios, none of them a file to read:
                // nothing was read, which is no success.
                Ok(found) if found.files.is_empty() => Err(report(
                    path,
                    Diagnostic::whole_file(format!(
                        "is a directory with no readable .toml files in it: {}",
                        found
                            .skipped
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))
                    .with_help("a scenario is a regular file ending in .toml"),
                )),
                Ok(found) => Ok(found),
                Err(error) => Err(report(
                    path,
                    Diagnostic::whole_file(format!(
                        "cannot list the directory: {}",
                        io_reason(&error)
                    )),
                )),
            }
        })
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for result in expanded {
        match result {
            Ok(found) => {
                files.extend(found.files);
                skipped.extend(found.skipped);
            }
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems, skipped)
}

/// A directory's scenario files, and the entries named `*.toml` that are not
/// files to read.
struct Listing {
    files: Vec<PathBuf>,
    skipped: Vec<Skipped>,
}

/// The `*.toml` files of `dir` (regular files, or symlinks to them), in name
/// order, and the other entries named `*.toml`, each with why it is skipped.
fn toml_files_in(dir: &Path) -> std::io::Result<Listing> {
    let mut names = Vec::new();
    let mut skipped = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        // `.toml` alone is a hidden file with no extension, as `extension` says.
        if Path::new(&name).extension() != Some(OsStr::new("toml")) {
            continue;
        }
        // The listing tells a regular file without a stat; a symlink, or an
        // entry on a file system that does not say, needs one.
        if !entry.file_type().is_ok_and(|kind| kind.is_file())
            && let Some(reason) = not_a_file(&entry.path())
        {
            skipped.push(Skipped {
                path: entry.path(),
                reason,
            });
            continue;
        }
        names.push(name);
    }
    // Sorted by name, not by path: the same order here (one directory), and
    // comparing paths splits each into components, for every comparison.
    names.sort_unstable();
    skipped.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let files = names.into_iter().map(|name| dir.join(name)).collect();
    Ok(Listing { files, skipped })
}

/// Why the entry at `path` is not a file to read (following symlinks), or
/// `None` when it is one.
fn not_a_file(path: &Path) -> Option<String> {
    match fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => None,
        Ok(metadata) if metadata.is_dir() => {
            Some("it is a directory (directories are not searched recursively)".into())
        }
        Ok(metadata) => Some(format!(
            "it is {}, not a regular file",
            kind_of(&metadata.file_type())
        )),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Some("it is a symbolic link to a file that does not exist".into())
        }
        Err(error) => Some(format!("it cannot be opened: {}", io_reason(&error))),
    }
}

/// What a file that is not a regular file is, in a person's words.
fn kind_of(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "something other than a file"
    }
}

/// Reads a scenario file as UTF-8 text; a bare name that is no file
/// (`uk-rwanda`) is the built-in scenario of that name (`builtin_argument`).
pub fn read(path: &Path) -> Result<SourceFile, FileReport> {
    if let Some(builtin) = builtin_argument(path) {
        return builtin;
    }
    let (bytes, id) = read_all(path).map_err(|error| {
        let diagnostic =
            Diagnostic::whole_file(format!("cannot read the file: {}", io_reason(&error)));
        let diagnostic = match error.kind() {
            std::io::ErrorKind::NotFound => diagnostic.with_help(
                "check the path; with no paths, `costcalc compare` uses the built-in scenarios",
            ),
            _ => diagnostic,
        };
        report(path, diagnostic)
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        // Up to the first invalid byte the lossy text is the file itself, so the
        // span points at the right line and column; the byte shows as U+FFFD.
        let valid = error.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
        FileReport::new(
            display(path),
            lossy,
            vec![
                Diagnostic::at(valid..valid + '\u{fffd}'.len_utf8(), "the file is not UTF-8 text: this byte is not valid UTF-8")
                    .with_help("save the file with the UTF-8 encoding (most editors offer it under \"Save as\")"),
            ],
        )
    })?;
    Ok(SourceFile {
        display: display(path),
        on_disk: Some(OnDisk {
            path: path.to_path_buf(),
            id,
        }),
        text,
    })
}

/// Whether `name`, as written on the command line or in `extends`, names a
/// built-in scenario rather than a file: it has no `/` (or `\\`), does not end
/// in `.toml`, and no file of that name exists (an existing file always wins).
/// `builtin:NAME`, as the `file` column shows one, is also accepted when no
/// such file exists.
pub fn names_a_builtin(name: &str, existing: impl Fn(&Path) -> bool) -> bool {
    if existing(Path::new(name)) {
        return false;
    }
    name.starts_with(BUILTIN_PREFIX)
        || (!name.is_empty()
            && !name.contains(['/', '\\'])
            && !name.ends_with(".toml")
            && name != "."
            && name != "..")
}

/// The built-in scenario a command-line argument names, as the file it
/// stands for, or what is wrong with the name; `None` when it names a file.
fn builtin_argument(path: &Path) -> Option<Result<SourceFile, FileReport>> {
    let name = path.to_str()?;
    if !names_a_builtin(name, |path| fs::symlink_metadata(path).is_ok()) {
        return None;
    }
    let wanted = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(name);
    Some(match builtin_named(wanted) {
        Some((file, text)) => Ok(SourceFile {
            display: format!("{BUILTIN_PREFIX}{file}"),
            on_disk: None,
            text: text.to_string(),
        }),
        None => Err(report(
            path,
            Diagnostic::whole_file("there is no such file, and no built-in scenario of that name")
                .with_help(not_a_builtin_help(wanted)),
        )),
    })
}

/// The hint for a name that is no built-in scenario: the nearest one, and
/// all of them.
fn not_a_builtin_help(name: &str) -> String {
    let all = builtin_names().collect::<Vec<_>>().join(", ");
    match closest(name, builtin_names()) {
        Some(near) => format!("did you mean {near}? the built-in scenarios are {all}"),
        None => format!("the built-in scenarios are {all}; a file's path ends in .toml"),
    }
}

/// A path as the user wrote it, for messages and the `file` column.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The largest scenario file read: far above any real one (a few kilobytes),
/// low enough that a wrong path (a video, a disk image) is refused at once.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole regular file, up to [`MAX_FILE_BYTES`] (see [`open_regular`]).
/// Returns the bytes and which file they came from.
fn read_all(path: &Path) -> std::io::Result<(Vec<u8>, FileId)> {
    let (file, id, size) = open_regular(path)?;
    // Room for the size the file had when opened (it may since have grown: the
    // read goes on to its end, or past the limit).
    let mut bytes = Vec::with_capacity(size.min(MAX_FILE_BYTES + 1) as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "it is larger than {} MiB, far more than any scenario (a few kilobytes): is this the right file?",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok((bytes, id))
}

/// Opens a file to read it, refusing anything but a regular file, and records
/// it as read ([`files`]); returns it with its identity and size. It never
/// waits: opening a named pipe to read blocks until something opens it to
/// write, so files are opened without blocking and what was opened is looked
/// at before it is read.
fn open_regular(path: &Path) -> std::io::Result<(fs::File, FileId, u64)> {
    let file = open_without_blocking(path)?;
    let (id, metadata) = FileId::of_open(&file, path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(format!(
            "it is {}, not a regular file; costcalc reads scenarios and rates only from regular files",
            kind_of(&metadata.file_type())
        )));
    }
    files::record_read(id.clone(), path).map_err(|output| {
        std::io::Error::other(format!(
            "it is also where this run writes its output ({}), and costcalc never writes over what it reads; choose another output file",
            output.display()
        ))
    })?;
    Ok((file, id, metadata.len()))
}

/// Opens `path` to read without waiting for a writer, should it be a named
/// pipe (the caller refuses anything but a regular file; for one, the flag
/// changes nothing).
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

/// Elsewhere there are no named pipes to wait on.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// Parses one file's text into a scenario, with the files it extends and the
/// overrides applied.
pub fn parse(file: SourceFile, overrides: &[Override]) -> Result<Loaded, FileReport> {
    // A built-in scenario is at `builtin:NAME`, and extends other built-in
    // scenarios by file name.
    let builtin = file
        .display
        .starts_with(BUILTIN_PREFIX)
        .then(|| Path::new(file.display.as_str()));
    let path = file
        .on_disk
        .as_ref()
        .map(|on_disk| on_disk.path.as_path())
        .or(builtin);
    let read_parent =
        |parent: &Path| match parent.to_str().and_then(|p| p.strip_prefix(BUILTIN_PREFIX)) {
            Some(name) => read_builtin_parent(name),
            None => read_parent_file(parent, path.unwrap_or(Path::new(""))),
        };
    match crate::load::compose(&file.text, path, overrides, &read_parent) {
        Ok(composed) => Ok(Loaded {
            file,
            scenario: Box::new(composed.scenario),
            provenance: composed.provenance,
            related: composed.related,
            warnings: composed.warnings,
            review: composed.review,
        }),
        Err(problems) => Err(FileReport {
            related: problems.related,
            ..FileReport::new(file.display, file.text, problems.diagnostics)
        }),
    }
}

fn read_builtin_parent(name: &str) -> Result<String, Unreadable> {
    match builtin_named(name) {
        Some((_, text)) => Ok(text.to_string()),
        None => Err(Unreadable {
            reason: "there is no built-in scenario of that name".into(),
            help: Some(not_a_builtin_help(
                name.strip_suffix(".toml").unwrap_or(name),
            )),
        }),
    }
}

/// Reads `parent`, a file of the `extends` chain of the scenario at `scenario`
/// (the file named on the command line or listed in a named directory).
///
/// It must be a regular `.toml` file inside the folders this run may read: the
/// folder costcalc was started in, or the scenario's own folder, once `..` and
/// symbolic links are resolved. So `variants/kid.toml` may extend
/// `../uk-rwanda.toml` when costcalc runs from the folder above, but no
/// scenario can make costcalc read `/etc/passwd` or a secret two folders up
/// and show its lines in an error message.
fn read_parent_file(parent: &Path, scenario: &Path) -> Result<String, Unreadable> {
    let resolved = parent
        .canonicalize()
        .map_err(|error| Unreadable::from(io_reason(&error).as_str()))?;
    let folders = allowed_folders(scenario);
    if !folders.iter().any(|folder| resolved.starts_with(folder)) {
        return Err(Unreadable {
            reason: format!(
                "it is outside the folders costcalc may read here ({})",
                folders
                    .iter()
                    .map(|folder| folder.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            help: Some(
                "a scenario may extend files in its own folder, or anywhere under the folder \
                 costcalc is run from: run costcalc from a folder that holds both files, or \
                 copy the file you extend next to this one"
                    .into(),
            ),
        });
    }
    if resolved
        .extension()
        .is_none_or(|extension| extension != "toml")
    {
        return Err(Unreadable {
            reason: format!(
                "it is a link to {}, which is not a .toml file",
                resolved.display()
            ),
            help: None,
        });
    }
    let (bytes, _) =
        read_all(&resolved).map_err(|error| Unreadable::from(io_reason(&error).as_str()))?;
    String::from_utf8(bytes).map_err(|_| Unreadable {
        reason: "it is not UTF-8 text".into(),
        help: Some(
            "save the file with the UTF-8 encoding (most editors offer it under \"Save as\")"
                .into(),
        ),
    })
}

/// The folders whose files an `extends` chain of the scenario at `scenario`
/// may read: the one costcalc was started in and the scenario's own, resolved.
fn allowed_folders(scenario: &Path) -> Vec<PathBuf> {
    let started_in = std::env::current_dir().and_then(|folder| folder.canonicalize());
    let own = match scenario.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.canonicalize(),
        _ => Path::new(".").canonicalize(),
    };
    let mut folders: Vec<PathBuf> = started_in.into_iter().chain(own).collect();
    folders.dedup();
    folders
}

/// Reads and parses every path (or the built-in scenarios when there are none),
/// returning the valid scenarios and a report for every file with problems,
/// both in input order.
pub fn load(paths: &[PathBuf], overrides: &[Override]) -> Loading<Loaded> {
    load_with(paths, overrides, Ok)
}

/// [`load`], then `then` on each valid scenario, in the same parallel pass.
///
/// Files are read, parsed and processed in parallel (a directory of 10,000
/// scenarios is the benchmark); results keep the order of the paths, so output
/// never depends on the number of threads.
pub fn load_with<T: Send>(
    paths: &[PathBuf],
    overrides: &[Override],
    then: impl Fn(Loaded) -> Result<T, FileReport> + Sync,
) -> Loading<T> {
    load_reviewed(paths, overrides, None, then)
}

/// [`load_with`]; with `review`, each file's warnings include those of
/// `check`'s review of its dates and sources on that day.
pub fn load_reviewed<T: Send>(
    paths: &[PathBuf],
    overrides: &[Override],
    review: Option<Reviewing>,
    then: impl Fn(Loaded) -> Result<T, FileReport> + Sync,
) -> Loading<T> {
    // A file's warnings are taken before `then` consumes it, and kept even
    // when `then` fails (`check` lists them with the errors).
    let load_one = |file: SourceFile| match parse(file, overrides) {
        Ok(loaded) => {
            let warnings = match review {
                Some(on) => loaded.reviewed_report(on),
                None => loaded.warnings_report(),
            };
            (then(loaded), warnings)
        }
        Err(problem) => (Err(problem), None),
    };
    type Outcome<T> = (Result<T, FileReport>, Option<FileReport>);
    let (results, mut problems, skipped): (Vec<Outcome<T>>, _, _) = if paths.is_empty() {
        let results = builtin().into_iter().map(load_one).collect();
        (results, Vec::new(), Vec::new())
    } else {
        let (files, problems, skipped) = expand(paths);
        // An indexed collect writes each result straight into its slot; results
        // are large, and growing vectors (as `partition_map` does) copies them.
        let results = files
            .into_par_iter()
            .with_min_len(64)
            .map(|path| match read(&path) {
                Ok(file) => load_one(file),
                Err(problem) => (Err(problem), None),
            })
            .collect();
        (results, problems, skipped)
    };
    let mut done = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for (result, warned) in results {
        match result {
            Ok(value) => done.push(value),
            Err(problem) => problems.push(problem),
        }
        warnings.extend(warned);
    }
    Loading {
        done,
        problems,
        warnings,
        skipped,
    }
}

fn report(path: &Path, diagnostic: Diagnostic) -> FileReport {
    FileReport::new(display(path), String::new(), vec![diagnostic])
}

/// An I/O error's reason without Rust's "(os error 2)" suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_lowercase(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file names `toml_files_in` lists, in its order.
    fn listed_names(dir: &Path) -> Vec<String> {
        toml_files_in(dir)
            .unwrap()
            .files
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_bare_name_that_is_no_file_names_a_builtin() {
        let none = |_: &Path| false;
        assert!(names_a_builtin("uk-rwanda", none));
        assert!(names_a_builtin("builtin:uk-rwanda.toml", none));
        // A path, or a name ending in .toml, is always a file.
        assert!(!names_a_builtin("uk-rwanda.toml", none));
        assert!(!names_a_builtin("scenarios/uk-rwanda", none));
        assert!(!names_a_builtin("..", none));
        assert!(!names_a_builtin("", none));
        // An existing file wins.
        assert!(!names_a_builtin("uk-rwanda", |_| true));
    }

    #[test]
    fn builtin_list_matches_the_scenarios_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let on_disk = listed_names(&folder);
        let embedded: Vec<String> = BUILTIN.iter().map(|(name, _)| name.to_string()).collect();
        assert_eq!(
            embedded, on_disk,
            "update input::BUILTIN to match scenarios/"
        );
    }

    #[test]
    fn a_directory_means_its_toml_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        for name in ["b.toml", "a.toml", "notes.txt", ".toml", "c.toml.bak"] {
            fs::write(path.join(name), "").unwrap();
        }
        fs::create_dir(path.join("folder.toml")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(path.join("a.toml"), path.join("link.toml")).unwrap();
            std::os::unix::fs::symlink(path.join("gone"), path.join("dangling.toml")).unwrap();
        }
        let names = listed_names(path);
        // Not: a name that is only an extension (`.toml`, a hidden file with no
        // extension, as `Path::extension` says), other extensions, a directory,
        // a symlink to nothing. A symlink to a file counts.
        let expected: &[&str] = if cfg!(unix) {
            &["a.toml", "b.toml", "link.toml"]
        } else {
            &["a.toml", "b.toml"]
        };
        assert_eq!(names, expected);
    }

    #[test]
    fn reads_whole_files_of_every_size() {
        // Around the sizes a reader might guess or buffer (4 and 8 KiB, the
        // 32-byte probe `read_to_end` makes when a buffer is full).
        let dir = tempfile::tempdir().unwrap();
        for size in [
            0,
            1,
            31,
            32,
            33,
            300,
            4096,
            4097,
            8192,
            16 * 1024 + 1,
            50_000,
        ] {
            let path = dir.path().join(format!("{size}.toml"));
            let text: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            fs::write(&path, &text).unwrap();
            assert_eq!(read_all(&path).unwrap().0, text, "{size} bytes");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_at_once_not_waited_on() {
        // Opening a named pipe to read waits for a writer: nothing ever opens
        // this one, so a read that waited would never return.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("scenario.toml");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        let report = read(&fifo).unwrap_err();
        assert_eq!(
            report.diagnostics[0].message,
            "cannot read the file: it is a named pipe (FIFO), not a regular file; \
             costcalc reads scenarios and rates only from regular files"
        );
    }

    #[cfg(unix)]
    #[test]
    fn entries_of_a_directory_that_are_not_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        fs::write(path.join("a.toml"), "").unwrap();
        std::os::unix::fs::symlink(path.join("gone"), path.join("dangling.toml")).unwrap();
        std::os::unix::fs::symlink(path.join("loop.toml"), path.join("loop.toml")).unwrap();
        std::os::unix::fs::symlink("/dev/null", path.join("device.toml")).unwrap();
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            path.join("pipe.toml"),
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        fs::create_dir(path.join("folder.toml")).unwrap();
        // Not named like a scenario: not mentioned.
        std::os::unix::fs::symlink(path.join("gone"), path.join("notes.txt")).unwrap();
        let listing = toml_files_in(path).unwrap();
        assert_eq!(listing.files.len(), 1);
        let skipped: Vec<String> = listing
            .skipped
            .iter()
            .map(|s| {
                format!(
                    "{}: {}",
                    s.path.file_name().unwrap().to_string_lossy(),
                    s.reason
                )
            })
            .collect();
        assert_eq!(
            skipped,
            [
                "dangling.toml: it is a symbolic link to a file that does not exist",
                "device.toml: it is a device, not a regular file",
                "folder.toml: it is a directory (directories are not searched recursively)",
                "loop.toml: it cannot be opened: too many levels of symbolic links",
                "pipe.toml: it is a named pipe (FIFO), not a regular file",
            ]
        );
    }

    #[test]
    fn every_builtin_scenario_is_valid() {
        for file in builtin() {
            let name = file.display.clone();
            if let Err(report) = parse(file, &[]) {
                panic!(
                    "{name}:\n{}",
                    report.render(&crate::diagnostic::Style::plain())
                );
            }
        }
    }
}
