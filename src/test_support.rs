/*!
Helpers shared by the unit tests of several modules.
*/

use rust_decimal::Decimal;

/// A decimal written as text, exactly (`dec("0.1")`, never via `f64`).
pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The metrics the old way: the file read again with the value written
/// into it as `--vary PATH=VALUE` (an override of its text).
pub fn metrics_by_text(
    file: &crate::load::paths::SourceFile,
    path: &str,
    value: Decimal,
    adjustments: &crate::analysis::evaluate::Adjustments,
) -> Result<crate::analysis::metrics::Metrics, String> {
    let set = crate::load::Override::vary(path, &value.normalize().to_string())?;
    let loaded = crate::load::paths::parse(file.clone(), &[set])
        .map_err(|r| r.diagnostics[0].message.clone())?;
    crate::analysis::evaluate::evaluate(loaded, adjustments)
        .map(|entry| entry.metrics)
        .map_err(|r| r.diagnostics[0].message.clone())
}
