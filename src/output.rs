/*!
Writing results: to stdout, or atomically to a file that is never one this run
read (see [`crate::files`]).

A file is written to a temporary file in the same folder, flushed to disk and then
renamed over the destination, so a reader (or a crash) sees either the old file or
the complete new one, never half of each. The temporary files being written are
known to [`remove_temporary_files_on_interruption`], so Ctrl-C, SIGTERM or SIGHUP
mid-write leave neither debris nor a partial destination.
*/

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::files::FileId;

/// Why an output file could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The destination is a file this run read: a scenario, a file one
    /// extends, a rates table.
    WouldOverwriteInput(PathBuf),
    IsDirectory(PathBuf),
    /// `costcalc new` never replaces a file.
    Exists(PathBuf),
    /// Two outputs of one run name the same file (`place`), or both go to
    /// standard output (`place` is `None`); `first` and `second` say which.
    SamePlaceTwice {
        first: String,
        second: String,
        place: Option<PathBuf>,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::WouldOverwriteInput(path) => write!(
                f,
                "refusing to write to {}: costcalc read it in this run (a scenario, a file a scenario extends, or a --rates table), and never writes over its input\n  = help: choose another output file, such as comparison.csv",
                path.display()
            ),
            OutputError::IsDirectory(path) => write!(
                f,
                "cannot write to {}: it is a directory\n  = help: give a file name, such as {}",
                path.display(),
                path.join("comparison.csv").display()
            ),
            OutputError::Exists(path) => write!(
                f,
                "{} already exists; costcalc new never overwrites a file\n  = help: choose another name, or move the existing file away first",
                path.display()
            ),
            OutputError::SamePlaceTwice {
                first,
                second,
                place: Some(path),
            } => write!(
                f,
                "refusing to write {first} and {second} to the same file, {}: one would replace the other\n  = help: give each a file of its own",
                path.display()
            ),
            OutputError::SamePlaceTwice {
                first,
                second,
                place: None,
            } => write!(
                f,
                "refusing to write {first} and {second} together to standard output: they would be mixed\n  = help: send one of them to a file"
            ),
            OutputError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// Refuses a run whose outputs would land in the same place: the same file
/// (by device and inode when it exists, so links, other spellings and a shell
/// redirection of stdout count; by resolved path when it does not exist yet),
/// or standard output twice. Each output is what it is, for the message ("the
/// draws (--samples)"), and its path: `None` or `-` is standard output. A
/// device such as `/dev/null` may take several: nothing of it is replaced.
/// Call it before any work.
pub fn refuse_same_place_twice(outputs: &[(&str, Option<&Path>)]) -> Result<(), OutputError> {
    let places: Vec<Place> = outputs.iter().map(|(_, path)| Place::of(*path)).collect();
    for (later, place) in places.iter().enumerate() {
        let Some(earlier) = places[..later].iter().position(|other| other.is(place)) else {
            continue;
        };
        let named = |index: usize| outputs[index].1.filter(|path| path.as_os_str() != "-");
        return Err(OutputError::SamePlaceTwice {
            first: outputs[earlier].0.to_string(),
            second: outputs[later].0.to_string(),
            place: named(later).or(named(earlier)).map(Path::to_path_buf),
        });
    }
    Ok(())
}

/// Where an output lands, to compare the outputs of one run.
#[derive(Debug)]
struct Place {
    stdout: bool,
    /// What is there already (for stdout, what it is connected to), and
    /// whether it is a device (a terminal or `/dev/null`, say), which several
    /// outputs may share: nothing of it is replaced.
    existing: Option<(FileId, bool)>,
    /// For a file not there yet, its resolved path.
    resolved: Option<PathBuf>,
}

impl Place {
    fn of(path: Option<&Path>) -> Place {
        match path.filter(|path| path.as_os_str() != "-") {
            None => Place {
                stdout: true,
                existing: stdout_identity(),
                resolved: None,
            },
            Some(path) => {
                let existing = std::fs::metadata(path)
                    .ok()
                    .and_then(|m| identity(&m, path));
                // A folder that does not exist fails the write later, with its
                // own message; until then the path as written stands for it.
                let resolved = existing
                    .is_none()
                    .then(|| resolve(path).unwrap_or_else(|_| path.to_path_buf()));
                Place {
                    stdout: false,
                    existing,
                    resolved,
                }
            }
        }
    }

    fn is(&self, other: &Place) -> bool {
        (self.stdout && other.stdout)
            || matches!((&self.existing, &other.existing),
                (Some((mine, false)), Some((theirs, _))) if mine == theirs)
            || (self.resolved.is_some() && self.resolved == other.resolved)
    }
}

/// A file's identity, and whether it is a character device.
fn identity(metadata: &std::fs::Metadata, path: &Path) -> Option<(FileId, bool)> {
    #[cfg(unix)]
    let device = std::os::unix::fs::FileTypeExt::is_char_device(&metadata.file_type());
    #[cfg(not(unix))]
    let device = false;
    Some((FileId::of_metadata(metadata, path).ok()?, device))
}

#[cfg(unix)]
fn stdout_identity() -> Option<(FileId, bool)> {
    use std::os::fd::AsFd;
    let stdout = io::stdout().as_fd().try_clone_to_owned().ok()?;
    identity(
        &std::fs::File::from(stdout).metadata().ok()?,
        Path::new("/dev/stdout"),
    )
}

/// Elsewhere standard output is not compared with files.
#[cfg(not(unix))]
fn stdout_identity() -> Option<(FileId, bool)> {
    None
}

/// Writes `bytes` to `destination` atomically, refusing to replace any file
/// this run read ([`crate::files`]).
pub fn write_file(destination: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file_with(destination, |file| file.write_all(bytes))
}

/// [`write_file`] for output written piece by piece (`write` gets the open
/// file): the same atomic replacement and the same refusal to write over an input.
pub fn write_file_with(
    destination: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), OutputError> {
    if destination.is_dir() {
        return Err(OutputError::IsDirectory(destination.to_path_buf()));
    }
    let io_error = |error| OutputError::Io {
        path: destination.to_path_buf(),
        error,
    };
    let target = resolve(destination).map_err(io_error)?;
    // The same file by identity, so symlinks, hard links and `..` count too.
    if crate::files::was_read(&target) {
        return Err(OutputError::WouldOverwriteInput(destination.to_path_buf()));
    }
    let existing = std::fs::metadata(&target).ok();
    if let Some(existing) = &existing
        && !existing.is_file()
    {
        // A terminal, /dev/null, /dev/stdout or a named pipe: renaming a file over
        // it would replace the device instead of writing to it.
        return std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .and_then(|mut file| write(&mut file))
            .map_err(io_error);
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".costcalc-").suffix(".tmp");
    // The result keeps the permissions of the file it replaces; a new file gets
    // the usual ones (read-write for all, less the umask), not a temporary
    // file's owner-only 0600.
    match &existing {
        Some(existing) => {
            builder.permissions(existing.permissions());
        }
        None => usual_permissions(&mut builder),
    }
    let mut temporary = Temporary::create(&builder, folder).map_err(io_error)?;
    write(temporary.file()).map_err(io_error)?;
    temporary.file().sync_all().map_err(io_error)?;
    temporary.persist(&target).map_err(io_error)
}

/// Writes `bytes` to a new file at `destination`, atomically, refusing if
/// anything is already there (checked by the final rename itself, so no other
/// program can slip a file in between).
pub fn write_new_file(destination: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let io_error = |error| OutputError::Io {
        path: destination.to_path_buf(),
        error,
    };
    if destination.exists() {
        return Err(OutputError::Exists(destination.to_path_buf()));
    }
    let folder = match destination.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".costcalc-").suffix(".tmp");
    usual_permissions(&mut builder);
    let mut temporary = Temporary::create(&builder, folder).map_err(io_error)?;
    temporary.file().write_all(bytes).map_err(io_error)?;
    temporary.file().sync_all().map_err(io_error)?;
    temporary.persist_new(destination).map_err(|error| {
        if error.kind() == io::ErrorKind::AlreadyExists {
            OutputError::Exists(destination.to_path_buf())
        } else {
            io_error(error)
        }
    })
}

