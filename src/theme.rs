//! Light, dark or system colour mode, remembered in this browser.

use crate::storage::{self, Area};

const STORAGE_KEY: &str = "colour-mode";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourMode {
    /// Follow the operating system's `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl ColourMode {
    pub const ALL: [ColourMode; 3] = [ColourMode::System, ColourMode::Light, ColourMode::Dark];

    /// The value of the `data-colour-mode` attribute the stylesheet keys on.
    pub fn code(self) -> &'static str {
        match self {
            ColourMode::System => "system",
            ColourMode::Light => "light",
            ColourMode::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ColourMode::System => "System",
            ColourMode::Light => "Light",
            ColourMode::Dark => "Dark",
        }
    }

    pub fn from_code(code: &str) -> Option<ColourMode> {
        ColourMode::ALL.into_iter().find(|mode| mode.code() == code)
    }

    pub fn load() -> ColourMode {
        storage::read_text(Area::Local, STORAGE_KEY)
            .and_then(|code| ColourMode::from_code(&code))
            .unwrap_or_default()
    }

    pub fn save(self) {
        storage::write_text(Area::Local, STORAGE_KEY, self.code());
    }
}
