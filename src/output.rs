/*!
Writing results: to stdout, or atomically to a file that is never one of the inputs.

A file is written to a temporary file in the same folder, flushed to disk and then
renamed over the destination, so a reader (or a crash) sees either the old file or
the complete new one, never half of each.
*/

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::input::OnDisk;

/// Why an output file could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The destination is a file this run read: a scenario, a file one
    /// extends, a rates table.
    WouldOverwriteInput(PathBuf),
    IsDirectory(PathBuf),
    /// `costcalc new` never replaces a file.
    Exists(PathBuf),
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
            OutputError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// Writes `bytes` to `destination` atomically, refusing to replace any of the
/// input files.
pub fn write_file<'a>(
    destination: &Path,
    bytes: &[u8],
    inputs: impl IntoIterator<Item = &'a OnDisk>,
) -> Result<(), OutputError> {
    write_file_with(destination, inputs, |file| file.write_all(bytes))
}

/// [`write_file`] for output written piece by piece (`write` gets the open
/// file): the same atomic replacement and the same refusal to write over an input.
pub fn write_file_with<'a>(
    destination: &Path,
    inputs: impl IntoIterator<Item = &'a OnDisk>,
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
    if is_an_input(&target, inputs) {
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
    let mut temporary = builder.tempfile_in(folder).map_err(io_error)?;
    write(temporary.as_file_mut()).map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    temporary
        .persist(&target)
        .map_err(|error| io_error(error.error))?;
    Ok(())
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
    let mut temporary = builder.tempfile_in(folder).map_err(io_error)?;
    temporary.write_all(bytes).map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    temporary.persist_noclobber(destination).map_err(|error| {
        if error.error.kind() == io::ErrorKind::AlreadyExists {
            OutputError::Exists(destination.to_path_buf())
        } else {
            io_error(error.error)
        }
    })?;
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

/// Whether `target` (resolved) is a file this run has read, or one of `inputs`:
/// the same file by identity, so symlinks, hard links and `..` count too.
fn is_an_input<'a>(target: &Path, inputs: impl IntoIterator<Item = &'a OnDisk>) -> bool {
    if crate::files::was_read(target) {
        return true;
    }
    let Some(destination) = crate::files::FileId::of_path(target) else {
        return false;
    };
    inputs.into_iter().any(|input| input.id == destination)
}

/// The absolute path a destination refers to, following symlinks, whether or not
/// the file exists yet (its folder must).
fn resolve(destination: &Path) -> io::Result<PathBuf> {
    if let Ok(existing) = destination.canonicalize() {
        return Ok(existing);
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
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
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
        let result = write_file_with(&destination, std::iter::empty(), |file| {
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
        write_file(&destination, b"new", []).unwrap();
        assert_eq!(std::fs::read_to_string(&destination).unwrap(), "new");
        // Nothing is left behind but the destination.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_overwrite_an_input_even_by_another_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("deal.toml");
        std::fs::write(&input, "name = \"x\"").unwrap();
        let source = crate::input::read(&input).unwrap();
        let other_spelling = dir.path().join(".").join("deal.toml");
        let inputs = [source.on_disk.unwrap()];
        let error = write_file(&other_spelling, b"oops", &inputs).unwrap_err();
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
        write_file(&destination, b"new", []).unwrap();
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
        write_file(Path::new("/dev/null"), b"discarded", []).unwrap();
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
            write_file(&destination, b"new", []),
            Err(OutputError::Io { .. })
        ));
        let existing = dir.path().join("out.csv");
        std::fs::write(&existing, "old").unwrap();
        // A directory as destination fails before anything is touched.
        assert!(matches!(
            write_file(dir.path(), b"new", []),
            Err(OutputError::IsDirectory(_))
        ));
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    }
}