/// The temporary files being written right now, for the interruption handler.
static WRITING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary output file, listed in [`WRITING`] from the moment it exists
/// until it is renamed into place or deleted.
struct Temporary {
    /// Always `Some` until `persist` or `drop` takes it.
    file: Option<tempfile::NamedTempFile>,
}

impl Temporary {
    /// Creates the file with the list locked, so that an interruption cannot
    /// fall between its creation and its listing.
    fn create(builder: &tempfile::Builder, folder: &Path) -> io::Result<Temporary> {
        let mut writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
        let file = builder.tempfile_in(folder)?;
        writing.push(file.path().to_path_buf());
        Ok(Temporary { file: Some(file) })
    }

    fn file(&mut self) -> &mut std::fs::File {
        self.file
            .as_mut()
            .expect("a temporary file is there until persisted or dropped")
            .as_file_mut()
    }

    /// Renames the file over `target`.
    fn persist(mut self, target: &Path) -> io::Result<()> {
        let file = self.take();
        let path = file.path().to_path_buf();
        // A failed rename drops (deletes) the file inside the error.
        let result = file.persist(target).map(drop).map_err(|error| error.error);
        unlist(&path);
        result
    }

    /// Renames the file to `destination`, failing if anything is there.
    fn persist_new(mut self, destination: &Path) -> io::Result<()> {
        let file = self.take();
        let path = file.path().to_path_buf();
        let result = file
            .persist_noclobber(destination)
            .map(drop)
            .map_err(|error| error.error);
        unlist(&path);
        result
    }

