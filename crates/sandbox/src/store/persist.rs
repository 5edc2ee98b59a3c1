//! Loading and atomically saving the state file.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Store;

/// Bumped when the file layout changes incompatibly.
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileRef<'a> {
    format_version: u32,
    store: &'a Store,
}

#[derive(Deserialize)]
struct FileOwned {
    format_version: u32,
    store: Store,
}

#[derive(Debug)]
pub enum PersistError {
    Io { path: PathBuf, source: io::Error },
    Format { path: PathBuf, message: String },
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => write!(f, "state file {}: {source}", path.display()),
            Self::Format { path, message } => {
                write!(
                    f,
                    "state file {} is not a sandbox state: {message}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for PersistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Format { .. } => None,
        }
    }
}

/// Reads the state file; `Ok(None)` when it does not exist yet.
pub fn load_state_file(path: &Path) -> Result<Option<Store>, PersistError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(PersistError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let file: FileOwned = serde_json::from_slice(&bytes).map_err(|error| PersistError::Format {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    if file.format_version != FORMAT_VERSION {
        return Err(PersistError::Format {
            path: path.to_owned(),
            message: format!(
                "format_version {} (this sandbox reads {FORMAT_VERSION})",
                file.format_version
            ),
        });
    }
    Ok(Some(file.store))
}

/// Encodes and writes the state in one go (the first save at start).
pub fn write_state_file(path: &Path, store: &Store) -> Result<(), PersistError> {
    let bytes = encode_state(store).map_err(|error| PersistError::Format {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    write_atomically(path, &bytes)
}

/// The state file's bytes. Cheap to call under the store's read lock compared with the write.
pub fn encode_state(store: &Store) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&FileRef {
        format_version: FORMAT_VERSION,
        store,
    })
}

/// Writes next to the target and renames into place, so a reader (or a crash) never sees a
/// half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let io_error = |source| PersistError::Io {
        path: path.to_owned(),
        source,
    };
    let temp_path = temp_path_for(path);
    let mut temp = fs::File::create(&temp_path).map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.sync_all().map_err(io_error)?;
    drop(temp);
    fs::rename(&temp_path, path).map_err(io_error)
}

fn temp_path_for(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}
