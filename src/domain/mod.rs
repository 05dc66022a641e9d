//! Pure rules: no I/O, no database, no HTTP. Everything here is unit-tested.

pub mod account;
pub mod agreement;
pub mod archive_items;
pub mod ballot_chain;
pub mod case_file;
pub mod committee;
pub mod consensus;
pub mod follow_up;
pub mod household_code;
pub mod household_csv;
pub mod id_number;
pub mod letter_clocks;
pub mod letter_form;
pub mod letters;
pub mod masking;
pub mod mediation;
pub mod mediation_intake;
pub mod mediation_workflow;
pub mod party_details;
pub mod project_schedule;
pub mod public_text;
pub mod renovation;
pub mod role;
pub mod transition_form;
pub mod viewer;
pub mod vocabulary;