    fn take(&mut self) -> tempfile::NamedTempFile {
        self.file
            .take()
            .expect("a temporary file is persisted at most once")
    }
}

impl Drop for Temporary {
    /// A write that failed: the file is deleted, and only then unlisted.
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let path = file.path().to_path_buf();
            drop(file);
            unlist(&path);
        }
    }
}

fn unlist(path: &Path) {
    let mut writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(index) = writing.iter().position(|listed| listed == path) {
        writing.swap_remove(index);
    }
}

/// Deletes every temporary file being written, keeping the list locked so no
/// new one can start; returns the guard, to hold until the process exits.
fn remove_temporary_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    let writing = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
    for path in writing.iter() {
        // Already renamed into place (the write had finished) or never
        // created: nothing to remove, and the destination is whole.
        let _ = std::fs::remove_file(path);
    }
    writing
}

/// On SIGINT, SIGTERM or SIGHUP: deletes the temporary files being written and
/// exits with 128 + the signal's number (130, 143, 129), as a shell reports a
/// process killed by it. The handler is an ordinary thread (signal-hook's
/// iterator), so it may lock and delete files. Call once, from `main`.
#[cfg(unix)]
pub fn remove_temporary_files_on_interruption() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // A signal the parent set to be ignored stays ignored: under `nohup`
    // (SIGHUP), or as a background job of a script (SIGINT), the user asked
    // for the run to go on.
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&signal| !is_ignored(signal))
        .collect();
    let mut signals = signal_hook::iterator::Signals::new(wanted)?;
    std::thread::Builder::new()
        .name("interruption".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _writing = remove_temporary_files();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Whether `signal` is ignored, as a process started by `nohup` finds SIGHUP.
#[cfg(unix)]
fn is_ignored(signal: i32) -> bool {
    let mut current = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: with a null new action, sigaction only writes the current one
    // into `current`, which is valid, zeroed memory of the right type.
    let found = unsafe { libc::sigaction(signal, std::ptr::null(), current.as_mut_ptr()) } == 0;
    // SAFETY: zeroed memory is a valid sigaction, and sigaction filled it in.
    found && unsafe { current.assume_init() }.sa_sigaction == libc::SIG_IGN
}

/// Elsewhere an interruption ends the process as the platform does.
#[cfg(not(unix))]
pub fn remove_temporary_files_on_interruption() -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn usual_permissions(builder: &mut tempfile::Builder) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(0o666));
}

/// Elsewhere a temporary file already has the usual permissions.
#[cfg(not(unix))]
fn usual_permissions(_builder: &mut tempfile::Builder) {}

/// The absolute path a destination refers to, following symlinks, whether or not
/// the file exists yet (its folder must).
fn resolve(destination: &Path) -> io::Result<PathBuf> {
    resolve_links(destination, 0)
}

/// [`resolve`], `depth` links in: a link to a file not there yet (a dangling
/// link) is followed to where it points, so it is the same place as its
/// target named directly, as a link to an existing file is.
fn resolve_links(destination: &Path, depth: u32) -> io::Result<PathBuf> {
    if let Ok(existing) = destination.canonicalize() {
        return Ok(existing);
    }
    if depth < 40
        && std::fs::symlink_metadata(destination).is_ok_and(|m| m.file_type().is_symlink())
    {
        let target = std::fs::read_link(destination)?;
        let folder = destination.parent().unwrap_or(Path::new(""));
        return resolve_links(&folder.join(target), depth + 1);
    }
    let file_name = destination
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let folder = match destination.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    Ok(folder.canonicalize()?.join(file_name))
}

/// Writes to stdout. A closed pipe (`costcalc compare | head -1`) is not an
/// error: the reader has all it wanted.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    write_stdout_with(|stdout| stdout.write_all(bytes))
}

