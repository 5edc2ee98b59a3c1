//! Konnect Service Hub: the browser app.
