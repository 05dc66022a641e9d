//! Reserved for 老马带小马, the mentorship programme (DESIGN.md §6): the
//! mentor and mentee dashboards and pairings under `/mentoring`, mounted as
//! one `"/mentoring"` scope in `web::router`. Nothing is here yet.
