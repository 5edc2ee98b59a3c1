//! Kong Gateway service and route model, validated exactly as Kong Gateway 3.x validates it.
