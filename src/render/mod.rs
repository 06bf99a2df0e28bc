/*!
Rendering: computed values → bytes for people and programs.

[`export`] has one exporter per output format (table, CSV, JSON, Markdown)
and `records` for the other tables; [`chart`] draws SVG charts as pure
functions of computed numbers; [`show`] describes one scenario in full, and
[`report`] writes the HTML and Markdown reports.

May import every layer below it (`model`, `load`, `money`, `analysis`);
never `clap`, `commands` or `cli`.
*/

pub mod bibliography;
pub mod chart;
pub mod export;
pub mod report;
pub mod show;
