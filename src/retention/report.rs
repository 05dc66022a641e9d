//! The purge's report as the operator reads it on the console: one line per
//! kind, with its cutoff date, then the files kept for want of a period.

use super::{PurgeKind, PurgeReport};
use crate::dates;

pub fn lines(report: &PurgeReport, dry_run: bool) -> Vec<String> {
    let verb = if dry_run { "due" } else { "purged" };
    let mut out: Vec<String> = report
        .kinds
        .iter()
        .map(|k| {
            let cutoff = match k.cutoff {
                Some(t) => format!("before {}", dates::date(t)),
                None => "each file by its own 保管期限".to_owned(),
            };
            format!(
                "{:<17} {verb}: {:>7} records, {:>6} files ({cutoff}) — {}",
                k.kind.code(),
                k.records,
                k.files,
                k.kind.action()
            )
        })
        .collect();
    if report.unreadable_case_periods > 0 {
        out.push(format!(
            "{:<17} kept: {} archived case files whose 保管期限 cannot be read (write 永久, 长期, 短期 or N 年)",
            PurgeKind::CaseFiles.code(),
            report.unreadable_case_periods
        ));
    }
    if dry_run {
        out.push("dry run: nothing was changed; run `yuanba purge` to apply".to_owned());
    }
    out
}
