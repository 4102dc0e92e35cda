//! `ect explain [RULE]`: what a rule checks, why, and how to fix it.

use crate::cli::ExplainArgs;
use crate::rules::{RULES, find};
use anyhow::{Result, bail};

pub(crate) fn run(args: &ExplainArgs) -> Result<i32> {
    match &args.rule {
        None => {
            let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in RULES {
                crate::outln!("{:width$}  {:7}  {}", r.id, r.severity.as_str(), r.summary)?;
            }
        }
        Some(id) => {
            let Some(rule) = find(id) else {
                bail!("`{id}` is not a rule; `ect explain` lists them all");
            };
            crate::outln!("{} ({} by default)\n", rule.id, rule.severity.as_str())?;
            crate::outln!("Checks: {}.\n", rule.summary)?;
            crate::outln!("{}", rule.explain)?;
            crate::outln!(
                "\nTo change its severity, in `ect.yaml`:\n\nrules:\n  {}: warning   # or error, or off",
                rule.id
            )?;
        }
    }
    Ok(crate::exit::OK)
}
