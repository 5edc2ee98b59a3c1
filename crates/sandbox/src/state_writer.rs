//! Saves the state file in the background after changes.
//!
//! Encoding a large state (10,000 products is about 12 MB of JSON) takes long enough that
//! doing it inside each API request would make every change slow. One task saves instead:
//! changes made while a save runs are coalesced into the next save, saves happen in order,
//! and a last save runs at shutdown, so the file always ends up with the final state.

use std::path::PathBuf;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::shared::Shared;
use crate::store::{encode_state, write_atomically};

/// Runs until `stop` is cancelled; `saved_generation` is the generation already on disk.
pub async fn run(
    shared: Arc<Shared>,
    path: PathBuf,
    mut saved_generation: u64,
    stop: CancellationToken,
) {
    loop {
        let stopping = tokio::select! {
            () = shared.state_changed.notified() => false,
            () = stop.cancelled() => true,
        };
        let encoded = {
            let store = shared.read_store();
            (store.generation() != saved_generation)
                .then(|| (store.generation(), encode_state(&store)))
        };
        if let Some((generation, encoded)) = encoded {
            match encoded {
                Ok(bytes) => {
                    let path = path.clone();
                    let written =
                        tokio::task::spawn_blocking(move || write_atomically(&path, &bytes)).await;
                    match written {
                        Ok(Ok(())) => saved_generation = generation,
                        // The change is live in memory; the operator has to know the file is stale.
                        Ok(Err(error)) => {
                            eprintln!("konnect-sandbox: could not save state: {error}")
                        }
                        Err(error) => eprintln!("konnect-sandbox: state save task failed: {error}"),
                    }
                }
                Err(error) => eprintln!("konnect-sandbox: could not encode state: {error}"),
            }
        }
        if stopping {
            return;
        }
    }
}