/// [`write_stdout`] for output written piece by piece.
pub fn write_stdout_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_mid_write_leaves_the_previous_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("out.csv");
        std::fs::write(&destination, "the previous results\n").unwrap();
        // Half the output is written, then the writer fails (a full disk, say).
        let result = write_file_with(&destination, |file| {
            file.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(result, Err(OutputError::Io { .. })));
        assert_eq!(
            std::fs::read_to_string(&destination).unwrap(),
            "the previous results\n"
        );
        // And no temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.csv"]);
    }

    /// The temporary files listed in [`WRITING`] that lie in `folder` (other
    /// tests write in their own folders at the same time).
    fn listed_in(folder: &Path) -> Vec<PathBuf> {
        let writing = WRITING.lock().unwrap();
        writing
            .iter()
            .filter(|path| path.starts_with(folder))
            .cloned()
            .collect()
    }

    #[test]
    fn a_temporary_file_is_listed_for_interruption_only_while_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().canonicalize().unwrap();
        let destination = dir.path().join("out.csv");
        write_file_with(&destination, |file| {
            let listed = listed_in(&folder);
            assert_eq!(listed.len(), 1);
            assert!(listed[0].exists());
            file.write_all(b"done")
        })
        .unwrap();
        assert!(listed_in(&folder).is_empty());
        // A failed write is unlisted too, once its file is gone.
        let _ = write_file_with(&destination, |_| Err(io::Error::other("disk full")));
        assert!(listed_in(&folder).is_empty());
        write_new_file(&dir.path().join("new.toml"), b"x").unwrap();
        assert!(listed_in(&folder).is_empty());
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["new.toml", "out.csv"]);
    }

    #[test]
    fn two_outputs_of_one_run_may_not_share_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let draws = dir.path().join("draws.csv");
        let summary = dir.path().join("summary.csv");
        let refused = |a: &Path, b: &Path| {
            refuse_same_place_twice(&[("the draws", Some(a)), ("the summary", Some(b))]).is_err()
        };
        // Neither exists yet: compared by resolved path.
        assert!(refused(&draws, &draws));
        assert!(refused(&draws, &dir.path().join(".").join("draws.csv")));
        assert!(!refused(&draws, &summary));
        // Existing: by device and inode, so a hard link is the same file.
        std::fs::write(&draws, "old").unwrap();
        std::fs::hard_link(&draws, &summary).unwrap();
        assert!(refused(&draws, &summary));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&draws, &link).unwrap();
            assert!(refused(&link, &draws));
            // Nothing of a device is replaced: it may take both.
            assert!(!refused(Path::new("/dev/null"), Path::new("/dev/null")));
        }
        // Standard output, as `-` or by default, takes one output at most.
        let error =
            refuse_same_place_twice(&[("the draws", Some(Path::new("-"))), ("the summary", None)])
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "refusing to write the draws and the summary together to standard output: they \
             would be mixed\n  = help: send one of them to a file"
        );
        assert!(
            refuse_same_place_twice(&[("the draws", Some(&draws)), ("the summary", None)]).is_ok()
        );
    }

    #[test]
    fn a_new_file_is_never_written_over_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("deal.toml");
        write_new_file(&destination, b"first").unwrap();
        assert!(matches!(
            write_new_file(&destination, b"second"),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(std::fs::read_to_string(&destination).unwrap(), "first");
    }

    #[test]
    fn replaces_the_destination_whole() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("out.csv");
        std::fs::write(&destination, "old").unwrap();
        write_file(&destination, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&destination).unwrap(), "new");
        // Nothing is left behind but the destination.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_an_input_even_by_another_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("deal.toml");
        std::fs::write(&input, "name = \"x\"").unwrap();
        let source = crate::load::paths::read(&input).unwrap();
        let other_spelling = dir.path().join(".").join("deal.toml");
        assert!(source.on_disk.is_some());
        let error = write_file(&other_spelling, b"oops").unwrap_err();
        assert!(matches!(error, OutputError::WouldOverwriteInput(_)));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "name = \"x\"");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("shared.csv");
        std::fs::write(&destination, "old").unwrap();
        std::fs::set_permissions(&destination, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_file(&destination, b"new").unwrap();
        let mode = std::fs::metadata(&destination)
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o644);
    }

    #[cfg(unix)]
    #[test]
    fn writes_into_a_device_instead_of_replacing_it() {
        use std::os::unix::fs::FileTypeExt;
        write_file(Path::new("/dev/null"), b"discarded").unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("missing-folder").join("out.csv");
        assert!(matches!(
            write_file(&destination, b"new"),
            Err(OutputError::Io { .. })
        ));
        let existing = dir.path().join("out.csv");
        std::fs::write(&existing, "old").unwrap();
        // A directory as destination fails before anything is touched.
        assert!(matches!(
            write_file(dir.path(), b"new"),
            Err(OutputError::IsDirectory(_))
        ));
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    }
}
