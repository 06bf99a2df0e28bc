/*!
A directory of scenario files, open: listed once, then its files opened by name.

`compare` over a folder of ten thousand scenarios spends much of its time in
the kernel, so this does the two things that need fewer system calls or less
work there than the `std::fs` functions (on Linux; elsewhere it uses them):

- **Listing** reads names straight from the kernel's buffer. `fs::read_dir`
  allocates a copy of every name, which made listing take twice as long as the
  system calls themselves, all of it before the first file could be parsed.
- **Opening** a file by its name relative to the open directory saves the
  kernel walking the directory's path again, component by component, for
  every file (`/tmp/run/scenarios/x.toml` is four lookups; `x.toml` in an open
  directory is one).
- **Reading** a regular file that fits the buffer takes one read instead of a
  second that finds the end, on the local file systems whose reads return all
  that is there ([`Directory::reads_are_whole`]).
*/

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::Path;

/// What a directory listing says an entry is.
pub(super) enum EntryKind {
    File,
    /// A symlink, or a file system that does not say: only a stat can tell.
    SymlinkOrUnknown,
    /// A directory, socket, device...
    Other,
}

/// An open directory. Cheap to clone: files listed in it can keep one, to be
/// opened relative to it.
#[derive(Clone)]
pub(super) struct Directory {
    #[cfg(target_os = "linux")]
    fd: std::sync::Arc<rustix::fd::OwnedFd>,
    #[cfg(not(target_os = "linux"))]
    path: std::path::PathBuf,
}

#[cfg(target_os = "linux")]
impl Directory {
    pub(super) fn open(path: &Path) -> io::Result<Directory> {
        use rustix::fs::{Mode, OFlags};
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Directory {
            fd: std::sync::Arc::new(fd),
        })
    }

    /// About as many entries as the directory has, or more (to size a list of
    /// them: growing one by doubling copies it, into fresh memory each time).
    /// Its size in bytes over 16: a directory entry takes more than 16 bytes
    /// on ext4, XFS and btrfs; tmpfs counts 20 per entry. At most 65,536: a
    /// directory that once held a million files keeps its size on ext4.
    pub(super) fn entries_estimate(&self) -> usize {
        rustix::fs::fstat(&*self.fd).map_or(0, |stat| {
            usize::try_from(stat.st_size / 16).unwrap_or(0).min(1 << 16)
        })
    }

    /// Whether a read of a regular file in this directory returns all the
    /// bytes asked for unless it reaches the end, so that one short read is
    /// the whole file. POSIX says so of regular files, but FUSE file systems
    /// mounted with `direct_io` (and network ones) may return less mid-file;
    /// only the local file systems below, whose reads go through the page
    /// cache, are trusted (`f_type` values from Linux's `magic.h`).
    pub(super) fn reads_are_whole(&self) -> bool {
        const WHOLE_READS: [u64; 5] = [
            0xEF53,      // ext2, ext3, ext4
            0x5846_5342, // XFS
            0x9123_683E, // btrfs
            0x0102_1994, // tmpfs
            0x794C_7630, // overlayfs (containers)
        ];
        rustix::fs::fstatfs(&*self.fd).is_ok_and(|stat| {
            u64::try_from(stat.f_type).is_ok_and(|kind| WHOLE_READS.contains(&kind))
        })
    }

    /// Calls `each` with the name and kind of every entry, `.` and `..` included.
    pub(super) fn list(&self, mut each: impl FnMut(&OsStr, EntryKind)) -> io::Result<()> {
        use rustix::fs::{FileType, RawDir};
        use std::os::unix::ffi::OsStrExt;

        // Many entries per system call; any one entry (a name is at most 255
        // bytes) fits many times over.
        let mut buffer: Vec<u8> = Vec::with_capacity(64 * 1024);
        let mut entries = RawDir::new(&*self.fd, buffer.spare_capacity_mut());
        while let Some(entry) = entries.next() {
            let entry = entry?;
            let kind = match entry.file_type() {
                FileType::RegularFile => EntryKind::File,
                FileType::Symlink | FileType::Unknown => EntryKind::SymlinkOrUnknown,
                _ => EntryKind::Other,
            };
            each(OsStr::from_bytes(entry.file_name().to_bytes()), kind);
        }
        Ok(())
    }

    /// Opens `path`, a file listed in this directory, for reading: by its
    /// name, the part after the last `/` (taken as bytes: `Path::file_name`
    /// splits the whole path into components, for each of thousands of files).
    pub(super) fn open_file(&self, path: &Path) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        use std::os::unix::ffi::OsStrExt;
        let path = path.as_os_str().as_bytes();
        let name = path.rsplit(|&byte| byte == b'/').next().unwrap_or(path);
        let fd = rustix::fs::openat(
            &*self.fd,
            OsStr::from_bytes(name),
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )?;
        Ok(File::from(fd))
    }
}

#[cfg(not(target_os = "linux"))]
impl Directory {
    pub(super) fn open(path: &Path) -> io::Result<Directory> {
        Ok(Directory {
            path: path.to_path_buf(),
        })
    }

    pub(super) fn entries_estimate(&self) -> usize {
        0
    }

    /// Not known here: every file is read until a read returns nothing.
    pub(super) fn reads_are_whole(&self) -> bool {
        false
    }

    pub(super) fn list(&self, mut each: impl FnMut(&OsStr, EntryKind)) -> io::Result<()> {
        for entry in std::fs::read_dir(&self.path)? {
            let entry = entry?;
            let file_type = entry.file_type()?;
            let kind = if file_type.is_file() {
                EntryKind::File
            } else if file_type.is_symlink() {
                EntryKind::SymlinkOrUnknown
            } else {
                EntryKind::Other
            };
            each(&entry.file_name(), kind);
        }
        Ok(())
    }

    pub(super) fn open_file(&self, path: &Path) -> io::Result<File> {
        open_without_blocking(path)
    }
}

/// Opens `path` to read without waiting for a writer, should it be a named
/// pipe (the caller refuses anything but a regular file; for one, the flag
/// changes nothing).
#[cfg(unix)]
pub(super) fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

/// Elsewhere there are no named pipes to wait on.
#[cfg(not(unix))]
pub(super) fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}
