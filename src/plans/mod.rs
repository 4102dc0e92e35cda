//! What mentors write in `plans/<pair>/`: meeting agendas (their task lists
//! of agreed actions) and action plans (SMART targets). Reading only; the
//! files are written by `generate` through `write`.

pub mod action_plan;
pub mod agenda;
pub mod tasks;
