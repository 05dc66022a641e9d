//! Reserved for the statistics dashboard (DESIGN.md §7) at `/admin/stats`,
//! a `"/admin/stats"` scope in `web::router` nested under `/admin`. Its
//! figures should come from use-case read models, as exports and the API
//! will, so the three cannot disagree. Nothing is here yet.
