//! Staff pages that guide the work (issue 14, items 12–15 and 17): the
//! printed 调解协议书, the workbench's "waiting for you", the reviewer's
//! one list of what is missing, queues on phones, and refused steps.

mod print;
mod review;
mod steps;
mod workbench;
