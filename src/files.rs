/*!
The files a run reads and the files it will write, by identity, so that no
output ever lands on an input.

costcalc promises never to write over anything it read: a scenario, every file
it `extends`, a `--rates` table. The promise is about the whole run, and files
are read in several places (a directory listing, an `extends` chain three files
deep, the rates table, `report` re-reading a scenario to show it), so the
record is kept here, filled by the one function that opens input files
(`input::open_regular`) and consulted by the one that writes output files
(`output::write_file_with`), rather than passed along by every command: a
command added later cannot forget to protect an input it never knew it read.

The run's output files are claimed ([`claim_outputs`]) before anything is
read, so an input that turns out to be one of them (a file three `extends`
deep, say) is refused when it is reached, before any work is done.

A file is known by its identity, not its name: device and inode on Unix (so a
symlink, a hard link or `dir/../x.toml` is still the same file), the resolved
path elsewhere.
*/

use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What makes a file the same file, whatever path reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(
    #[cfg(unix)] (u64, u64),
    #[cfg(not(unix))] std::path::PathBuf,
);

impl FileId {
    /// The identity of an open file (as read, so no path can be swapped between
    /// the look and the read). `path` is where it was opened.
    pub fn of_open(file: &File, path: &Path) -> std::io::Result<(FileId, Metadata)> {
        let metadata = file.metadata()?;
        Ok((FileId::of_metadata(&metadata, path)?, metadata))
    }

    /// The identity of the file at `path`, following symlinks; `None` when
    /// nothing is there.
    pub fn of_path(path: &Path) -> Option<FileId> {
        let metadata = std::fs::metadata(path).ok()?;
        FileId::of_metadata(&metadata, path).ok()
    }

    /// The identity of the file `metadata` describes, found at `path`.
    #[cfg(unix)]
    pub fn of_metadata(metadata: &Metadata, _path: &Path) -> std::io::Result<FileId> {
        use std::os::unix::fs::MetadataExt;
        Ok(FileId((metadata.dev(), metadata.ino())))
    }

    /// The identity of the file `metadata` describes, found at `path`.
    #[cfg(not(unix))]
    pub fn of_metadata(_metadata: &Metadata, path: &Path) -> std::io::Result<FileId> {
        Ok(FileId(path.canonicalize()?))
    }
}

/// A file, and a path that reached it.
///
/// The path is kept because an identity alone outlives its file: once a file
/// is deleted, the system may give its inode to a new one (a test suite's
/// temporary files do this all the time). A file read is taken to be the
/// destination only while its path still reaches the same identity.
struct Seen {
    id: FileId,
    path: PathBuf,
}

impl Seen {
    fn is(&self, id: &FileId) -> bool {
        self.id == *id && FileId::of_path(&self.path).as_ref() == Some(id)
    }
}

static READ: Mutex<Vec<Seen>> = Mutex::new(Vec::new());
static OUTPUTS: Mutex<Vec<Seen>> = Mutex::new(Vec::new());

/// A lock's list: a panic elsewhere while it was held cannot have left a
/// half-pushed entry, so a poisoned lock's list is still right.
fn list<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(|e| e.into_inner())
}

/// Notes that this process is reading the file `id`, opened at `path`, or
/// says why it must not: the file is one of the run's outputs (the path it was
/// claimed as).
pub fn record_read(id: FileId, path: &Path) -> Result<(), PathBuf> {
    if let Some(output) = list(&OUTPUTS).iter().find(|output| output.is(&id)) {
        return Err(output.path.clone());
    }
    list(&READ).push(Seen {
        id,
        path: path.to_path_buf(),
    });
    Ok(())
}

/// Whether this process has read the file at `path` (following symlinks).
pub fn was_read(path: &Path) -> bool {
    let Some(id) = FileId::of_path(path) else {
        return false;
    };
    list(&READ).iter().any(|read| read.is(&id))
}

/// Claims the files that exist among a run's output destinations, so that
/// reading any of them fails (see [`record_read`]). A destination that does
/// not exist yet cannot be an input.
pub fn claim_outputs<'p>(destinations: impl IntoIterator<Item = &'p Path>) {
    let mut outputs = list(&OUTPUTS);
    for destination in destinations {
        if let Some(id) = FileId::of_path(destination) {
            outputs.push(Seen {
                id,
                path: destination.to_path_buf(),
            });
        }
    }
}
