//! Running Yuanba like a district would (issue 15): the real binary as a
//! child process, stopped with SIGTERM, killed with SIGKILL, backed up and
//! restored, watched through `/readyz`, `/metrics` and its logs.

mod bundle;
mod child;
mod kill9;
mod load;
mod observability;
mod purge;
mod raw_http;
mod readiness;
mod replica;
mod scale_out;
mod sigterm;
mod submit;
